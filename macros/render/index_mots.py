"""« Index des mots »: the search of the site for readers without JavaScript, made at build time, like the index
at the end of a book. A static site cannot read the words typed in a form (`?q=`), so the header offers, without
JavaScript, a link to this index rather than a field whose text would be lost (overrides/partials/search.html).

The words are those people look for, all from the data: the lexicon's terms and their variants, the acronyms and
what they stand for, every word of the synonym groups (« aidant », « payer », « facile à lire »…), the titles of the
sheets, templates and workshops. Each word leads to its definition in the lexicon (when it has one) and to the pages
that hold it or one of its synonyms: first the pages titled with it, then those whose text uses it most. A word no
page holds is left out. Shown on the site map page (plan-du-site.md), where the header's link leads.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..content.kinds import SECTIONS, url_of
from ..data.collections import SiteData
from ..text.french import sort_key
from .glossary import sigle_anchors
from .kept import ROOT_CACHE, Kept, rooms_digest
from .records import Records

# Pages a word leads to, at most: the index stays an index (the site map, on the same page, lists every page);
# another name of a word (« voir ») shows fewer: its main word shows them all.
MAX_PAGES = 6
MAX_PAGES_SEE = 3
# The kinds of page whose own text is read (listings and filtered copies are not: they repeat these).
KINDS = ("fiche", "principe", "raison", "parcours", "modele", "atelier", "page", "falc", "temoignages-profil")
# The kinds whose title is a word of the index (a sheet's title without « Fiche n : »).
TITLED = ("fiche", "modele", "atelier")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LONGEST = 6  # words in a form looked for in the pages' text, at most
KEPT = ROOT_CACHE / "index-mots"  # the index of the last builds (render/kept.py)
CODE = ("render", "text", "content")  # the code the index is made by
WORD = re.compile(r"\w+")


@dataclass
class Entry:
    word: str
    definition: str = ""  # source path and anchor of the lexicon's entry, e.g. "lexique/index.md#proche-aidant"
    forms: set[str] = field(default_factory=set)  # the words looked for (its synonyms too)
    see: str = ""  # folded key of the entry this word is another name for (« Aidant », voir « Proche aidant »)
    pages: list[tuple[str, str]] = field(default_factory=list)  # (title, source path)


def words(text: str) -> tuple[str, ...]:
    """A text as the index compares it: folded (case, accents), cut into words (hyphens and apostrophes split), each
    without a final plural « s » or « x » (« proches-aidants » → proche aidant)."""
    return tuple(w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in WORD.findall(sort_key(text)))


@functools.lru_cache(maxsize=4096)
def _form_words(form: str) -> tuple[str, ...]:
    """`words` of a form of the index (a few hundred, each looked for in every page: folded once)."""
    return words(form)


def _grams(titles: tuple[tuple[str, ...], ...]) -> frozenset[tuple[str, ...]]:
    """Every run of consecutive words of `titles` (a title « holds » a word when one of them is the word's)."""
    return frozenset(t[i:j] for t in titles for i in range(len(t)) for j in range(i + 1, len(t) + 1))


def _is_acronym(word: str) -> bool:
    return word.isupper() and len(word) <= 8 and " " not in word


def _strings(item: Any) -> list[str]:
    """Every text inside a model, in the order of `content.walk.walk` (depth first, field order), without the
    paths that walk makes for each value."""
    found: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, BaseModel):
            for name in type(value).__pydantic_fields__:  # model_fields, without its property's cost
                visit(getattr(value, name))
        elif isinstance(value, list):
            for inner in value:
                visit(inner)

    if isinstance(item, BaseModel):
        visit(item)
    return found


