"""HTML → tagged PDF (PDF/UA-1) with WeasyPrint, kept in a content-keyed cache, the misses made on a pool.

A job's HTML is its whole input (print CSS, templates' output, QR codes are inside it); the fonts it loads
and the engine's version salt the cache key (the digest of the HTML: `html_digest`). Same HTML, same bytes: the
PDF's dates come from the HTML's dcterms metadata and its file identifier from the HTML's digest.

Before any HTML is made, a second key says which HTML a PDF had the last time its inputs were the same
(`recipe_cache`, see run.py): a build whose PDFs are all unchanged makes no print HTML at all.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.util
import json
import multiprocessing
import multiprocessing.util
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from ...data.glyphs import FONTS  # the site's fonts, which the data check also reads
from ..cache import ContentCache, code_digest
from ..xml_text import xml_safe
from . import artifacts

VARIANT = "pdf/ua-1"
CODE = Path(__file__).resolve().parents[2]  # macros/: what turns a PDF's inputs into its HTML (`recipe_cache`)


@dataclass(frozen=True)
class Job:
    name: str  # path in the site, « pdf/fiches--recherche.pdf »
    html: str  # self-contained (CSS inside, images as data: URIs) but for the fonts
    # A one-page document's shorter versions, made from the same data, tried in turn while it takes more than
    # one page (a sheet's summary); the cache keeps the one that fits, under `html`.
    fallbacks: tuple[str, ...] = field(default=(), repr=False)
    # Among `html` (0) and its fallbacks (1…), the versions that, taking more than one page, say that every version
    # before them does too (they hold no less text, in no smaller type): `first_fitting` searches between them.
    bounds: tuple[int, ...] = ()


@dataclass(frozen=True)
class Result:
    name: str
    pdf: bytes = field(repr=False)
    pages: int
    cached: bool


def engine_version() -> str:
    """Read from the installed packages' metadata: the build process itself never imports WeasyPrint."""
    return f"weasyprint {metadata.version('weasyprint')}, pydyf {metadata.version('pydyf')}, {VARIANT}"


class _FontConfigs:
    """One font configuration per process: the fonts of the print style sheet are read once, not once per PDF
    (0.1 to 0.25 s each); same bytes. WeasyPrint writes those fonts into a temporary folder that it removes when
    the configuration is collected; a process forked from one that had a configuration inherits it, and that
    folder is its parent's: by process, so that a process lets go of its own only (`cache_clear`)."""

    def __init__(self) -> None:
        self.by_process: dict[int, Any] = {}

    def __call__(self) -> Any:
        process = os.getpid()
        if process not in self.by_process:
            from weasyprint.text.fonts import FontConfiguration

            self.by_process[process] = FontConfiguration()
        return self.by_process[process]

    def cache_clear(self) -> None:
        """This process's configuration let go: once collected, WeasyPrint removes its font folder."""
        self.by_process.pop(os.getpid(), None)


_font_config = _FontConfigs()


def layout(html: str) -> tuple[Any, str]:
    """WeasyPrint's laid-out document of `html` (pages counted, nothing written yet), and the HTML it was made
    from as XML allows it (the title, author and subject go into the PDF's XMP metadata: without what XML 1.0
    forbids)."""
    import weasyprint

    html = xml_safe(html)
    return weasyprint.HTML(string=html, base_url=FONTS.as_uri() + "/").render(font_config=_font_config()), html


def write(document: Any, html: str) -> bytes:
    """A laid-out document as a tagged PDF (PDF/UA-1), its running headers and footers as artifacts
    (artifacts.py); its file identifier from its HTML."""
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    return bytes(document.write_pdf(pdf_variant=VARIANT, pdf_identifier=identifier, finisher=artifacts.finisher))


def render(html: str) -> tuple[bytes, int]:
    """A tagged PDF and its page count."""
    document, safe = layout(html)
    return write(document, safe), len(document.pages)


