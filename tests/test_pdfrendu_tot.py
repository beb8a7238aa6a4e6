"""The PDFs start while the engine writes the pages (outputs/pdf/early.py), not once it has written them all: the
guide goes to WeasyPrint as soon as its last part is written, before the next page and before the finishing stage;
the PDFs are the same bytes as when they are made from the written pages; a failure is said by the finishing stage,
in French; `mkdocs serve` without PDFs starts nothing. On the small fixture data (tests/donnees-mini/) and small
built pages, as tests/test_pdf_cache.py: no site build."""

from __future__ import annotations

import shutil
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from macros.outputs import pdf
from macros.outputs.pdf import early, engine, jobs
from macros.site import adapter
from tests.test_pdf_cache import SITE_URL, Project

pytest.importorskip("weasyprint")
pytestmark = pytest.mark.pdf


def pages_of(project: Project) -> dict[str, str]:
    """Every page written in the project's site, by URL, as the engine would hand it over."""
    found = sorted(project.site_dir.rglob("index.html"))
    return {p.parent.relative_to(project.site_dir).as_posix() + "/": p.read_text(encoding="utf-8") for p in found}


def give(project: Project, urls: list[str], pages: dict[str, str], seen: list[tuple[str, str]]) -> None:
    """The pages `urls` handed over as the engine writes them (every page of `pages` is one it writes)."""
    for url in urls:
        seen.append(("page", url))
        pdf.page_written(
            project.root,
            project.records,
            lambda: pdf.EarlyPdfs(
                project.site, project.records, project.site_dir, SITE_URL, project.root, {}, frozenset(pages)
            ),
            url,
            pages[url],
        )


class Recording:
    """WeasyPrint's processes, each job handed to them noted in `seen` when it is handed over."""

    def __init__(self, seen: list[tuple[str, str]]) -> None:
        self.seen = seen
        self.pool: ProcessPoolExecutor = engine.start_pool(2)

    def submit(self, function: Any, job: engine.Job) -> Future[tuple[bytes, int]]:
        self.seen.append(("WeasyPrint", job.name))
        return self.pool.submit(function, job)

    def shutdown(self, cancel_futures: bool = False) -> None:
        self.pool.shutdown(cancel_futures=cancel_futures)


@pytest.fixture
def edited(tmp_path: Path) -> Project:
    """The fixture project after one build with PDFs, then one bullet of the sheet « recherche » edited."""
    project = Project(tmp_path)
    project.build()
    project.edit_one_bullet()
    return project


def test_the_guide_goes_to_weasyprint_as_soon_as_its_last_part_is_written(
    edited: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(early, "take_pool", lambda project: Recording(seen))
    pages = pages_of(edited)
    parts = pdf.guide_parts(edited.records)
    others = [u for u in pages if u not in parts]
    give(edited, parts, pages, seen)  # the guide's parts first, then every other page
    give(edited, others, pages, seen)
    seen.append(("finition", ""))
    report = pdf.make_pdfs(edited.site, edited.records, edited.site_dir, SITE_URL, edited.root)
    guide = seen.index(("WeasyPrint", pdf.GUIDE))
    assert seen[guide - 1] == ("page", parts[-1])  # right after its last part,
    assert guide < seen.index(("page", others[0])) < seen.index(("finition", ""))  # before the next page
    url = edited.records.url_for("fiche", "recherche")
    # The sheet's own PDFs too, after the guide, which takes longest: WeasyPrint's processes take it first.
    assert guide < seen.index(("WeasyPrint", pdf.pdf_name(url))) < seen.index(("page", others[0]))
    assert sorted(report.made) == sorted([pdf.GUIDE, pdf.pdf_name(url), pdf.pdf_name(url, "resume--")])
    # Nothing made twice, nothing left for the finishing stage to start.
    assert sorted(name for kind, name in seen if kind == "WeasyPrint") == sorted(report.made)


def test_the_pdfs_are_the_same_bytes_as_when_made_from_the_written_pages(tmp_path: Path) -> None:
    """Two copies of the project, their caches empty: one makes its PDFs from the pages written (as main did), the
    other while the pages are handed over, in the engine's order; same files, same links, same page counts."""
    written = Project(tmp_path / "ecrites")
    from_disk = written.build(workers=2)
    handed = Project(tmp_path / "donnees")
    pages = pages_of(handed)
    give(handed, sorted(pages), pages, [])
    shutil.rmtree(handed.site_dir / "pdf", ignore_errors=True)
    during = pdf.make_pdfs(handed.site, handed.records, handed.site_dir, SITE_URL, handed.root)
    assert sorted(during.made) == sorted(from_disk.made) == sorted(during.results)  # all made, none cached
    assert handed.pdfs() == written.pdfs()
    assert during.links == from_disk.links
    assert {n: r.pages for n, r in during.results.items()} == {n: r.pages for n, r in from_disk.results.items()}


def test_a_pdf_that_cannot_be_made_fails_the_finishing_stage_in_french(
    edited: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written pages are never refused: the build fails where it did, with the same French message."""

    def broken(inp: jobs.Inputs) -> engine.Job:
        raise ValueError("gabarit cassé")

    monkeypatch.setattr(jobs, "guide_job", broken)
    pages = pages_of(edited)
    give(edited, list(pages), pages, [])  # no error while the pages are written
    with pytest.raises(pdf.PdfError, match="un PDF n'a pas pu être fait .*gabarit cassé.*make build PDF=0"):
        pdf.make_pdfs(edited.site, edited.records, edited.site_dir, SITE_URL, edited.root)


def test_an_earlier_build_that_did_not_finish_is_dropped(edited: Project) -> None:
    """A build stopped while MkDocs wrote its pages leaves its PDFs under way: the next build's first page drops
    them, and its PDFs are made from its own pages."""
    pages = pages_of(edited)
    give(edited, list(pages)[:3], pages, [])
    stopped = early._UNDER_WAY[edited.root.resolve()]
    edited.load()  # the next build: new records
    give(edited, list(pages), pages, [])
    assert early._UNDER_WAY[edited.root.resolve()] is not stopped
    report = pdf.make_pdfs(edited.site, edited.records, edited.site_dir, SITE_URL, edited.root)
    assert pdf.GUIDE in report.made
    assert early.take_early(edited.root, edited.records, edited.site_dir) is None  # taken by make_pdfs


def test_mkdocs_serve_without_pdfs_starts_nothing(tmp_path: Path) -> None:
    """Under `mkdocs serve` (no PDF unless asked), a page written starts nothing and reads nothing of the build."""
    untouchable: Any = SimpleNamespace()  # any attribute read fails
    options = adapter.AdapterOptions(pdf=True, preview_pdf=False, serving=True)
    before = dict(early._UNDER_WAY)
    adapter.page_written(
        untouchable, {"site_dir": str(tmp_path)}, options, ["fiches/recherche/"], "fiches/recherche/", "<html></html>"
    )
    assert early._UNDER_WAY == before
    assert list(tmp_path.iterdir()) == []
