"""The heading block of the easy-to-read pages (issue 22, point 2): right under the title, one row of real buttons
for what people come to do — « Télécharger le PDF », « Lire la version complète », « Écouter » — each at least
44 × 44 px and reached by a tap on a touch phone; « Écouter » started by a tap reads the page, its Pause and
Arrêter stay just under the row, and stopped, « Écouter » is back in the row with the focus on it. Measured in
Chromium on a 360 px touch screen, with a stubbed speech synthesis (tests/test_falc_lieu.py)."""

from __future__ import annotations

import pytest

from macros.content.kinds import KIND
from macros.render.views import Views
from tests.test_falc_lieu import FRENCH, STUB

ROW = """() => {
  const texte = document.querySelector('.up-falc__texte');
  const h1 = texte.querySelector('h1');
  const row = texte.querySelector('.up-actions');
  if (!row) return null;
  let next = h1.nextElementSibling;
  const items = [...row.querySelectorAll('a, button')].filter(e => e.offsetParent).map(e => {
    e.scrollIntoView({block: 'center'});  // a person scrolls to a button below the fold, then taps it
    const r = e.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {tag: e.tagName.toLowerCase(), text: e.textContent.trim(), name: e.getAttribute('aria-label') || e.textContent.trim(),
            width: r.width, height: r.height, top: r.top + scrollY, left: r.left, right: r.right,
            reached: !!hit && (hit === e || e.contains(hit))};
  });
  const h2 = texte.querySelector('h2');
  return {afterTitle: next === row, items, h2: h2 ? h2.getBoundingClientRect().top + scrollY : null,
          width: innerWidth};
}"""


@pytest.fixture()
def phone(browser):
    """A touch phone, 360 × 740, in the project's browser (DevTools protocol), with a stubbed French voice."""
    tab = browser.new_page()
    cdp = browser.new_cdp_session(tab)
    cdp.send("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    tab.add_init_script(STUB % (FRENCH, "false"))
    tab.cdp = cdp
    yield tab
    tab.close()


def _tap(tab, name: str) -> None:
    """A finger on the button named `name`: a touch at its centre, as a person taps."""
    box = tab.get_by_role("button", name=name).bounding_box()
    point = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    tab.cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    tab.cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    tab.wait_for_timeout(300)


def _falc_pages(site_data) -> list[str]:
    records = Views(site_data, "https://exemple.org/").records
    return [r.url for r in records if r.kind is KIND["falc"]]


@pytest.mark.pdf  # its row names « Télécharger le PDF (…) »: a build with the PDFs
def test_every_easy_to_read_page_has_pdf_full_version_and_listen_in_one_row(phone, server, site_data) -> None:
    pages = _falc_pages(site_data)
    assert len(pages) >= 20
    problems = []
    for url in pages:
        phone.goto(f"{server}/{url}", wait_until="load")
        row = phone.evaluate(ROW)
        if row is None:
            problems.append(f"/{url} : pas de rangée de boutons")
            continue
        names = [item["name"] for item in row["items"]]
        kinds = [item["tag"] for item in row["items"]]
        if not row["afterTitle"]:
            problems.append(f"/{url} : la rangée n'est pas juste sous le titre")
        if (
            len(names) != 3
            or not names[0].startswith("Télécharger le PDF (")
            or not names[1].startswith("Lire la version complète")
            or names[2] != "Écouter la page à voix haute"
            or kinds != ["a", "a", "button"]
        ):
            problems.append(f"/{url} : rangée {list(zip(kinds, names, strict=True))}")
        for item in row["items"]:
            if item["width"] < 44 or item["height"] < 44 or not item["reached"]:
                problems.append(
                    f"/{url} : « {item['text']} » {item['width']:.0f} × {item['height']:.0f} px, touché : {item['reached']}"
                )
            if item["right"] > row["width"] or item["left"] < 0:
                problems.append(f"/{url} : « {item['text']} » sort de l'écran")
        if row["h2"] is not None and any(item["top"] > row["h2"] for item in row["items"]):
            problems.append(f"/{url} : un bouton de la rangée est sous le premier intertitre")
    assert not problems, "\n".join(problems)


BAND = """() => { const row = document.querySelector('.up-actions').getBoundingClientRect();
    const box = document.querySelector('.up-ecouter');
    return {inRow: !!box.closest('.up-actions'), gap: box.getBoundingClientRect().top - row.bottom,
            sticky: getComputedStyle(box).position, read: document.querySelectorAll('.up-lu').length,
            focused: document.activeElement.getAttribute('aria-label') || document.activeElement.textContent}; }"""


def test_listen_by_a_tap_reads_and_keeps_its_controls_under_the_row(phone, server) -> None:
    phone.goto(f"{server}/fiches/pair-aidance/facile-a-lire/", wait_until="load")
    _tap(phone, "Écouter la page à voix haute")
    assert phone.evaluate("window.__tts.spoken.length") == 1
    band = phone.evaluate(BAND)
    assert not band["inRow"] and 0 <= band["gap"] <= 30 and band["sticky"] == "sticky" and band["read"] == 1, band
    _tap(phone, "Arrêter")
    back = phone.evaluate(BAND)
    assert back["inRow"] and back["read"] == 0 and back["sticky"] == "static", back


def test_listen_by_keyboard_keeps_the_focus_on_a_visible_control(phone, server) -> None:
    """Enter on « Écouter » (which then hides): the focus goes to « Pause »; Enter on « Arrêter »: back on « Écouter »,
    in the row (it fell on the page's <body> before)."""
    phone.goto(f"{server}/fiches/pair-aidance/facile-a-lire/", wait_until="load")
    phone.get_by_role("button", name="Écouter la page à voix haute").focus()
    phone.keyboard.press("Enter")
    assert phone.evaluate(BAND)["focused"] == "Pause"
    phone.keyboard.press("Tab")
    assert phone.evaluate(BAND)["focused"] == "Arrêter"
    phone.keyboard.press("Enter")
    back = phone.evaluate(BAND)
    assert back["focused"] == "Écouter la page à voix haute" and back["inRow"] and back["read"] == 0, back