def render_job(job: Job) -> tuple[bytes, int]:
    """The job's PDF: its HTML, or the first of its shorter versions that fits one page (laid out to count their
    pages, as few as `first_fitting` needs; only the one kept is written: same bytes as writing each)."""
    versions = (job.html, *job.fallbacks)
    laid: dict[int, tuple[Any, str]] = {}

    def pages(index: int) -> int:
        if index not in laid:
            laid[index] = layout(versions[index])
        return len(laid[index][0].pages)

    index = first_fitting(len(versions), job.bounds, pages)
    pages(index)  # laid out already, but for a search that only inferred it
    document, safe = laid[index]
    return write(document, safe), len(document.pages)


def first_fitting(count: int, bounds: Sequence[int], pages: Callable[[int], int]) -> int:
    """The first of `count` versions that takes one page (`pages(i)`: its page count, laid out), else the last:
    what trying each in turn gives. The first is tried first (most documents fit); then a binary search over
    `bounds` (a version there that does not fit says that no version before it fits) finds the first bound that
    fits, and the versions between the bound before it and that one are tried in turn: a summary of 12 versions
    whose fifth to eleventh fits is laid out 5 or 6 times instead of 6 to 11."""
    if count == 1 or pages(0) <= 1:
        return 0
    if count - 1 not in bounds:  # what the last version's pages say is not known: each in turn
        return next((index for index in range(1, count - 1) if pages(index) <= 1), count - 1)
    marks = sorted({b for b in bounds if 0 < b < count})
    low, high = 0, len(marks)  # the first mark that fits is marks[high] (high == len: none fits)
    while low < high:
        middle = (low + high) // 2
        if pages(marks[middle]) <= 1:
            high = middle
        else:
            low = middle + 1
    if low == len(marks):
        return count - 1  # not even the shortest fits, so none does: the last, as trying each in turn gives
    after = marks[low - 1] + 1 if low > 0 else 1  # no version up to the bound before fits
    return next((index for index in range(after, marks[low]) if pages(index) <= 1), marks[low])


def html_digest(html: str) -> str:
    """What the PDF cache knows a job's HTML by."""
    return hashlib.sha256(html.encode()).hexdigest()


def start_pool(workers: int) -> ProcessPoolExecutor:
    """Workers forked from the build, started now: each imports WeasyPrint and configures the fonts at once
    (about 1.5 s), while the build makes the jobs' HTML, not when its first job comes."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_warm)
    pool.submit(int)  # the processes start with the first task
    return pool


# WeasyPrint's processes started when a build begins (`warm_up`), by project, until its PDFs are made (`take_pool`).
_EARLY: dict[Path, ProcessPoolExecutor] = {}
SEEN = "entrees-vues.txt"  # in .cache/pdf/: `fingerprint` of the inputs the last PDFs were made from


def warm_up(project: Path, workers: int) -> bool:
    """Start WeasyPrint's `workers` processes now, when a build begins, if the project's data, pages or code
    changed since its PDFs were last made (`fingerprint`, as `remember` kept it): they import WeasyPrint and
    configure its fonts (about 1.5 s) while the data is read and MkDocs renders on the other core, so that the
    templates' PDFs (generate) and the pages' (finish) that must be made again start at once. A build whose
    inputs did not change forks nothing. Whether or not they start changes no byte, only when WeasyPrint is
    ready."""
    project = project.resolve()
    if workers < 2 or project in _EARLY or importlib.util.find_spec("weasyprint") is None:
        return False
    seen = project / ".cache" / "pdf" / SEEN
    if seen.is_file() and seen.read_text(encoding="utf-8") == fingerprint(project):
        return False
    _EARLY[project] = start_pool(workers)
    return True


def early_pool(project: Path) -> ProcessPoolExecutor | None:
    """The processes `warm_up` started for `project`, if any (still running)."""
    return _EARLY.get(project.resolve())


def take_pool(project: Path) -> ProcessPoolExecutor | None:
    """The processes `warm_up` started for `project`, now the caller's to shut down."""
    return _EARLY.pop(project.resolve(), None)


def fingerprint(project: Path) -> str:
    """The name, size and modification time of every file of data/, docs/ and macros/ (no file is read: a few
    milliseconds): what says, before a build, whether its PDFs may have to be made again."""
    digest = hashlib.sha256()
    for folder in (project / "data", project / "docs", CODE):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                info = path.stat()
                digest.update(f"{path} {info.st_size} {info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def remember(project: Path) -> None:
    """Keep the `fingerprint` of the inputs the PDFs were just made from."""
    folder = project / ".cache" / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SEEN).write_text(fingerprint(project), encoding="utf-8")


