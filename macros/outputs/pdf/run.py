"""The PDFs of one build: the workers, the order, the cache, the links (PdfRun)."""

from __future__ import annotations

import importlib.util
import logging
import os
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ...data.collections import SiteData
from ..workers import cores
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
        """Every PDF into site_dir/pdf/, and its « Télécharger le PDF » link on its page."""
        try:
            for ready in self.ready:
                ready.result()
            results = build_all(all_jobs(self.inp), self.cache, self.early, self.workers)
        except (ImportError, OSError) as exc:
            log.info(
                "PDF non faits : WeasyPrint ne démarre pas (%s) — pip install -r requirements.txt ; Pango du système.", exc
            )
            return Report({}, time.perf_counter() - self.start)
        finally:
            self.close()
        for name, result in results.items():
            out = site_dir / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(result.pdf)
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


def has_own_pdf(url: str, site: SiteData) -> bool:
    """The pages that have a PDF of their own (as page_urls lists them): sheets, principles, easy-to-read pages."""
    parts = url.strip("/").split("/")
    if len(parts) == 2 and parts[0] in ("fiches", "principes"):
        return parts[1] in getattr(site, parts[0])
    return parts[-1:] == ["facile-a-lire"]


def wanted(url: str, site: SiteData) -> bool:
    """The pages a PDF is made from: those with their own, and the guide's parts."""
    return has_own_pdf(url, site) or url in guide_parts(site)


def page_source(title: str, content: str, date: str | None, date_fr: str | None) -> str:
    """What a page's PDF is made from, as soon as its HTML is made (macros/templates/pdf/source.html)."""
    return print_document("source.html", title=title, content=Markup(content), date=date, date_fr=date_fr)


def available() -> bool:
    """WeasyPrint is installed (`pip install -r requirements.txt`); the workers import it, with Pango."""
    return importlib.util.find_spec("weasyprint") is not None


def asked(serving: bool) -> bool:
    """PDFs in every build, but not under `mkdocs serve` unless UP_PDF=1: they never slow the editors' loop."""
    return os.environ.get("UP_PDF", "0" if serving else "1") == "1"


def start(site: SiteData, site_dir: Path, site_url: str, project: Path, serving: bool, built: set[str]) -> PdfRun | None:
    """The PDFs of this build (`built`: the URLs of its pages), or None, with a note saying why there are none."""
    if not asked(serving):
        return None
    if not available():
        log.info("PDF non faits : WeasyPrint manque (pip install -r requirements.txt ; Pango du système).")
        return None
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
