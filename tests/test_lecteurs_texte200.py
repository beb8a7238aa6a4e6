"""A phone with the browser's text at 200 %, and 400 % zoom (issue 22): on one page of every kind and on every template page, nothing
of the article is wider than its box or than the screen (a blank « ………… (nom de l'établissement…) » of a template
ran 4 px past its line); the display settings page keeps each radio button beside its label and « Hyperlegible »
whole. Chromium's own text-size setting, as a reader sets it (captures.py does the same), so the strict CSP holds.
A table may scroll inside its own box (WCAG 1.4.10 allows it for data tables): that box stays within the screen."""

from __future__ import annotations

import pytest

from macros.content.kinds import KIND
from macros.render.views import Views

# Every element of the article that overflows its own box or the screen, outside boxes that scroll sideways.
OVERFLOWS = """() => {
  const article = document.querySelector('article');
  const scrolls = el => { for (let a = el.parentElement; a && a !== article; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  const out = [];
  for (const el of article.querySelectorAll('*')) {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || el.closest('[hidden]')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (scrolls(el)) continue;
    const wide = cs.overflowX === 'visible' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth;
    if (wide || r.right > innerWidth + 0.5 || r.left < -0.5)
      out.push(`${el.tagName.toLowerCase()}.${el.className} (${el.scrollWidth} > ${el.clientWidth}, `
               + `${Math.round(r.left)}–${Math.round(r.right)} px) « ${(el.textContent || '').trim().slice(0, 50)} »`);
  }
  return {sideways: document.documentElement.scrollWidth - innerWidth, out};
}"""

# The kinds of page that are not in the registry's generated kinds, by one page each.
OTHER_PAGES = (
    "",
    "fiches/",
    "principes/",
    "raisons/",
    "modeles/",
    "facile-a-lire/",
    "plan-du-site/",
    "parametres-affichage/",
)


def _pages(site_data) -> list[str]:
    records = Views(site_data, "https://exemple.org/").records
    first: dict[str, str] = {}
    templates = []
    for record in records:
        first.setdefault(record.kind.name, record.url)
        if record.kind is KIND["modele"]:
            templates.append(record.url)
    return sorted(set(first.values()) | set(templates) | set(OTHER_PAGES))


@pytest.fixture()
def phone_text200(browser):
    """A phone (360 × 780, mobile) whose browser text size is 200 % (32 px): Chromium's own setting, set through the
    DevTools protocol in the project's browser."""
    tab = browser.new_page()
    cdp = browser.new_cdp_session(tab)
    cdp.send("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 780, "deviceScaleFactor": 2, "mobile": True})
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    yield tab
    tab.close()


def _open(tab, server: str, url: str) -> None:
    tab.goto(f"{server}/{url}", wait_until="load")
    tab.evaluate("document.fonts.ready")
    assert tab.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == 40  # 32 × 125 %


def test_nothing_runs_past_its_box_at_200_percent_text_on_a_phone(phone_text200, server, site_data) -> None:
    pages = _pages(site_data)
    assert len(pages) >= 20 and "modeles/attestation-participation/" in pages
    problems = []
    for url in pages:
        _open(phone_text200, server, url)
        found = phone_text200.evaluate(OVERFLOWS)
        if found["sideways"] > 0:
            problems.append(f"/{url} : la page défile de côté de {found['sideways']} px")
        problems += [f"/{url} : {line}" for line in found["out"]]
    assert not problems, "\n".join(problems)


def test_nothing_runs_past_its_box_at_400_percent_zoom(browser, server, site_data) -> None:
    """400 % zoom on a 1280 px screen: a 320 × 200 CSS px window, default text size."""
    tab = browser.new_page()
    tab.set_viewport_size({"width": 320, "height": 200})
    problems = []
    try:
        for url in _pages(site_data):
            tab.goto(f"{server}/{url}", wait_until="load")
            tab.evaluate("document.fonts.ready")
            found = tab.evaluate(OVERFLOWS)
            if found["sideways"] > 0:
                problems.append(f"/{url} : la page défile de côté de {found['sideways']} px")
            problems += [f"/{url} : {line}" for line in found["out"]]
    finally:
        tab.close()
    assert not problems, "\n".join(problems)


def test_settings_page_at_200_percent_on_a_phone(phone_text200, server) -> None:
    """Each radio button on its label's first line, just before its text; no word of a label cut across lines."""
    _open(phone_text200, server, "parametres-affichage/")
    labels = phone_text200.evaluate(
        """() => [...document.querySelectorAll('.up-reglages label')].filter(l => l.offsetParent).map(l => {
      const input = l.querySelector('input') || document.getElementById(l.htmlFor);
      const i = input.getBoundingClientRect();
      const walker = document.createTreeWalker(l, NodeFilter.SHOW_TEXT);
      const words = [];
      for (let n; (n = walker.nextNode());) {
        for (const m of n.data.matchAll(/[\\p{L}\\p{N}'’-]+/gu)) {
          const range = document.createRange(); range.setStart(n, m.index); range.setEnd(n, m.index + m[0].length);
          words.push({word: m[0], lines: new Set([...range.getClientRects()].map(r => Math.round(r.top))).size,
                      rect: range.getBoundingClientRect().toJSON()});
        }
      }
      return {text: l.textContent.trim(), input: i.toJSON(), words};
    })"""
    )
    assert len(labels) >= 10
    for label in labels:
        first = label["words"][0]["rect"]
        gap = first["left"] - label["input"]["right"]
        assert 0 <= gap <= 24, f"« {label['text']} » : le bouton est à {gap:.0f} px de son texte"
        assert (
            abs((label["input"]["top"] + label["input"]["bottom"]) / 2 - (first["top"] + first["bottom"]) / 2)
            < first["bottom"] - first["top"]
        ), f"« {label['text']} » : le bouton n'est pas sur la ligne de son texte"
        cut = [w["word"] for w in label["words"] if w["lines"] > 1]
        assert not cut, f"« {label['text']} » : mot coupé sur deux lignes : {cut}"
    assert any("Hyperlegible" in label["text"] for label in labels)


def test_the_search_box_says_its_word_whole_at_200_percent_on_a_phone(phone_text200, server) -> None:
    """« Rechercher » whole in the header's box (it read « Recherche »): its text, the box's padding and borders, and
    the 1 em Chromium keeps for a search field's clear button fit in the box."""
    _open(phone_text200, server, "fiches/pair-aidance/")
    room = phone_text200.locator("#up-recherche-champ").evaluate(
        """f => { const c = document.createElement('canvas').getContext('2d'); const s = getComputedStyle(f);
        c.font = `${s.fontSize} ${s.fontFamily}`;
        const needed = c.measureText(f.placeholder).width + parseFloat(s.fontSize) + parseFloat(s.paddingLeft)
          + parseFloat(s.paddingRight) + parseFloat(s.borderLeftWidth) + parseFloat(s.borderRightWidth);
        return {needed, width: f.getBoundingClientRect().width}; }"""
    )
    assert room["needed"] <= room["width"], room
