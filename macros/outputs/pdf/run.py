"""The PDFs of one build: the workers, the order, the cache, the links (PdfRun)."""

from __future__ import annotations

import errno
import importlib.util
import logging
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ...data.collections import SiteData
from ..workers import cores
from .checks import pdf_problems
from .engine import Result, build_all, is_cached, pdf_cache, render_job, start_pool, warm_up
from .jobs import (
    GUIDE,
    GUIDE_PAGE,
    Inputs,
    add_link,
    all_jobs,
    guide_job,
    guide_parts,
    page_urls,
    pdf_name,
    print_document,
)

log = logging.getLogger("mkdocs.plugins.usagers")


@dataclass
class Report:
    results: dict[str, Result]
    seconds: float

    @property
    def made(self) -> list[str]:
        return [name for name, r in self.results.items() if not r.cached]


class PdfRun:
    """The PDFs of one build. The whole guide, by far the longest (≈ 4 s), is made on a worker forked when the
    build starts (it loads WeasyPrint and the fonts while MkDocs renders the first pages) as soon as its pages
    are there (the plugin builds them first), while MkDocs renders the others; the rest after the build
    (`finish`): here when they are few (one sheet edited), on every core when many (a build from nothing).
    Every PDF whose HTML is unchanged comes from the cache."""

    def __init__(self, site: SiteData, site_dir: Path, site_url: str, project: Path, built: set[str], workers: int):
        self.inp = Inputs(site, site_dir, site_url)
        self.cache = pdf_cache(project)
        self.workers = workers
        self.waiting = {u for u in guide_parts(site) if u in built}  # the guide's pages not recorded yet
        self.early: dict[str, Future[tuple[bytes, int]]] = {}  # job's HTML → its PDF being made
        self.pool = start_pool(1) if workers > 1 else None  # one worker: the other core builds the pages
        self.ready = [self.pool.submit(warm_up)] if self.pool else []
        self.start = time.perf_counter()

    def page_built(self, url: str, source: str) -> None:
        """A page's source (`page_source`), as soon as it is made; the guide starts with its last page."""
        if not wanted(url, self.inp.site):
            return
        self.inp.pages[url] = source
        if url in self.waiting:
            self.waiting.discard(url)
            if not self.waiting and self.pool is not None:
                job = guide_job(self.inp)
                if not is_cached(job, self.cache):
                    self.early[job.html] = self.pool.submit(render_job, job)

    def finish(self, site_dir: Path) -> Report:
        """Every PDF into site_dir/pdf/, and its « Télécharger en PDF » link on its page."""
        jobs = all_jobs(self.inp)
        try:
            for ready in self.ready:
                ready.result()
            results = build_all(jobs, self.cache, self.early, self.workers)
        except (ImportError, OSError) as exc:
            raise PdfError(f"WeasyPrint ne démarre pas ({failure(exc)})", install=True) from exc
        except Exception as exc:  # noqa: BLE001 — a PDF that cannot be made fails the build, in French
            raise PdfError(f"un PDF n'a pas pu être fait ({failure(exc)})") from exc
        finally:
            self.close()
        missing = [job.name for job in jobs if job.name not in results]
        if missing:
            raise PdfError(f"{len(missing)} PDF sur {len(jobs)} manquent ({', '.join(missing[:3])}…)")
        for problem in pdf_problems(jobs, results):  # a warning: the strict build stops, the old site stays
            log.warning(problem)
        for name, result in results.items():
            out = site_dir / name
            try:
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(result.pdf)
            except OSError as exc:
                raise PdfError(f"{name} n'a pas pu être écrit ({failure(exc)})") from exc
        links = {pdf_name(u): u for u in page_urls(self.inp)} | {GUIDE: GUIDE_PAGE}
        for name, url in links.items():
            page_file = site_dir / url / "index.html"
            if name in results and page_file.is_file():
                add_link(page_file, "../" * url.count("/") + name, results[name])
        return Report(results, time.perf_counter() - self.start)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


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


def has_own_pdf(url: str, site: SiteData) -> bool:
    """The pages that have a PDF of their own (as page_urls lists them): sheets, principles, easy-to-read pages."""
    parts = url.strip("/").split("/")
    if len(parts) == 2 and parts[0] in ("fiches", "principes"):
        return parts[1] in getattr(site, parts[0])
    return parts[-1:] == ["facile-a-lire"]


def wanted(url: str, site: SiteData) -> bool:
    """The pages a PDF is made from: those with their own, and the guide's parts."""
    return has_own_pdf(url, site) or url in guide_parts(site)


def page_source(
    title: str, content: str, date: str | None, date_fr: str | None, review: dict[str, str] | None = None
) -> str:
    """What a page's PDF is made from, as soon as its HTML is made (macros/templates/pdf/source.html); `review`:
    its review dates (page.meta « up_verification »)."""
    return print_document("source.html", title=title, content=Markup(content), date=date, date_fr=date_fr, verif=review)


def available() -> bool:
    """WeasyPrint is installed (`pip install -r requirements.txt`); the workers import it, with Pango."""
    return importlib.util.find_spec("weasyprint") is not None


def start(site: SiteData, site_dir: Path, site_url: str, project: Path, asked: bool, built: set[str]) -> PdfRun | None:
    """The PDFs of this build (`built`: the URLs of its pages), or None when not `asked` for (the plugin's options
    `pdf`, `preview_pdf`); PdfError when asked for but WeasyPrint is missing."""
    if not asked:
        return None
    if not available():
        raise PdfError("WeasyPrint manque", install=True)
    return PdfRun(site, site_dir, site_url, project, built, workers=cores())


def finish(run: PdfRun, site_dir: Path) -> Report:
    report = run.finish(site_dir)
    log.info(
        "PDF : %d faits, %d repris du cache, en %.1f s",
        len(report.made),
        len(report.results) - len(report.made),
        report.seconds,
    )
    return report
