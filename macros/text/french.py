"""French text helpers: dates written out, alphabetical order without accents, one-line text."""

from __future__ import annotations

import unicodedata

MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def date_fr(value: str) -> str:
    """'2020-02-04' → '4 février 2020'; 'AAAA' and 'AAAA-MM' are shortened the same way."""
    parts = value.split("-")
    if len(parts) == 3:
        day = int(parts[2])
        return f"{'1er' if day == 1 else day} {MOIS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MOIS[int(parts[1]) - 1]} {parts[0]}"
    return value


class _Marks(dict[int, int | None]):
    """str.translate's table that drops the combining marks (accents once decomposed): each character looked up
    once (unicodedata.combining), then kept (itself) or dropped (None)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


def sort_key(value: str) -> str:
    """Alphabetical key that ignores accents and case (É sorts with E)."""
    return unicodedata.normalize("NFD", value.casefold()).translate(_MARKS)


def oneline(value: str) -> str:
    return " ".join(value.split())


_WORDS = (
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept dix-huit "
    "dix-neuf vingt"
).split()


def in_words(number: int) -> str:
    """A count as French writes it in running text: « sept » up to twenty, digits beyond."""
    return _WORDS[number] if 0 <= number < len(_WORDS) else str(number)
