"""The validated data kept between builds (macros/site/data_cache.py) is read again when what load_site reads
changes — data, pages, the code of macros/content and macros/data — and only then: a style sheet edited in
docs/assets/ keeps it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.site import data_cache
from tests.conftest import copy_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "projet")


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The calls of load_site (a read of the 100 YAML files) from now on."""
    calls: list[Path] = []
    real = data_cache.load_site

    def counted(data_dir, docs_dir=None, **options):  # type: ignore[no-untyped-def]
        calls.append(data_dir)
        return real(data_dir, docs_dir, **options)

    monkeypatch.setattr(data_cache, "load_site", counted)
    return calls


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_style_sheet_or_script_edit_keeps_the_data(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = data_cache.load_site_cached(project)
    reads = _reads(monkeypatch)
    sheet = next((project / "docs" / "assets").glob("*.css"))
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n.nouvelle-regle { color: red }\n", encoding="utf-8")
    script = next((project / "docs" / "assets").glob("*.js"))
    script.write_text(script.read_text(encoding="utf-8") + "\n// une ligne de plus\n", encoding="utf-8")
    assert data_cache.load_site_cached(project) == first
    assert reads == [], "une feuille de style ou un script modifié a fait relire toutes les données"


def test_data_pages_and_files_of_docs_are_inputs(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_cache.load_site_cached(project)
    reads = _reads(monkeypatch)
    _edit(project / "data" / "fiches" / "pair-aidance.yml", "Pair-aidance associative", "Pair-aidance modifiée")
    assert data_cache.load_site_cached(project).fiches["pair-aidance"].titre == "Pair-aidance modifiée"
    assert len(reads) == 1
    _edit(project / "docs" / "conclusion.md", "\n", "\n\nUne phrase de plus.\n")
    data_cache.load_site_cached(project)
    assert len(reads) == 2  # a page of docs/: the ids its macros name are checked
    shutil.copy(project / "docs" / "conclusion.md", project / "docs" / "nouvelle-page.md")
    data_cache.load_site_cached(project)
    assert len(reads) == 3  # a new file of docs/: a path of the data may name it


def test_the_code_that_reads_the_data_is_an_input(tmp_path: Path) -> None:
    code = tmp_path / "macros"
    for room in ("content", "data", "render"):
        shutil.copytree(Path(data_cache.PACKAGE) / room, code / room)
    rooms = (code / "content", code / "data")
    before = data_cache.code_salt(rooms)
    (code / "render" / "views.py").write_text("# a view changed\n", encoding="utf-8")
    assert data_cache.code_salt(rooms) == before  # the views do not make the data
    _edit(code / "content" / "fiches.py", '"""', '"""A model changed. ')
    assert data_cache.code_salt(rooms) != before
    assert {p.name for p in data_cache.CODE} == {"content", "data"}
