"""A page title that counts data says what the data holds: « Les sept principes de la HAS » is written
`title: Les {{ nombre("principe") }} principes de la HAS` in the page's front matter, decided once by generate (a fact
of the page), and every place that shows the title reads that one value. Adding a principle's YAML file makes it
« huit » in the page's <title>, heading, breadcrumb, citation and sharing tags, the search record, « Nouveautés »
and its feed, and the menu and site map never show another count."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import lxml.etree
import lxml.html
import pytest

from macros.data.collections import COLLECTIONS
from macros.data.docs_check import check_docs, get_data
from macros.render.views import Views
from macros.site.page_facts import page_title
from macros.text.french import in_words
from tests.conftest import ROOT, build_site, copy_small_project

ATOM = "{http://www.w3.org/2005/Atom}"


def _views(principes: int, raisons: int) -> Views:
    """Views over a site of so many principles and reasons (only what the page records read)."""
    items = {
        "principes": {
            f"p{n}": SimpleNamespace(id=f"p{n}", numero=f"3.{n}", titre=f"Principe {n}") for n in range(principes)
        },
        "raisons": {f"r{n}": SimpleNamespace(id=f"r{n}", numero=f"1.{n}", titre=f"Raison {n}") for n in range(raisons)},
    }
    files = {(coll, i): (f"data/{coll}/{i}.yml", ()) for coll, of in items.items() for i in of}
    empty: dict[str, dict[str, Any]] = {coll.name: {} for coll in COLLECTIONS}
    site = SimpleNamespace(**(empty | items), parcours_in_order=lambda: [], files=files)
    return Views(site, "/", entries=[])  # type: ignore[arg-type]


def _title(rel: str, views: Views) -> str:
    body, meta = get_data((ROOT / "docs" / rel).read_text(encoding="utf-8"))
    return page_title(meta, body, views)


def test_the_titles_of_the_principles_and_reasons_pages_count_the_data() -> None:
    assert _title("principes/index.md", _views(7, 5)) == "Les sept principes de la HAS"
    assert _title("principes/index.md", _views(8, 5)) == "Les huit principes de la HAS"
    assert _title("raisons/index.md", _views(7, 5)) == "Les cinq raisons de reconnaître l'engagement"
    assert _title("raisons/index.md", _views(7, 6)) == "Les six raisons de reconnaître l'engagement"


def test_a_title_without_a_count_is_as_written() -> None:
    views = _views(7, 5)
    assert page_title({"title": "L'essentiel : {à lire} d'abord"}, "", views) == "L'essentiel : {à lire} d'abord"
    assert page_title({}, '# Les {{ nombre("principe") }} principes { #haut }\n', views) == "Les sept principes"
    assert page_title({"title": '{{ nombre("raison") | capitalize }} raisons'}, "", views) == "Cinq raisons"
    assert page_title({}, '# Texte {{ page_texte("x") }}\n', views) == "Texte"  # a heading showing another macro


def _problems(tmp_path: Path, front: str) -> list[str]:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "page.md").write_text(f"---\n{front}\nrender_macros: true\n---\n\n# Essai\n", encoding="utf-8")
    return [str(p) for p in check_docs(SimpleNamespace(), tmp_path, docs_dir=docs)]  # type: ignore[arg-type]


def test_an_unknown_count_in_a_title_is_a_french_message_at_its_place(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, 'title: Les {{ nombre("principes") }} principes de la HAS')
    assert problem.startswith("docs/page.md:2:23: title: "), problem
    assert "« principes » n'est pas une sorte de page — vouliez-vous écrire « principe » ?" in problem


def test_a_title_may_count_but_show_no_other_macro(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, 'title: "Les {{ principes_liste() }}"')
    assert problem.startswith("docs/page.md:2:"), problem
    assert "title: " in problem and "nombre" in problem, problem
    (unreadable,) = _problems(tmp_path, 'title: Les {{ nombre("principe") principes')
    assert unreadable.startswith("docs/page.md:2:"), unreadable
    assert not _problems(tmp_path, 'title: Les {{ nombre("principe") | capitalize }} principes')


# --- a build of the small project with one more principle ------------------------------------------------------


@pytest.fixture(scope="module")
def one_more_principle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The small project (2 principles) with a third principle's YAML file, built without PDFs; and « trois »."""
    project = copy_small_project(tmp_path_factory.mktemp("titres") / "projet")
    folder = project / "data" / "principes"
    text = (folder / "egalite-consideration.yml").read_text(encoding="utf-8")
    text = text.replace("id: egalite-consideration", "id: principe-essai").replace('numero: "3.1"', 'numero: "3.5"')
    (folder / "principe-essai.yml").write_text(text, encoding="utf-8")
    (project / "docs" / "essai.md").write_text(  # a title that counts, on a page that renders no macro
        '---\ntitle: Les {{ nombre("principe") }} principes, en bref\n---\n\n# En bref\n', encoding="utf-8"
    )
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("not_in_nav: |\n", "not_in_nav: |\n  essai.md\n"), encoding="utf-8")
    out = project / "site"
    done = build_site(project, out, pdf=False)
    assert done.returncode == 0, done.stderr[-3000:]
    count = len(list(folder.glob("*.yml")))
    return out, in_words(count)


