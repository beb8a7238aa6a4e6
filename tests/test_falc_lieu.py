"""The easy-to-read version as a place of its own: the FALC home lists every FALC page, FALC pages lead only to
FALC pages (and back to their full version), their word bubbles are easy, their text is large, and « Écouter »
reads the main text aloud."""

from __future__ import annotations

import re
import typing
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from macros import content as c
from macros.render import falc as places
from macros.render.glossary import Glossary
from macros.text import readability

ROOT = Path(__file__).resolve().parent.parent
HUB = "facile-a-lire/"
LEXICON = "facile-a-lire/mots/"
SAMPLE = "fiches/recherche/facile-a-lire/"


def url(path: str) -> str:
    return path.removesuffix("index.md").removesuffix(".md") + ("/" if not path.endswith("index.md") else "")


def falc_urls(site_data) -> dict[str, str]:
    """URL of each FALC page → URL of its full version."""
    out = {url(places.falc_path(t)): url(places.original_path(t)) for t in site_data.falc.values()}
    out[LEXICON] = "lexique/"
    return {k.lstrip("/"): v.lstrip("/") for k, v in out.items()}


def test_every_pictogram_has_its_icon_and_every_icon_is_named() -> None:
    folder = ROOT / "docs" / "assets" / "icones" / "falc"
    names = set(typing.get_args(c.PICTOGRAMMES))
    assert {p.stem for p in folder.glob("*.svg")} == names
    for name in names:
        svg = (folder / f"{name}.svg").read_text()
        assert svg.startswith("<svg") and "<script" not in svg and "href" not in svg, name


def test_the_hub_lists_every_falc_page_with_pictogram_and_easy_line(site_data, page) -> None:
    hub = page(HUB)
    listing = hub.select_one(".up-falc__pages")
    assert listing is not None
    items = listing.select("li")
    linked = {}
    for li in items:
        link = li.find("a")
        target = urlsplit(urljoin("/" + HUB, link["href"])).path.lstrip("/")
        linked[target] = li
        img = li.find("img")
        # a pictogram, or for a sheet's twin its sheet's own icon (one icon per sheet everywhere, DESIGN.md)
        assert img is not None and img.get("alt") == "" and "assets/icones/" in img["src"]
    wanted = set(falc_urls(site_data)) - {HUB}
    assert set(linked) == wanted
    for twin in site_data.falc.values():
        if twin.liste_des_pages:
            continue
        li = linked[url(places.falc_path(twin)).lstrip("/")]
        assert li.select_one(".up-falc__resume").get_text(strip=True) == twin.resume
        assert len(readability.words(twin.resume)) <= 15
    # grouped: the guide, the sheets, the principles, the reasons (and the words)
    titles = [h.get_text(" ", strip=True) for h in listing.find_all("h3")]
    assert titles[:4] == ["Le guide", "Les 7 fiches-missions", "Les 7 principes de la HAS", "Les 5 raisons de la HAS"]
    # « Par où commencer ? » is now this list
    assert hub.find(id="commencer") is not None


def test_every_page_links_to_the_hub(site_dir, page) -> None:
    for path in ["", "fiches/recherche/", "lexique/", SAMPLE, "principes/egalite-consideration/facile-a-lire/"]:
        soup = page(path)
        hrefs = {urlsplit(urljoin("/" + path, a["href"])).path for a in soup.find("article").find_all("a", href=True)}
        assert "/" + HUB in hrefs, path


def test_falc_pages_link_only_to_falc_pages_or_their_full_version(site_data, page) -> None:
    pages = falc_urls(site_data)
    for path, full in pages.items():
        article = page(path).find("article")
        allowed = set(pages) | {full}
        # every FALC page but the hub leads to the hub and to the next page
        if path != HUB:
            assert any(urlsplit(urljoin("/" + path, a["href"])).path == "/" + HUB for a in article.find_all("a", href=True))
        for a in article.find_all("a", href=True):
            target = urljoin("/" + path, a["href"])
            parts = urlsplit(target)
            if a["href"].startswith(("https://", "http://")):
                # only the page's own permanent address (« Citer, partager »)
                assert parts.path.lstrip("/") == path, (path, a["href"])
                continue
            if a["href"].startswith("mailto:"):  # « Cette page vous a-t-elle aidé ? »: the contact address only
                assert parts.path == "contact@usagers-partenaires.example.org", (path, a["href"])
                continue
            if parts.path.endswith(".pdf"):  # the page's own PDF (« Télécharger en PDF »), easy-to-read too
                assert parts.path == "/pdf/" + path.strip("/").replace("/", "--") + ".pdf", (path, a["href"])
                continue
            assert parts.path.lstrip("/") in allowed, (path, a["href"], a.get_text(strip=True))
        back = article.select_one("a.up-jumeau")
        assert back is not None and urlsplit(urljoin("/" + path, back["href"])).path.lstrip("/") == full
        # no clutter: no « ¶ », hence no « Copier le lien »
        assert article.select("a.headerlink") == [], path


