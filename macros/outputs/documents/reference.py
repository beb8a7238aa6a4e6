"""The styles of the ODT templates, in one place: they are written once into reference.odt (committed), which the
ODT writer loads for every template and fills with its text.

To change a style: edit it here, run `python -m macros.outputs.documents.reference`, commit reference.odt
with this file. Same code, same bytes: regenerating an unchanged reference gives back the committed file.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from odf.element import Element
from odf.office import Text
from odf.opendocument import OpenDocument
from odf.style import (
    DefaultStyle,
    FontFace,
    ListLevelProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TableRowProperties,
    TextProperties,
)
from odf.text import ListLevelStyleBullet, ListLevelStyleNumber, ListStyle

from .archive import normalise_zip
from .tree import CASE

PATH = Path(__file__).with_name("reference.odt")  # odt.REFERENCE
DATE = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the zip's entries carry a fixed date, not the day it was made

FONT = {"name": "Liberation Sans", "fontfamily": "'Liberation Sans'", "fontfamilygeneric": "swiss", "fontpitch": "variable"}
# Every paragraph's defaults: French, 11 pt, the font above.
DEFAULT_TEXT = {"language": "fr", "country": "FR", "fontsize": "11pt", "fontname": "Liberation Sans"}


@dataclass(frozen=True)
class Paragraphe:
    """A paragraph style: its name in the file (spaces written _20_), the name shown, what it inherits, its class,
    its outline level (headings), and its paragraph and text properties (odfpy's names for them)."""

    name: str
    display: str
    parent: str | None = None
    cls: str | None = None
    outline: int | None = None
    para: dict[str, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)


PARAGRAPHES = (
    Paragraphe("Standard", "Standard", cls="text"),
    Paragraphe("Text_20_body", "Text body", "Standard", "text", para={"margintop": "0cm", "marginbottom": "0.25cm"}),
    Paragraphe(
        "Heading",
        "Heading",
        "Standard",
        "text",
        para={"margintop": "0.5cm", "marginbottom": "0.21cm", "keepwithnext": "always"},
        text={"fontweight": "bold"},
    ),
    Paragraphe(
        "Title",
        "Title",
        "Heading",
        "chapter",
        para={"textalign": "center"},
        text={"fontsize": "20pt", "fontweight": "bold"},
    ),
    Paragraphe(
        "Subtitle",
        "Subtitle",
        "Heading",
        "chapter",
        para={"textalign": "center"},
        text={"fontsize": "13pt", "fontstyle": "italic", "fontweight": "normal"},
    ),
    Paragraphe(
        "Heading_20_1",
        "Heading 1",
        "Heading",
        "text",
        outline=1,
        para={"margintop": "0.6cm", "marginbottom": "0.2cm", "keepwithnext": "always"},
        text={"fontsize": "15pt", "fontweight": "bold", "color": "#1f3864"},
    ),
    Paragraphe(
        "Heading_20_2",
        "Heading 2",
        "Heading",
        "text",
        outline=2,
        para={"margintop": "0.4cm", "marginbottom": "0.15cm", "keepwithnext": "always"},
        text={"fontsize": "13pt", "fontweight": "bold", "color": "#1f3864"},
    ),
    Paragraphe(
        "Quotations",
        "Quotations",
        "Standard",
        "html",
        para={"marginleft": "1cm", "marginright": "1cm", "marginbottom": "0.25cm"},
        text={"fontstyle": "italic"},
    ),
    Paragraphe("List", "List", "Text_20_body", "list", para={"margintop": "0cm", "marginbottom": "0.1cm"}),
    Paragraphe(
        "Caption",
        "Caption",
        "Standard",
        "extra",
        para={"keepwithnext": "always", "marginbottom": "0.1cm"},
        text={"fontstyle": "italic"},
    ),
    Paragraphe("Table_20_Contents", "Table Contents", "Standard", "extra"),
    Paragraphe("Table_20_Heading", "Table Heading", "Table_20_Contents", "extra", text={"fontweight": "bold"}),
)

# Character styles: name, name shown, text properties.
CARACTERES = (
    ("Champ_20_à_20_remplir", "Champ à remplir", {"backgroundcolor": "#ffff00", "fontweight": "bold"}),
    ("Strong_20_Emphasis", "Strong Emphasis", {"fontweight": "bold"}),
    ("Emphasis", "Emphasis", {"fontstyle": "italic"}),
)


def _indent(level: int) -> str:
    return f"{0.6 * (level - 1) + 0.4:.1f}cm"


# List styles: name, name shown, and per level (level, bullet character or None for a number, label width).
Niveau = tuple[int, str | None, str]
LISTES: tuple[tuple[str, str, list[Niveau]], ...] = (
    ("Puces", "Liste à puces", [(1, "•", "0.6cm"), (2, "◦", "0.6cm"), (3, "▪", "0.6cm")]),
    ("Cases", "Liste à cocher", [(1, CASE, "0.7cm")]),
    ("Numerotation", "Liste numérotée", [(1, None, "0.7cm"), (2, None, "0.7cm"), (3, None, "0.7cm")]),
)

# The tables' automatic styles (content.xml): name, family, properties.
TABLEAUX = (
    ("Tableau", "table", {"width": "17cm", "align": "margins"}),
    ("Tableau.Cellule", "table-cell", {"border": "0.5pt solid #000000", "padding": "0.1cm"}),
    ("Tableau.LigneVide", "table-row", {"minrowheight": "0.8cm"}),  # an empty row, to fill by hand
    ("Tableau.LigneSignature", "table-row", {"minrowheight": "2.8cm"}),  # the room for a signature
    ("Tableau.Colonne", "table-column", {"relcolumnwidth": "1*"}),
)


def _paragraph_style(p: Paragraphe) -> Any:
    kwargs: dict[str, Any] = {"name": p.name, "displayname": p.display, "family": "paragraph"}
    if p.parent:
        kwargs["parentstylename"] = p.parent
    if p.cls:
        kwargs["attributes"] = {"class": p.cls}
    if p.outline:
        kwargs["defaultoutlinelevel"] = str(p.outline)
    st = Style(**kwargs)
    if p.para:
        st.addElement(ParagraphProperties(**p.para))
    if p.text:
        st.addElement(TextProperties(**p.text))
    return st


def _list_style(name: str, display: str, levels: list[Niveau]) -> Any:
    st = ListStyle(name=name, displayname=display)
    for level, char, width in levels:
        if char is None:
            lvl = ListLevelStyleNumber(level=level, numformat="1", numsuffix=".")
        else:
            lvl = ListLevelStyleBullet(level=level, bulletchar=char)
        lvl.addElement(ListLevelProperties(spacebefore=_indent(level), minlabelwidth=width))
        st.addElement(lvl)
    return st


PROPERTIES = {
    "table": TableProperties,
    "table-cell": TableCellProperties,
    "table-row": TableRowProperties,
    "table-column": TableColumnProperties,
}


class Reference(OpenDocument):
    """A text document that keeps all its automatic styles in content.xml: odfpy writes only those its body
    uses, and the reference's body is empty (the templates made from it use them)."""

    def _used_auto_styles(self, segments: list[Any]) -> list[Any]:
        if self.body in segments:
            return [e for e in self.automaticstyles.childNodes if e.nodeType == e.ELEMENT_NODE]
        return super()._used_auto_styles(segments)


def reference_bytes() -> bytes:
    """reference.odt: an empty text document holding every style the ODT templates use."""
    Element.namespaces.clear()  # odfpy's namespaces are one dict for the whole process: start from none
    doc = Reference("application/vnd.oasis.opendocument.text")
    doc.text = Text()
    doc.body.addElement(doc.text)
    doc.fontfacedecls.addElement(FontFace(**FONT))
    default = DefaultStyle(family="paragraph")
    default.addElement(TextProperties(**DEFAULT_TEXT))
    doc.styles.addElement(default)
    for p in PARAGRAPHES:
        doc.styles.addElement(_paragraph_style(p))
    for name, display, props in CARACTERES:
        st = Style(name=name, displayname=display, family="text")
        st.addElement(TextProperties(**props))
        doc.styles.addElement(st)
    for name, display, levels in LISTES:
        doc.styles.addElement(_list_style(name, display, levels))
    for name, family, props in TABLEAUX:
        st = Style(name=name, family=family)
        st.addElement(PROPERTIES[family](**props))
        doc.automaticstyles.addElement(st)
    out = io.BytesIO()
    doc.write(out)
    return normalise_zip(out.getvalue(), DATE, first=("mimetype",), stored=("mimetype",))


def main() -> None:
    data = reference_bytes()
    PATH.write_bytes(data)
    print(f"{PATH} ({len(data)} octets)")


if __name__ == "__main__":
    main()
