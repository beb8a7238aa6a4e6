"""WeasyPrint writes the fonts a PDF's style sheet loads into a temporary folder, removed only when its font
configuration is collected. Each of the build's WeasyPrint processes left its folder behind when it ended (2073
/tmp/weasyprint-… folders, 184 MB, on this machine): now each removes its own as its pool shuts down, and never the
folder of the process it was forked from (a test process that renders PDFs itself, as some tests do)."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.pdf

# A page whose style sheet loads the site's font (engine.layout's base address is the fonts' folder).
HTML = (
    "<html lang='fr'><head><title>Polices</title><style>@font-face { font-family: Site; "
    "src: url(atkinson-hyperlegible-latin-400-normal.woff2) } body { font-family: Site }</style></head>"
    "<body><p>Bonjour à tous</p></body></html>"
)


def _render_on_a_pool(count: int = 4) -> None:
    from macros.outputs.pdf import engine

    pool = engine.start_pool(2)
    try:
        jobs = [engine.Job(f"pdf/essai-{n}.pdf", HTML) for n in range(count)]
        assert [pages for _, pages in pool.map(engine.render_job, jobs)] == [1] * count
    finally:
        pool.shutdown(wait=True)


def test_the_weasyprint_processes_leave_no_font_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("weasyprint")
    from macros.outputs.pdf import engine

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where WeasyPrint's folders go, the workers' too
    engine._font_config.cache_clear()  # this process's own, if a test made one: as in a build, none
    gc.collect()
    _render_on_a_pool()
    assert list(tmp_path.glob("weasyprint-*")) == []  # each worker's removed as the pool shut down


def test_a_worker_never_removes_the_font_folder_of_the_process_it_was_forked_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("weasyprint")
    from macros.outputs.pdf import engine

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    engine._font_config.cache_clear()
    gc.collect()
    try:
        engine.render(HTML)  # this process's configuration, and its folder, inherited by the workers
        own = list(tmp_path.glob("weasyprint-*"))
        assert len(own) == 1, "the fonts are written to a temporary folder (else this test checks nothing)"
        _render_on_a_pool()
        assert list(tmp_path.glob("weasyprint-*")) == own and own[0].is_dir()
        engine.render(HTML)  # and this process still renders with it
    finally:
        engine._font_config.cache_clear()
        gc.collect()
    assert list(tmp_path.glob("weasyprint-*")) == []
