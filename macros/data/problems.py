"""A problem found in the data: where it is (file:line:column, field path) and what to do, in French."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return _visible(text)


def _visible(text: str) -> str:
    """One problem, one line: invisible characters (line breaks, tabs…) quoted in a message are shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class DataError(Exception):
    """All the problems found in the data, one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} erreur(s) dans les données :\n{lines}")


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def did_you_mean(value: str, valid: Iterable[str]) -> str:
    """« vouliez-vous écrire « x » ? » for the nearest valid name, if one is near enough (else empty)."""
    near = difflib.get_close_matches(value, sorted(valid), n=1, cutoff=0.6)
    return f"vouliez-vous écrire « {near[0]} » ? " if near else ""
