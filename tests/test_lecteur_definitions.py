"""Lexicon definitions (issue 22, point 4): a defined word opens its whole definition in a panel on activation
(tap, click, Enter, Space), laid over the text so that nothing moves; the panel closes with its « Fermer » button,
a tap elsewhere and Escape, and focus comes back to the word. Closed, the definition is not in the sentence (a
hidden block at the end of the content), so text browsers, reader modes and screen readers without CSS read the
sentence as written. Each word gets its own entry's definition; on FALC pages, the page's own words first."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from macros.render.glossary import plain, sigle_anchors

URL = "/fiches/pair-aidance/"  # sheet 1
# The pages whose every term is opened in Chromium (all pages are checked on the built HTML below): sheet 1, its
# FALC twin, a principle, a reason, the home page, the partnership page and a second FALC sheet.
BROWSER_PAGES = (
    "fiches/pair-aidance/",
    "fiches/pair-aidance/facile-a-lire/",
    "principes/reconnaissance-financiere/",
    "raisons/savoirs-experientiels/",
    "",
    "partenariat/",
    "parcours/patient-ou-proche/",
    "fiches/recherche/facile-a-lire/",
)
BLOCKS = "p, li, td, th, dd, dt, blockquote, figcaption, h1, h2, h3, h4"


def _tree(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(path)).getroot()


def _falc_words(site_data, url: str) -> dict[str, str]:
    """The page's own glossary (« Les mots difficiles »): word → explanation, for the FALC twin at `url`."""
    from macros.render.falc import falc_path

    for twin in site_data.falc.values():
        if falc_path(twin).removesuffix(".md") + "/" == url:
            return {m.mot: m.explication for m in twin.mots}
    return {}


def expected_definition(site_data, href: str, label: str, url: str) -> str:
    """What the lexicon (or the FALC page's glossary) says for the word linking to `href`, named `label`."""
    anchor = href.rsplit("#", 1)[1]
    easy = "facile-a-lire/mots/#" in href
    if href.startswith("#mots"):
        return _falc_words(site_data, url)[label]
    sigles = {s.sigle: s for s in site_data.sigles.values()}
    if easy:
        if anchor in site_data.lexique:
            return site_data.lexique[anchor].definition_facile
        anchors = {a: s for s, a in sigle_anchors(site_data).items()}
        return sigles[anchors[anchor]].definition_facile
    if label in sigles:
        from macros.content import EDITORIAL, EDITORIAL_NOTE

        sigle = sigles[label]
        return plain(sigle.developpement) + (f" ({EDITORIAL_NOTE})" if sigle.source == EDITORIAL else "")
    term = site_data.lexique[anchor]
    assert term.terme == label, (href, label)
    return plain(term.definition)


def _page_url(site_dir: Path, path: Path) -> str:
    rel = str(path.relative_to(site_dir))
    return rel.removesuffix("index.html")


def test_every_term_has_its_own_entrys_whole_definition_on_every_page(site_dir, site_data) -> None:
    checked = 0
    for path in sorted(site_dir.rglob("index.html")):
        tree = _tree(path)
        url = _page_url(site_dir, path)
        for term in tree.xpath('//a[@class="up-terme"]'):
            definition = tree.get_element_by_id(term.get("aria-describedby"))
            label = definition.xpath('string(.//*[@class="up-infobulle__terme"])')
            text = definition.xpath('string(.//*[@class="up-infobulle__texte"])')
            expected = expected_definition(site_data, term.get("href"), label, url)
            assert text == " ".join(expected.split()), (url, term.text, label)
            assert not text.endswith("…"), (url, label)
            checked += 1
    assert checked > 200, checked


def test_a_variant_naming_another_notion_says_how_the_entry_includes_it(page) -> None:
    """On sheet 1, « proches-aidants partenaires » is a form of « Patient partenaire » in the lexicon: the definition
    is that entry's, titled with its name, and says (from the lexicon's note) that it includes the carers."""
    soup = page("fiches/pair-aidance/")
    term = next(a for a in soup.select("a.up-terme") if a.get_text().startswith("proches-aidants partenaires"))
    definition = soup.find(id=term["aria-describedby"])
    assert definition.select_one(".up-infobulle__terme").get_text() == "Patient partenaire"
    assert "inclut celle de proche aidant partenaire" in definition.select_one(".up-infobulle__note").get_text()


