"""A page's facts (its permanent address and QR code, « Modifier cette page » and « Signaler une erreur », its review
dates, its kind and weight in the search) are decided by stage (a), generate, for every page, and written in each
staged page's front matter: any engine that reads front matter (MkDocs without our plugin, Zensical) gets them, and
the theme shows them. Unit tests on the small fixture data (tests/donnees-mini/), no build, no MkDocs."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from macros.content.kinds import SITE_MAP
from macros.data.docs_check import get_data
from macros.data.loader import load_site
from macros.render.views import Here
from macros.site.context import BuildContext
from macros.site.generate import Generated, all_facts
from macros.site.page_facts import FACTS, Repository, page_title
from macros.site.pages import GeneratedPage

MINI = Path(__file__).resolve().parent / "donnees-mini"
SITE = "https://exemple.invalid/site/"
REPO = Repository("https://forge.invalid/asso/site", "edit/main/")
DOCS = {  # hand-written pages, as docs/ holds them
    "index.md": "---\ntitle: Accueil\n---\n\n# Bienvenue\n",
    "a-propos.md": "# À propos { #titre }\n\nUn texte.\n",  # no title in its front matter: its heading's
    "conclusion.md": "---\ntitle: Conclusion\nsource_donnees: data/pages/conclusion.yml\n---\n\n# Conclusion\n",
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """What generate gives an engine, for the mini data: its pages, their facts (outside git: no dates)."""
    root = tmp_path_factory.mktemp("projet")
    ctx = BuildContext(root, load_site(MINI / "data"), SITE, "non datée")
    # The pages of the mini data's sheets, principles and testimonials, as generate lists them (their Markdown is
    # not what is tested here), and the site map.
    pages = [
        GeneratedPage(r.path, r.title, f"---\ntitle: {r.title}\n---\n\n# {r.title}\n", r.kind.menu, r.source)
        for r in ctx.views.records.generated()
        if r.kind.name in ("fiche", "principe", "temoignage")
    ]
    pages.append(GeneratedPage(SITE_MAP, "Plan du site", "# Plan du site\n", False, "data"))
    facts = all_facts(ctx, DOCS, pages, "docs", REPO)
    docs = {path: text.encode("utf-8") for path, text in DOCS.items()}
    return Generated(ctx, docs, pages, {}, [], {}, True, SITE, facts)


@pytest.fixture(scope="module")
def staged(generated: Generated) -> dict[str, dict[str, object]]:
    """Every staged page's front matter, as an engine reads it back (path inside docs/ → its meta)."""
    return {path: get_data(text)[1] for path, text in generated.staged_pages().items()}


def test_every_staged_page_carries_its_facts_in_its_front_matter(
    generated: Generated, staged: dict[str, dict[str, object]]
) -> None:
    assert len(staged) == len(DOCS) + len(generated.pages) >= 7
    for path, meta in staged.items():
        assert set(FACTS) <= set(meta), (path, sorted(meta))
        assert meta["up_url"] == SITE + Here(path).url, path


def test_a_sheet_says_what_it_is_to_the_search_and_where_it_lives(staged: dict[str, dict[str, object]]) -> None:
    sheet = staged["fiches/pair-aidance/index.md"]
    assert sheet["up_recherche"] == {"type": "Fiche-mission", "poids": None}
    assert sheet["up_url"] == SITE + "fiches/pair-aidance/"
    assert sheet["up_qr"] == "../../qr/fiches--pair-aidance.svg"  # from the page's address: two folders up
    edit = sheet["up_modifier"]
    assert isinstance(edit, dict)
    assert edit["source"] == "data/fiches/pair-aidance.yml"  # its YAML file, not a generated page
    report = parse_qs(urlsplit(str(edit["signaler"])).query)
    assert report["title"] == ["Erreur sur la page « Fiche 1 : Pair-aidance associative »"]
    assert SITE + "fiches/pair-aidance/" in report["body"][0]


def test_hand_written_pages_get_theirs_from_their_front_matter(staged: dict[str, dict[str, object]]) -> None:
    home, about, conclusion = staged["index.md"], staged["a-propos.md"], staged["conclusion.md"]
    assert (home["up_url"], home["up_qr"]) == (SITE, "qr/accueil.svg")
    assert about["up_url"] == SITE + "a-propos/"
    report = parse_qs(urlsplit(str(about["up_modifier"]["signaler"])).query)  # type: ignore[index]
    assert report["title"] == ["Erreur sur la page « À propos »"]  # its heading, as the engines title it
    assert conclusion["up_modifier"]["source"] == "data/pages/conclusion.yml"  # type: ignore[index]
    assert about["up_modifier"]["source"] == "docs/a-propos.md"  # type: ignore[index]


def test_pages_left_out_of_the_search_say_so(staged: dict[str, dict[str, object]]) -> None:
    """The site map lists every page: it is left out of the index (no facts for Pagefind), not given a kind."""
    assert staged["plan-du-site/index.md"]["up_recherche"] is None
    assert any(meta["up_recherche"] for meta in staged.values())


