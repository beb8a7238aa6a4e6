"""Through MkDocs itself: a real build of a copy of the small project (tests/projet-mini/) hands its pages to the
PDFs as it writes them (the plugin's last `on_post_page`), so that the guide goes to WeasyPrint before MkDocs has
written every page, and before the finishing stage begins. WeasyPrint's processes are stood in for by a recorder
whose PDFs are made at once (no layout: this test is about when, not what; tests/test_pdfrendu_tot.py compares
the bytes)."""

from __future__ import annotations

import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from macros.outputs import pdf
from macros.outputs.pdf import early, engine, modeles
from macros.site import build as site_build
from tests.conftest import copy_small_project

pytest.importorskip("weasyprint")
pytestmark = [pytest.mark.pdf, pytest.mark.slow]


class Instant:
    """WeasyPrint's processes, stood in for: each job noted with the moment it is handed over, its PDF « made » at
    once (a one-page PDF of no content)."""

    def __init__(self, seen: list[tuple[float, str, str]]) -> None:
        self.seen = seen

    def submit(self, function: Any, *args: Any) -> Future[Any]:
        done: Future[Any] = Future()
        if args:  # a job (not the start-up task)
            self.seen.append((time.perf_counter(), "WeasyPrint", args[0].name))
            done.set_result((b"%PDF-1.7\n", 1))
        else:
            done.set_result(function())
        return done

    def shutdown(self, cancel_futures: bool = False) -> None:
        pass


def test_the_guide_goes_to_weasyprint_while_mkdocs_writes_the_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_small_project(tmp_path / "projet")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")  # what the build sets, put back after
    seen: list[tuple[float, str, str]] = []
    for module in (engine, early, modeles):
        monkeypatch.setattr(module, "start_pool", lambda workers: Instant(seen))
    written = pdf.page_written

    def page_written(*args: Any) -> None:
        seen.append((time.perf_counter(), "page", args[3]))
        written(*args)

    make_pdfs = pdf.make_pdfs

    def finishing(*args: Any, **kwargs: Any) -> pdf.Report:
        seen.append((time.perf_counter(), "finition", ""))
        return make_pdfs(*args, **kwargs)

    monkeypatch.setattr(pdf, "page_written", page_written)
    monkeypatch.setattr(pdf, "make_pdfs", finishing)
    assert site_build.build(project / "site", project / "mkdocs.yml") == 0
    kinds = [(kind, name) for _, kind, name in seen]
    guide = kinds.index(("WeasyPrint", pdf.GUIDE))
    last_page = max(i for i, (kind, _) in enumerate(kinds) if kind == "page")
    assert guide < last_page < kinds.index(("finition", ""))  # pages were still to be written
    assert not [name for kind, name in kinds[kinds.index(("finition", "")) :] if kind == "WeasyPrint"]
    assert (project / "site" / pdf.GUIDE).read_bytes() == b"%PDF-1.7\n"  # the one written is the one made then
