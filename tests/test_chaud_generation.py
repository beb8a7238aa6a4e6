"""The generate stage kept whole between builds (macros/site/generated_cache.py): a build whose inputs are those of
an earlier build takes its result, with the same pages and files; an edit to any input makes the stage again and
the page shows the edit."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from macros.site import context, generated_cache
from macros.site.generate import Generated, Options, generate, project_config
from macros.site.page_facts import Repository
from tests.conftest import copy_small_project

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_small_project(tmp_path / "projet")


def _made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The times the pages are rendered from data (BuildContext.make_pages) from now on."""
    calls: list[int] = []
    real = context.BuildContext.make_pages

    def counted(self: context.BuildContext, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(context.BuildContext, "make_pages", counted)
    return calls


def _generate(root: Path, **changed: Any) -> Generated:
    config = project_config(root)
    arguments: dict[str, Any] = {
        "nav": config.nav,
        "site_name": config.site_name,
        "repository": config.repository,
        "site_url": "https://exemple.org/",
    }
    arguments.update(changed)
    site_url = arguments.pop("site_url")
    return generate(root, config.docs_dir, site_url, Options(pdf=False, workers=1), **arguments)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _page(made: Generated, path: str) -> str:
    return next(p.markdown for p in made.pages if p.path == path)


def test_a_second_build_takes_the_kept_stage_with_the_same_pages_and_files(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _generate(project)
    made = _made(monkeypatch)
    again = _generate(project)
    assert made == [], "les pages faites des données ont été refaites sans qu'aucune entrée ne change"
    config = project_config(project).raw
    assert again.staged_pages(config) == first.staged_pages(config)
    assert again.files == first.files and again.facts == first.facts and again.nav == first.nav
    assert again.extra == first.extra and again.docs == first.docs
    # The registry's kinds are the code's own objects, not copies.
    assert all(a.kind is b.kind for a, b in zip(again.context.views.records, first.context.views.records, strict=True))


def test_an_edit_to_data_or_docs_makes_the_stage_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _generate(project)
    made = _made(monkeypatch)
    _edit(project / "data" / "fiches" / "pair-aidance.yml", "Pair-aidance associative", "Pair-aidance modifiée")
    assert "Pair-aidance modifiée" in _page(_generate(project), "fiches/pair-aidance/index.md")
    assert len(made) == 1
    _edit(project / "docs" / "conclusion.md", "\n", "\n\nUne phrase de plus.\n")
    assert b"Une phrase de plus." in _generate(project).docs["conclusion.md"]
    assert len(made) == 2
    sheet = next((project / "docs" / "assets").glob("*.css"))  # not read by the data, but given to the engine
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n.nouvelle-regle { color: red }\n", encoding="utf-8")
    assert b".nouvelle-regle" in _generate(project).docs[sheet.relative_to(project / "docs").as_posix()]
    assert len(made) == 3
    shutil.copy(project / "docs" / "conclusion.md", project / "docs" / "nouvelle-page.md")
    assert "nouvelle-page.md" in _generate(project).facts
    assert len(made) == 4
    _generate(project)
    assert len(made) == 4


def test_each_argument_of_the_build_makes_the_stage_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _generate(project)
    made = _made(monkeypatch)
    assert _generate(project, site_url="https://autre.exemple.org/").site_url == "https://autre.exemple.org/"
    assert len(made) == 1
    config = project_config(project)
    nav = [*config.nav, {"Une page": "conclusion.md"}]
    assert _generate(project, nav=nav).nav[-1] == {"Une page": "conclusion.md"}
    assert len(made) == 2
    _generate(project, site_name="Un autre nom")
    assert len(made) == 3
    other = Repository("https://exemple.org/depot", "edit/autre/")
    facts = _generate(project, repository=other).facts["conclusion.md"]
    assert "exemple.org/depot/edit/autre/" in str(facts)
    assert len(made) == 4


def _key(root: Path, **given: Any) -> str:
    docs = {p.relative_to(root / "docs").as_posix(): p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
    parts = generated_cache.inputs(root, root / "docs", docs, {"site_url": "https://exemple.org/", **given})
    return generated_cache.cache_of(root).key(parts)


def test_the_key_holds_the_pdf_option_the_code_the_libraries_and_git(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _key(project)
    assert _key(project) == before
    assert _key(project, pdf=True) != before
    moved = tmp_path / "ailleurs"
    shutil.copytree(project, moved, symlinks=True)  # its node_modules stays a link (not 220 MB copied)
    assert _key(moved) != before  # the result holds the project's folder
    # The code and the templates (macros/): a copy of the package, one template edited.
    package = tmp_path / "macros"
    shutil.copytree(generated_cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(generated_cache, "PACKAGE", package)
    assert _key(project) == before
    template = package / "templates" / "fiche.md"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _key(project) != before
    monkeypatch.undo()
    # A library that writes the bytes, upgraded.
    real: Callable[[], list[str]] = generated_cache.installed
    upgraded = [f"jinja2-0.{name[7:]}" if name.lower().startswith("jinja2-") else name for name in real()]
    assert upgraded != real()
    monkeypatch.setattr(generated_cache, "installed", lambda: upgraded)
    assert _key(project) != before
    monkeypatch.undo()
    # git: the pages' dates and history come from the commit being built.
    git = ["git", "-c", "user.name=Essai", "-c", "user.email=essai@exemple.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "un"], cwd=project, check=True)
    first = _key(project)
    assert first != before
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "deux"], cwd=project, check=True)
    assert _key(project) not in (before, first)


def test_a_kept_stage_is_never_made_from_a_failed_one(project: Path) -> None:
    """A mistake in the data stops the build every time, kept stage or not (nothing is written for it)."""
    from macros.data.loader import DataError

    _generate(project)
    _edit(project / "data" / "fiches" / "pair-aidance.yml", "numero:", "numero: [")
    for _ in range(2):
        with pytest.raises(DataError):
            _generate(project)


def test_only_the_last_results_are_kept(project: Path) -> None:
    """Each result is about 4 MB and every edit under `make serve` makes one: the folder keeps the last few, the
    one used last among them."""
    import os
    import time

    made = _generate(project)
    first = generated_cache.cache_of(project).key(["état", "0"])
    generated_cache.put(project, ["état", "0"], made, keep=2)
    for n in range(1, 5):
        time.sleep(0.01)
        os.utime(project / generated_cache.FOLDER / f"{first}{generated_cache.SUFFIX}")  # used by every build
        generated_cache.put(project, ["état", str(n)], made, keep=2)
    names = sorted(p.name for p in (project / generated_cache.FOLDER).glob("*.pickle"))
    last = generated_cache.cache_of(project).key(["état", "4"])
    assert names == sorted([f"{first}.pickle", f"{last}.pickle"])
