"""Terms and acronyms explained where they appear, generated from the lexicon at build time.

The first occurrence of each term or acronym in a page's main text becomes a link to its lexicon
entry, described by a tooltip (`role="tooltip"`, tied with `aria-describedby`): reachable by keyboard,
announced by screen readers. Headings, links, code, buttons and navigation are never touched.

The easy-to-read glossary (`Glossary(site, easy=True)`, for the FALC pages) knows only the terms and acronyms
that have a `definition_facile`, shows that definition whole, and links to the easy-to-read lexicon.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lxml.html import HtmlElement
from lxml.html import builder as E

from ..content import EDITORIAL, EDITORIAL_NOTE
from ..data.collections import SiteData
from . import html_tree

# Nor, for the glossary, an abbreviation, a table's caption or heading, a term being defined.
SKIP = html_tree.NOT_MARKED | {"abbr", "caption", "th", "dt"}
MAX_DEFINITION = 220
LETTER = "A-Za-zÀ-ÖØ-öø-ÿœŒæÆ0-9"


@dataclass(frozen=True)
class Entry:
    key: str  # lexicon anchor
    label: str  # what the tooltip names
    definition: str

    @property
    def text(self) -> str:
        """What the tooltip says: « ETP : Éducation… », or the definition alone when it has no label."""
        return f"{self.label} : {self.definition}" if self.label else self.definition


def _plural_pattern(form: str) -> str:
    """A term in any case, each word with an optional plural ending: « représentant des usager(s) »."""
    parts = []
    for word in form.split():
        base = re.escape(word)
        parts.append(base + ("(?:s|x)?" if len(word) >= 3 and word[-1] not in "sx" else ""))
    return r"[\s\u00a0]+".join(parts)


_WORD = re.compile(f"[{LETTER}]+")


def _word_key(word: str) -> str:
    """What a word and its plural share: « Usagers » and « usager » → « usager »."""
    word = word.casefold()
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


def _short(text: str) -> str:
    text = " ".join(re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", text).split())
    return text if len(text) <= MAX_DEFINITION else text[: MAX_DEFINITION - 1].rsplit(" ", 1)[0] + " …"


class Glossary:
    def __init__(self, site: SiteData, lexicon_url: str = "lexique/", easy: bool = False):
        self.lexicon_url = lexicon_url
        self.entries: dict[str, Entry] = {}
        patterns: list[tuple[str, str, bool]] = []  # (regex, entry key, case-sensitive)
        for term in site.lexique.values():
            if easy and not term.definition_facile:
                continue
            key = f"t:{term.id}"
            definition = term.definition_facile if easy and term.definition_facile else _short(term.definition)
            self.entries[key] = Entry(term.id, term.terme, definition)
            for form in {term.terme, *term.variantes}:
                patterns.append((_plural_pattern(form), key, False))
        anchors = sigle_anchors(site)
        for sigle in site.sigles.values():
            if easy and not sigle.definition_facile:
                continue
            key = f"s:{sigle.sigle}"
            if easy and sigle.definition_facile:  # « HAS veut dire … » names the acronym already
                self.entries[key] = Entry(anchors[sigle.sigle], "", sigle.definition_facile)
            else:
                anchor = sigle.terme or anchors[sigle.sigle]
                definition = _short(sigle.developpement)
                if sigle.source == EDITORIAL:  # the expansion is ours: the bubble says so, as the lexicon does
                    definition += f" ({EDITORIAL_NOTE})"
                self.entries[key] = Entry(anchor, sigle.sigle, definition)
            patterns.append((re.escape(sigle.sigle), key, True))
        # Longest forms first: « représentant des usagers » before « usager ».
        patterns.sort(key=lambda p: -len(p[0]))
        self._patterns = patterns

    @functools.cached_property
    def _candidates(self) -> dict[str, list[tuple[re.Pattern[str], str]]]:
        """Each form, compiled, under the first word that can start it, longest forms first. Compiled on first use:
        in the worker that marks the pages (outputs/finish.py), not in the build's process. A hyphen joins words:
        « aidants » inside « pairs-aidants » is not the term « aidant »."""
        candidates: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        for pattern, key, sensitive in self._patterns:
            compiled = re.compile(rf"(?<![{LETTER}-])(?:{pattern})(?![{LETTER}-])", 0 if sensitive else re.IGNORECASE)
            first = _WORD.search(pattern.replace("\\", ""))
            if first:
                candidates.setdefault(_word_key(first.group(0)), []).append((compiled, key))
        return candidates

    def matches(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, entry key, words) of each term in `text`: at each word, the longest form that starts there."""
        found: list[tuple[int, int, str, str]] = []
        end = 0
        for word in _WORD.finditer(text):
            if word.start() < end:
                continue
            for form, key in self._candidates.get(_word_key(word.group(0)), ()):
                match = form.match(text, word.start())
                if match:
                    found.append((match.start(), match.end(), key, match.group(0)))
                    end = match.end()
                    break
        return found

    def tooltip_texts(self) -> list[str]:
        """The text of every tooltip, as a reader (or the search index) sees it: « ETP : Éducation… »."""
        return [entry.text for entry in self.entries.values()]

    def annotate(self, html: str, root: str) -> str:
        """Mark the first occurrence of each entry in `html`; `root` is the relative path to the site root."""
        container = html_tree.parse(html)
        return html_tree.serialize(container) if self.annotate_tree(container, root) else html

    def annotate_tree(self, container: HtmlElement, root: str) -> int:
        """Mark the first occurrence of each entry inside `container`; return how many were marked."""
        if not self._patterns:
            return 0
        state = _Walk(self, root)
        state.element(container)
        return state.counter


