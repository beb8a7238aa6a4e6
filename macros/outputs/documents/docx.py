"""A template as a Word (DOCX) document, styled and tagged for accessibility.

The styles are python-docx's default template's (Title, Subtitle, Heading 1–2, Quote, List Bullet, List Number,
Caption, Table Grid…), plus one character style for the blanks, set to the page and the looks of styles.py (the
same as the ODT's: A4, French margins, one font, the same sizes and spacing); every page's footer gives the
template's title and « page n / N »; the document is made French. Of its table styles
only Table Grid (and the default it is based on) is kept (`reference`): the hundred others were 97 % of each
document's unzipped size, and Word offers its own table styles all the same."""

from __future__ import annotations

import functools
import io
from typing import Any

from ... import content as c
from ...data.collections import SiteData
from . import styles as S
from .archive import normalise_zip
from .tree import BLANKS_INTRO, CHECKBOX_MARK, LANGUAGE, keywords_of, modele_date, runs, shortened, source_line
from .walk import Nature, walk


def docx_bytes(modele: c.Gabarit, site: SiteData, site_url: str = "", *, site_name: str) -> bytes:
    return walk(modele, site, site_url, DocxWriter(modele, site, site_name), site_name)


class DocxWriter:
    """The elements of a template as Word paragraphs and tables (walk.Writer)."""

    def __init__(self, modele: c.Gabarit, site: SiteData, site_name: str) -> None:
        from docx import Document
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_COLOR_INDEX

        self.modele, self.site, self.site_name = modele, site, site_name
        self.doc = Document(io.BytesIO(reference()))
        _cache_style_ids(self.doc)
        self.champ = self.doc.styles.add_style("Champ à remplir", WD_STYLE_TYPE.CHARACTER)
        self.champ.font.highlight_color = WD_COLOR_INDEX.YELLOW
        self.champ.font.bold = True
        _french(self.doc)
        _footer(self.doc, modele.titre)

    # --- the elements (walk.Writer) ---

    def title(self, text: str) -> None:
        self.doc.add_heading(text, 0)

    def subtitle(self, text: str) -> None:
        self._paragraph(text, "Subtitle")

    def intro(self, version: str, sample: str | None) -> None:
        p = self.doc.add_paragraph()
        p.add_run(version).italic = True
        if sample is not None:
            p.add_run(BLANKS_INTRO).italic = True
            self._blank(p.add_run(sample))
            p.add_run(".").italic = True

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level)

    def paragraph(self, text: str, nature: Nature = "normal") -> None:
        self._paragraph(text, "Quote" if nature == "note" else None)

    def items(self, values: list[c.Item], ordonnee: bool = False, cases: bool = False) -> None:
        self._items(values, ordonnee, cases, 1)

    def table(self, caption: str, header: list[str], rows: list[list[str]], footer: list[str] | None) -> None:
        from docx.shared import Cm

        self.doc.add_paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
        rows = rows + ([footer] if footer else [])
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        _repeat_as_header(table.rows[0])
        for col, head in enumerate(header):
            self._cell(table.rows[0].cells[col], head, bold=True)
        for r, row in enumerate(rows, 1):
            last = footer is not None and r == len(rows)
            for col, value in enumerate(row):
                self._cell(table.rows[r].cells[col], value, bold=last)
            if not any(row):
                table.rows[r].height = Cm(S.EMPTY_ROW)
        self.doc.add_paragraph()

    def signatures(self, labels: list[str]) -> None:
        from docx.shared import Cm

        table = self.doc.add_table(rows=2, cols=len(labels))
        table.style = "Table Grid"
        _repeat_as_header(table.rows[0])  # as in the ODT: the labels never alone at the foot of a page
        for col, label in enumerate(labels):
            self._cell(table.rows[0].cells[col], label, bold=True)
        table.rows[1].height = Cm(S.SIGNATURE_ROW)
        self.doc.add_paragraph()

    def finish(self) -> bytes:
        when = modele_date(self.modele)
        self._properties()
        out = io.BytesIO()
        self.doc.save(out)
        lang = [(b'w:val="en-US"', b'w:val="fr-FR"'), (b'w:eastAsia="en-US"', b'w:eastAsia="fr-FR"')]
        app = [
            (b"<Application>Microsoft Macintosh Word</Application>", b"<Application>python-docx</Application>"),
            (b"<Template>Normal.dotm</Template>", b"<Template/>"),
        ]
        return normalise_zip(
            out.getvalue(),
            when,
            first=("[Content_Types].xml",),
            patch={"word/styles.xml": lang, "docProps/app.xml": app},
        )

    # --- how they are made ---

    def _blank(self, run: Any) -> None:
        from docx.enum.text import WD_COLOR_INDEX

        run.style = self.champ
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def _paragraph(self, text: str, style: str | None = None, prefix: str = "") -> None:
        p = self.doc.add_paragraph(style=style)
        if prefix:
            p.add_run(prefix)
        for piece, kind in runs(text, self.modele):
            run = p.add_run(piece)
            if kind == "champ":
                self._blank(run)
            elif kind == "bold":
                run.bold = True
            elif kind == "italic":
                run.italic = True

    def _items(self, values: list[c.Item], ordonnee: bool, cases: bool, level: int) -> None:
        for item in values:
            if cases:
                style = "List Paragraph"
            elif ordonnee:
                style = "List Number" if level == 1 else f"List Number {min(level, 3)}"
            else:
                style = "List Bullet" if level == 1 else f"List Bullet {min(level, 3)}"
            self._paragraph(item.texte, style, prefix=f"{CHECKBOX_MARK}\t" if cases else "")  # the text at the tab
            self._items(item.sous_elements, ordonnee, False, level + 1)

    def _cell(self, cell: Any, text: str, bold: bool = False) -> None:
        p = cell.paragraphs[0]
        _look(p.paragraph_format, None, S.CELL)
        for piece, kind in runs(text, self.modele) if text else []:
            run = p.add_run(piece)
            run.bold = bold or kind == "bold"
            if kind == "champ":
                self._blank(run)

    def _properties(self) -> None:
        modele, when = self.modele, modele_date(self.modele).replace(tzinfo=None)
        core = self.doc.core_properties
        core.title = shortened(modele.titre)
        core.subject = shortened(modele.objet)
        core.author = self.site_name
        core.last_modified_by = self.site_name
        core.keywords = keywords_of(modele)
        core.comments = shortened(source_line(modele, self.site))
        core.category = "Modèle à télécharger"
        core.content_status = f"Version {modele.version}"
        core.identifier = modele.id
        core.language = LANGUAGE
        core.version = modele.version
        core.revision = 1
        core.created = when
        core.modified = when
        core.last_printed = when


