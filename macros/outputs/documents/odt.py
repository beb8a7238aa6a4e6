"""A template as an OpenDocument text (ODT), styled and tagged for accessibility.

Every style comes from the committed reference document, reference.odt (made by reference.py): each document
is that reference, loaded, with the template's metadata and text added."""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

from ... import content as c
from ...data.collections import SiteData
from . import styles as S
from .archive import normalise_zip
from .tree import BLANKS_INTRO, LANGUAGE, keywords_of, modele_date, runs, source_line
from .walk import Nature, walk

REFERENCE = Path(__file__).with_name("reference.odt")  # every style of the documents: see reference.py

# The reference's styles, by name.
BODY_STYLE, NOTE, ELEMENT, CAPTION_STYLE = "Text_20_body", "Quotations", "List", "Caption"
HEADING_STYLES = {1: "Heading_20_1", 2: "Heading_20_2"}
CELL_STYLE, HEADER_CELL_STYLE = "Table_20_Contents", "Table_20_Heading"
CHAMP, ITALIC_STYLE = "Champ_20_à_20_remplir", "Emphasis"
SPANS = {"bold": "Strong_20_Emphasis", "italic": ITALIC_STYLE, "champ": CHAMP}  # a run's kind → its style
BULLET_LIST, CHECKBOX_LIST, NUMBERED_LIST = "Puces", "Cases", "Numerotation"
TABLE_STYLE, TABLE_CELL_STYLE, TABLE_COLUMN_STYLE = "Tableau", "Tableau.Cellule", "Tableau.Colonne"
EMPTY_ROW_STYLE, SIGNATURE_ROW_STYLE = "Tableau.LigneVide", "Tableau.LigneSignature"
FOOTER_STYLE = "Footer"


def odt_bytes(modele: c.Gabarit, site: SiteData, site_url: str = "", *, site_name: str) -> bytes:
    return walk(modele, site, site_url, OdtWriter(modele, site, site_name), site_name)


class OdtWriter:
    """The elements of a template as OpenDocument paragraphs, lists and tables (walk.Writer)."""

    def __init__(self, modele: c.Gabarit, site: SiteData, site_name: str) -> None:
        self.modele = modele
        self.doc = _load_reference()
        self.tables = 0  # tables are named in order: Tableau1, Tableau2…
        _metadata(self.doc, modele, site, site_name)
        _footer(self.doc, modele.titre)

    # --- the elements (walk.Writer) ---

    def title(self, text: str) -> None:
        from odf.text import P

        self.doc.text.addElement(self._fill(P(stylename="Title"), text))

    def subtitle(self, text: str) -> None:
        self._paragraph(text, "Subtitle")

    def intro(self, version: str, sample: str | None) -> None:
        from odf.text import P

        intro = P(stylename=BODY_STYLE)
        intro.addElement(_span(ITALIC_STYLE, version))
        if sample is not None:
            intro.addElement(_span(ITALIC_STYLE, BLANKS_INTRO))
            intro.addElement(_span(CHAMP, sample))
            intro.addText(".")
        self.doc.text.addElement(intro)

    def heading(self, text: str, level: int) -> None:
        from odf.text import H

        self.doc.text.addElement(self._fill(H(outlinelevel=level, stylename=HEADING_STYLES[level]), text))

    def paragraph(self, text: str, nature: Nature = "normal") -> None:
        self._paragraph(text, NOTE if nature == "note" else BODY_STYLE)

    def items(self, values: list[c.Item], ordonnee: bool = False, cases: bool = False) -> None:
        self.doc.text.addElement(self._list(values, ordonnee, cases, 1))

    def table(self, caption: str, header: list[str], rows: list[list[str]], footer: list[str] | None) -> None:
        self._paragraph(caption, CAPTION_STYLE)
        self._grid(header, rows + ([footer] if footer else []), EMPTY_ROW_STYLE, foot=footer is not None)

    def signatures(self, labels: list[str]) -> None:
        self._grid(labels, [[""] * len(labels)], SIGNATURE_ROW_STYLE)

    def finish(self) -> bytes:
        out = io.BytesIO()
        self.doc.write(out)
        return normalise_zip(out.getvalue(), modele_date(self.modele), first=("mimetype",), stored=("mimetype",))

    # --- how they are made ---

    def _fill(self, el: Any, value: str) -> Any:
        """`el` with the runs of `value`: plain text, or a span of the run's style."""
        for piece, kind in runs(value, self.modele) if value else []:
            if kind:
                el.addElement(_span(SPANS[kind], piece))
            else:
                el.addText(piece)
        return el

    def _paragraph(self, value: str, style: str) -> None:
        from odf.text import P

        self.doc.text.addElement(self._fill(P(stylename=style), value))

    def _list(self, values: list[c.Item], ordonnee: bool, cases: bool, level: int) -> Any:
        """A list; its sub-lists follow the first level's style (no boxes but in the first level)."""
        from odf.text import List, ListItem, P

        el = List(stylename=CHECKBOX_LIST if cases else NUMBERED_LIST if ordonnee else BULLET_LIST) if level == 1 else List()
        for item in values:
            li = ListItem()
            li.addElement(self._fill(P(stylename=ELEMENT), item.texte))
            if item.sous_elements:
                li.addElement(self._list(item.sous_elements, ordonnee, False, level + 1))
            el.addElement(li)
        return el

    def _grid(self, header: list[str], rows: list[list[str]], empty_row: str, foot: bool = False) -> None:
        """A table: the header row (repeated on each page), the rows; an empty row is `empty_row` high, the
        last row is bold if it is a `foot`."""
        from odf.table import Table, TableColumn, TableHeaderRows, TableRow
        from odf.text import P

        self.tables += 1
        t = Table(name=f"Tableau{self.tables}", stylename=TABLE_STYLE)
        t.addElement(TableColumn(numbercolumnsrepeated=len(header), stylename=TABLE_COLUMN_STYLE))
        head = TableHeaderRows()
        head.addElement(self._row(TableRow(), header, HEADER_CELL_STYLE))
        t.addElement(head)
        for r, row in enumerate(rows, 1):
            tr = TableRow() if any(row) else TableRow(stylename=empty_row)
            t.addElement(self._row(tr, row, HEADER_CELL_STYLE if foot and r == len(rows) else CELL_STYLE))
        self.doc.text.addElement(t)
        self.doc.text.addElement(P(stylename=BODY_STYLE))  # as in Word, where a paragraph keeps two tables apart

    def _row(self, tr: Any, values: list[str], style: str) -> Any:
        from odf.table import TableCell
        from odf.text import P

        for value in values:
            tc = TableCell(stylename=TABLE_CELL_STYLE, valuetype="string")
            tc.addElement(self._fill(P(stylename=style), value))
            tr.addElement(tc)
        return tr