class _Text:
    """One page's text, counted once: its words (for phrases) and its words as written (for acronyms)."""

    def __init__(self, title: str, path: str, text: str, lengths: dict[str, tuple[int, ...]], longest: int) -> None:
        """`lengths`: for each first word of a form looked for, how many words those forms have (`longest` at
        most)."""
        self.title, self.path = title, path
        self.title_words = words(title)
        self.raw = Counter(WORD.findall(text))
        folded = words(text)
        size = len(folded)
        self.phrases: Counter[tuple[str, ...]] = Counter(
            folded[i : i + n] for i, word in enumerate(folded) if word in lengths for n in lengths[word] if i + n <= size
        )
        # The words that end the text, counted as the index has always counted them: once for each length up to
        # `longest` that runs past the end (« aidant » last in a page counts `longest` times). Kept so that the
        # index is the same; whether it should be is a question for the editors' ranking, not for speed.
        for k in range(1, min(longest, size) + 1):
            tail = folded[-k:]
            if k in lengths.get(tail[0], ()):
                self.phrases[tail] += longest - k


def _entries(site: SiteData, records: Records) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}

    def entry(word: str) -> Entry:
        key = sort_key(word)
        if key not in entries:
            entries[key] = Entry(word[:1].upper() + word[1:], forms={word})
        return entries[key]

    lexicon = records.get("lexique", "lexique").path
    definitions: dict[str, str] = {}  # folded word → its lexicon entry
    for terme in site.lexique.values():
        entry(terme.terme).forms.update(terme.variantes)
        for word in (terme.terme, *terme.variantes):
            definitions[sort_key(word)] = f"{lexicon}#{terme.id}"
    anchors = sigle_anchors(site)
    for sigle in site.sigles.values():
        e = entry(sigle.sigle)
        e.word = f"{sigle.sigle} ({sigle.developpement})"
        e.forms.add(sigle.developpement)
        for word in (sigle.sigle, sigle.developpement):
            definitions.setdefault(sort_key(word), f"{lexicon}#{anchors[sigle.sigle]}")
    for group in site.synonymes.values():
        terms = [sort_key(w) for w in group.termes if sort_key(w) in entries]  # a lexicon term or an acronym first
        main = terms[0] if terms else sort_key(group.termes[0])
        for word in group.termes:
            e = entry(word)
            e.forms.update(group.termes)
            if sort_key(word) != main and not e.see and sort_key(word) not in terms:
                e.see = main
    for record in records:
        if record.kind.name in TITLED:
            entry(record.title.split(" : ", 1)[-1] if record.kind.name == "fiche" else record.title)
    for key, e in entries.items():
        found = [definitions[sort_key(f)] for f in sorted(e.forms) if sort_key(f) in definitions]
        e.definition = definitions.get(key) or (found[0] if found else "")
    return entries


def _texts(site: SiteData, records: Records, lengths: dict[str, tuple[int, ...]], longest: int) -> list[_Text]:
    out = []

    @functools.cache
    def told(ident: str) -> list[str]:  # a testimonial's texts, read once for all the profiles it has
        return _strings(site.temoignages[ident])

    for record in records:
        if record.kind.name not in KINDS:
            continue
        parts = [record.title, *_strings(record.item), *_strings(getattr(record.item, "modele", None))]
        if record.kind.name == "temoignages-profil":
            parts += [s for t in site.temoignages.values() if record.ident in t.profils for s in told(t.id)]
        out.append(_Text(record.title, record.path, " ".join(parts), lengths, longest))
    return out


def index_of_words(
    site: SiteData, records: Records, titles: Iterable[tuple[str, str]] = (), kept: Path | None = KEPT
) -> list[tuple[str, list[Entry]]]:
    """The index: [(letter, entries in French order)], each entry with its definition and pages. `titles`: (title,
    source path) of every page of the site (the site map's), whose titles count even when their text is not read.
    `kept`: where the index of the same data, pages and code is kept between builds (None: made anew)."""
    titles = list(titles)
    shown = [(r.kind.name, r.kind.falc, r.ident, r.path, r.title, r.item) for r in records]
    read = (site.lexique, site.sigles, site.synonymes, site.temoignages)  # what the index reads of the data itself
    key = hashlib.sha256(repr((rooms_digest(CODE), read, shown, titles)).encode()).hexdigest() + ".pickle"
    found = Kept(kept).get(key)
    if found is not None:
        return pickle.loads(found)  # type: ignore[no-any-return]  # noqa: S301 — written below, in the project's cache
    index = _index_of_words(site, records, titles)
    Kept(kept).put(key, pickle.dumps(index, pickle.HIGHEST_PROTOCOL))
    return index