# The table styles a document uses: Table Grid, and the default one it is based on.
TABLE_STYLES = {"TableNormal", "TableGrid"}


@functools.cache
def reference() -> bytes:
    """python-docx's default template without the table styles no document uses, without Word 2010's copy of all
    the styles (stylesWithEffects.xml, which Word does not need) and without its preview picture of an empty page:
    the documents open and look the same, and are made in half the time."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in TABLE_STYLES:
            styles.remove(style)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)
    _page(doc)
    _styles(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _french(doc: Any) -> None:
    """Language of the whole document: French (the default style and every style file of the template)."""
    from docx.oxml.ns import qn

    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        node = settings.find(qn(tag))
        if node is not None:
            node.set(qn("w:val"), value)


def _repeat_as_header(row: Any) -> None:
    """A table's first row, repeated at the top of each page (and read as the header row)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    node = OxmlElement("w:tblHeader")
    node.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(node)


def _cache_style_ids(doc: Any) -> None:
    """Resolve each style once per document: python-docx looks a style up by name (and the default style) for
    every paragraph, which took a fifth of the whole build for 13 documents."""
    part = doc.part
    lookup = part.get_style_id
    cache: dict[tuple[str | None, Any], Any] = {}

    def cached(style: Any, style_type: Any) -> Any:
        key = (style if style is None or isinstance(style, str) else style.style_id, style_type)
        if key not in cache:
            cache[key] = lookup(style, style_type)
        return cache[key]

    part.get_style_id = cached


# --- the page and the styles (styles.py) -----------------------------------------------------------------------

