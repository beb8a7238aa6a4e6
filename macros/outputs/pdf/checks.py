"""What a reader would see wrong in a PDF, said by the build in French: a character the embedded fonts do not
draw (it prints as an empty box), a one-page handout that takes more than one page.

`make check` already refuses such characters in the data's text (macros/data/glyphs.py); this looks at each
PDF's whole text, the hand-written pages and the templates' words included, once WeasyPrint has counted the pages.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import lxml.html

from ...data.glyphs import describe, font_characters, unprintable
from .engine import FONTS
from .jobs import FOLDER, HANDOUTS

ONE_PAGE = HANDOUTS  # the handouts a trainer prints on one sheet
_NOT_PRINTED = ("style", "script", "title", "head")


def printed_text(html: str) -> str:
    """The text of a print document's body (what WeasyPrint lays out), without its style sheets."""
    root = lxml.html.document_fromstring(html)
    for node in root.iter(*_NOT_PRINTED):
        node.text = None
    return " ".join(root.itertext())


def glyphs_missing(html: str) -> list[str]:
    """The characters of a print document's text that the PDFs' fonts do not draw (kept with the job's HTML
    digest: a PDF taken from the cache is checked without making its HTML again)."""
    return unprintable(printed_text(html), _drawn())


@functools.lru_cache(maxsize=1)
def _drawn() -> frozenset[int]:
    return font_characters(FONTS)


def problems_of(name: str, missing: Sequence[str], pages: int | None, source: str) -> list[str]:
    """One French sentence per problem of the PDF `name` (`missing`: `glyphs_missing`; `pages`: its count;
    `source`: the data file its text comes from, its page record's: jobs.pdf_sources)."""
    problems = []
    if missing:
        shown = ", ".join(describe(ch) for ch in missing[:5]) + (" …" if len(missing) > 5 else "")
        problems.append(
            f"{name} : caractère absent de la police des PDF : {shown} — il s'imprime comme une case vide, ou dans "
            "une autre police selon la machine ; retirez-le de la page ou des données d'où vient ce texte (ou "
            "écrivez-le en mots)"
        )
    one_page = name.removeprefix(f"{FOLDER}/").startswith(ONE_PAGE)
    if one_page and pages is not None and pages > 1:
        problems.append(
            f"{name} : {pages} pages au lieu d'une — ce document à distribuer doit tenir sur une "
            f"feuille : raccourcissez le titre, la description ou les listes de {source}"
        )
    return problems
