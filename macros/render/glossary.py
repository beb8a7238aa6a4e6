"""Terms and acronyms explained where they appear, generated from the lexicon at build time.

The first occurrence of each term or acronym in a page's main text becomes a link to its lexicon entry. Its
definition, whole, is not put in the sentence: it is one paragraph of a `hidden` block at the end of the page's
content (« Définitions des mots de cette page »), tied to the term with `aria-describedby`, left out of the search
index. So the sentence reads as written — for screen readers, reader modes and text browsers too — and
docs/assets/liens.js opens the definition in a panel when the term is activated. Headings, links, code, buttons
and navigation are never touched.

The easy-to-read glossary (`Glossary(site, easy=True)`, for the FALC pages) knows only the terms and acronyms
that have a `definition_facile`, shows that definition whole, and links to the easy-to-read lexicon; on a FALC
page, the page's own words (`mots`) come first (`for_page`): one easy definition per word, the same in the
panel and in the page's « Les mots difficiles », to which the word links.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass

from lxml.html import HtmlElement
from lxml.html import builder as E

from ..content import EDITORIAL, EDITORIAL_NOTE
from ..content.falc import MotExplique
from ..content.kinds import KIND, url_of
from ..data.collections import SiteData
from . import html_tree

LEXICON_URL = url_of(KIND["lexique"].path)  # « lexique/ »: where the terms link (the registry's lexicon page)

# Nor, for the glossary, an abbreviation, a table's caption or heading, a term being defined.
SKIP = html_tree.NOT_MARKED | {"abbr", "caption", "th", "dt"}
LETTER = "A-Za-zÀ-ÖØ-öø-ÿœŒæÆ0-9"


@dataclass(frozen=True)
class Entry:
    key: str  # lexicon anchor
    label: str  # what the definition names
    definition: str
    note: str = ""  # the lexicon's note, said when the words marked name another notion the term includes
    href: str = ""  # where the word leads, when not to the lexicon (a FALC page's own words: « #mots »)

    @property
    def text(self) -> str:
        """What the definition says: « ETP : Éducation… », or the definition alone when it has no label."""
        return f"{self.label} : {self.definition}" if self.label else self.definition


def _plural_pattern(form: str) -> str:
    """A term in any case, each word with an optional plural ending: « représentant des usager(s) »."""
    parts = []
    for word in form.split():
        base = re.escape(word)
        parts.append(base + ("(?:s|x)?" if len(word) >= 3 and word[-1] not in "sx" else ""))
    return r"[\s\u00a0]+".join(parts)


_WORD = re.compile(f"[{LETTER}]+")


@functools.cache
def _compiled(pattern: str, sensitive: bool) -> re.Pattern[str]:
    """A term's form as a whole word (a hyphen joins words), compiled once per process: each easy-to-read page's
    glossary shares most forms with the others (about 1,400 compilations a build before, more than `re` keeps)."""
    return re.compile(rf"(?<![{LETTER}-])(?:{pattern})(?![{LETTER}-])", 0 if sensitive else re.IGNORECASE)


def _word_key(word: str) -> str:
    """What a word and its plural share: « Usagers » and « usager » → « usager »."""
    word = word.casefold()
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


def plain(text: str) -> str:
    """A definition as read: Markdown's marks and links' addresses taken out, whole (never cut)."""
    return " ".join(re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", text).split())


def _stem(word: str) -> str:
    """What a word, its plural and its feminine share: « patientes » → « patient »."""
    word = _word_key(word)
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def _other_notion(words: str, term: str) -> bool:
    """True when the words marked are not the term itself in another number or gender: « proches-aidants
    partenaires », a variant of « Patient partenaire », names a notion the term includes."""
    first, own = _WORD.search(words), _WORD.search(term)
    return bool(first and own and _stem(first.group(0)) != _stem(own.group(0)))


def _words_pattern(mot: str) -> str:
    """A FALC page's word as written in its glossary, singular or plural: « proches aidants » → « proche(s) aidant(s) »."""
    parts = []
    for word in mot.split():
        base = word[:-1] if len(word) > 3 and word[-1] in "sx" else word
        parts.append(re.escape(base) + ("(?:s|x)?" if len(base) >= 3 and base[-1] not in "sx" else ""))
    return r"[\s\u00a0]+".join(parts)