def test_closed_definitions_are_not_glued_into_the_sentence(site_dir) -> None:
    """lxml's text_content() of every block holding a term (what a text browser or a reader mode reads): the
    sentence as written, no definition inside; the definitions sit in one hidden block, out of the index."""
    seen = 0
    for path in sorted(site_dir.rglob("index.html")):
        tree = _tree(path)
        blocks = tree.xpath('//div[@class="up-definitions"]')
        terms = tree.xpath('//a[@class="up-terme"]')
        if not terms:
            continue
        assert len(blocks) == 1 and blocks[0].get("hidden") is not None and blocks[0].get("data-pagefind-ignore")
        definitions = {d.get("id"): d.text_content() for d in blocks[0].xpath('.//*[@class="up-infobulle"]')}
        for term in terms:
            block = next(a for a in term.iterancestors() if a.tag in BLOCKS.split(", "))
            said = block.text_content()
            own = definitions[term.get("aria-describedby")]
            assert own not in said, (path, said[:120])
            assert "up-infobulle" not in lxml.html.tostring(block, encoding="unicode")
            seen += 1
    assert seen > 200


# --- in Chromium -----------------------------------------------------------------------------------------------


@pytest.fixture()
def phone(browser):
    """A phone (360 px, touch, mobile) in the project's persistent context, through the DevTools protocol."""
    tab = browser.new_page()
    cdp = browser.new_cdp_session(tab)
    cdp.send("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    tab.cdp = cdp
    yield tab
    tab.close()


@pytest.fixture()
def desktop(browser):
    tab = browser.new_page()
    tab.set_viewport_size({"width": 1280, "height": 800})
    yield tab
    tab.close()


def _tap_at(tab, x: float, y: float) -> None:
    point = {"x": x, "y": y}
    tab.cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    tab.cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    tab.wait_for_timeout(300)


def _tap(tab, locator) -> None:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    _tap_at(tab, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


PANEL = "#up-panneau"
FOLLOWING = """term => {
  const block = term.closest('p, li, dd, td');
  const next = [...document.querySelectorAll('article p, article li, article h2, article h3')]
    .filter(e => block.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING && !block.contains(e));
  return next.slice(0, 3).map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y + scrollY]; });
}"""


def test_hovering_or_opening_a_definition_moves_no_text(desktop, server) -> None:
    desktop.goto(server + URL)
    terms = desktop.locator("article a.up-terme")
    assert terms.count() > 5
    for n in range(6):
        term = terms.nth(n)
        term.scroll_into_view_if_needed()
        before = term.evaluate(FOLLOWING)
        assert before
        term.hover()
        desktop.wait_for_timeout(250)
        assert term.evaluate(FOLLOWING) == before, "hover moved the text below"
        assert not desktop.locator(PANEL).is_visible(), "hover opens nothing"
        term.click()
        assert desktop.locator(PANEL).is_visible()
        assert term.evaluate(FOLLOWING) == before, "the open panel pushed the text below"
        desktop.keyboard.press("Escape")


def test_tap_opens_the_whole_definition_and_a_tap_outside_closes_it(phone, server, site_data) -> None:
    phone.goto(server + URL)
    term = phone.locator("a.up-terme").first
    assert term.get_attribute("aria-expanded") == "false"
    _tap(phone, term)
    assert phone.url == server + URL
    assert term.get_attribute("aria-expanded") == "true"
    panel = phone.locator(PANEL)
    assert panel.is_visible()
    box, line = panel.bounding_box(), term.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    assert box["y"] >= line["y"] + line["height"] - 1, (box, line)
    text = panel.locator(".up-panneau__texte").text_content()
    assert text == plain(site_data.lexique["savoirs-experientiels"].definition)  # whole: 380 characters
    assert panel.get_by_role("button", name="Fermer").is_visible()
    resolved = "a => a.href"
    assert panel.get_by_role("link", name="Voir dans le lexique").evaluate(resolved) == term.evaluate(resolved)
    # A tap on the text above the panel, away from the word: closed.
    _tap_at(phone, 180, max(line["y"] - 40, 5))
    assert term.get_attribute("aria-expanded") == "false"
    assert not panel.is_visible()
    # Tapping the word again closes it too.
    _tap(phone, term)
    assert panel.is_visible()
    _tap(phone, term)
    assert not panel.is_visible()


def test_keyboard_opens_with_enter_and_space_and_escape_gives_focus_back(desktop, server) -> None:
    desktop.goto(server + URL)
    term = desktop.locator("a.up-terme").first
    term.focus()
    desktop.keyboard.press("Enter")
    assert desktop.url == server + URL
    assert term.get_attribute("aria-expanded") == "true"
    assert term.get_attribute("role") == "button"
    panel = desktop.locator(PANEL)
    assert panel.is_visible()
    # Tab goes into the panel: its button, then its link, both visible.
    desktop.keyboard.press("Tab")
    assert desktop.evaluate("document.activeElement.textContent") == "Fermer"
    desktop.keyboard.press("Tab")
    assert desktop.evaluate("document.activeElement.textContent") == "Voir dans le lexique"
    assert desktop.locator(".up-panneau__lien").is_visible()
    desktop.keyboard.press("Escape")
    assert not panel.is_visible()
    assert desktop.evaluate("document.activeElement.classList.contains('up-terme')")
    assert term.evaluate("t => t === document.activeElement")
    desktop.keyboard.press(" ")
    assert panel.is_visible()
    panel.get_by_role("button", name="Fermer").click()
    assert not panel.is_visible()
    assert term.evaluate("t => t === document.activeElement")


def test_every_tab_stop_after_a_term_is_visible(desktop, server) -> None:
    """Today focus fell on <body> after each defined word (its hidden bubble's link): no more."""
    desktop.goto(server + URL)
    desktop.locator("a.up-terme").first.focus()
    terms = 0
    for _ in range(40):
        desktop.keyboard.press("Tab")
        state = desktop.evaluate("""() => { const e = document.activeElement; const r = e.getBoundingClientRect();
            return {tag: e.tagName, w: r.width, h: r.height, term: e.classList.contains('up-terme')}; }""")
        assert state["tag"] != "BODY" and state["w"] > 0 and state["h"] > 0, state
        terms += state["term"]
    assert terms >= 3


@pytest.mark.parametrize("url", BROWSER_PAGES)
def test_every_panel_says_its_entrys_definition(desktop, server, site_data, url) -> None:
    desktop.goto(server + "/" + url)
    terms = desktop.locator("article a.up-terme")
    count = terms.count()
    assert count > 0
    panel = desktop.locator(PANEL)
    for n in range(count):
        term = terms.nth(n)
        term.click()
        title = panel.locator(".up-panneau__titre").text_content()
        text = panel.locator(".up-panneau__texte").text_content()
        expected = expected_definition(site_data, term.get_attribute("href"), title, url)
        assert text == " ".join(expected.split()), (url, term.text_content(), title)
        desktop.keyboard.press("Escape")


def test_falc_bubble_and_page_glossary_say_the_same(page, site_data) -> None:
    soup = page("fiches/pair-aidance/facile-a-lire/")
    glossary = {
        dt.get_text(" ", strip=True): " ".join(dt.find_next_sibling("dd").get_text(" ").split())
        for dt in soup.select("#mots ~ dl dt, section dl dt")
    }
    assert glossary
    seen = 0
    for term in soup.select("a.up-terme"):
        definition = soup.find(id=term["aria-describedby"])
        label = definition.select_one(".up-infobulle__terme")
        if label is not None and label.get_text() in glossary:
            assert definition.select_one(".up-infobulle__texte").get_text() == glossary[label.get_text()]
            assert term["href"] == "#mots"
            seen += 1
    assert seen >= 3
