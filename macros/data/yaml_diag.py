"""Explain a YAML syntax error in plain French, pointing at the line to fix.

PyYAML reports where it got lost, which is often a few lines after the real mistake (an unclosed
quote swallows the next lines). `diagnose` looks for the usual culprits first — a tab, a quote left
open, text after a closing quote, a misaligned line — and only then rewords PyYAML's message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import yaml

_TOKEN_START = set(" \t[{,:-?")


def _open_quote(line: str) -> int | None:
    """Column (0-based) of a quote opened on this line and not closed on it, else None."""
    quote = None
    start = 0
    i = 0
    while i < len(line):
        c = line[i]
        if quote is None:
            if c == "#" and (i == 0 or line[i - 1] in " \t"):
                return None
            if c in "\"'" and (i == 0 or line[i - 1] in _TOKEN_START):
                quote, start = c, i
        elif quote == '"':
            if c == "\\":
                i += 1
            elif c == '"':
                quote = None
        elif c == "'":
            if i + 1 < len(line) and line[i + 1] == "'":
                i += 1
            else:
                quote = None
        i += 1
    return start if quote else None


def _error_line(text: str) -> int | None:
    """0-based line of the first YAML error in `text`, or None if it reads well."""
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.line if mark else 0
    except yaml.YAMLError:
        return 0
    return None


def _unclosed_quote(lines: list[str], error_line: int) -> tuple[int, int] | None:
    """The line (0-based) and column of a quote left open, found by closing it and reading again."""
    candidates = [n for n in range(min(error_line, len(lines) - 1), -1, -1) if _open_quote(lines[n]) is not None]
    for n in candidates[:20]:
        col = _open_quote(lines[n])
        assert col is not None
        fixed = lines[:n] + [lines[n].rstrip() + lines[n][col]] + lines[n + 1 :]
        after = _error_line("\n".join(fixed) + "\n")
        if after is None or after > error_line:
            return n, col
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


Diagnosis = tuple[int, int, str]  # line and column, both starting at 1, and the message
TAB = "tabulation interdite — en YAML, indentez avec des espaces seulement"


@dataclass(frozen=True)
class _Error:
    """A YAML error as the diagnoses read it: where PyYAML got lost, its message, the text."""

    lines: list[str]
    line: int
    col: int
    raw: str  # PyYAML's context and problem, in English
    source: str  # the text of the error's line
    context_mark: Any

    @classmethod
    def of(cls, exc: yaml.YAMLError, text: str) -> _Error:
        lines = text.splitlines()
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raw = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}".strip()
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        return cls(lines, line, col, raw, source, getattr(exc, "context_mark", None))

    def at_start(self) -> _Error:
        """For an unfinished « { », « [ » or key: the error placed where the unfinished thing began."""
        context = self.context_mark
        if context is not None and ("flow mapping" in self.raw or "flow sequence" in self.raw or "simple key" in self.raw):
            return replace(self, line=context.line + 1, col=context.column + 1)
        return self


def _forbidden_character(exc: yaml.reader.ReaderError, text: str) -> Diagnosis:
    before = text[: exc.position]
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    return (
        line,
        col,
        (f"caractère interdit (code U+{exc.character:04X}, invisible) — supprimez-le ou retapez le texte de cette ligne"),
    )


def _tab(e: _Error) -> Diagnosis | None:
    """A tab in the indentation, on the error line or above it."""
    for n in range(min(e.line, len(e.lines)) - 1, -1, -1):
        lead = re.match(r"[ \t\-:?]*", e.lines[n]).group(0)  # type: ignore[union-attr]  # always matches
        if "\t" in lead or (n == e.line - 1 and "\t" in e.source[: e.col]):
            return n + 1, e.lines[n].index("\t") + 1, TAB
        if n < e.line - 3:
            break
    if "found character '\\t'" in e.raw:
        return e.line, e.col, TAB
    return None


def _quote_left_open(e: _Error) -> Diagnosis | None:
    """A quote opened and never closed."""
    if "alias" not in e.raw and "anchor" not in e.raw:
        found = _unclosed_quote(e.lines, e.line - 1)
        if found:
            n, c = found
            quote = e.lines[n][c]
            inner = '\\"' if quote == '"' else "''"
            return (
                n + 1,
                c + 1,
                (
                    f"guillemet non fermé — le texte ouvert par {quote} sur cette ligne n'est pas fermé : "
                    f"ajoutez {quote} à la fin du texte (pour un guillemet dans le texte, "
                    f"écrivez {inner} ou « »)"
                ),
            )
    if "quoted scalar" in e.raw or "unexpected end of stream" in e.raw:
        return e.line, e.col, "guillemet non fermé — fermez le texte par le même guillemet qui l'ouvre (\" ou ')"
    return None


def _text_after_quote(e: _Error) -> Diagnosis | None:
    """Text after a closing quote: « titre: "Pair" aidance » or quotes inside quotes."""
    before = e.source[: e.col - 1].rstrip()
    if before.endswith(('"', "'")) and _open_quote(before) is None and ("expected" in e.raw or "not allowed" in e.raw):
        return (
            e.line,
            e.col,
            (
                "texte après le guillemet fermant — mettez tout le texte entre les guillemets ; pour des "
                'guillemets dans le texte, écrivez « » ou \\"'
            ),
        )
    return None


def _alias(e: _Error) -> Diagnosis | None:
    if "alias" in e.raw or "anchor" in e.raw:
        return (
            e.line,
            e.col,
            (
                "« * » ou « & » au début d'une valeur — YAML y voit un alias : mettez le texte entre "
                'guillemets doubles (ex. titre: "*important*")'
            ),
        )
    return None


def _reserved_first_character(e: _Error) -> Diagnosis | None:
    """A value starting with a character YAML keeps for itself (@, `, %…)."""
    if "cannot start any token" in e.raw:
        char = re.search(r"found character '(.+?)'", e.raw)
        what = char.group(1) if char else e.source[e.col - 1 : e.col]
        return (
            e.line,
            e.col,
            (f"un texte ne peut pas commencer par « {what} » sans guillemets — mettez le texte entre guillemets doubles"),
        )
    return None


def _unclosed_bracket(e: _Error) -> Diagnosis | None:
    if "flow mapping" in e.raw or "flow sequence" in e.raw:
        return (
            e.line,
            e.col,
            (
                "« { » ou « [ » non fermé — si le texte commence par { ou [, mettez-le entre guillemets "
                "doubles ; sinon fermez-le par } ou ]"
            ),
        )
    return None


def _second_document(e: _Error) -> Diagnosis | None:
    if "single document" in e.raw:
        return e.line, e.col, "« --- » : un fichier contient un seul élément — supprimez cette ligne et ce qui suit"
    return None


def _unexpected_colon(e: _Error) -> Diagnosis | None:
    """« mapping values are not allowed »: a line indented too far, or a « : » inside a text."""
    if "mapping values are not allowed" not in e.raw:
        return None
    lines, line, source = e.lines, e.line, e.source
    previous = next(
        (lines[n] for n in range(line - 2, -1, -1) if lines[n].strip() and not lines[n].lstrip().startswith("#")), ""
    )
    if _indent(source) > _indent(previous) and not previous.rstrip().endswith(":"):
        return (
            line,
            _indent(source) + 1,
            (
                "indentation incorrecte — cette ligne est plus décalée que la "
                "précédente : alignez-la sur les clés de même niveau"
            ),
        )
    return (
        line,
        e.col,
        (
            "« : » inattendu — mettez le texte entre guillemets doubles s'il contient « : », "
            "ou vérifiez l'indentation de la ligne"
        ),
    )


def _incomplete_line(e: _Error) -> Diagnosis | None:
    if "could not find expected ':'" in e.raw:
        return (
            e.line,
            e.col,
            ("ligne incomplète — un champ s'écrit « clé: valeur » et une puce « - texte » (un tiret, puis une espace)"),
        )
    return None


def _indentation(e: _Error) -> Diagnosis | None:
    if "expected <block end>" in e.raw or "did not find expected" in e.raw or "indent" in e.raw:
        return (
            e.line,
            e.col,
            ("indentation incorrecte — alignez cette ligne sur les clés de même niveau (des espaces, par pas de 2)"),
        )
    return None


# The usual culprits, tried in this order: first at the place PyYAML got lost…
_AT_ERROR: tuple[Callable[[_Error], Diagnosis | None], ...] = (
    _tab,
    _quote_left_open,
    _text_after_quote,
    _alias,
    _reserved_first_character,
)
# …then where an unfinished « { », « [ » or key began (_Error.at_start).
_AT_START: tuple[Callable[[_Error], Diagnosis | None], ...] = (
    _unclosed_bracket,
    _second_document,
    _unexpected_colon,
    _incomplete_line,
    _indentation,
)


def diagnose(exc: yaml.YAMLError, text: str) -> Diagnosis:
    """(line, column, message) for a YAML error, both numbers starting at 1."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _forbidden_character(exc, text)
    error = _Error.of(exc, text)
    for family in _AT_ERROR:
        if found := family(error):
            return found
    error = error.at_start()
    for family in _AT_START:
        if found := family(error):
            return found
    return error.line, error.col, "YAML illisible — vérifiez l'indentation, les guillemets et les « : » de cette ligne"