class Glossary:
    def __init__(self, site: SiteData, lexicon_url: str = LEXICON_URL, easy: bool = False):
        self.lexicon_url = lexicon_url
        self.easy = easy
        self.page_words = False  # a FALC page's own words (for_page): its glossary (<dl>) is not marked again
        self.entries: dict[str, Entry] = {}
        patterns: list[tuple[str, str, bool]] = []  # (regex, entry key, case-sensitive)
        for term in site.lexique.values():
            if easy and not term.definition_facile:
                continue
            key = f"t:{term.id}"
            if easy and term.definition_facile:
                self.entries[key] = Entry(term.id, term.terme, term.definition_facile)
            else:
                self.entries[key] = Entry(term.id, term.terme, plain(term.definition), plain(" ".join(term.notes[:1])))
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
                definition = plain(sigle.developpement)
                if sigle.source == EDITORIAL:  # the expansion is ours: the definition says so, as the lexicon does
                    definition += f" ({EDITORIAL_NOTE})"
                self.entries[key] = Entry(anchor, sigle.sigle, definition)
            patterns.append((re.escape(sigle.sigle), key, True))
        # Longest forms first: « représentant des usagers » before « usager ».
        patterns.sort(key=lambda p: -len(p[0]))
        self._patterns = patterns

    def for_page(self, mots: list[MotExplique]) -> Glossary:
        """This glossary on a FALC page whose own glossary explains `mots`: each of those words links to that
        glossary (« #mots ») with its explanation there, in place of the lexicon's entry for the same words."""
        if not mots:
            return self
        page = copy.copy(self)
        page.page_words = True
        page.__dict__.pop("_candidates", None)
        page.entries = dict(self.entries)
        own: list[tuple[str, str, bool]] = []
        for n, mot in enumerate(mots):
            key = f"m:{n}"
            page.entries[key] = Entry("mots", mot.mot, mot.explication, href="#mots")
            own.append((_words_pattern(mot.mot), key, mot.mot.isupper()))
        # A lexicon entry one of whose forms is a word of the page's glossary gives way to it.
        replaced = {
            key
            for pattern, key, sensitive in self._patterns
            if any(re.fullmatch(pattern, m.mot, 0 if sensitive else re.IGNORECASE) for m in mots)
        }
        page._patterns = sorted(own + [p for p in self._patterns if p[1] not in replaced], key=lambda p: -len(p[0]))
        return page

    @property
    def patterns(self) -> list[tuple[str, str, bool]]:
        """Each form looked for: (its pattern, its entry's key, whether its case counts), longest first."""
        return self._patterns

    @functools.cached_property
    def _candidates(self) -> dict[str, list[tuple[re.Pattern[str], str]]]:
        """Each form, compiled, under the first word that can start it, longest forms first. Compiled on first use,
        by the first page Markdown marks (render/content_marks.py MarksExtension). A hyphen joins words:
        « aidants » inside « pairs-aidants » is not the term « aidant »."""
        candidates: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        for pattern, key, sensitive in self._patterns:
            compiled = _compiled(pattern, sensitive)
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

    def annotate_tree(self, container: HtmlElement, root: str) -> int:
        """Mark the first occurrence of each entry inside `container`, its definitions in a hidden block at its end;
        return how many were marked."""
        if not self._patterns:
            return 0
        state = _Walk(self, root)
        state.element(container)
        if state.definitions:
            block = E.DIV(
                E.P("Définitions des mots de cette page", {"class": "up-definitions__titre"}),
                *state.definitions,
                {"class": "up-definitions", "hidden": "hidden", "data-pagefind-ignore": "all"},
            )
            container.append(block)
        return state.counter


class _Walk:
    """One page's walk over its HTML tree: text nodes outside SKIP get their first terms marked."""

    def __init__(self, glossary: Glossary, root: str):
        self.glossary, self.root = glossary, root
        self.seen: set[str] = set()
        self.counter = 0
        self.definitions: list[HtmlElement] = []

    def element(self, el: HtmlElement) -> None:
        # A FALC page's own glossary (<dl>) and the FALC home's list of pages (one line per page) are not marked.
        skip, classes = (
            (SKIP | {"dl"}, ("up-nogloss", "up-falc__pages")) if self.glossary.page_words else (SKIP, ("up-nogloss",))
        )
        html_tree.replace_text(
            el,
            self.split,
            lambda child: child.tag not in skip and not any(c in (child.get("class") or "") for c in classes),
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
            pieces.add(self.term(self.glossary.entries[key], words))
            last = end
        pieces.text(text[last:])
        return pieces.result()

    def term(self, entry: Entry, words: str) -> HtmlElement:
        """The term, a link to its entry, described by its definition (kept for the hidden block at the end)."""
        ident = f"up-def-{self.counter}"
        href = entry.href or f"{self.root}{self.glossary.lexicon_url}#{entry.key}"
        # The definition: « Label : definition », the label apart (the panel's title), the note when the words
        # name a notion the term includes. Left out of the search index and of the reading text.
        parts: list = []
        if entry.label:
            parts += [E.SPAN(entry.label, {"class": "up-infobulle__terme"}), " : "]
        parts.append(E.SPAN(entry.definition, {"class": "up-infobulle__texte"}))
        if entry.note and _other_notion(words, entry.label):
            parts += [" ", E.SPAN(entry.note, {"class": "up-infobulle__note"})]
        self.definitions.append(
            E.P(*parts, {"class": "up-infobulle", "role": "tooltip", "id": ident, "data-pagefind-ignore": "all"})
        )
        return E.A(words, {"class": "up-terme", "href": href, "aria-describedby": ident})


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
