"""Real pages driven in headless Chromium: navigation between sheets, no request to another host."""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from tests import crawl as walker
from tests.conftest import is_redirect, serving


@pytest.fixture
def tab(browser, server):
    page = browser.new_page()
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:")
            else None
        ),
    )
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


def test_no_page_requests_another_host(crawl, site_dir) -> None:
    """Every page of the built site, in the browser: no request leaves 127.0.0.1, none is even attempted
    (a request blocked by the Content-Security-Policy shows as a console error). Read from the walks of
    tests/crawl.py (shared with axe-core and the policy check): each page loaded, then 100 ms or more on it, and
    the network left idle on the home page, the list of sheets and each sheet (what loads late: search, workers);
    with the system in light mode, and again in dark mode (the phone's walk)."""
    # The redirects of old addresses load nothing themselves (tests/test_partage.py checks them).
    pages = sorted(
        {
            "/" + p.parent.relative_to(site_dir).as_posix().removeprefix(".") + "/"
            for p in site_dir.rglob("index.html")
            if not is_redirect(BeautifulSoup(p.read_text(encoding="utf-8"), "lxml"))
        }
        | {"/404.html"}
    )
    pages = [url.replace("//", "/") for url in pages]
    assert len(pages) > 50
    light, dark = crawl("ordinateur"), crawl("telephone")  # the phone's walk: system in dark mode
    assert set(pages) <= set(light.visited) and set(pages) <= set(dark.visited)
    assert light.foreign == [] and dark.foreign == []
    assert light.blocked == [] and dark.blocked == []


SPOILT = {  # page → (text of the built page, what replaces it)
    # an inline script the policy does not name; a text too pale in the light scheme, one too dark in the dark
    "fiches/pair-aidance/": (
        "</article>",
        '<p class="up-essai-pale">Trop pâle</p>'
        '<p class="up-essai-sombre">Trop sombre</p><script>window.essai = 1</script></article>',
    ),
    # no policy at all (its <meta> renamed), and an image from another host: the browser asks for it
    "lexique/": ("http-equiv=Content-Security-Policy", 'name="plus-de-politique"'),
    # the policy kept, and an image from another host: blocked, a violation and a console error
    "principes/": ("</article>", '<img alt="" src="http://autre-hote.invalid/bloquee.png"></article>'),
}
PALE = ".up-essai-pale{color:#ddd!important}[data-md-color-scheme=slate] .up-essai-sombre{color:#222!important}"


def test_the_shared_walk_sees_each_problem(browser, site_dir, tmp_path) -> None:
    """The walk of tests/crawl.py can fail each test that reads it, and puts each problem where its own test
    looks: on a spoilt copy of three pages, axe-core sees the contrasts (light and dark), the policy check the
    unnamed script and the blocked image, the other-host check the image asked from another host."""
    spoilt = shutil.copytree(site_dir, tmp_path / "site")
    with (spoilt / "assets" / "site.css").open("a", encoding="utf-8") as css:
        css.write(PALE)
    for url, (old, new) in SPOILT.items():
        path = spoilt / url / "index.html"
        text = path.read_text(encoding="utf-8")
        assert old in text, (url, old)
        text = text.replace(old, new, 1)
        if url == "lexique/":
            text = text.replace("</article>", '<img alt="" src="http://autre-hote.invalid/demandee.png"></article>', 1)
        path.write_text(text, encoding="utf-8")
    only = ["/" + url for url in SPOILT]
    with serving(spoilt) as address:
        light = walker.walk(browser, address, spoilt, "ordinateur", only=only)
        dark = walker.walk(browser, address, spoilt, "telephone", only=only)
    assert sorted(light.visited) == sorted(dark.visited) == sorted(only)
    contrast = [where for rule, found in light.axe.items() if rule.startswith("color-contrast") for where in found]
    assert any(w.startswith("/fiches/pair-aidance/ [default]") and "up-essai-pale" in w for w in contrast), light.axe
    assert any(w.startswith("/fiches/pair-aidance/ [slate]") and "up-essai-sombre" in w for w in contrast), light.axe
    assert all(w.startswith("/fiches/pair-aidance/") for found in light.axe.values() for w in found), light.axe
    # the phone's walk, system in dark mode: axe still reads the page in both of the theme's schemes
    contrast = [where for rule, found in dark.axe.items() if rule.startswith("color-contrast") for where in found]
    assert any(w.startswith("/fiches/pair-aidance/ [default]") and "up-essai-pale" in w for w in contrast), dark.axe
    assert any(w.startswith("/fiches/pair-aidance/ [slate]") and "up-essai-sombre" in w for w in contrast), dark.axe
    for record in (light, dark):
        assert any(v.startswith("/fiches/pair-aidance/: script-src") and "inline" in v for v in record.csp), record.csp
        assert any(v.startswith("/principes/: img-src http://autre-hote.invalid/bloquee.png") for v in record.csp), (
            record.csp
        )
        assert not [v for v in record.csp if v.startswith("/lexique/")], record.csp  # no policy, nothing to report
        # both asked for: Chromium reports the request that the policy then blocks
        assert sorted(r.split(": ", 1)[1] for r in record.foreign) == [
            "http://autre-hote.invalid/bloquee.png",
            "http://autre-hote.invalid/demandee.png",
        ], record.foreign
        assert record.blocked and all("/principes/" in b or "/fiches/pair-aidance/" in b for b in record.blocked), (
            record.blocked
        )


def test_copy_link_button_works_by_keyboard(browser, server, site_data) -> None:
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = browser.new_page()
    fiche = site_data.fiches_in_order()[0]
    page.goto(f"{server}/fiches/{fiche.id}/")
    button = page.get_by_role("button", name="Partager ce lien vers la section « Comment ? »")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#comment .up-copier').textContent === 'Lien copié'")
    assert page.evaluate("() => navigator.clipboard.readText()") == f"{server}/fiches/{fiche.id}/#comment"
    page.close()
