"""Real pages driven in headless Chromium: navigation between sheets, no request to another host."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from tests.conftest import is_redirect


@pytest.fixture
def tab(browser, server):
    page = browser.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url)
            if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:") else None)
    page.foreign_requests = foreign  # type: ignore[attr-defined]
    yield page
    page.close()


def test_reader_moves_from_sheet_to_sheet(tab, server, site_data) -> None:
    fiches = site_data.fiches_in_order()
    tab.goto(f"{server}/fiches/{fiches[0].id}/")
    assert tab.locator("h1").inner_text().startswith(fiches[0].titre)
    tab.get_by_role("link", name=f"Fiche suivante : n° {fiches[1].numero}").click()
    tab.wait_for_url(f"{server}/fiches/{fiches[1].id}/")
    assert tab.locator("h1").inner_text().startswith(fiches[1].titre)
    tab.get_by_role("link", name="Toutes les fiches-missions").click()
    tab.wait_for_url(f"{server}/fiches/")
    assert tab.locator(".up-carte").count() == len(fiches)


def test_section_anchor_lands_on_its_heading(tab, server, site_data) -> None:
    fiche = site_data.fiches_in_order()[2]
    tab.goto(f"{server}/fiches/{fiche.id}/#competences")
    heading = tab.locator("#competences")
    assert heading.is_visible()
    assert heading.evaluate("e => e.getBoundingClientRect().top") < 300


def test_no_page_requests_another_host(tab, server, site_data, site_dir) -> None:
    """Every page of the built site, in the browser: no request leaves 127.0.0.1, none is even attempted
    (a request blocked by the Content-Security-Policy shows as a console error)."""
    blocked: list[str] = []
    tab.on("console", lambda m: blocked.append(f"{tab.url}: {m.text}")
           if m.type == "error" and "Content Security Policy" in m.text else None)
    quiet = ["/", "/fiches/"] + [f"/fiches/{f.id}/" for f in site_data.fiches_in_order()]
    # Redirects of old addresses are left out: their refresh would interrupt the next page's loading (they
    # load nothing themselves; tests/test_partage.py checks them).
    pages = sorted({"/" + p.parent.relative_to(site_dir).as_posix().removeprefix(".") + "/"
                    for p in site_dir.rglob("index.html")
                    if not is_redirect(BeautifulSoup(p.read_text(encoding="utf-8"), "lxml"))} | {"/404.html"})
    pages = [url.replace("//", "/") for url in pages]
    assert len(pages) > 50
    for url in pages:
        if url in quiet:
            tab.goto(server + url, wait_until="networkidle")  # also what loads late (search, workers)
        else:
            tab.goto(server + url, wait_until="load")
            tab.wait_for_timeout(100)
    assert tab.foreign_requests == []
    assert blocked == []


def test_copy_link_button_works_by_keyboard(browser, server, site_data) -> None:
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = browser.new_page()
    fiche = site_data.fiches_in_order()[0]
    page.goto(f"{server}/fiches/{fiche.id}/")
    button = page.get_by_role("button", name="Copier le lien vers la section « Activités »")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#activites .up-copier').textContent === 'Lien copié'")
    assert page.evaluate("() => navigator.clipboard.readText()") == f"{server}/fiches/{fiche.id}/#activites"
    page.close()