def _span(style: str, value: str) -> Any:
    from odf.text import Span

    span = Span(stylename=style)
    span.addText(value)
    return span


def _footer(doc: Any, title: str) -> None:
    """Every page's footer: the template's title, then « page n / N » at the right margin (styles.py)."""
    from odf.style import Footer
    from odf.text import P, PageCount, PageNumber, Tab

    master = next(m for m in doc.masterstyles.childNodes if m.qname[1] == "master-page")
    line = P(stylename=FOOTER_STYLE)
    line.addText(title)
    line.addElement(Tab())
    line.addText(S.PAGE_WORD)
    line.addElement(PageNumber(selectpage="current", text="1"))
    line.addText(S.PAGE_OF)
    line.addElement(PageCount(text="1"))
    footer = Footer()
    footer.addElement(line)
    master.addElement(footer)


def _metadata(doc: Any, modele: c.Gabarit, site: SiteData, site_name: str) -> None:
    """Title, subject, description (the source), keywords, language, author, fixed dates, id and version."""
    from odf import dc, meta

    when = modele_date(modele).strftime("%Y-%m-%dT%H:%M:%S")
    doc.meta.addElement(dc.Title(text=modele.titre))
    doc.meta.addElement(dc.Subject(text=modele.objet))
    doc.meta.addElement(dc.Description(text=source_line(modele, site)))
    doc.meta.addElement(meta.Keyword(text=keywords_of(modele)))
    doc.meta.addElement(dc.Language(text=LANGUAGE))
    doc.meta.addElement(dc.Creator(text=site_name))
    doc.meta.addElement(meta.InitialCreator(text=site_name))
    doc.meta.addElement(meta.CreationDate(text=when))
    doc.meta.addElement(dc.Date(text=when))
    doc.meta.addElement(meta.EditingCycles(text="1"))
    for name, value in (("Identifiant", modele.id), ("Version", modele.version)):
        doc.meta.addElement(meta.UserDefined(name=name, valuetype="string", text=value))


@functools.cache
def _reference() -> bytes:
    return REFERENCE.read_bytes()


def _load_reference() -> Any:
    """A new document: the reference's styles, an empty body."""
    from odf.element import Element
    from odf.namespaces import DCNS, FONS, MANIFESTNS, METANS, OFFICENS, STYLENS, SVGNS, TABLENS, TEXTNS, nsdict
    from odf.opendocument import load

    # odfpy declares, in every file, each namespace any document of the process has used so far, in the order
    # first met (one shared dict): start from the namespaces of a text document, in the order they have always
    # been declared, so that the same template gives the same declarations in the same order.
    Element.namespaces.clear()
    for ns in (OFFICENS, TEXTNS, METANS, DCNS, STYLENS, SVGNS, FONS, TABLENS, MANIFESTNS):
        Element.namespaces[ns] = nsdict[ns]
    doc = load(io.BytesIO(_reference()))
    # odfpy keeps the reference manifest's entry for the document itself ("/") as an extra file: it would be
    # listed twice.
    doc._extra = [extra for extra in doc._extra if extra.filename != "/"]
    return doc
