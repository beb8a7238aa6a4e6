"""The page and the styles of every downloadable document, in one place, for both formats: the DOCX writer
(docx.py, at the reference it loads) and the ODT reference (reference.py) read them here, so that LibreOffice
or Word lay out the DOCX and the ODT of a template alike (same page, same font, same sizes and spacing: the
same text falls on the same pages).

French office conventions: A4 (21 × 29.7 cm), 2.5 cm margins on every side, the footer inside the bottom margin
(1.25 cm from the edge) with the template's title and « page n / N »; one legible sans-serif family, the site's
own (Atkinson Hyperlegible), with Arial then Liberation Sans named where the font is not installed; the same
family as the PDFs (macros/templates/pdf/pdf.css)."""

from __future__ import annotations

from dataclasses import dataclass

# --- the page (cm) ---
PAGE_WIDTH, PAGE_HEIGHT = 21.0, 29.7
MARGIN = 2.5  # top, bottom, left, right
FOOTER_DISTANCE = 1.25  # from the page's bottom edge to the footer
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN

# --- the font ---
FONT = "Atkinson Hyperlegible"
FONT_FALLBACKS = ("Arial", "Liberation Sans")  # named in the DOCX font table (altName) and the ODT font face
FONT_GENERIC = "swiss"  # sans-serif, for an office suite that has none of them

BODY_SIZE = 11.0  # pt
LINE = 1.35  # the text's lines are at least this many times its size apart (about 1.15 × single spacing); titles,
# tables and the footer: single. A minimum, not a proportion: LibreOffice spaces a proportional line differently
# in a DOCX and in an ODT (the same text then breaks its pages in other places), a minimum alike.
FOOTER_SIZE = 9.0
FOOTER_COLOR = "404040"
HEADING_COLOR = "1F3864"  # 12.6:1 on white


@dataclass(frozen=True)
class Look:
    """A paragraph style, as both formats write it: size (pt), weight, slant, colour (hex without #), spacing
    above and below (cm), kept with the next paragraph, line spacing."""

    size: float = BODY_SIZE
    bold: bool = False
    italic: bool = False
    color: str | None = None
    before: float = 0.0
    after: float = 0.25
    keep_next: bool = False
    line: float = LINE  # 1.0: single spacing; more: at least `line` × `size` points
    indent: float = 0.0  # left indent (cm)


# By role: the DOCX style id and the ODT style name of each role are in docx.py and reference.py.
BODY = Look()
TITLE = Look(size=20, bold=True, color=HEADING_COLOR, after=0.3, keep_next=True, line=1.0)
SUBTITLE = Look(size=13, italic=True, after=0.3, keep_next=True)
HEADING_1 = Look(size=15, bold=True, color=HEADING_COLOR, before=0.6, after=0.2, keep_next=True, line=1.0)
HEADING_2 = Look(size=13, bold=True, color=HEADING_COLOR, before=0.4, after=0.15, keep_next=True, line=1.0)
QUOTE = Look(italic=True, indent=1.0)
LIST = Look(after=0.1)
CAPTION = Look(italic=True, before=0.2, after=0.1, keep_next=True)
CELL = Look(after=0.0, line=1.0)

# Lists: the text of level n starts n × LIST_STEP from the margin, its bullet or number one step before.
LIST_STEP = 0.635
CHECKBOX_INDENT = 1.27  # a check-list item: its box at this indent
CHECKBOX_LABEL = 0.5  # and its text this much further (a tab in Word), where its next lines start too

# Tables: cells' inner margins (cm), the height of a row to fill by hand and of the room for a signature.
CELL_PADDING_SIDE, CELL_PADDING_TOP = 0.19, 0.0
EMPTY_ROW, SIGNATURE_ROW = 0.8, 2.8
BORDER = "000000"

# The footer's words around the page's number and the number of pages: « page 2 / 5 », never cut at the end of
# a line (no-break spaces).
PAGE_WORD, PAGE_OF = "page\u00a0", "\u00a0/\u00a0"