class _Walk:
    """One page's walk over its HTML tree: text nodes outside SKIP get their first terms marked."""

    def __init__(self, glossary: Glossary, root: str):
        self.glossary, self.root = glossary, root
        self.seen: set[str] = set()
        self.counter = 0

    def element(self, el: HtmlElement) -> None:
        html_tree.replace_text(
            el, self.split, lambda child: child.tag not in SKIP and "up-nogloss" not in (child.get("class") or "")
        )

    def split(self, text: str) -> list[str | HtmlElement] | None:
        """None when nothing is marked; else [text before, element, element, …] with the rest as tails."""
        if text.isspace():
            return None
        pieces = html_tree.Pieces()
        last = 0
        for start, end, key, words in self.glossary.matches(text):
            if key in self.seen:
                continue
            self.seen.add(key)
            self.counter += 1
            pieces.text(text[last:start])
            for element in self.term(self.glossary.entries[key], words):
                pieces.add(element)
            last = end
        pieces.text(text[last:])
        return pieces.result()

    def term(self, entry: Entry, words: str) -> list:
        ident = f"up-def-{self.counter}"
        link = E.A(
            words,
            {"class": "up-terme", "href": f"{self.root}{self.glossary.lexicon_url}#{entry.key}", "aria-describedby": ident},
        )
        # Left out of the search index and of the reading text: the word it explains stays.
        bubble = E.SPAN(
            entry.text,
            {"class": "up-infobulle", "role": "tooltip", "id": ident, "data-pagefind-ignore": "all"},
        )
        return [link, bubble]


def sigle_anchors(site: SiteData) -> dict[str, str]:
    """The id of each acronym's row in the lexicon: « sigle-epop »; acronyms that differ only by case (EPoP, EPOP)
    get « -2 », « -3 »… in data order, so that every id of the page is unique (the first keeps its address)."""
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for sigle in site.sigles.values():
        base = anchor = f"sigle-{sigle.sigle.lower()}"
        n = 1
        while anchor in taken:
            n += 1
            anchor = f"{base}-{n}"
        taken.add(anchor)
        anchors[sigle.sigle] = anchor
    return anchors
