"""Characters the PDFs cannot print: a text field holding a character that the fonts embedded in the PDFs
(docs/assets/polices/*.woff2, macros/templates/pdf/pdf.css) do not draw would print as an empty box (an emoji,
a pictogram). The site's pages show it (the reader's browser finds a font), the PDFs do not: `make check` names
the file and the field, read from the fonts' own character maps (fontTools, a dependency of WeasyPrint)."""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from pydantic import BaseModel

from ..content.walk import walk
from .collections import SiteData
from .problems import Problem, dotted
from .yaml_source import Located

FONTS = Path(__file__).resolve().parents[2] / "docs" / "assets" / "polices"  # the site's, the PDFs' (pdf/engine.py)
# The collections whose text is printed in a PDF (sheets, principles, reasons, easy-to-read pages, the guide's
# pages, and what their pages show: testimonies, sources, references, the lexicon, acronyms).
PRINTED = ("fiches", "principes", "raisons", "falc", "pages", "temoignages", "sources", "references", "lexique", "sigles")


@functools.lru_cache(maxsize=4)
def font_characters(folder: Path = FONTS) -> frozenset[int]:
    """The code points every font of `folder` draws (their union: regular and bold hold the same)."""
    from fontTools.ttLib import TTFont

    drawn: set[int] = set()
    for font in sorted(folder.glob("*.woff2")):
        with TTFont(font) as loaded:
            drawn.update(loaded.getBestCmap())
    return frozenset(drawn)


def unprintable(text: str, drawn: frozenset[int]) -> list[str]:
    """The characters of `text` the fonts do not draw, once each, in order. Spaces, line breaks and invisible
    format characters (soft hyphen, joiners) are not glyphs: not reported here."""
    return [
        ch
        for ch in dict.fromkeys(text)
        if ord(ch) not in drawn and not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")
    ]


def describe(ch: str) -> str:
    name = unicodedata.name(ch, "").lower()
    return f"« {ch} » (U+{ord(ch):04X}{', ' + name if name else ''})"


def _all_text(item: object) -> str:
    """Every text `walk` finds in an item (fields of models, items of lists), joined in one string."""
    found: list[str] = []

    def visit(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, BaseModel):
            for name in type(value).__pydantic_fields__:
                visit(getattr(value, name))
        elif isinstance(value, list):
            for inner in value:
                visit(inner)

    visit(item)
    return "".join(found)


def check_glyphs(
    site: SiteData, positions: dict[str, Located], folder: Path = FONTS, drawn: frozenset[int] | None = None
) -> list[Problem]:
    """`drawn`: font_characters(folder), if the caller has it (loader.py keeps it between builds)."""
    if not folder.is_dir() or not any(folder.glob("*.woff2")):
        return []
    drawn = font_characters(folder) if drawn is None else drawn
    problems: list[Problem] = []
    for coll in PRINTED:
        for key, item in getattr(site, coll).items():
            if not unprintable(_all_text(item), drawn):  # nearly every item: its fields not walked one by one
                continue
            rel, base = site.files[(coll, key)]
            located = positions.get(rel)
            for value, where in walk(item, ()):
                if not isinstance(value, str):
                    continue
                missing = unprintable(value, drawn)
                if not missing:
                    continue
                path = base + where
                line, col = located.where(path) if located is not None else (1, 1)
                shown = ", ".join(describe(ch) for ch in missing[:5]) + (" …" if len(missing) > 5 else "")
                problems.append(
                    Problem(
                        rel,
                        line,
                        col,
                        dotted(path),
                        f"caractère absent de la police des PDF : {shown} — il s'imprimerait comme une case vide, ou dans "
                        "une autre police selon la machine ; écrivez-le en mots ou retirez-le (la page web l'affiche)",
                    )
                )
    return problems
