"""Reflow at text 200 % (WCAG 1.4.4, 1.4.10): one column before the text gets narrower than ~30 characters,
no sideways scrolling, no overlapping boxes, no word broken inside a heading. Browser text size (html font-size
250 %, as captures.py does) and the site's own setting (data-up-taille=200)."""

from __future__ import annotations

import pytest

PAGES = [
    "",
    "fiches/",
    "fiches/recherche/",
    "fiches/recherche/facile-a-lire/",
    "principes/egalite-consideration/",
    "raisons/",
    "raisons/creation-valeur/",
    "temoignages/",
    "lexique/",
    "modeles/",
    "modeles/contrat-clauses/",
    "kit-formateur/",
    "parametres-affichage/",
    "accessibilite/",
    "parcours/etablissement/",
    "temoignages/profil-proche-aidant/",
]
WIDTHS = [1280, 360]

PROBE = """() => {
  const out = {};
  out.sideways = document.documentElement.scrollWidth - window.innerWidth;
  const article = document.querySelector('article');
  const style = getComputedStyle(article);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = style.fontSize + ' ' + style.fontFamily;
  const sample = 'Les usagers partenaires participent aux décisions de santé';
  out.char = ctx.measureText(sample).width / sample.length;
  out.column = article.getBoundingClientRect().width;
  out.viewport = window.innerWidth;
  const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
      && r.right > 0 && r.left < window.innerWidth ? r : null; };
  const boxes = [['header', document.querySelector('.md-header')],
                 ['menu', document.querySelector('.md-sidebar--primary')],
                 ['sommaire', document.querySelector('.md-sidebar--secondary')],
                 ['contenu', article]].map(([n, el]) => [n, el && visible(el)]).filter(([n, r]) => r);
  out.overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, r] = boxes[i], [b, q] = boxes[j];
    if (r.left < q.right - 1 && q.left < r.right - 1 && r.top < q.bottom - 1 && q.top < r.bottom - 1)
      out.overlaps.push(a + '/' + b);
  }
  out.sidebarsBeside = boxes.filter(([n, r]) => n === 'menu' || n === 'sommaire').map(([n]) => n);
  out.broken = [];
  for (const h of article.querySelectorAll('h1, h2, h3, h4')) {
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      const re = /[\\p{L}\\p{N}’'-]+/gu;
      for (let m; (m = re.exec(node.data));) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1 && !m[0].includes('-')) out.broken.push(m[0]);
      }
    }
  }
  return out;
}"""


# The reader's text at 200 % (the theme sets html{font-size:125%}): added through the CSSOM, which the strict
# Content-Security-Policy allows, not as an inline <style>, which it rightly blocks.
BIG_TEXT = """() => { const sheet = new CSSStyleSheet(); sheet.replaceSync("html{font-size:250% !important}");
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }"""