def test_a_title_is_the_front_matters_else_the_first_heading() -> None:
    assert page_title({"title": "Fiche 1"}, "# Autre\n") == "Fiche 1"
    assert page_title({}, "\n# Pair-aidance { #titre }\n\nTexte") == "Pair-aidance"
    assert page_title({}, "Texte d'abord\n\n# Titre\n") == ""


def test_the_facts_are_text_in_yaml_whatever_the_data_holds(generated: Generated) -> None:
    """A title from data with YAML's and HTML's special characters stays the same text once staged and read back."""
    facts = generated.facts["fiches/pair-aidance/index.md"]
    tricky = {**facts, "up_url": 'https://x.invalid/"><script>alert(1)</script>: #a\n- b'}
    generated.facts["fiches/pair-aidance/index.md"] = tricky
    try:
        meta = get_data(generated.staged_pages()["fiches/pair-aidance/index.md"])[1]
    finally:
        generated.facts["fiches/pair-aidance/index.md"] = facts
    assert meta["up_url"] == tricky["up_url"]


def test_the_plugin_decides_no_fact_of_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """plugin.py hands generate's facts to MkDocs: no hook computes them once MkDocs has rendered the page, and the
    one that sees each written page (for the PDFs started meanwhile) hands it on and gives MkDocs the very same text."""
    import ast
    from types import SimpleNamespace

    from macros.site import adapter, plugin

    source = (Path(__file__).resolve().parents[1] / "macros" / "site" / "plugin.py").read_text(encoding="utf-8")
    hooks = {node.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.FunctionDef)}
    assert not hooks & {"on_page_content", "on_page_context"}, sorted(hooks)
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(adapter, "page_written", lambda _ctx, _config, _options, _urls, url, out: seen.append((url, out)))
    hooked = plugin.UsagersPlugin()
    hooked.load_config({})
    hooked.generated = SimpleNamespace(context=object())  # type: ignore[assignment]
    written = "<html><body><article>texte</article></body></html>"
    page = SimpleNamespace(url="fiches/a/")
    assert hooked.on_post_page(written, page=page, config=SimpleNamespace()) is written  # type: ignore[arg-type]
    assert seen == [("fiches/a/", written)]


def test_html_links_from_the_source_file_differ_only_for_a_page_not_named_index() -> None:
    from macros.site.pages import SourceHere

    assert (Here("facile-a-lire.md").root, SourceHere("facile-a-lire.md").root) == ("../", "")
    assert Here("fiches/x/facile-a-lire.md").root == "../../../"
    assert SourceHere("fiches/x/facile-a-lire.md").root == "../../"
    assert Here("fiches/x/index.md").root == SourceHere("fiches/x/index.md").root == "../../"
    assert SourceHere("fiches/x/facile-a-lire.md").link("lexique/index.md") == "../../lexique/index.md"


def test_a_file_made_from_data_at_an_address_the_site_has_stops_the_build(generated: Generated) -> None:
    from dataclasses import replace

    from macros.site.adapter import added_files

    made = replace(generated, files={"a-propos/index.html": b"<p>redirection</p>"})
    assert [path for path, _, _ in added_files(made, {"index.md"})][-1] == "a-propos/index.html"
    with pytest.raises(ValueError, match="a-propos/index.html : cette adresse existe déjà dans le site"):
        added_files(made, {"a-propos/index.html"})


def test_a_data_error_stops_a_build_but_is_shown_by_the_preview(tmp_path: Path) -> None:
    from macros.data.loader import DataError
    from macros.site.adapter import AdapterOptions, BuildStopped, generate_for
    from macros.site.generate import ProjectConfig

    (tmp_path / "docs").mkdir()
    (tmp_path / "data" / "fiches").mkdir(parents=True)
    (tmp_path / "data" / "fiches" / "x.yml").write_text("titre: [pas fermé\n", encoding="utf-8")
    project = ProjectConfig(tmp_path, {"site_url": SITE})
    with pytest.raises(BuildStopped, match="x.yml"):
        generate_for(project, AdapterOptions(pdf=False))
    with pytest.raises(DataError):
        generate_for(project, AdapterOptions(serving=True))


def test_the_folder_for_zensical_loads_the_content_marks(generated: Generated, tmp_path: Path) -> None:
    """`python -m macros.site.generate --zensical`: the folder Zensical builds with the content marks (by name) and
    the look our overrides style; the plain folder has neither (plain MkDocs would not load the marks' page)."""
    import yaml

    config = {"theme": {"name": "material"}, "markdown_extensions": ["toc"]}
    plain = yaml.safe_load((generated.write(tmp_path / "a", config) / "mkdocs.yml").read_text(encoding="utf-8"))
    staged = generated.write(tmp_path / "z", config, zensical=True) / "mkdocs.yml"
    for_zensical = yaml.safe_load(staged.read_text(encoding="utf-8"))
    assert plain["markdown_extensions"] == ["toc"] and "variant" not in plain["theme"]
    assert for_zensical["theme"] == {"name": "material", "variant": "classic"}
    (marks,) = [e for e in for_zensical["markdown_extensions"] if isinstance(e, dict)]
    assert marks == {"macros.site.zensical_marks": {"root": str(generated.context.root), "site_url": SITE}}
