"""Search that understands French, in a real browser: typical queries typed as a hurried reader would.

Each query must bring one of its expected pages among the first three results. The queries drop accents,
use plurals or feminines the text does not have, elisions, acronyms and synonyms (data/synonymes.yml).
How it works: macros/recherche.py (build) and overrides/assets/javascripts/workers/up-recherche.js (browser).
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "overrides" / "assets" / "javascripts" / "workers" / "up-recherche.js"

# (typed query, acceptable pages — any of them among the first three results, what the query tests)
QUERIES: list[tuple[str, tuple[str, ...], str]] = [
    ("pair aidant", ("fiches/pair-aidance/",), "trait d'union omis"),
    ("entraide", ("fiches/pair-aidance/",), "synonyme de pair-aidance"),
    ("etp", ("fiches/education-therapeutique/",), "sigle en minuscules"),
    ("education therapeutique", ("fiches/education-therapeutique/",), "sans accents"),
    ("therapeutiques", ("fiches/education-therapeutique/",), "pluriel sans accent"),
    ("RU", ("lexique/", "fiches/representation-usagers/"), "sigle → représentant des usagers"),
    ("representants des usagers", ("lexique/", "fiches/representation-usagers/"), "pluriel, mot vide"),
    ("msp", ("temoignages/", "fiches/soins-cliniques/", "modeles/profils-de-poste/"), "sigle → médiateur de santé pair"),
    ("mediatrice sante paire", ("temoignages/", "fiches/soins-cliniques/", "modeles/profils-de-poste/",
                                "principes/proportionnalite-formation/"), "féminin sans accents"),
    ("patient expert", ("lexique/", "fiches/education-therapeutique/"), "synonyme de patient partenaire"),
    ("chercheurs", ("fiches/recherche/", "lexique/"), "pluriel"),
    ("ethique", ("fiches/reflexion-ethique/",), "sans accent"),
    ("remuneration", ("principes/reconnaissance-financiere/", "principes/non-impact-fiscal-social/"), "sans accents"),
    ("indemnisation", ("principes/non-impact-fiscal-social/", "principes/reconnaissance-financiere/"), "synonyme"),
    ("secret professionnel", ("principes/egalite-consideration/", "principes/egalite-consideration/facile-a-lire/"),
     "expression"),
    ("l'hopital", ("references/", "fiches/representation-usagers/", "fiches/representation-usagers/facile-a-lire/",
                   "has/contexte-methode/"), "élision sans accent"),
    ("hopitaux", ("references/", "fiches/representation-usagers/", "fiches/representation-usagers/facile-a-lire/",
                  "has/contexte-methode/"), "pluriel en -aux sans accent"),
    ("formatrices", ("lexique/", "fiches/formation-professionnels/", "kit-formateur/"), "féminin pluriel"),
    ("savoirs experientiels", ("raisons/savoirs-experientiels/",), "pluriel sans accents"),
    ("injustice epistemique", ("raisons/injustices-epistemiques/",), "singulier quand le texte a le pluriel"),
    ("fiscale", ("principes/non-impact-fiscal-social/",), "féminin quand le texte a le masculin"),
    ("soin clinique", ("fiches/soins-cliniques/",), "singulier"),
    ("medico social", ("ateliers/agir-avec-medico-social-2024/",), "sans accent ni trait d'union"),
]

# Queries whose result must lead to the right section: (query, page, anchor) among the links of that page's result.
SECTIONS = [
    ("secret professionnel", "principes/egalite-consideration/", "secret-professionnel"),
    ("savoirs experientiels", "lexique/", "savoirs-experientiels"),
]


def _path(href: str, server: str) -> str:
    return href.removeprefix(server).split("?", 1)[0].split("#", 1)[0].strip("/") + "/"


@pytest.fixture(scope="module")
def search_tab(browser, server):
    tab = browser.new_page()
    tab.set_viewport_size({"width": 1280, "height": 800})
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.search_requests = requests  # type: ignore[attr-defined]
    tab.goto(server + "/", wait_until="networkidle")
    yield tab
    tab.close()


def search(tab, query: str) -> list[dict]:
    """Type `query` in the search box; return the result groups: [{page, links: [hrefs]}], best first."""
    box = tab.locator("input.md-search__input")
    box.click()
    tab.wait_for_timeout(300)  # Material's search worker needs a moment
    box.fill("")
    tab.wait_for_timeout(100)
    box.press_sequentially(query, delay=40)
    read = ("els => els.map(e => Array.from(e.querySelectorAll('a')).map(a => a.getAttribute('href')))")
    previous, deadline = None, time.monotonic() + 15
    while time.monotonic() < deadline:  # until the results stop changing
        tab.wait_for_timeout(400)
        current = tab.eval_on_selector_all(".md-search-result__item", read)
        if current and current == previous:
            break
        previous = current
    return [{"page": links[0], "links": links} for links in (previous or []) if links]


@pytest.mark.parametrize(("query", "expected", "why"), QUERIES, ids=[q for q, _, _ in QUERIES])
def test_query_finds_expected_page_in_first_three(search_tab, server, query, expected, why) -> None:
    groups = search(search_tab, query)
    top = [_path(g["page"], server) for g in groups[:3]]
    assert any(page in expected for page in top), \
        f"« {query} » ({why}) : attendu l'une de {list(expected)} parmi les trois premiers, obtenu {top}"


def test_typed_queries_are_many_and_varied() -> None:
    assert len(QUERIES) >= 16
    assert any(q.isupper() for q, _, _ in QUERIES), "un sigle en capitales"
    assert any("'" in q for q, _, _ in QUERIES), "une élision"


@pytest.mark.parametrize(("query", "page", "anchor"), SECTIONS)
def test_result_leads_to_the_right_section(search_tab, server, query, page, anchor) -> None:
    groups = search(search_tab, query)
    links = [link for g in groups if _path(g["page"], server) == page for link in g["links"]]
    assert links, f"« {query} » : aucune réponse sur {page}"
    assert any(link.split("#", 1)[-1] == anchor for link in links if "#" in link), \
        f"« {query} » : pas de lien vers la section #{anchor} de {page} ({links})"


def test_results_highlight_the_words_of_the_page(search_tab) -> None:
    search(search_tab, "therapeutiques")
    marks = search_tab.eval_on_selector_all(".md-search-result mark", "els => els.map(e => e.textContent)")
    assert any(m.lower().startswith("thérapeutique") for m in marks), marks


@pytest.mark.parametrize(("query", "expected"), [("therapeutiques", "thérapeutique"), ("hopitaux", "hôpita")])
def test_opened_result_highlights_the_page_words_with_their_accents(browser, server, query, expected) -> None:
    """A result link carries ?h= with the page's own forms: typed without accents, the words are still
    highlighted on the page it opens (Material highlights only the words of ?h=, accents included)."""
    from urllib.parse import parse_qs, urlsplit
    tab = browser.new_page()
    tab.goto(server + "/", wait_until="networkidle")
    links = [link for g in search(tab, query) for link in g["links"]]
    carrying = [link for link in links
                if any(w.lower().startswith(expected) for w in parse_qs(urlsplit(link).query).get("h", [""])[0].split())]
    assert carrying, f"« {query} » : aucun lien ne porte la forme « {expected}… » ({links[:5]})"
    tab.goto(carrying[0] if carrying[0].startswith("http") else server + "/" + carrying[0].lstrip("./"))
    tab.wait_for_selector("article mark", timeout=10000)
    marks = tab.eval_on_selector_all("article mark", "els => els.map(e => e.textContent.toLowerCase())")
    assert any(m.startswith(expected) for m in marks), f"« {query} » sur {carrying[0]} : {marks[:10]}"
    tab.close()


def test_full_index_loads_only_when_reader_searches(browser, server) -> None:
    tab = browser.new_page()
    urls: list[str] = []
    tab.on("request", lambda r: urls.append(r.url))
    tab.goto(server + "/fiches/", wait_until="networkidle")
    tab.wait_for_timeout(500)
    assert not [u for u in urls if "/search/recherche." in u], "l'index complet est chargé sans recherche"
    assert any("up-recherche.js" in u for u in urls), "le worker de recherche en français n'est pas lancé"
    groups = search(tab, "pair aidance")
    assert any("/search/recherche." in u for u in urls)
    assert any(_path(g["page"], server) == "fiches/pair-aidance/" for g in groups[:3])
    tab.close()


# --- the normalisation itself, run in the page from the worker's own file ----------------------------

def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


SAME = [("hôpital", "hopitaux"), ("l'hôpital", "hopital"), ("thérapeutique", "therapeutiques"),
        ("médiatrice", "médiateurs"), ("infirmière", "infirmiers"), ("représentante", "représentants"),
        ("usagère", "usagers"), ("professionnelle", "professionnels"), ("active", "actifs"),
        ("chercheuse", "chercheurs"), ("citoyenne", "citoyens"), ("d'expérience", "expériences"),
        ("Éducation", "education")]
STOP = ["les", "des", "l'", "qu'", "d'", "à", "du"]


@pytest.fixture(scope="module")
def normaliser(browser):
    tab = browser.new_page()
    tab.set_content("<!doctype html><title>t</title>")
    tab.add_script_tag(content=WORKER.read_text(encoding="utf-8"))
    yield lambda words: tab.evaluate("ws => ws.map(w => self.upRecherche.normaliser(w))", words)
    tab.close()


@pytest.mark.parametrize(("a", "b"), SAME, ids=[f"{a}={b}" for a, b in SAME])
def test_forms_of_a_word_share_one_root(normaliser, a, b) -> None:
    ra, rb = normaliser([a, b])
    assert ra and ra == rb, f"{a} → {ra}, {b} → {rb}"


def test_stop_words_and_elisions_are_dropped(normaliser) -> None:
    assert normaliser(STOP) == [""] * len(STOP)


# --- the files written at build time ------------------------------------------------------------------

def test_pages_load_a_small_index_that_points_to_the_full_one(site_dir, site_data) -> None:
    stub = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == []
    full_file = site_dir / stub["config"]["up"]["index"]
    assert re.fullmatch(r"recherche\.[0-9a-f]{10}\.json", full_file.name)
    full = json.loads(full_file.read_text(encoding="utf-8"))
    locations = [d["location"] for d in full["docs"]]
    assert any(loc.startswith("fiches/pair-aidance/") for loc in locations)
    assert not [loc for loc in locations if loc.startswith(("imprimer/", "temoignages/fiche-"))]
    groups = [[_fold(t) for t in g] for g in full["synonymes"]]
    for group in site_data.synonymes.values():
        assert [_fold(t) for t in group.termes] in groups


def test_lexicon_tooltips_stay_out_of_the_index(site_dir, site_data) -> None:
    """Results read « l'ETP » and not « l'ETPETP : Éducation thérapeutique… » (the tooltip's text): the bubbles
    carry `data-search-exclude`, which Material's indexer honours."""
    from macros.render.glossary import Glossary
    tooltips = Glossary(site_data).tooltip_texts()
    bubbles = [b for url in ("fiches/education-therapeutique/", "") for b in
               BeautifulSoup((site_dir / url / "index.html").read_text(encoding="utf-8"), "lxml").select(".up-infobulle")]
    assert bubbles and all(b.has_attr("data-search-exclude") for b in bubbles)
    full = next((site_dir / "search").glob("recherche.*.json"))
    texts = [d["text"] for d in json.loads(full.read_text(encoding="utf-8"))["docs"]]
    found = [t for t in tooltips if any(t in text for text in texts)]
    assert not found, found[:5]
    assert sum("ETP" in text for text in texts) > 5, "the words themselves stay searchable"
