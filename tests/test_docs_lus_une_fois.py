"""Each file of docs/ is read once per build (issue 21): generate reads docs/ (read_docs) and every later step, the
data check of the pages' titles, HTML, code and SVG images included, works on those bytes. Before, a build whose data
changed read every page and image of docs/ a second time in docs_check. On the small project, without PDFs."""

from __future__ import annotations

import builtins
import io
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from macros.data.loader import DataError
from macros.site import generate
from tests.projet_mini import derived

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(derived(ROOT), tmp_path / "data")  # the small project's data (tests/projet_mini.py)
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    return tmp_path


def _reads(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Counter[str]:
    """From now on, how many times each file of `folder` is opened for reading (by its path inside it)."""
    seen: Counter[str] = Counter()
    real = io.open
    inside = folder.resolve()

    def counted(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, Path)) and "r" in mode:
            path = Path(file).resolve()
            if path.is_relative_to(inside):
                seen[path.relative_to(inside).as_posix()] += 1
        return real(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", counted)
    monkeypatch.setattr(builtins, "open", counted)
    return seen


def test_a_build_reads_each_file_of_docs_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = project / "docs"
    seen = _reads(monkeypatch, docs)
    made = generate.generate(project, docs, None, generate.Options(pdf=False, workers=1))
    pages = [p for p in made.docs if p.endswith(".md")]
    images = [p for p in made.docs if p.endswith(".svg")]
    assert len(pages) > 20 and images  # the pages and the SVG images the check reads
    assert {path: n for path, n in seen.items() if n > 1} == {}
    assert set(seen) == set(made.docs)  # every file of docs/, read once


def test_a_hostile_svg_is_still_found_from_the_bytes_read_once(project: Path) -> None:
    """The check of the SVG images works on generate's bytes: a script in one stops the build, in French."""
    image = next((project / "docs").rglob("*.svg"))
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8")
    with pytest.raises(DataError) as info:
        generate.generate(project, project / "docs", None, generate.Options(pdf=False, workers=1))
    assert image.name in str(info.value) and "<script>" in str(info.value)