# Each role's Word style.
LOOKS = {
    "Normal": S.BODY,
    "Title": S.TITLE,
    "Subtitle": S.SUBTITLE,
    "Heading 1": S.HEADING_1,
    "Heading 2": S.HEADING_2,
    "Quote": S.QUOTE,
    "Caption": S.CAPTION,
    "List Paragraph": S.LIST,
    **{f"List {kind}{n}": S.LIST for kind in ("Bullet", "Number") for n in ("", " 2", " 3")},
}
THEME_FONTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
# What python-docx's template adds to its styles that the ODT has not: borders, letter spacing, kerning,
# no space between paragraphs of a style; and the subtitle's numbering level.
DROPPED = ("w:pBdr", "w:spacing", "w:kern", "w:contextualSpacing")


def _page(doc: Any) -> None:
    """A4, 2.5 cm margins, the footer 1.25 cm from the bottom edge."""
    from docx.shared import Cm

    for section in doc.sections:
        section.page_width, section.page_height = Cm(S.PAGE_WIDTH), Cm(S.PAGE_HEIGHT)
        for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(section, side, Cm(S.MARGIN))
        section.footer_distance = section.header_distance = Cm(S.FOOTER_DISTANCE)


def _styles(doc: Any) -> None:
    """One font everywhere (named, with a fallback in the font table), the looks of styles.py."""
    from docx.oxml.ns import qn
    from docx.shared import Cm

    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in THEME_FONTS:
            fonts.attrib.pop(qn(f"w:{attr}"), None)
    defaults = styles.find(qn("w:docDefaults"))
    fonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), S.FONT)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    for name, look in LOOKS.items():
        style = doc.styles[name]
        for props in (style.element.pPr, style.element.rPr):
            for tag in (*DROPPED, *(("w:numPr",) if name == "Subtitle" else ())) if props is not None else ():
                for node in props.findall(qn(tag)):
                    props.remove(node)
        _look(style.paragraph_format, style.font, look)
    checkbox = doc.styles["List Paragraph"].paragraph_format  # the box, then the text at the hanging indent
    checkbox.left_indent = Cm(S.CHECKBOX_INDENT + S.CHECKBOX_LABEL)
    checkbox.first_line_indent = Cm(-S.CHECKBOX_LABEL)
    _font_table(doc)


def _look(paragraph: Any, font: Any, look: S.Look) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Cm, Pt, RGBColor

    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.space_before, paragraph.space_after = Cm(look.before), Cm(look.after)
    if look.line > 1:
        paragraph.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        paragraph.line_spacing = Pt(look.size * look.line)
    else:
        paragraph.line_spacing = 1.0
    paragraph.keep_with_next = look.keep_next or None
    if look.indent:
        paragraph.left_indent = paragraph.right_indent = Cm(look.indent)
    if font is not None:
        font.size = Pt(look.size)
        font.bold, font.italic = look.bold, look.italic
        font.color.rgb = RGBColor.from_string(look.color) if look.color else RGBColor(0, 0, 0)


def _font_table(doc: Any) -> None:
    """The font named in the font table, with the font Word takes where it is not installed."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    part = next(rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable"))
    table = etree.fromstring(part.blob)
    font = etree.SubElement(table, f"{{{w}}}font", {f"{{{w}}}name": S.FONT})
    etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": S.FONT_FALLBACKS[0]})
    etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": S.FONT_GENERIC})
    etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "variable"})
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _footer(doc: Any, title: str) -> None:
    """Every page's footer: the template's title, then « page n / N » at the right margin (Word's PAGE and
    NUMPAGES fields, which LibreOffice reads too)."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    look = S.Look(size=S.FOOTER_SIZE, after=0.0, line=1.0, color=S.FOOTER_COLOR)
    _look(p.paragraph_format, None, look)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(S.TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)

    def run(text: str) -> Any:
        r = p.add_run(text)
        r.font.size, r.font.color.rgb = Pt(look.size), RGBColor.from_string(S.FOOTER_COLOR)
        return r

    def field(instruction: str) -> None:
        node = OxmlElement("w:fldSimple")
        node.set(qn("w:instr"), f" {instruction} ")
        node.append(run("1")._r)
        p._p.append(node)

    run(title)
    run(f"\t{S.PAGE_WORD}")
    field("PAGE")
    run(S.PAGE_OF)
    field("NUMPAGES")
