"""Every control of a page's content that a person must hit (the « Partager ce lien » beside each section heading,
the « Sur cette page » list, the way back of the breadcrumb, « Retour en haut de la page », the previous and next
sheets…) is a thumb-sized target on a 360 px phone and with the browser's text at 200 %: 44 × 44 CSS px, or a
small target spaced as WCAG 2.5.8 asks (the rule of tests/test_restes_cible.py). Links inside running text are
exempt (WCAG 2.5.8's « inline » exception) and stay as they are. The « Partager ce lien » buttons also keep a
3 px focus outline and, in the dark scheme, text at 4.5:1 at least. Measured in headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_restes_cible import too_small

# Each page measured, and how many « Partager ce lien » it has at least (an easy-to-read page has none).
PAGES = {
    "fiches/pair-aidance/": 3,
    "lexique/": 3,
    "principes/egalite-consideration/": 3,
    "fiches/pair-aidance/facile-a-lire/": 0,
}

# The content's controls a person can see now, with their boxes; a link whose paragraph, item or cell has more
# text than the link itself is in running text.
TARGETS = """() => {
  const inline = e => {
    const block = e.closest("p, li, td, th, dd, dt, blockquote, figcaption");
    return e.tagName === "A" && !!block && block.textContent.trim().length > e.textContent.trim().length + 3;
  };
  return [...document.querySelectorAll(
      "main a[href], main button, main summary, main input:not([type=hidden]), main select")]
    .filter(e => e.checkVisibility({visibilityProperty: true, opacityProperty: true}) && !inline(e))
    .map(e => {
      const r = e.getBoundingClientRect();
      const name = (e.getAttribute("aria-label") || e.textContent || "").trim().replace(/\\s+/g, " ");
      return {name: e.tagName.toLowerCase() + "." + (e.className || "") + " « " + name.slice(0, 50) + " »",
              copy: e.classList.contains("up-copier"), x: r.x, y: r.y, w: r.width, h: r.height};
    })
    .filter(b => b.w > 0 && b.h > 0);
}"""

# The contrast of a control's text on the first background behind it that is not transparent.
CONTRAST = """(e) => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  let node = e, bg = null;
  while (node && !bg) {
    const c = getComputedStyle(node).backgroundColor;
    if (rgb(c).length < 4 || rgb(c)[3] > 0) bg = rgb(c);
    node = node.parentElement;
  }
  const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(bg || [255, 255, 255])];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def _text200(browser) -> Any:
    """A 360 px phone whose browser text size is 200 % (Chromium's own setting, as tests/test_lecteurs_texte200)."""
    tab = browser.new_page()
    cdp = browser.new_cdp_session(tab)
    cdp.send("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 780, "deviceScaleFactor": 2, "mobile": True})
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    return tab


def _phone(browser) -> Any:
    tab = browser.new_page()
    tab.set_viewport_size({"width": 360, "height": 780})
    return tab


@pytest.mark.parametrize("situation", ["téléphone", "texte 200 %"])
@pytest.mark.parametrize("url", PAGES)
def test_every_control_of_the_content_is_a_thumb_sized_target(browser, server: str, url: str, situation: str) -> None:
    tab = (_phone if situation == "téléphone" else _text200)(browser)
    try:
        tab.goto(f"{server}/{url}", wait_until="load")
        tab.evaluate("document.fonts.ready")
        boxes = tab.evaluate(TARGETS)
    finally:
        tab.close()
    copies = [b for b in boxes if b["copy"]]
    assert len(copies) >= PAGES[url], f"/{url} : les boutons « Partager ce lien » manquent : {boxes}"
    assert len(boxes) > len(copies) + 3, boxes  # the other controls are measured too
    small = too_small(boxes)
    assert not small, f"/{url} ({situation}, 360 px) : cibles de moins de 44 × 44 px : {small}"


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_share_buttons_show_their_focus_and_read_well_in_both_schemes(browser, server: str, scheme: str) -> None:
    tab = _phone(browser)
    try:
        tab.goto(f"{server}/fiches/pair-aidance/", wait_until="load")
        tab.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        button = tab.locator("button.up-copier").first
        ratio = button.evaluate(CONTRAST)
        button.focus()
        tab.keyboard.press("Shift+Tab")
        tab.keyboard.press("Tab")  # a keyboard focus, which :focus-visible shows
        focused = tab.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.className, s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
        )
    finally:
        tab.close()
    assert ratio >= 4.5, f"« Partager ce lien » ({scheme}) : contraste {ratio:.2f}:1, il faut 4,5:1"
    name, style, width, colour = focused
    assert "up-copier" in name.split() and style == "solid" and width >= 3 and "0, 0, 0, 0" not in colour, focused