def _warm() -> None:
    """A worker's start. Without WeasyPrint, its first job says so (run.py: « WeasyPrint ne démarre pas »)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return
    _font_config()
    # When the worker ends (its pool shut down), its font folder goes with it: at a process's exit, Python does not
    # collect what is left, and each worker left a /tmp/weasyprint-… folder behind (2073 on this machine, 184 MB).
    multiprocessing.util.Finalize(None, _drop_fonts, exitpriority=0)


def _drop_fonts() -> None:
    _font_config.cache_clear()
    gc.collect()


def store(cache: ContentCache, job: Job, made: tuple[bytes, int]) -> Result:
    """A PDF WeasyPrint made, kept under its HTML's digest."""
    pdf, pages = made
    digest = html_digest(job.html)
    cache.put([digest], ".pdf", pdf)
    cache.put([digest], ".json", json.dumps({"pages": pages}).encode())
    return Result(job.name, pdf, pages, cached=False)


def pdf_cache(project: Path) -> ContentCache:
    """`.cache/pdf/` of a project, salted with the engine's version, the fonts and the code that writes PDFs."""
    digest = hashlib.sha256(engine_version().encode() + code_digest(Path(__file__).parent).encode())
    for font in sorted(FONTS.glob("*.woff2")):
        digest.update(font.name.encode() + font.read_bytes())
    return ContentCache(project / ".cache" / "pdf", salt=digest.hexdigest())


def recipe_cache(project: Path) -> ContentCache:
    """What each PDF's HTML was (its `html_digest`) the last time its inputs were the same, by the digest of
    those inputs (jobs.Recipe), in `.cache/pdf/` too: salted like `pdf_cache`, and with the code and templates
    that turn inputs into HTML (all of macros/: the page records, the print templates, the data's models) and the
    versions of the libraries that write it. Any change there makes every job's HTML again, once: the PDFs
    themselves then come from `pdf_cache` when their HTML did not change."""
    libraries = ", ".join(f"{name} {metadata.version(name)}" for name in ("jinja2", "lxml", "markupsafe", "pydantic"))
    digest = hashlib.sha256(f"{pdf_cache(project).salt} {libraries}".encode())
    digest.update((code_digest(CODE) + code_digest(CODE / "templates", "*.*")).encode())
    return ContentCache(project / ".cache" / "pdf", salt=digest.hexdigest())


def cached(name: str, digest: str, cache: ContentCache) -> Result | None:
    """The PDF made from the HTML of digest `digest`, if the cache has it."""
    pdf, info = cache.get([digest], ".pdf"), cache.get([digest], ".json")
    if pdf is None or info is None:
        return None
    return Result(name, pdf, int(json.loads(info)["pages"]), cached=True)


def build_all(
    jobs: Sequence[Job],
    cache: ContentCache,
    workers: int = 2,
    pool: ProcessPoolExecutor | None = None,
) -> dict[str, Result]:
    """Every job's PDF: from the cache when its HTML is unchanged, else on `workers` forked processes (here
    for one), or on `pool`, already started (`warm_up`), when given."""
    results: dict[str, Result] = {}
    todo: list[Job] = []
    for job in jobs:
        found = cached(job.name, html_digest(job.html), cache)
        if found is not None:
            results[job.name] = found
        else:
            todo.append(job)
    todo.sort(key=lambda j: len(j.html), reverse=True)  # longest first: the workers end together
    made: dict[str, tuple[bytes, int]] = {}
    if pool is not None and todo:
        made = dict(zip((j.name for j in todo), pool.map(render_job, todo, chunksize=1), strict=True))
    elif workers > 1 and len(todo) > 1:  # one sheet edited: its PDFs and the guide, the longest, side by side
        with start_pool(min(workers, len(todo))) as pool:
            made = dict(zip((j.name for j in todo), pool.map(render_job, todo, chunksize=1), strict=True))
    else:
        made = {job.name: render_job(job) for job in todo}
    for job in todo:
        results[job.name] = store(cache, job, made[job.name])
    return {job.name: results[job.name] for job in jobs}
