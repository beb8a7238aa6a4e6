"""Hand-written pages (docs/*.md) that show a data item by its id: check that the id exists.

Without this, renaming or deleting a data file would stop the build with a Python traceback from the
macro; with it, `make check` says which page names which missing id.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..render.ids import ID_MACROS
from .problems import Problem

if TYPE_CHECKING:
    from .collections import SiteData

# Macro → collection whose id its first argument names (the registry of the views, macros/render/views.py).
MACROS = ID_MACROS
_CALL = re.compile(r"\b(" + "|".join(MACROS) + r")\(\s*[\"']([^\"']*)[\"']")
_FICHE_ARG = re.compile(r"\btemoignages_liste\([^)]*\bfiche\s*=\s*[\"']([^\"']*)[\"']")


def check_docs(site: SiteData, root: Path, broken: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    docs = root / "docs"
    problems: list[Problem] = []
    if not docs.is_dir():
        return problems
    for path in sorted(docs.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        rel = path.relative_to(root).as_posix()
        calls = [(m.start(2), MACROS[m.group(1)], m.group(2)) for m in _CALL.finditer(text)]
        calls += [(m.start(1), "fiches", m.group(1)) for m in _FICHE_ARG.finditer(text)]
        for start, coll, ident in sorted(calls):
            valid = sorted(getattr(site, coll, {}) or {})
            if ident in valid or ident in broken:
                continue
            line = text.count("\n", 0, start) + 1
            col = start - (text.rfind("\n", 0, start) + 1) + 1
            near = difflib.get_close_matches(ident, valid, n=1, cutoff=0.6)
            ids = ", ".join(valid) if valid else "aucun"
            hint = f"vouliez-vous écrire « {near[0]} » ? " if near else ""
            problems.append(
                Problem(
                    rel,
                    line,
                    col,
                    "",
                    f"« {ident} » introuvable : data/{coll}/{ident}.yml n'existe pas "
                    f"— {hint}ids valides : {ids} ; corrigez l'id ou créez ce fichier",
                )
            )
    return problems