def _page(site: Path, url: str) -> Any:
    return lxml.html.document_fromstring((site / url / "index.html").read_bytes())


@pytest.mark.slow
def test_an_added_principle_changes_the_title_everywhere_it_is_shown(one_more_principle: tuple[Path, str]) -> None:
    site, words = one_more_principle
    assert words == "trois"
    title = f"Les {words} principes de la HAS"
    page = _page(site, "principes")
    assert page.findtext(".//title") == f"{title} - Usagers partenaires en santé"
    assert page.xpath("string(//h1)").strip().rstrip("¶") == title
    assert page.xpath("string(//nav[@class='up-ariane']//*[@aria-current='page'])") == title
    assert page.xpath("//meta[@property='og:title']/@content") == [title]
    assert page.xpath("//meta[@name='twitter:title']/@content") == [title]
    assert f"Pour citer cette page : « {title} »" in page.xpath("string(//aside[@class='up-partage'])")
    (report,) = page.xpath("//a[starts-with(., 'Signaler une erreur')]/@href")
    assert "sept" not in report and words in report

    brief = _page(site, "essai")  # its macros not rendered (no render_macros), its title all the same
    assert brief.findtext(".//title") == f"Les {words} principes, en bref - Usagers partenaires en santé"
    assert brief.xpath("string(//nav[@class='up-ariane']//*[@aria-current='page'])") == f"Les {words} principes, en bref"

    news = _page(site, "nouveautes")
    assert title in [a.text_content() for a in news.xpath("//a[@href='../principes/']")]
    feed = lxml.etree.fromstring((site / "nouveautes.xml").read_bytes())
    related = feed.xpath(
        "//a:link[@rel='related' and substring(@href, string-length(@href) - 10) = '/principes/']/@title",
        namespaces={"a": ATOM[1:-1]},
    )
    assert related and set(related) == {title}, related

    records = [
        json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))
        for p in (site / "pagefind" / "fragment").iterdir()
    ]
    (record,) = [r for r in records if r["url"] == "/principes/"]
    assert record["meta"]["title"] == title

    for url in ("principes", "plan-du-site", "", "fiches"):  # the menu and the site map: no count but the data's
        shown = [
            a.text_content()
            for a in _page(site, url).xpath("//a[@href='../principes/' or @href='./' or @href='principes/']")
        ]
        assert not [s for s in shown if "principes" in s and "sept" in s], (url, shown)
    assert "sept principes de la HAS" not in (site / "plan-du-site" / "index.html").read_text(encoding="utf-8")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_counts_typed_in_the_sites_own_data_texts_match_the_data() -> None:
    """YAML is never a template: the texts the site writes itself in data/ (the paths, the easy-to-read pages) type
    their counts (« Les 7 principes », « Les sept principes de la HAS »). Until they can count, they must say what
    the data holds: this fails when a principle is added without them (the HAS's own words, data/pages/, are quoted
    as the HAS wrote them and not checked)."""
    import yaml

    from macros.data.loader import load_site

    site = load_site(ROOT / "data")
    counts = {"fiches": len(site.fiches), "fiches-missions": len(site.fiches)}
    counts |= {"principes": len(site.principes), "raisons": len(site.raisons)}
    numbers = {in_words(n): n for n in range(2, 21)} | {str(n): n for n in range(2, 100)}
    found, wrong = [], []
    for path in sorted([*(ROOT / "data" / "parcours").glob("*.yml"), *(ROOT / "data" / "falc").glob("*.yml")]):
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            said = text.casefold().replace(",", " ").split()
            for number, noun in zip(said, said[1:]):
                if number in numbers and noun in counts:
                    found.append(path.name)
                    if numbers[number] != counts[noun]:
                        wrong.append(f"{path.relative_to(ROOT)} : « {number} {noun} » — le site en a {counts[noun]}")
    assert not wrong, wrong
    assert len(found) >= 5  # parcours/doctrine-has.yml, falc/page-principes-introduction.yml…


@pytest.mark.slow
def test_an_engine_without_our_plugin_reads_the_counted_title_in_the_staged_front_matter(
    one_more_principle: tuple[Path, str],
) -> None:
    """The staging folder (Zensical, a plain `mkdocs build`): the title in each page's front matter is the fact."""
    from macros.site.generate import Options, generate_project, project_config

    project = one_more_principle[0].parent
    config = project_config(project)
    made = generate_project(config, Options(pdf=False))
    staged = {path: get_data(text)[1] for path, text in made.staged_pages(config.raw).items()}
    assert staged["principes/index.md"]["title"] == f"Les {one_more_principle[1]} principes de la HAS"
    assert staged["essai.md"]["title"] == f"Les {one_more_principle[1]} principes, en bref"
    assert staged["nouveautes.md"]["title"] == "Nouveautés"