def test_lists_of_pages_to_read_are_links(page) -> None:
    for path, count in [("principes/facile-a-lire/", 7), ("raisons/facile-a-lire/", 5)]:
        items = page(path).select(".up-falc__texte ol li")
        assert len(items) == count
        assert all(li.find("a") is not None for li in items), path


def test_every_term_used_on_falc_pages_has_an_easy_definition(site_data) -> None:
    full = Glossary(site_data)
    missing = set()
    for twin in site_data.falc.values():
        units = [twin.titre, twin.resume, *readability.texts(twin.blocs)] + [m.explication for m in twin.mots]
        for text in units:
            for _, _, key, _ in full.matches(text):
                kind, ident = key.split(":", 1)
                item = site_data.lexique[ident] if kind == "t" else site_data.sigles[ident]
                if not item.definition_facile:
                    missing.add(key)
    assert not missing


def test_easy_definitions_are_short(site_data) -> None:
    texts = [t.definition_facile for t in site_data.lexique.values() if t.definition_facile]
    texts += [s.definition_facile for s in site_data.sigles.values() if s.definition_facile]
    assert len(texts) >= 15
    for text in texts:
        for sentence in readability.sentences_of(text):
            assert len(readability.words(sentence)) <= readability.MAX_SENTENCE_WORDS, sentence


def test_falc_bubbles_are_easy_and_never_the_full_definition(site_data, page) -> None:
    easy = {t.definition_facile for t in site_data.lexique.values() if t.definition_facile}
    easy |= {s.definition_facile for s in site_data.sigles.values() if s.definition_facile}
    easy |= {m.explication for t in site_data.falc.values() for m in t.mots}  # the page's own words come first
    fulls = [t.definition for t in site_data.lexique.values()] + [s.developpement for s in site_data.sigles.values()]
    seen = 0
    for path in falc_urls(site_data):
        soup = page(path)
        for bubble in soup.select(".up-infobulle"):
            seen += 1
            text = " ".join(bubble.get_text(" ").split())
            assert any(text.endswith(e) for e in easy), (path, text)
            for sentence in readability.sentences_of(text):
                assert len(readability.words(sentence)) <= 15, (path, sentence)
            assert "…" not in text
            term = soup.find("a", attrs={"aria-describedby": bubble["id"]})  # the definitions sit at the end
            assert term is not None and ("facile-a-lire/mots/#" in term["href"] or term["href"] == "#mots")
        article = " ".join(soup.find("article").get_text(" ").split())
        for full in fulls:
            if len(full.split()) >= 8:  # a full definition, not a short expansion also said in easy words
                assert " ".join(full.split()[:8]) not in article, (path, full[:60])
    assert seen > 20


def test_one_sentence_per_line_and_a_pictogram_beside_each_block(page) -> None:
    soup = page(SAMPLE)
    para = soup.find(string=re.compile("Vous avez vécu la maladie")).find_parent("p")
    assert [s.get_text() for s in para.select(".up-phrase")] == [
        "Vous avez vécu la maladie.",
        "Cette expérience vous a appris des choses.",
        "Ce savoir est utile pour la science.",
    ]
    blocks = soup.select(".up-falc__bloc")
    assert len(blocks) >= 9
    for block in blocks:
        if "up-falc__bloc--sans-picto" in block.get("class", []):
            continue
        picto = block.find(class_="up-falc__picto", recursive=False)
        img = picto.find("img") if picto else None
        assert img is not None and img.get("alt") == "" and img["src"].endswith(".svg")


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_falc_text_is_large_left_aligned_and_printed_large(browser, server, width) -> None:
    tab = browser.new_page()
    tab.set_viewport_size({"width": width, "height": 900})
    try:
        tab.goto(f"{server}/{SAMPLE}")
        style = tab.evaluate("""() => [...document.querySelectorAll('.up-falc__texte .up-phrase, .up-falc__texte li')]
            .map(e => { const s = getComputedStyle(e); return [parseFloat(s.fontSize), parseFloat(s.lineHeight) / parseFloat(s.fontSize), s.textAlign]; })""")
        assert style
        assert min(s[0] for s in style) >= 18
        assert min(s[1] for s in style) >= 1.6
        assert {s[2] for s in style} <= {"left", "start"}
        # one sentence per line: the three sentences of the first paragraph sit on three lines
        tops = tab.evaluate("""() => [...document.querySelector('#pourquoi').closest('.up-falc__contenu')
            .querySelector('p').querySelectorAll('.up-phrase')].map(e => e.getBoundingClientRect().top)""")
        assert len(set(tops)) == len(tops) == 3
        # no « ¶ », no « Copier le lien », no menu beside the text
        assert tab.locator("article .headerlink, article .up-copier").count() == 0
        assert not tab.locator(".md-sidebar--primary").is_visible() or width < 1220
        tab.emulate_media(media="print")
        printed = tab.evaluate("parseFloat(getComputedStyle(document.querySelector('.up-falc__texte .up-phrase')).fontSize)")
        assert printed >= 14 * 96 / 72 - 0.1  # 14 pt
    finally:
        tab.close()


