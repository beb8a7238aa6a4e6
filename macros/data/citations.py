"""Citations in the HAS text: « (note 22) » calls a footnote of the page, « (19, 28, 44) » or « (6-8) » cite the
numbered references of the opinion. The text keeps its numbers as the source writes them; the rendering makes
the links (macros/render/citations.py), and `make check` refuses a number that leads nowhere.

Which texts are HAS text is decided by the data: the pages, principles and reasons whose source is the HAS
opinion (with their notes), and the HAS catalogue of each sheet (`has.activites`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..content.kinds import KIND, KINDS, Kind, fiche_title, url_of
from .collections import COLLECTIONS, SiteData
from .problems import Path_

HAS_AVIS = "has-avis-2023"  # the HAS opinion's id in data/sources.yml: its references are numbered

_NUMBER = r"\d{1,3}(?:[-–]\d{1,3})?"
# « (note 22) » or a list of numbers and ranges in brackets: « (2) », « (19, 28, 44) », « (6-8) ».
CITATION = re.compile(rf"\(note (?P<note>\d{{1,3}})\)|\((?P<refs>{_NUMBER}(?:, ?{_NUMBER})*)\)")
_PART = re.compile(_NUMBER)


@dataclass(frozen=True)
class Part:
    """One number or range of a citation, as written: its place in the text and the numbers it names."""

    start: int
    end: int
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    note: int | None  # a footnote call, or…
    parts: tuple[Part, ...] = ()  # …references, one part per number or range

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(n for part in self.parts for n in part.numbers)


def _range(text: str) -> tuple[int, ...]:
    first, _, last = text.replace("–", "-").partition("-")
    low, high = int(first), int(last or first)
    return tuple(range(low, high + 1)) if low <= high else (low, high)


def find(text: str) -> list[Citation]:
    """The citations of a text, in order."""
    found = []
    for match in CITATION.finditer(text):
        if match.group("note"):
            found.append(Citation(match.start(), match.end(), int(match.group("note"))))
            continue
        base = match.start("refs")
        parts = tuple(
            Part(base + p.start(), base + p.end(), _range(p.group(0))) for p in _PART.finditer(match.group("refs"))
        )
        found.append(Citation(match.start(), match.end(), None, parts))
    return found


def texts(obj: Any, path: Path_ = ()) -> Iterator[tuple[str, Path_]]:
    """Every text of a model, with its path in the file (for the position of a message)."""
    if isinstance(obj, str):
        yield obj, path
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            if name not in ("source", "id", "ancre"):
                yield from texts(getattr(obj, name), path + (name,))
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from texts(value, path + (i,))


@dataclass(frozen=True)
class CitingText:
    """A text of the HAS opinion shown on the site: which page shows it, and where it is in its file."""

    collection: str
    key: str
    page: str  # source path of the page inside docs/, e.g. "principes/egalite-consideration/index.md"
    title: str  # the page's title, as the menu shows it
    path: Path_
    text: str
    notes: frozenset[int]  # the footnotes this page carries
    shown: bool = True  # False for a title or summary: checked, but not part of the page's running text


# The collections whose items list HAS references (a `references` field on their model): the guide's pages,
# principles, reasons, workshops.
REFERENCING = tuple(coll.name for coll in COLLECTIONS if "references" in coll.model.model_fields)


def _place(kind: Kind, key: str) -> str | None:
    """Source path of the item's page (None: a data page no hand-written page shows)."""
    return kind.places.get(key) if kind.places is not None else kind.path_for(key)


def citing_texts(site: SiteData) -> Iterator[CitingText]:
    """The HAS texts of the site, page by page, in a stable order: the hand-written pages' first, then the
    registry's order (content/kinds.py) of the kinds whose items list HAS references."""
    kinds = sorted((k for k in KINDS if k.collection in REFERENCING), key=lambda k: k.generated)
    for kind in kinds:
        items: dict[str, Any] = getattr(site, kind.collection)
        for key, page in items.items():
            target = _place(kind, key)
            if page.source.document != HAS_AVIS or target is None:
                continue
            title = kind.title(page)
            notes = frozenset(n.numero for n in page.notes)
            for name in ("titre", "resume", "blocs", "notes"):
                for text, path in texts(getattr(page, name), (name,)):
                    yield CitingText(kind.collection, key, target, title, path, text, notes, name in ("blocs", "notes"))
    for key, fiche in site.fiches.items():
        title = fiche_title(fiche)
        for text, path in texts(fiche.has.activites, ("has", "activites")):
            yield CitingText("fiches", key, KIND["fiche"].path_for(key), title, path, text, frozenset())


def cited_in(site: SiteData) -> dict[int, list[tuple[str, str]]]:
    """For each HAS reference number, the pages that cite it: (URL from the site root, title), in a stable order."""
    pages: dict[int, list[tuple[str, str]]] = {}
    for citing in citing_texts(site):
        if not citing.shown:
            continue
        for citation in find(citing.text):
            for n in citation.numbers:
                where = (url_of(citing.page), citing.title)
                if where not in pages.setdefault(n, []):
                    pages[n].append(where)
    return pages


def scopes(site: SiteData) -> dict[str, str | None]:
    """The pages that show HAS text (source path inside docs/) → the id of the heading their HAS text follows, or
    None when the whole page is HAS text."""
    found: dict[str, str | None] = {}
    for citing in citing_texts(site):
        found[citing.page] = "has" if citing.collection == "fiches" else None
    return found
