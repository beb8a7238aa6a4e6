"""Views of the content pipeline on a small fixture data folder (tests/donnees-mini/: 2 sheets, 2 principles, 4
testimonials, 2 terms, 6 acronyms), rendered as the site renders Markdown (mkdocs.yml's extensions) and read with
lxml as a reader would: no build, no MkDocs, milliseconds each."""

from __future__ import annotations

import time
from pathlib import Path

import lxml.html
import markdown
import pytest

from macros.data.loader import load_site
from macros.render.views import Views
from tests.conftest import markdown_extensions

MINI = Path(__file__).resolve().parent / "donnees-mini"
EXTENSIONS = markdown_extensions()  # mkdocs.yml's


@pytest.fixture(scope="module")
def views() -> Views:
    return Views(load_site(MINI / "data"), "https://exemple.invalid/")


def html(text: str) -> lxml.html.HtmlElement:
    """The Markdown of a view as the site renders it, parsed."""
    return parsed(markdown.markdown(text, extensions=EXTENSIONS))


def parsed(fragment: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(fragment, create_parent="div")


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_the_mini_data_is_valid_and_loads_in_milliseconds() -> None:
    start = time.perf_counter()
    site = load_site(MINI / "data")
    assert (len(site.fiches), len(site.principes), len(site.temoignages)) == (2, 2, 4)
    assert time.perf_counter() - start < 2, "a fixture for unit tests stays small"


@pytest.mark.parametrize("fiche", ["pair-aidance", "recherche"])
def test_a_sheet_says_its_number_and_title_and_its_summary_leads_to_its_sections(views: Views, fiche: str) -> None:
    data = views.site.fiches[fiche]
    page = html(str(views.fiche_page("../../", fiche)))
    titles = page.xpath("//h1")
    assert [words(h) for h in titles] == [data.titre]
    assert words(page.xpath("//p[@class='up-surtitre']")[0]) == f"Fiche-mission {data.numero}"
    links = page.xpath("//nav[contains(@class, 'up-sommaire')]//a/@href")
    assert len(links) >= 5
    ids = set(page.xpath("//h2/@id"))
    assert [link.removeprefix("#") for link in links if link.removeprefix("#") not in ids] == []


def test_every_activity_of_the_data_is_a_bullet_of_its_section(views: Views) -> None:
    data = views.site.fiches["pair-aidance"]
    page = html(str(views.fiche_page("../../", "pair-aidance")))
    section = page.xpath("//h3[@id='activites']")[0]
    bullets = [words(li) for li in section.getnext().iter("li")]
    assert bullets == [" ".join(item.texte.split()) for item in data.activites.elements]


def test_markup_in_a_title_of_the_data_stays_text(views: Views) -> None:
    """What an editor types is shown as typed: a tag in a sheet's title is text, never an element."""
    site = views.site
    hostile = site.fiches["recherche"].model_copy(update={"titre": "Recherche <img src=x onerror=alert(1)> & co"})
    changed = type(site)(**{**site.__dict__, "fiches": {**site.fiches, "recherche": hostile}})
    page = html(str(Views(changed, "https://exemple.invalid/").fiche_page("../../", "recherche")))
    assert [words(h) for h in page.xpath("//h1")] == ["Recherche <img src=x onerror=alert(1)> & co"]
    assert page.xpath("//img") == []


def test_every_page_record_has_its_own_address_and_a_source_that_exists(views: Views) -> None:
    records = list(views.records)
    assert len({r.url for r in records}) == len(records)
    sheet = views.records.get("fiche", "recherche")
    assert (sheet.url, sheet.title) == ("fiches/recherche/", "Fiche 5 : Recherche")
    for record in records:
        if record.source.startswith("data/"):
            assert (MINI / record.source).exists(), record


def test_a_lexicon_word_in_a_sheet_opens_its_definition_and_an_outside_link_says_so(views: Views) -> None:
    from macros.render.content_marks import ContentMarks
    from macros.render.glossary import Glossary

    site = views.site
    marks = ContentMarks(site, Glossary(site), Glossary(site, "facile-a-lire/mots/", easy=True), {}, None)
    fragment = '<p>Un proche aidant lit <a href="https://www.has-sante.fr/">la HAS</a>.</p>'
    out, _ = marks.apply(fragment, "fiches/pair-aidance/index.md", "fiches/pair-aidance/")
    page = parsed(out)
    term = page.xpath("//a[@class='up-terme']")
    assert [words(a) for a in term] == ["proche aidant"]
    assert term[0].get("href") == "../../lexique/#proche-aidant"
    bubble = page.get_element_by_id(term[0].get("aria-describedby"))
    assert site.lexique["proche-aidant"].definition.split()[0] in words(bubble)
    outside = page.xpath("//a[@href='https://www.has-sante.fr/']")[0]
    assert words(outside).endswith("(site externe)") and "noopener" in outside.get("rel")
    # the lexicon's own page explains no word by itself
    same, _ = marks.apply(fragment, "lexique/index.md", "lexique/")
    assert parsed(same).xpath("//a[@class='up-terme']") == []
