"""Search without JavaScript (issue 22, point 5): a static site cannot read the words typed in a form, so without
JavaScript the header shows no box that would lose them but a link « Rechercher (index des mots) », to an index made
at build time on the site map page (macros/render/index_mots.py). A reader looking for « aidant », « facile à
lire » or « rémunération » reaches the right page in two activations from the header: the link, then the page
under the word. With JavaScript the box is there and the link is not."""

from __future__ import annotations

import pytest

from macros.render.index_mots import index_of_words, words
from macros.render.views import Views
from macros.text.french import sort_key

# What a person types, and the pages that answer it (any one of them).
QUERIES = {
    "aidant": {"temoignages/profil-proche-aidant/", "parcours/patient-ou-proche/"},
    "facile à lire": {"facile-a-lire/"},
    "rémunération": {"principes/reconnaissance-financiere/"},
    "proche aidant": {"temoignages/profil-proche-aidant/", "parcours/patient-ou-proche/"},
    "ETP": {"fiches/education-therapeutique/"},
    "payer": {"principes/reconnaissance-financiere/"},
}


@pytest.fixture()
def without_js(browser):
    """A phone-sized tab of the project's browser with JavaScript off (DevTools protocol): <noscript> shows."""
    tab = browser.new_page()
    cdp = browser.new_cdp_session(tab)
    cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
    tab.set_viewport_size({"width": 360, "height": 780})
    yield tab
    tab.close()


@pytest.mark.parametrize("query", list(QUERIES))
def test_without_javascript_a_word_is_two_activations_from_the_header(without_js, server, query) -> None:
    tab = without_js
    tab.goto(f"{server}/fiches/pair-aidance/")
    assert not tab.get_by_role("searchbox").is_visible()  # no box whose text would be lost
    link = tab.locator("header").get_by_role("link", name="Rechercher (index des mots)")
    link.click()  # 1
    tab.wait_for_load_state("load")
    assert tab.url.startswith(f"{server}/plan-du-site/"), tab.url
    heading = tab.get_by_role("heading", name="Index des mots", level=2)
    assert heading.is_visible() and heading.bounding_box()["y"] < 200  # the index is where the link lands
    # The reader runs down the words of its letter to the word typed, and takes a page under it.
    wanted = sort_key(query)
    entries = tab.locator(".up-index-mots li")
    words_shown = entries.locator("strong").all_inner_texts()
    at = next((n for n, w in enumerate(words_shown) if sort_key(w).split(" (")[0] == wanted), None)
    assert at is not None, f"« {query} » n'est pas dans l'index"
    entry = entries.nth(at)
    hrefs = entry.locator("a").evaluate_all("els => els.map(a => a.href)")
    targets = [h for h in hrefs if h.removeprefix(server + "/") in QUERIES[query]]
    assert targets, f"« {query} » ne mène pas à {QUERIES[query]} : {hrefs}"
    entry.locator(f"a[href$='{targets[0].removeprefix(server + '/').rstrip('/').split('/')[-1]}/']").first.click()  # 2
    tab.wait_for_load_state("load")
    assert tab.url == targets[0], tab.url
    assert tab.get_by_role("heading", level=1).is_visible()


def test_with_javascript_the_box_stays_and_the_link_does_not_show(browser, server) -> None:
    tab = browser.new_page()
    try:
        tab.goto(f"{server}/fiches/pair-aidance/")
        assert tab.get_by_role("searchbox", name="Rechercher dans le site").is_visible()
        assert tab.get_by_role("link", name="Rechercher (index des mots)").count() == 0
    finally:
        tab.close()


def test_the_index_lists_words_with_pages_that_hold_them(site_data) -> None:
    """On the data alone (no build): every word leads somewhere, to pages of the site; a page titled with the word
    comes first; acronyms are matched as written; the other names of a word say which word they stand for."""
    views = Views(site_data, "https://exemple.org/")
    paths = {r.path for r in views.records}
    index = dict(index_of_words(site_data, views.records, [("Facile à lire", "facile-a-lire.md")]))
    assert list(index) == sorted(index) and set(index) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ#")
    entries = {sort_key(e.word).split(" (")[0]: e for letter in index.values() for e in letter}
    for e in entries.values():
        assert e.pages or e.definition, e.word
        assert all(path in paths or path == "facile-a-lire.md" for _, path in e.pages), e.word
    assert entries["facile a lire"].pages[0][1] == "facile-a-lire.md"
    assert entries["aidant"].pages[0][1] == "temoignages/profil-proche-aidant.md"
    assert entries["aidant familial"].see == "Proche aidant" and len(entries["aidant familial"].pages) <= 3
    assert "principes/reconnaissance-financiere/index.md" in [path for _, path in entries["remuneration"].pages]
    assert entries["proche aidant"].definition == "lexique/index.md#proche-aidant"
    ru = entries["ru"]
    assert ru.word == "RU (Représentant des usagers)" and ru.pages[0][1] == "fiches/representation-usagers/index.md"
    assert words("Proches-aidants partenaires") == ("proche", "aidant", "partenaire")
    assert words("L'Hôpital") == ("l", "hopital")
