"""Explain a YAML syntax error in plain French, pointing at the line to fix.

PyYAML reports where it got lost, which is often a few lines after the real mistake (an unclosed
quote swallows the next lines). `diagnose` looks for the usual culprits first — a tab, a quote left
open, text after a closing quote, a misaligned line — and only then rewords PyYAML's message.
"""

from __future__ import annotations

import re

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


def diagnose(exc: yaml.YAMLError, text: str) -> tuple[int, int, str]:
    """(line, column, message) for a YAML error, both numbers starting at 1."""
    lines = text.splitlines()
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        return (
            line,
            col,
            (
                f"caractère interdit (code U+{exc.character:04X}, invisible) — supprimez-le ou "
                "retapez le texte de cette ligne"
            ),
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    raw = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}".strip()
    source = lines[line - 1] if 0 < line <= len(lines) else ""

    # A tab in the indentation, on the error line or above it.
    for n in range(min(line, len(lines)) - 1, -1, -1):
        lead = re.match(r"[ \t\-:?]*", lines[n]).group(0)  # type: ignore[union-attr]  # always matches
        if "\t" in lead or (n == line - 1 and "\t" in source[:col]):
            tab = lines[n].index("\t") + 1
            return n + 1, tab, "tabulation interdite — en YAML, indentez avec des espaces seulement"
        if n < line - 3:
            break
    if "found character '\\t'" in raw:
        return line, col, "tabulation interdite — en YAML, indentez avec des espaces seulement"

    # A quote opened and never closed.
    if "alias" not in raw and "anchor" not in raw:
        found = _unclosed_quote(lines, line - 1)
        if found:
            n, c = found
            quote = lines[n][c]
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
    if "quoted scalar" in raw or "unexpected end of stream" in raw:
        return line, col, "guillemet non fermé — fermez le texte par le même guillemet qui l'ouvre (\" ou ')"

    # Text after a closing quote: « titre: "Pair" aidance » or quotes inside quotes.
    before = source[: col - 1].rstrip()
    if before.endswith(('"', "'")) and _open_quote(before) is None and ("expected" in raw or "not allowed" in raw):
        return (
            line,
            col,
            (
                "texte après le guillemet fermant — mettez tout le texte entre les guillemets ; pour des "
                'guillemets dans le texte, écrivez « » ou \\"'
            ),
        )

    if "alias" in raw or "anchor" in raw:
        return (
            line,
            col,
            (
                "« * » ou « & » au début d'une valeur — YAML y voit un alias : mettez le texte entre "
                'guillemets doubles (ex. titre: "*important*")'
            ),
        )
    if "cannot start any token" in raw:
        char = re.search(r"found character '(.+?)'", raw)
        what = char.group(1) if char else source[col - 1 : col]
        return (
            line,
            col,
            (f"un texte ne peut pas commencer par « {what} » sans guillemets — mettez le texte entre guillemets doubles"),
        )
    context = getattr(exc, "context_mark", None)
    if context is not None and ("flow mapping" in raw or "flow sequence" in raw or "simple key" in raw):
        line, col = context.line + 1, context.column + 1  # where the unfinished thing began
    if "flow mapping" in raw or "flow sequence" in raw:
        return (
            line,
            col,
            (
                "« { » ou « [ » non fermé — si le texte commence par { ou [, mettez-le entre guillemets "
                "doubles ; sinon fermez-le par } ou ]"
            ),
        )
    if "single document" in raw:
        return line, col, "« --- » : un fichier contient un seul élément — supprimez cette ligne et ce qui suit"
    if "mapping values are not allowed" in raw:
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
            col,
            (
                "« : » inattendu — mettez le texte entre guillemets doubles s'il contient « : », "
                "ou vérifiez l'indentation de la ligne"
            ),
        )
    if "could not find expected ':'" in raw:
        return (
            line,
            col,
            ("ligne incomplète — un champ s'écrit « clé: valeur » et une puce « - texte » (un tiret, puis une espace)"),
        )
    if "expected <block end>" in raw or "did not find expected" in raw or "indent" in raw:
        return (
            line,
            col,
            ("indentation incorrecte — alignez cette ligne sur les clés de même niveau (des espaces, par pas de 2)"),
        )
    return line, col, "YAML illisible — vérifiez l'indentation, les guillemets et les « : » de cette ligne"