def _check(tab, url: str, width: int) -> None:
    m = tab.evaluate(PROBE)
    where = f"{url or 'accueil'} à {width} px"
    assert m["sideways"] <= 1, f"{where} : défilement horizontal de {m['sideways']} px"
    assert not m["overlaps"], f"{where} : boîtes qui se chevauchent {m['overlaps']}"
    assert not m["broken"], f"{where} : mots coupés dans un titre {m['broken'][:5]}"
    one_column = not m["sidebarsBeside"] and m["column"] >= 0.8 * m["viewport"]
    assert m["column"] >= 30 * m["char"] or one_column, (
        f"{where} : colonne de {m['column']:.0f} px, {m['column'] / m['char']:.0f} caractères, à côté de {m['sidebarsBeside']}"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_browser_text_at_200_percent_reflows(browser, server, width) -> None:
    tab = browser.new_page()
    tab.set_viewport_size({"width": width, "height": 900})
    for url in PAGES:
        tab.goto(f"{server}/{url}")
        tab.evaluate(BIG_TEXT)
        tab.wait_for_timeout(100)
        _check(tab, url, width)
    tab.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_site_text_setting_at_200_percent_reflows(browser, server, width) -> None:
    tab = browser.new_page()
    tab.set_viewport_size({"width": width, "height": 900})
    tab.goto(f"{server}/")
    tab.evaluate("localStorage.setItem('up-reglages', JSON.stringify({taille: '200'}))")
    for url in PAGES:
        tab.goto(f"{server}/{url}")
        assert tab.evaluate("document.documentElement.getAttribute('data-up-taille')") == "200"
        _check(tab, url, width)
    tab.evaluate("localStorage.removeItem('up-reglages')")
    tab.close()


def test_the_menu_opens_at_large_text(browser, server) -> None:
    """The main menu (header, DESIGN.md) folds under « Menu » at large text and opens inside the screen."""
    tab = browser.new_page()
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(f"{server}/fiches/recherche/")
    tab.evaluate(BIG_TEXT)
    button = tab.locator(".up-menu__bouton")
    assert button.is_visible()
    button.click()
    link = tab.locator(".up-menu__liste a", has_text="Fiches-missions").first
    assert link.is_visible()
    box = tab.locator(".up-menu").bounding_box()
    assert box["x"] >= -1 and box["x"] + box["width"] <= 1281
    tab.close()


def test_settings_page_shows_the_chosen_option(browser, server) -> None:
    tab = browser.new_page()
    tab.goto(f"{server}/parametres-affichage/")
    tab.locator('input[name="taille"][value="150"]').check()
    label = tab.locator("label", has=tab.locator('input[name="taille"][value="150"]'))
    other = tab.locator("label", has=tab.locator('input[name="taille"][value="125"]'))
    assert label.evaluate("l => getComputedStyle(l).fontWeight") == "700"
    assert "choisi" in label.evaluate("l => getComputedStyle(l, '::after').content")
    assert other.evaluate("l => getComputedStyle(l, '::after').content") in ("none", "normal")
    tab.evaluate("localStorage.removeItem('up-reglages')")
    tab.close()


@pytest.mark.parametrize("url", ["", "temoignages/", "fiches/recherche/facile-a-lire/"])
def test_the_site_name_stays_in_the_header_on_a_phone(browser, server, url) -> None:
    """Seen in the screenshots: at 360 px the search box took all the header's room and the site's name was
    0 px wide. It must stay readable (at least « Usagers… »), without sideways scrolling."""
    tab = browser.new_page()
    tab.set_viewport_size({"width": 360, "height": 800})
    tab.goto(f"{server}/{url}")
    width = tab.evaluate("() => document.querySelector('.up-entete__texte').getBoundingClientRect().width")
    assert width >= 80, f"{url or 'accueil'} : nom du site large de {width} px dans l'en-tête"
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= 361
    tab.close()


def test_the_search_box_on_a_phone_shows_its_word_whole(browser, server) -> None:
    """Seen in the screenshots: at 360 px the box said « Rec », then was an empty 60 px box. The search has a row
    of its own in the header on a phone (DESIGN.md): « Rechercher » shows whole, beside the site's name that stays."""
    tab = browser.new_page()
    tab.set_viewport_size({"width": 360, "height": 800})
    tab.goto(f"{server}/fiches/pair-aidance/")
    field = tab.locator("#up-recherche-champ")
    assert field.evaluate("f => f.labels[0].textContent") == "Rechercher dans le site"
    assert field.evaluate("f => getComputedStyle(f, '::placeholder').color") != "rgba(0, 0, 0, 0)"
    needed = field.evaluate("""f => { const c = document.createElement('canvas').getContext('2d');
        const s = getComputedStyle(f); c.font = `${s.fontSize} ${s.fontFamily}`;
        return c.measureText(f.placeholder).width + parseFloat(s.paddingLeft) + parseFloat(s.paddingRight); }""")
    assert field.bounding_box()["width"] >= max(needed, 200)
    field.click()  # a tap
    field.type("pair")
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= 361
    assert tab.locator(".up-entete__texte").is_visible()
    tab.close()
