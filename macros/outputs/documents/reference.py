"""The styles of the ODT templates, in one place: they are written once into reference.odt (committed), which the
ODT writer loads for every template and fills with its text.

To change a style: edit it here, run `python -m macros.outputs.documents.reference`, commit reference.odt
with this file. Same code, same bytes: regenerating an unchanged reference gives back the committed file.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from odf.config import ConfigItem, ConfigItemSet
from odf.element import Element
from odf.office import Text
from odf.opendocument import OpenDocument
from odf.style import (
    DefaultStyle,
    FontFace,
    FooterStyle,
    HeaderFooterProperties,
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TableRowProperties,
    TabStop,
    TabStops,
    TextProperties,
)
from odf.text import ListLevelStyleBullet, ListLevelStyleNumber, ListStyle

from . import styles as S
from .archive import normalise_zip
from .tree import CHECKBOX_MARK

PATH = Path(__file__).with_name("reference.odt")  # odt.REFERENCE
DATE = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the zip's entries carry a fixed date, not the day it was made

FONT = {
    "name": S.FONT,
    "fontfamily": ", ".join(f"'{f}'" for f in (S.FONT, *S.FONT_FALLBACKS)),
    "fontfamilygeneric": S.FONT_GENERIC,
    "fontpitch": "variable",
}
# Every paragraph's defaults: French, the body's size, the font above.
DEFAULT_TEXT = {"language": "fr", "country": "FR", "fontsize": f"{S.BODY_SIZE:g}pt", "fontname": S.FONT}


def cm(value: float) -> str:
    return f"{value:g}cm"


@dataclass(frozen=True)
class ParagraphStyle:
    """A paragraph style: its name in the file (spaces written _20_), the name shown, what it inherits, its class,
    its outline level (headings), its look (styles.py) and extra paragraph properties (odfpy's names)."""

    name: str
    display: str
    parent: str | None = None
    cls: str | None = None
    outline: int | None = None
    look: S.Look | None = None
    para: dict[str, str] = field(default_factory=dict)

    def paragraph_properties(self) -> dict[str, str]:
        props = dict(self.para)
        if self.look is not None:
            look = self.look
            props |= {"margintop": cm(look.before), "marginbottom": cm(look.after)}
            if look.line > 1:
                props["lineheightatleast"] = f"{look.size * look.line:g}pt"
            else:
                props["lineheight"] = "100%"
            if look.indent:
                props |= {"marginleft": cm(look.indent), "marginright": cm(look.indent)}
            if look.keep_next:
                props["keepwithnext"] = "always"
        if self.outline or self.name == "Heading":  # as Word's headings: never cut across two pages
            props["keeptogether"] = "always"
        if self.name == "Standard":  # as Word's « widow/orphan control »: never one line alone on a page
            props |= {"orphans": "2", "widows": "2"}
        return props

    def text_properties(self) -> dict[str, str]:
        if self.look is None:
            return {}
        look = self.look
        props = {"fontsize": f"{look.size:g}pt", "fontweight": "bold" if look.bold else "normal"}
        props["fontstyle"] = "italic" if look.italic else "normal"
        if look.color:
            props["color"] = f"#{look.color.lower()}"
        return props


PARAGRAPH_STYLES = (
    ParagraphStyle("Standard", "Standard", cls="text", look=S.BODY),
    ParagraphStyle("Text_20_body", "Text body", "Standard", "text", look=S.BODY),
    ParagraphStyle("Heading", "Heading", "Standard", "text", look=S.HEADING_1),
    ParagraphStyle("Title", "Title", "Heading", "chapter", look=S.TITLE),
    ParagraphStyle("Subtitle", "Subtitle", "Heading", "chapter", look=S.SUBTITLE),
    ParagraphStyle("Heading_20_1", "Heading 1", "Heading", "text", outline=1, look=S.HEADING_1),
    ParagraphStyle("Heading_20_2", "Heading 2", "Heading", "text", outline=2, look=S.HEADING_2),
    ParagraphStyle("Quotations", "Quotations", "Standard", "html", look=S.QUOTE),
    ParagraphStyle("List", "List", "Text_20_body", "list", look=S.LIST),
    ParagraphStyle("Caption", "Caption", "Standard", "extra", look=S.CAPTION),
    ParagraphStyle("Table_20_Contents", "Table Contents", "Standard", "extra", look=S.CELL),
    ParagraphStyle("Table_20_Heading", "Table Heading", "Table_20_Contents", "extra", look=replace(S.CELL, bold=True)),
    ParagraphStyle("Footer", "Footer", "Standard", "extra", look=replace(S.CELL, size=S.FOOTER_SIZE, color=S.FOOTER_COLOR)),
)
FOOTER = "Footer"  # the footer's paragraph style: the title, then « page n / N » at the right margin

# Character styles: name, name shown, text properties.
CHARACTER_STYLES = (
    ("Champ_20_à_20_remplir", "Champ à remplir", {"backgroundcolor": "#ffff00", "fontweight": "bold"}),
    ("Strong_20_Emphasis", "Strong Emphasis", {"fontweight": "bold"}),
    ("Emphasis", "Emphasis", {"fontstyle": "italic"}),
)


# List styles: name, name shown, and per level (level, bullet character or None for a number, where its label
# starts, the label's width): the text of level n starts where Word's « List Bullet n » starts it (styles.py).
ListLevel = tuple[int, str | None, float, float]
_STEP = S.LIST_STEP
_BULLETS = [(2, "◦", _STEP, _STEP), (3, "▪", 2 * _STEP, _STEP)]
LIST_STYLES: tuple[tuple[str, str, list[ListLevel]], ...] = (
    ("Puces", "Liste à puces", [(1, "•", 0.0, _STEP), *_BULLETS]),
    ("Cases", "Liste à cocher", [(1, CHECKBOX_MARK, S.CHECKBOX_INDENT, S.CHECKBOX_LABEL), *_BULLETS]),
    ("Numerotation", "Liste numérotée", [(1, None, 0.0, _STEP), (2, None, _STEP, _STEP), (3, None, 2 * _STEP, _STEP)]),
)

# The tables' automatic styles (content.xml): name, family, properties.
_PADDING = {
    "paddingleft": cm(S.CELL_PADDING_SIDE),
    "paddingright": cm(S.CELL_PADDING_SIDE),
    "paddingtop": cm(S.CELL_PADDING_TOP),
    "paddingbottom": cm(S.CELL_PADDING_TOP),
}
TABLE_STYLES = (
    ("Tableau", "table", {"width": cm(S.TEXT_WIDTH), "align": "margins"}),
    ("Tableau.Cellule", "table-cell", {"border": f"0.5pt solid #{S.BORDER}", **_PADDING}),
    ("Tableau.LigneVide", "table-row", {"minrowheight": cm(S.EMPTY_ROW)}),  # an empty row, to fill by hand
    ("Tableau.LigneSignature", "table-row", {"minrowheight": cm(S.SIGNATURE_ROW)}),  # the room for a signature
    ("Tableau.Colonne", "table-column", {"relcolumnwidth": "1*"}),
)

# The page: A4, the margins, the footer inside the bottom margin (styles.py).
PAGE_LAYOUT_NAME = "Page"
PAGE = {
    "pagewidth": cm(S.PAGE_WIDTH),
    "pageheight": cm(S.PAGE_HEIGHT),
    "printorientation": "portrait",
    "margintop": cm(S.MARGIN),
    "marginleft": cm(S.MARGIN),
    "marginright": cm(S.MARGIN),
    "marginbottom": cm(S.FOOTER_DISTANCE),
}
FOOTER_SPACING = 0.4  # between the text and the footer
# The footer and its spacing (LibreOffice counts it in the footer's height) fill the bottom margin: the text
# ends 2.5 cm from the bottom edge, as in Word.
FOOTER_AREA = {"minheight": cm(S.MARGIN - S.FOOTER_DISTANCE), "margintop": cm(FOOTER_SPACING)}


def _paragraph_style(p: ParagraphStyle) -> Any:
    kwargs: dict[str, Any] = {"name": p.name, "displayname": p.display, "family": "paragraph"}
    if p.parent:
        kwargs["parentstylename"] = p.parent
    if p.cls:
        kwargs["attributes"] = {"class": p.cls}
    if p.outline:
        kwargs["defaultoutlinelevel"] = str(p.outline)
    st = Style(**kwargs)
    para, text = p.paragraph_properties(), p.text_properties()
    if p.name == FOOTER:
        para["textalign"] = "start"
    if para:
        props = ParagraphProperties(**para)
        if p.name == FOOTER:
            stops = TabStops()
            stops.addElement(TabStop(position=cm(S.TEXT_WIDTH), type="right"))
            props.addElement(stops)
        st.addElement(props)
    if text:
        st.addElement(TextProperties(**text))
    return st


def _list_style(name: str, display: str, levels: list[ListLevel]) -> Any:
    st = ListStyle(name=name, displayname=display)
    for level, char, start, width in levels:
        if char is None:
            lvl = ListLevelStyleNumber(level=level, numformat="1", numsuffix=".")
        else:
            lvl = ListLevelStyleBullet(level=level, bulletchar=char)
        lvl.addElement(ListLevelProperties(spacebefore=cm(start), minlabelwidth=cm(width)))
        st.addElement(lvl)
    return st


PROPERTIES = {
    "table": TableProperties,
    "table-cell": TableCellProperties,
    "table-row": TableRowProperties,
    "table-column": TableColumnProperties,
}

# LibreOffice's layout options, as it sets them for a Word document: between two paragraphs, the larger of the
# space below the first and the space above the second (not both added: « Add spacing between paragraphs and
# tables » off), so that the ODT and the DOCX of a template break their pages alike.
SETTINGS = {"AddParaTableSpacing": "false"}


class Reference(OpenDocument):
    """A text document that keeps all its automatic styles in content.xml: odfpy writes only those its body
    uses, and the reference's body is empty (the templates made from it use them)."""

    def _used_auto_styles(self, segments: list[Any]) -> list[Any]:
        if self.body in segments:  # every style of the text; the page's layout belongs to styles.xml only
            return [
                e for e in self.automaticstyles.childNodes if e.nodeType == e.ELEMENT_NODE and e.qname[1] != "page-layout"
            ]
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
    for p in PARAGRAPH_STYLES:
        doc.styles.addElement(_paragraph_style(p))
    for name, display, props in CHARACTER_STYLES:
        st = Style(name=name, displayname=display, family="text")
        st.addElement(TextProperties(**props))
        doc.styles.addElement(st)
    for name, display, levels in LIST_STYLES:
        doc.styles.addElement(_list_style(name, display, levels))
    for name, family, props in TABLE_STYLES:
        st = Style(name=name, family=family)
        st.addElement(PROPERTIES[family](**props))
        doc.automaticstyles.addElement(st)
    layout = PageLayout(name=PAGE_LAYOUT_NAME)
    layout.addElement(PageLayoutProperties(**PAGE))
    footer = FooterStyle()
    footer.addElement(HeaderFooterProperties(**FOOTER_AREA))
    layout.addElement(footer)
    doc.automaticstyles.addElement(layout)
    doc.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=PAGE_LAYOUT_NAME))
    settings = ConfigItemSet(name="ooo:configuration-settings")
    for name, value in SETTINGS.items():
        item = ConfigItem(name=name, type="boolean")
        item.addText(value)
        settings.addElement(item)
    doc.settings.addElement(settings)
    out = io.BytesIO()
    doc.write(out)
    return normalise_zip(out.getvalue(), DATE, first=("mimetype",), stored=("mimetype",))


def main() -> None:
    data = reference_bytes()
    PATH.write_bytes(data)
    print(f"{PATH} ({len(data)} octets)")


if __name__ == "__main__":
    main()