STUB = """
(() => {
  const voices = %s;
  const state = window.__tts = {spoken: [], paused: false, cancelled: 0, auto: %s, current: null};
  function end(u) { state.current = null; if (u.onend) u.onend({}); }
  window.__finishCurrent = () => { if (state.current) end(state.current); };
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; this.voice = null; };
  const synth = {
    getVoices: () => voices,
    speak(u) {
      state.spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name});
      state.current = u;
      if (u.onstart) u.onstart({});
      if (state.auto) setTimeout(() => end(u), 0);
    },
    pause() { state.paused = true; },
    resume() { state.paused = false; },
    cancel() { state.cancelled += 1; state.current = null; },
    get paused() { return state.paused; },
    get speaking() { return !!state.current; },
    addEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
})();
"""
FRENCH = (
    '[{"name": "Réseau", "lang": "fr-FR", "localService": false}, '
    '{"name": "Appareil", "lang": "fr-FR", "localService": true}, '
    '{"name": "English", "lang": "en-US", "localService": true}]'
)
ENGLISH = '[{"name": "English", "lang": "en-US", "localService": true}]'
MAIN_TEXT = """() => {
  const clone = document.querySelector('.up-falc__texte').cloneNode(true);
  clone.querySelectorAll('.up-infobulle, nav, button, .up-actions, .up-ecouter, .up-jumeau-bloc, img').forEach(e => e.remove());
  const walker = document.createTreeWalker(clone, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) parts.push(walker.currentNode.data);
  return parts.join(" ");
}"""


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.mark.browser
def test_listen_reads_the_main_text_in_order_without_bubbles(browser, server, site_data) -> None:
    tab = browser.new_page()
    try:
        tab.add_init_script(STUB % (FRENCH, "true"))
        tab.goto(f"{server}/{SAMPLE}")
        listen = tab.get_by_role("button", name="Écouter la page à voix haute")
        listen.click()
        tab.wait_for_function("() => document.querySelector('.up-ecouter').dataset.etat === 'arret'")
        spoken = tab.evaluate("window.__tts.spoken")
        assert {s["voice"] for s in spoken} == {"Appareil"}  # French, on the device
        assert {s["lang"] for s in spoken} == {"fr-FR"}
        said = " ".join(s["text"] for s in spoken)
        assert _words(said) == _words(tab.evaluate(MAIN_TEXT))
        assert said.startswith("Faire de la recherche en santé avec son expérience")
        assert "Vous avez vécu la maladie." in [s["text"] for s in spoken]  # one sentence at a time
        bubbles = tab.evaluate("[...document.querySelectorAll('.up-infobulle')].map(e => e.textContent)")
        assert bubbles and not any(b in said for b in bubbles)
        assert "Pour continuer" not in said and "version complète" not in said
    finally:
        tab.close()


@pytest.mark.browser
def test_listen_highlights_pauses_resumes_and_stops(browser, server) -> None:
    tab = browser.new_page()
    try:
        tab.add_init_script(STUB % (FRENCH, "false"))
        tab.goto(f"{server}/{SAMPLE}")
        tab.get_by_role("button", name="Écouter la page à voix haute").click()
        assert tab.evaluate("window.__tts.spoken.length") == 1
        assert tab.locator(".up-lu").inner_text().strip() == tab.evaluate("window.__tts.spoken[0].text")
        tab.evaluate("window.__finishCurrent()")
        second = tab.evaluate("window.__tts.spoken[1].text")
        assert tab.locator(".up-lu").count() == 1 and tab.locator(".up-lu").inner_text().strip() == second
        pause = tab.get_by_role("button", name="Pause")
        pause.click()
        assert tab.evaluate("window.__tts.paused") is True
        tab.get_by_role("button", name="Reprendre").click()
        assert tab.evaluate("window.__tts.paused") is False
        tab.get_by_role("button", name="Arrêter").click()
        assert tab.evaluate("window.__tts.cancelled") >= 2
        assert tab.locator(".up-lu").count() == 0
        assert tab.get_by_role("button", name="Écouter la page à voix haute").is_visible()
        count = tab.evaluate("window.__tts.spoken.length")
        tab.evaluate("window.__finishCurrent()")
        assert tab.evaluate("window.__tts.spoken.length") == count  # stopped: nothing more is read
    finally:
        tab.close()


@pytest.mark.browser
def test_no_listen_button_without_french_voice_or_off_falc_pages(browser, server) -> None:
    tab = browser.new_page()
    try:
        tab.add_init_script(STUB % (ENGLISH, "true"))
        tab.goto(f"{server}/{SAMPLE}")
        tab.wait_for_load_state("load")
        # Without a French voice the button stays and says why (issue 22: tests/test_lecture_ecouter.py).
        tab.get_by_role("button", name="Écouter la page à voix haute").click()
        assert tab.locator(".up-ecouter__pourquoi").is_visible()
        assert tab.evaluate("window.__tts.spoken.length") == 0
        tab.add_init_script(STUB % (FRENCH, "true"))
        tab.goto(f"{server}/fiches/recherche/")
        tab.wait_for_load_state("load")
        assert tab.locator(".up-ecouter").count() == 0
    finally:
        tab.close()
