"""In Chromium: a reader finds « Contenu vérifié le … » at the end of a sheet's content, readable on a phone, at
200 % text and in the dark scheme; and follows « Nouveautés » to a page a news entry names."""

from __future__ import annotations

import re

import pytest

# The measured look of the review line: font size, its contrast with what is behind it, its box, the content's end.
MEASURE = """(el) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let bg = null;
  for (let n = el; n && !bg; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0)) bg = c.slice(0, 3);
  }
  bg = bg || [255, 255, 255];
  const fg = rgb(getComputedStyle(el).color);
  const alpha = fg.length === 4 ? fg[3] : 1;
  const mixed = fg.slice(0, 3).map((v, i) => v * alpha + bg[i] * (1 - alpha));
  const [a, b] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
  const box = el.getBoundingClientRect();
  const content = el.closest('article').querySelector('[data-pagefind-body]').getBoundingClientRect();
  return {size: parseFloat(getComputedStyle(el).fontSize), contrast: (a + 0.05) / (b + 0.05),
          left: box.left, right: box.right, top: box.top, contentBottom: content.bottom,
          viewport: document.documentElement.clientWidth, text: el.innerText};
}"""


@pytest.mark.parametrize(
    ("width", "scale", "scheme"), [(1280, 1, "default"), (360, 1, "default"), (360, 2, "default"), (1280, 1, "slate")]
)
def test_the_review_line_is_read_at_the_end_of_the_content(browser, server, width, scale, scheme) -> None:
    tab = browser.new_page()
    tab.set_viewport_size({"width": width, "height": 800})
    tab.goto(f"{server}/fiches/pair-aidance/")
    if scale != 1:
        tab.evaluate(f"document.documentElement.style.fontSize = '{int(125 * scale)}%'")
    if scheme != "default":
        tab.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    line = tab.locator("p.up-verification")
    line.scroll_into_view_if_needed()
    assert line.is_visible()
    got = line.evaluate(MEASURE)
    tab.close()
    assert re.fullmatch(
        r"Contenu vérifié le (1er|\d{1,2}) \w+ \d{4} — prochaine vérification avant le (1er|\d{1,2}) \w+ \d{4}",
        " ".join(got["text"].split()),
    ), got["text"]
    assert got["size"] >= 12 * scale, got  # quiet, not tiny
    assert got["contrast"] >= 4.5, got  # WCAG 1.4.3
    assert 0 <= got["left"] and got["right"] <= got["viewport"], got  # never cut on a phone
    assert got["top"] >= got["contentBottom"], got  # after the content, not inside it


def test_a_reader_goes_from_the_news_to_the_page_it_names(browser, server) -> None:
    tab = browser.new_page()
    tab.goto(f"{server}/nouveautes/")
    entry = tab.locator("li#nouveaute-corrections-transcription")
    assert entry.is_visible() and "écarts de transcription" in entry.inner_text()
    entry.get_by_role("link", name="Les missions des usagers selon la HAS").click()
    tab.wait_for_url("**/has/missions-has/")
    assert "missions" in tab.locator("h1").inner_text().lower()
    tab.close()
