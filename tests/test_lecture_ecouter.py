"""Read aloud that follows (issue 22, point 6), in Chromium with a stubbed speech synthesis: the sentence being
read stays in the window after 40 sentences, the controls stay reachable while reading, and without a French
voice the button says why instead of vanishing."""

from __future__ import annotations

import pytest

from tests.test_falc_lieu import ENGLISH, FRENCH, STUB

PAGE = "fiches/pair-aidance/facile-a-lire/"  # a long easy-to-read page: far more than 40 sentences
WHERE = """() => {
  const read = document.querySelector('.up-lu').getBoundingClientRect();
  const box = document.querySelector('.up-ecouter').getBoundingClientRect();
  return {top: read.top, bottom: read.bottom, boxTop: box.top, boxBottom: box.bottom, height: innerHeight,
          scrolled: scrollY};
}"""


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
@pytest.mark.parametrize("size", [(1280, 800), (360, 740)], ids=["ordinateur", "telephone"])
def test_the_sentence_read_stays_in_view_after_40_sentences(browser, server, motion, size) -> None:
    tab = browser.new_page()
    try:
        tab.set_viewport_size({"width": size[0], "height": size[1]})
        tab.emulate_media(reduced_motion=motion)
        tab.add_init_script(STUB % (FRENCH, "false"))
        tab.goto(f"{server}/{PAGE}")
        tab.get_by_role("button", name="Écouter la page à voix haute").click()
        for _ in range(40):
            tab.evaluate("window.__finishCurrent()")
            tab.wait_for_timeout(20)
        tab.wait_for_timeout(900 if motion == "no-preference" else 100)  # a smooth scroll ends
        assert tab.evaluate("window.__tts.spoken.length") == 41
        where = tab.evaluate(WHERE)
        assert where["scrolled"] > 300, where  # the page followed the reading
        assert where["top"] >= where["boxBottom"] - 1, where  # not under the controls
        assert where["bottom"] <= where["height"], where
        # The controls: on screen, on one short band, and usable.
        assert 0 <= where["boxTop"] and where["boxBottom"] - where["boxTop"] <= 0.2 * where["height"], where
        for name in ("Pause", "Arrêter"):  # not under the header: a tap on them reaches them
            button = tab.get_by_role("button", name=name)
            box = button.bounding_box()
            hit = tab.evaluate(
                "([x, y]) => document.elementFromPoint(x, y)?.textContent",
                [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
            )
            assert hit == name, (name, hit, box)
        tab.get_by_role("button", name="Pause").click()
        assert tab.evaluate("window.__tts.paused") is True
        tab.get_by_role("button", name="Arrêter").click()
        assert tab.locator(".up-lu").count() == 0
    finally:
        tab.close()


def test_without_a_french_voice_the_button_says_why(browser, server) -> None:
    tab = browser.new_page()
    try:
        tab.add_init_script(STUB % (ENGLISH, "true"))
        tab.goto(f"{server}/{PAGE}")
        listen = tab.get_by_role("button", name="Écouter la page à voix haute")
        assert listen.is_visible()
        listen.click()
        why = tab.locator(".up-ecouter__pourquoi")
        assert why.is_visible()
        assert "pas de voix française" in why.text_content()
        assert tab.evaluate("window.__tts.spoken.length") == 0
        assert listen.get_attribute("aria-describedby") == why.get_attribute("id")
    finally:
        tab.close()


def test_without_speech_synthesis_the_button_says_why(browser, server) -> None:
    tab = browser.new_page()
    try:
        tab.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined});")
        tab.goto(f"{server}/{PAGE}")
        tab.get_by_role("button", name="Écouter la page à voix haute").click()
        assert "ne sait pas lire à voix haute" in tab.locator(".up-ecouter__pourquoi").text_content()
    finally:
        tab.close()
