"""Lexicon definitions by touch, click and keyboard (WCAG 1.4.13): shown in place, dismissible, never over the line."""

from __future__ import annotations

import pytest

URL = "/fiches/recherche/"


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


def _tap(tab, locator) -> None:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    point = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    tab.cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    tab.cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    tab.wait_for_timeout(300)


def _bubble(tab, term):
    return tab.locator("#" + term.get_attribute("aria-controls"))


def test_tap_shows_the_definition_in_place_and_escape_closes_it(phone, server) -> None:
    phone.goto(server + URL)
    term = phone.locator("a.up-terme").first
    assert term.get_attribute("aria-expanded") == "false"
    _tap(phone, term)
    assert phone.evaluate("navigator.maxTouchPoints > 0")
    assert phone.url == server + URL
    assert term.get_attribute("aria-expanded") == "true"
    bubble = _bubble(phone, term)
    assert bubble.is_visible()
    # Both resolved against the page: the bubble's link may be written absolute, the term's relative.
    resolved = "a => a.href"
    assert bubble.get_by_role("link", name="Voir dans le lexique").evaluate(resolved) == term.evaluate(resolved)
    phone.keyboard.press("Escape")
    assert term.get_attribute("aria-expanded") == "false"
    assert not bubble.is_visible()


def test_keyboard_focus_and_enter_open_the_definition(browser, server) -> None:
    tab = browser.new_page()
    tab.goto(server + URL)
    term = tab.locator("a.up-terme").first
    term.focus()
    tab.keyboard.press("Enter")
    assert tab.url == server + URL
    assert term.get_attribute("aria-expanded") == "true"
    assert term.get_attribute("role") == "button"
    assert _bubble(tab, term).is_visible()
    tab.keyboard.press("Enter")
    assert term.get_attribute("aria-expanded") == "false"
    tab.close()


def test_at_320_px_the_bubble_is_on_screen_and_below_the_terms_line(browser, server) -> None:
    tab = browser.new_page()
    tab.set_viewport_size({"width": 320, "height": 700})
    tab.goto(server + URL)
    for n in range(3):
        term = tab.locator("a.up-terme").nth(n)
        term.scroll_into_view_if_needed()
        term.click()
        bubble = _bubble(tab, term).bounding_box()
        line = term.bounding_box()
        assert bubble["x"] >= 0 and bubble["x"] + bubble["width"] <= 320, bubble
        assert bubble["y"] >= line["y"] + line["height"] - 1, (bubble, line)
        term.click()
    tab.close()
