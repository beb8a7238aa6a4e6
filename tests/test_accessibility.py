"""WCAG 2.2 AA / RGAA: axe-core on every page (light and dark, desktop and phone), keyboard, settings."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import is_redirect
from tests.crawl import AXE, WIDTHS

ROOT = Path(__file__).resolve().parent.parent
WRITE_REPORTS = os.environ.get("UP_RAPPORTS") == "1"
REPORT = ROOT / "rapports" / "axe.json"


def all_urls(site_dir: Path) -> list[str]:
    """Every page of the built site, except the redirects of old addresses."""
    urls = []
    for path in sorted(site_dir.rglob("index.html")):
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):
            continue
        rel = path.parent.relative_to(site_dir).as_posix()
        urls.append("/" if rel == "." else f"/{rel}/")
    return urls


def new_tab(browser, size: dict[str, int]):
    tab = browser.new_page()
    tab.set_viewport_size(size)
    tab.emulate_media(reduced_motion="reduce")  # no colour transitions while axe measures contrast
    return tab


def test_every_page_is_french_with_one_h1(site_dir, page) -> None:
    for path in site_dir.rglob("index.html"):
        soup = page(str(path.relative_to(site_dir)))
        assert soup.html.get("lang") == "fr", path
        if is_redirect(soup):
            continue
        assert len(soup.find_all("h1")) == 1, path
        levels = [int(h.name[1]) for h in soup.find("article").find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"{path}: heading level jumps from h{before} to h{after}"
        for img in soup.find_all("img"):
            assert img.has_attr("alt"), f"{path}: img without alt"


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_any_page(crawl, site_dir, width) -> None:
    """axe-core on every page, light scheme with every rule, dark with the colour rules: run during the walk of
    tests/crawl.py that tests/test_csp.py and tests/test_browser.py read too."""
    if not AXE.exists():
        pytest.fail(f"axe-core absent ({AXE}) : lancez « npm ci »")
    record = crawl(width)
    pages = len(all_urls(site_dir))
    assert record.axe_pages == pages and record.axe_runs == 2 * pages, "axe n'a pas lu chaque page"
    violations = record.axe
    if WRITE_REPORTS:  # `make rapports` only: tests never change tracked files
        REPORT.parent.mkdir(exist_ok=True)
        existing = json.loads(REPORT.read_text(encoding="utf-8")) if REPORT.exists() else {}
        existing[width] = {
            "pages": pages,
            "runs": record.axe_runs,
            "violations": sum(len(v) for v in violations.values()),
            "details": violations,
        }
        REPORT.write_text(json.dumps(existing, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=2)[:6000]


def test_keyboard_walk_of_a_sheet(browser, server, site_data) -> None:
    fiche = site_data.fiches_in_order()[1]
    tab = new_tab(browser, WIDTHS["ordinateur"])
    tab.goto(f"{server}/fiches/{fiche.id}/")
    tab.keyboard.press("Tab")
    focused = tab.evaluate(
        "() => [document.activeElement.classList.contains('up-evitement'), document.activeElement.textContent.trim()]"
    )
    assert focused == [True, "Aller au contenu"]
    box = tab.locator(".up-evitement").bounding_box()
    assert box is not None and box["y"] >= 0, "skip link not visible when focused"
    tab.keyboard.press("Enter")
    assert tab.evaluate("() => document.activeElement.id") == "contenu"
    # Material closes the search 125 ms after any change of address (here « #contenu »): a person
    # does not press « / » that fast, a script does (it made this test fail on a fast run).
    tab.wait_for_timeout(400)
    # Tab to the first lexicon term: Enter opens its definition (more in tests/test_lecteur_definitions.py).
    for _ in range(200):
        tab.keyboard.press("Tab")
        if tab.evaluate("() => document.activeElement.classList.contains('up-terme')"):
            break
    else:
        pytest.fail("no lexicon term reachable by keyboard")
    tab.keyboard.press("Enter")
    panel_id = tab.evaluate("() => document.activeElement.getAttribute('aria-controls')")
    assert tab.locator(f"#{panel_id}").is_visible()
    # Search from the keyboard: « / » focuses our search box (docs/assets/recherche.js; more in tests/test_search.py).
    tab.keyboard.press("Escape")
    tab.evaluate("() => document.activeElement.blur()")
    tab.keyboard.press("/")
    tab.wait_for_timeout(300)
    assert tab.evaluate("() => document.activeElement.id") == "up-recherche-champ"
    tab.keyboard.type("formation", delay=50)
    tab.wait_for_selector(".up-recherche__resultat", timeout=15000)
    tab.close()


def test_settings_work_by_keyboard_and_persist_across_pages(browser, server) -> None:
    tab = new_tab(browser, WIDTHS["ordinateur"])
    tab.goto(f"{server}/parametres-affichage/")
    assert tab.locator("#up-reglages").is_visible()
    tab.locator('input[name="taille"][value="defaut"]').focus()
    tab.keyboard.press("ArrowDown")  # radio group: the next choice, « 125 % »
    assert tab.evaluate("() => document.documentElement.getAttribute('data-up-taille')") == "125"
    tab.locator('input[name="police"][value="lisible"]').check()
    tab.locator('input[name="interligne"][value="large"]').check()
    tab.goto(f"{server}/fiches/")
    attrs = tab.evaluate(
        "() => ['taille','police','interligne'].map(n => document.documentElement.getAttribute('data-up-' + n))"
    )
    assert attrs == ["125", "lisible", "large"]
    assert "Atkinson" in tab.evaluate("() => getComputedStyle(document.body).fontFamily")
    tab.goto(f"{server}/parametres-affichage/")
    tab.get_by_role("button", name="Revenir aux réglages d'origine").click()
    tab.goto(f"{server}/")
    assert tab.evaluate("() => document.documentElement.getAttribute('data-up-taille')") is None
    tab.close()


def test_saved_settings_apply_before_the_page_scripts_run(browser, server) -> None:
    """The <head> applies saved settings itself: the page does not jump once reglages.js arrives."""
    tab = new_tab(browser, WIDTHS["ordinateur"])
    tab.goto(f"{server}/")
    tab.evaluate("() => localStorage.setItem('up-reglages', JSON.stringify({taille: '150', espacement: 'large'}))")
    tab.route("**/assets/reglages.js*", lambda route: route.abort())  # only the <head> snippet is left
    tab.goto(f"{server}/lexique/")
    attrs = tab.evaluate("() => ['taille', 'espacement'].map(n => document.documentElement.getAttribute('data-up-' + n))")
    assert attrs == ["150", "large"]
    tab.unroute("**/assets/reglages.js*")
    tab.evaluate("() => localStorage.removeItem('up-reglages')")
    tab.close()


def test_settings_page_without_javascript(browser, server, page) -> None:
    soup = page("parametres-affichage/")
    assert soup.find(id="up-reglages").has_attr("hidden")
    assert "sans javascript" in soup.find(id="up-reglages-sans-js").get_text().lower()
    for p in ("", "fiches/"):
        assert page(p).find("a", string="Paramètres d'affichage") is not None


def test_reflow_at_320_px(browser, server, site_data) -> None:
    tab = new_tab(browser, {"width": 320, "height": 640})
    for url in ["/", f"/fiches/{site_data.fiches_in_order()[3].id}/", "/principes/", "/lexique/"]:
        tab.goto(server + url)
        overflow = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{url}: horizontal scrolling of {overflow}px at 320px"
    tab.close()


def test_text_at_200_percent_keeps_everything(browser, server, site_data) -> None:
    tab = new_tab(browser, WIDTHS["ordinateur"])
    tab.goto(f"{server}/")
    tab.evaluate("() => localStorage.setItem('up-reglages', JSON.stringify({taille: '200'}))")
    url = f"{server}/fiches/{site_data.fiches_in_order()[0].id}/"
    tab.goto(url)
    assert tab.evaluate("() => document.documentElement.getAttribute('data-up-taille')") == "200"
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    assert tab.locator("h1").is_visible()
    tab.evaluate("() => localStorage.removeItem('up-reglages')")
    tab.close()
