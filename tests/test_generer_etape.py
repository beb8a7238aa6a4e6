"""The generate stage after an edit of one file (macros/site/generate.py): what it takes from its caches (each data
file's items, the documents, the QR codes…) and what it makes meanwhile on the second core give exactly what a
generate with nothing kept gives; the pages that do not show the documents' sizes are rendered while the documents
are made."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from macros.outputs import documents
from macros.render.views import Views
from macros.site import context, edit_links
from macros.site.generate import Generated, Options, generate, project_config
from tests.conftest import copy_small_project

FICHE = "data/fiches/pair-aidance.yml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_small_project(tmp_path / "projet")  # its 2 sheets: pair-aidance is one


def _generate(root: Path, workers: int) -> Generated:
    config = project_config(root)
    return generate(
        root,
        config.docs_dir,
        "https://exemple.org/",
        Options(pdf=False, workers=workers),
        nav=config.nav,
        site_name=config.site_name,
        repository=config.repository,
    )


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, rel
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same(made: Generated, fresh: Generated, root: Path) -> None:
    config = project_config(root).raw
    assert [p.path for p in made.pages] == [p.path for p in fresh.pages]
    assert made.staged_pages(config) == fresh.staged_pages(config)
    assert made.files == fresh.files and list(made.files) == list(fresh.files)
    assert made.facts == fresh.facts and made.nav == fresh.nav and made.extra == fresh.extra
    assert made.context.views.sizes == fresh.context.views.sizes
    assert made.context.site == fresh.context.site


@pytest.mark.parametrize("workers", [2, 1])
def test_an_edit_of_one_sheet_gives_what_a_generate_with_nothing_kept_gives(project: Path, workers: int) -> None:
    _generate(project, workers)  # every cache filled
    # A bullet of a sheet whose pre-filled mission template is made again (its DOCX and ODT change).
    _edit(project, FICHE, '    - "', '    - "Une puce changée ')
    made = _generate(project, workers)
    assert "Une puce changée" in next(p.markdown for p in made.pages if p.path == "fiches/pair-aidance/index.md")
    shutil.rmtree(project / ".cache")
    fresh = _generate(project, 1)  # nothing kept, everything in this process
    _same(made, fresh, project)


def test_the_pages_are_rendered_while_the_documents_are_made(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The documents are waited for when the first page showing their sizes is rendered (a template's), not
    before the first page; the template pages still show every document's size."""
    rendered: list[str] = []
    waited: list[int] = []
    show = Views._show
    result = documents.MadeDocuments.result

    def counted_show(self: Views, template: str, *args: Any, **kwargs: Any) -> Any:
        rendered.append(template)
        return show(self, template, *args, **kwargs)

    def counted_result(self: documents.MadeDocuments) -> dict[str, bytes]:
        waited.append(len(rendered))
        return result(self)

    monkeypatch.setattr(Views, "_show", counted_show)
    monkeypatch.setattr(documents.MadeDocuments, "result", counted_result)
    made = _generate(project, 2)
    assert waited and waited[0] > 0, "les documents ont été attendus avant la première page"
    assert "modele.md" not in rendered[: waited[0]]
    for entry in made.context.views.entries:
        page = next(p.markdown for p in made.pages if p.path == f"modeles/{entry.modele.id}/index.md")
        for ext in ("docx", "odt"):
            size = documents.size_label(len(made.files[documents.document_path(entry.modele.id, ext)]))
            assert size in page, (entry.modele.id, ext)


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Essai", "GIT_AUTHOR_EMAIL": "e@exemple.org"}
    env |= {"GIT_COMMITTER_NAME": "Essai", "GIT_COMMITTER_EMAIL": "e@exemple.org"}
    env |= {"GIT_AUTHOR_DATE": "2024-03-01T10:00:00+00:00", "GIT_COMMITTER_DATE": "2024-03-01T10:00:00+00:00"}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def test_the_history_read_while_the_stage_runs_is_the_same(tmp_path: Path) -> None:
    """edit_links.GitLog (started when the stage starts, read for the pages' facts) gives what git_log gives: with
    accented file names (quoted by git, as git_log has them) and a history longer than a pipe holds, outside git,
    and in a folder that is gone."""
    if shutil.which("git") is None:
        pytest.skip("git absent")
    depot = tmp_path / "depot"
    (depot / "data").mkdir(parents=True)
    _git(depot, "init", "-q")
    for n in range(60):
        for k in range(20):
            (depot / "data" / f"fiche-é{k:02d}-{'x' * 60}.yml").write_text(f"v: {n}\n", encoding="utf-8")
        _git(depot, "add", "-A")
        _git(depot, "commit", "-q", "-m", f"version {n}")
    started = edit_links.GitLog(depot)
    assert started.result() == edit_links.git_log(depot)
    assert len(started.result()) == 60 and "data/fiche-" in started.result()[0].files[0]
    assert sum(len(name) for change in started.result() for name in change.files) > 65_536
    outside = tmp_path / "hors-git"
    outside.mkdir()
    assert edit_links.GitLog(outside).result() == [] == edit_links.git_log(outside)
    assert edit_links.GitLog(tmp_path / "absent").result() == [] == edit_links.git_log(tmp_path / "absent")


def test_pages_other_than_those_planned_get_their_own_site_map_and_codes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper makes the site map and QR codes of the pages planned before any is rendered; when the pages made
    differ (here: one planned page forgotten), the build makes them for the pages made: the same as with no helper."""
    fresh = _generate(project, 1)
    planned = context.BuildContext.planned_pages
    monkeypatch.setattr(context.BuildContext, "planned_pages", lambda self: planned(self)[1:])
    shutil.rmtree(project / ".cache")
    made = _generate(project, 2)
    _same(made, fresh, project)
