"""The PDFs of one build, made from the pages as the engine wrote them (before they are finished) and from the
data: the cache, the workers, the writing, and the link each page gets (`Report.links`)."""

from __future__ import annotations

import errno
import importlib.util
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from ...data.collections import SiteData
from ...render.records import Records
from ..workers import cores
from .checks import problems_of
from .early import Making, take_early
from .engine import Result, pdf_cache, recipe_cache, remember, take_pool
from .jobs import GUIDE, GUIDE_PAGE, Inputs, guide_parts, link_label, page_urls, pdf_name, pdf_sources, recipes

log = logging.getLogger("mkdocs.plugins.usagers")


@dataclass(frozen=True)
class Link:
    """The « Télécharger le PDF » link of one page: its address from the page, and its words."""

    target: str
    label: str


@dataclass
class Report:
    results: dict[str, Result]
    seconds: float
    links: dict[str, Link] = field(default_factory=dict)  # page URL → its PDF's link
    prepared: list[str] = field(default_factory=list)  # the PDFs whose print HTML was made (their inputs changed)

    @property
    def made(self) -> list[str]:
        return [name for name, r in self.results.items() if not r.cached]


def pages_read(site: SiteData, records: Records) -> set[str]:
    """The URLs of the pages the PDFs are made from or linked on: their drafts must stay as the engine wrote them
    until the PDFs are made (outputs/finish.py finishes them last)."""
    return {r.url for r in records if "pdf" in r.outputs} | set(guide_parts(records)) | {GUIDE_PAGE}


def make_pdfs(
    site: SiteData,
    records: Records,
    site_dir: Path,
    site_url: str,
    project: Path,
    dates: dict[str, str] | None = None,
    workers: int | None = None,
    site_name: str = "",
) -> Report:
    """Every PDF into site_dir/pdf/ (those whose HTML is unchanged from `project`/.cache/pdf/, the rest on
    `workers` processes), and the link each page gets. `dates`: page URL → ISO date of its last change, for the
    pages that do not show it; `site_name`: the site's name as the PDFs say it (mkdocs.yml's). The PDFs started
    while the engine wrote the pages (early.py: those of this build's `records` into `site_dir`) are waited for;
    the others are made from the pages written. Raises PdfError (French)."""
    began = time.perf_counter()
    early = take_early(project, records, site_dir)
    inp = (
        early.inp
        if early is not None
        else Inputs(site, site_dir, site_url, given_records=records, dates=dict(dates or {}), site_name=site_name)
    )
    try:
        if early is not None:
            every, making = early.every, early.making
            early.raise_failure()
            making.pool = making.pool or take_pool(project)  # no page read by a PDF was written: not taken yet
        else:
            every = recipes(inp)
            making = Making(pdf_cache(project), recipe_cache(project), workers or cores(), take_pool(project))
        expected = [name for recipe in every for name in recipe.names]
        results, glyphs, prepared = making.finish(every)
    except (ImportError, OSError) as exc:
        raise PdfError(f"WeasyPrint ne démarre pas ({failure(exc)})", install=True) from exc
    except Exception as exc:  # noqa: BLE001 — a PDF that cannot be made fails the build, in French
        raise PdfError(f"un PDF n'a pas pu être fait ({failure(exc)})") from exc
    missing = [name for name in expected if name not in results]
    if missing:
        raise PdfError(f"{len(missing)} PDF sur {len(expected)} manquent ({', '.join(missing[:3])}…)")
    sources = pdf_sources(records)
    for name in expected:  # a warning: the strict build stops, the old site stays
        for problem in problems_of(name, glyphs.get(name, []), results[name].pages, sources.get(name, "")):
            log.warning(problem)
    for name, result in results.items():
        out = site_dir / name
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(result.pdf)
        except OSError as exc:
            raise PdfError(f"{name} n'a pas pu être écrit ({failure(exc)})") from exc
    names = {u: pdf_name(u) for u in page_urls(inp)} | {GUIDE_PAGE: GUIDE}
    links = {
        url: Link("../" * url.count("/") + name, link_label(results[name]))
        for url, name in names.items()
        if name in results and inp.exists(url)
    }
    remember(project)  # the next build starts WeasyPrint early only if these inputs change (engine.warm_up)
    report = Report(results, time.perf_counter() - began, links, prepared)
    prepared_note = f" ; {len(prepared)} préparés à nouveau (ce dont ils sont faits a changé)" if prepared else ""
    log.info(
        "PDF : %d faits, %d repris du cache, en %.1f s%s",
        len(report.made),
        len(report.results) - len(report.made),
        report.seconds,
        prepared_note,
    )
    return report


class PdfError(RuntimeError):
    """The PDFs asked for cannot be made: the build fails (the previous site stays), with this French message,
    which says how to build without them (make build PDF=0)."""

    def __init__(self, why: str, install: bool = False) -> None:
        todo = (
            "vérifiez qu'il est installé (pip install -r requirements.txt ; Pango du système) et que le disque a de la place"
            if install
            else "corrigez la cause"
        )
        super().__init__(
            f"PDF impossibles : {why} — {todo}, puis relancez « make build » ; pour construire sans les PDF "
            "(le site dit alors qu'il n'en a pas) : make build PDF=0"
        )


def failure(exc: BaseException) -> str:
    """A system error as the editor can read it (ENOSPC: the disk is full)."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "le disque est plein"
    return f"{type(exc).__name__} : {exc}"


def available() -> bool:
    """WeasyPrint is installed (`pip install -r requirements.txt`); the workers import it, with Pango."""
    return importlib.util.find_spec("weasyprint") is not None


def require(asked: bool) -> None:
    """PdfError when PDFs are `asked` for (the plugin's options `pdf`, `preview_pdf`) but WeasyPrint is missing."""
    if asked and not available():
        raise PdfError("WeasyPrint manque", install=True)
