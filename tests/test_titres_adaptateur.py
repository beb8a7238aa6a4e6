"""What the MkDocs plugin used to decide in its hooks is decided by plain functions of adapter.py, which any engine's
adapter calls (no MkDocs here): how a build starts (stage (a), or the data error `mkdocs serve` shows instead), which
files the engine gets (generate's pages in or out of the menu, the theme's unused search scripts left out, the error
page at every address the preview had), and what the theme's own pages become while the data is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.data.loader import DataError, load_site
from macros.data.problems import Problem
from macros.render.content_marks import MarksExtension
from macros.site import adapter
from macros.site.adapter import AdapterOptions, BuildStopped, Started, file_changes, start, theme_output
from macros.site.context import BuildContext
from macros.site.generate import Generated, ProjectConfig
from macros.site.pages import GeneratedPage

MINI = Path(__file__).resolve().parent / "donnees-mini"
SITE = "https://exemple.invalid/site/"
ERROR = DataError([Problem("data/fiches/x.yml", 3, 5, "titre", "champ manquant — ajoutez-le")])
LUNR = adapter.MATERIAL_SEARCH_SCRIPTS + "min/lunr.fr.min.js"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """What generate gives for the mini data: one page in the menu, one out of it, one file made from data."""
    ctx = BuildContext(tmp_path_factory.mktemp("projet"), load_site(MINI / "data"), SITE, "non datée")
    pages = [GeneratedPage("fiches/x/index.md", "X", "# X\n"), GeneratedPage("temoignages/fiche-x.md", "T", "# T\n", False)]
    return Generated(ctx, {}, pages, {"donnees/x.csv": b"a;b\n"}, [], {"up_version": "v"}, True, SITE)


def _bad_project(tmp_path: Path) -> ProjectConfig:
    (tmp_path / "docs").mkdir()
    (tmp_path / "data" / "fiches").mkdir(parents=True)
    (tmp_path / "data" / "fiches" / "x.yml").write_text("titre: [pas fermé\n", encoding="utf-8")
    return ProjectConfig(tmp_path, {"site_url": SITE})


def test_a_data_error_starts_a_preview_that_shows_it_and_stops_a_build(tmp_path: Path) -> None:
    project = _bad_project(tmp_path)
    started = start(project, AdapterOptions(pdf=False, serving=True))
    assert started.made is None and started.failure is not None and "x.yml" in str(started.failure)
    assert (started.nav, started.extra, started.extensions, started.empty_docs) == ([], {}, [], None)
    with pytest.raises(BuildStopped, match="x.yml"):
        start(project, AdapterOptions(pdf=False))
    (tmp_path / "docs" / "ailleurs").symlink_to(tmp_path.parent)  # docs/ with a link: MkDocs lists an empty folder
    empty = start(project, AdapterOptions(pdf=False, serving=True)).empty_docs
    assert empty is not None and empty.is_dir() and not any(empty.iterdir())


def test_a_started_build_gives_the_engine_its_menu_theme_values_and_content_marks(made: Generated) -> None:
    started = Started(made)
    assert started.nav is made.nav and started.extra == {"up_version": "v"}
    (marks,) = started.extensions
    assert isinstance(marks, MarksExtension)


def test_the_engine_gets_generates_pages_and_files_without_the_unused_search_scripts(made: Generated) -> None:
    existing = ["index.md", LUNR, "assets/javascripts/workers/search.js"]
    changes = file_changes(made, None, existing, Path("docs"), (), searching=False)
    assert not changes.only and changes.removed == {LUNR}
    assert [(path, in_nav) for path, _, in_nav in changes.added] == [
        ("fiches/x/index.md", True),
        ("temoignages/fiche-x.md", False),
        ("donnees/x.csv", True),
    ]
    assert not file_changes(made, None, existing, Path("docs"), (), searching=True).removed
    with pytest.raises(BuildStopped, match="donnees/x.csv : cette adresse existe déjà"):
        file_changes(made, None, ["donnees/x.csv"], Path("docs"), (), searching=False)


def test_while_the_data_is_wrong_every_address_shows_the_error_page(tmp_path: Path) -> None:
    (tmp_path / "a-propos.md").write_text("# x\n", encoding="utf-8")
    changes = file_changes(None, ERROR, ["a-propos.md", LUNR], tmp_path, ["fiches/x/"], searching=False)
    assert changes.only and not changes.removed
    assert sorted(path for path, _, _ in changes.added) == ["a-propos/index.html", "fiches/x/index.html", "index.html"]
    assert all(b"data/fiches/x.yml" in content for _, content, _ in changes.added)  # type: ignore[operator]
    with pytest.raises(BuildStopped):  # neither made nor failed: the plugins in the wrong order
        file_changes(None, None, [], tmp_path, (), searching=False)


def test_the_themes_own_pages_show_the_error_page_only_while_the_data_is_wrong() -> None:
    assert theme_output(None, "404.html", "<p>introuvable</p>") == "<p>introuvable</p>"
    assert "ajoutez-le" in theme_output(ERROR, "404.html", "<p>introuvable</p>")
    assert theme_output(ERROR, "sitemap.xml", "<urlset/>") == "<urlset/>"


def test_the_engine_shows_the_pages_title_fact_unless_its_navigation_names_the_page() -> None:
    template, fact = 'Les {{ nombre("principe") }} principes', "Les sept principes"
    assert adapter.shown_title(template, template, fact) == fact  # taken from the front matter, as written
    assert adapter.shown_title(fact, template, fact) == fact  # as mkdocs-macros rendered it
    assert adapter.shown_title("L'essentiel", "L'essentiel de l'avis", "L'essentiel de l'avis") == "L'essentiel"
    assert adapter.shown_title("Sans faits", "Sans faits", None) == "Sans faits"