def _index_of_words(site: SiteData, records: Records, titles: list[tuple[str, str]]) -> list[tuple[str, list[Entry]]]:
    entries = _entries(site, records)
    forms = {words(f) for e in entries.values() for f in e.forms if not _is_acronym(f)}
    lengths: dict[str, set[int]] = {}  # each form's first word → the lengths of the forms it starts
    for form in forms:
        if 0 < len(form) <= LONGEST:  # a longer form is never counted in a page's text (only its title holds it)
            lengths.setdefault(form[0], set()).add(len(form))
    longest = min(max(map(len, forms), default=1), LONGEST)
    texts = _texts(site, records, {word: tuple(sorted(n)) for word, n in lengths.items()}, longest)
    named: dict[str, list[tuple[str, ...]]] = {}  # source path → the words of each of its titles
    for title, path in titles:
        named.setdefault(path, []).append(words(title))
    for record in records:  # a section's own page is also called by the section's name (« Facile à lire »)
        for section in SECTIONS:
            if url_of(record.path).strip("/") == section.anchor:
                named.setdefault(record.path, []).append(words(section.label))
    known = {t.path for t in texts}
    titled_only = [(title, path) for title, path in titles if path not in known]
    falc = {r.path for r in records if r.kind.falc}
    titled: dict[tuple[str, tuple[str, ...]], tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]] = {}

    def seen(path: str, own: tuple[str, ...]) -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
        """A page's titles (with `own`), and every run of their words: made once per page, not once per word."""
        if (path, own) not in titled:
            titles_of = (own, *named.get(path, []))
            titled[path, own] = frozenset(titles_of), _grams(titles_of)
        return titled[path, own]

    by_letter: dict[str, list[Entry]] = {}
    for e in entries.values():
        wanted = [_form_words(f) for f in e.forms if not _is_acronym(f)]

        def tier(path: str, own: tuple[str, ...] = (), wanted: list[tuple[str, ...]] = wanted) -> int:
            """0: a title of the page is the word; 1: a title holds it; 2: its text only."""
            exact, runs = seen(path, own)
            return 0 if any(w in exact for w in wanted) else 1 if any(w and w in runs for w in wanted) else 2

        ranked = [(tier(path), False, 0, title, path) for title, path in titled_only if tier(path) < 2]
        acronyms = [f for f in e.forms if _is_acronym(f)]
        for text in texts:  # how many times the page's text holds one of the forms (an acronym as written, or its plural)
            raw, phrases = text.raw, text.phrases
            hits = sum(phrases.get(w, 0) for w in wanted) + sum(raw.get(f, 0) + raw.get(f + "s", 0) for f in acronyms)
            level = tier(text.path, text.title_words)
            if hits or level < 2:
                ranked.append((level, text.path in falc, -hits, text.title, text.path))
        ranked.sort(key=lambda r: r[:3])  # easy-to-read twins after the pages they follow, at each level
        e.pages = [(title, path) for *_, title, path in ranked[: MAX_PAGES_SEE if e.see else MAX_PAGES]]
        if not e.pages and not e.definition:
            continue
        letter = sort_key(e.word)[:1].upper()
        by_letter.setdefault(letter if letter in LETTERS else "#", []).append(e)
    for e in entries.values():
        e.see = entries[e.see].word if e.see else ""
    return [(letter, sorted(by_letter[letter], key=lambda e: sort_key(e.word))) for letter in sorted(by_letter)]
