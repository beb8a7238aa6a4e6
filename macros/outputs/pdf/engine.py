"""HTML → tagged PDF (PDF/UA-1) with WeasyPrint, kept in a content-keyed cache, the misses made on a pool.

A job's HTML is its whole input (print CSS, templates' output, QR codes are inside it); the fonts it loads
and the engine's version salt the cache key. Same HTML, same bytes: the PDF's dates come from the HTML's
dcterms metadata and its file identifier from the HTML's digest.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import ContentCache, code_digest

VARIANT = "pdf/ua-1"
FONTS = Path(__file__).resolve().parents[3] / "docs" / "assets" / "polices"


@dataclass(frozen=True)
class Job:
    name: str  # path in the site, « pdf/fiches--recherche.pdf »
    html: str  # self-contained (CSS inside, images as data: URIs) but for the fonts


@dataclass(frozen=True)
class Result:
    name: str
    pdf: bytes = field(repr=False)
    pages: int
    cached: bool


def engine_version() -> str:
    import pydyf
    import weasyprint

    return f"weasyprint {weasyprint.__version__}, pydyf {pydyf.__version__}, {VARIANT}"


def render(html: str) -> tuple[bytes, int]:
    """A tagged PDF (PDF/UA-1) and its page count."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=FONTS.as_uri() + "/").render()
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    return document.write_pdf(pdf_variant=VARIANT, pdf_identifier=identifier), len(document.pages)


def _run(job: Job) -> tuple[bytes, int]:
    return render(job.html)


def pdf_cache(project: Path) -> ContentCache:
    """`.cache/pdf/` of a project, salted with the engine's version, the fonts and the code that writes PDFs."""
    digest = hashlib.sha256(engine_version().encode() + code_digest(Path(__file__).parent).encode())
    for font in sorted(FONTS.glob("*.woff2")):
        digest.update(font.name.encode() + font.read_bytes())
    return ContentCache(project / ".cache" / "pdf", salt=digest.hexdigest())


def build_all(jobs: Sequence[Job], cache: ContentCache, workers: int = 2) -> dict[str, Result]:
    """Every job's PDF: from the cache when its HTML is unchanged, else made on `workers` processes."""
    results: dict[str, Result] = {}
    todo: list[Job] = []
    for job in jobs:
        pdf, info = cache.get([job.html], ".pdf"), cache.get([job.html], ".json")
        if pdf is not None and info is not None:
            results[job.name] = Result(job.name, pdf, int(json.loads(info)["pages"]), cached=True)
        else:
            todo.append(job)
    todo.sort(key=lambda j: len(j.html), reverse=True)  # longest first: the workers end together
    made: Iterable[tuple[bytes, int]]
    if workers > 1 and len(todo) >= 2 * workers:
        # fork, as for the DOCX/ODT documents: the workers start with WeasyPrint already imported
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            made = list(pool.map(_run, todo, chunksize=1))
    else:
        made = [_run(job) for job in todo]
    for job, (pdf, pages) in zip(todo, made, strict=True):
        cache.put([job.html], ".pdf", pdf)
        cache.put([job.html], ".json", json.dumps({"pages": pages}).encode())
        results[job.name] = Result(job.name, pdf, pages, cached=False)
    return {job.name: results[job.name] for job in jobs}
