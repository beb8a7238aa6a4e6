"""PDFs of the site: each sheet, principle and easy-to-read page, the whole guide, and per sheet a one-page
summary and a QR poster (the trainer's handouts). Independent of MkDocs.

Pages' PDFs are made from the pages as the engine wrote them (their <article>, in print templates of
macros/templates/pdf/): the PDF holds the very text of the page. Handouts are made from the data. Each page's
« Télécharger le PDF (n pages, size) » link (`Report.links`) is written by the finishing pass (outputs/finish.py),
on the tree it finishes.
"""

from __future__ import annotations

from .early import EarlyPdfs, page_written
from .engine import warm_up
from .jobs import GUIDE, Inputs, add_link, all_jobs, guide_parts, page_urls, pdf_name
from .modeles import TemplatePdfs, start_template_pdfs, template_pdfs
from .run import Link, PdfError, Report, available, make_pdfs, pages_read, require

__all__ = [
    "make_pdfs",
    "add_link",
    "pages_read",
    "require",
    "available",
    "Link",
    "PdfError",
    "Report",
    "all_jobs",
    "Inputs",
    "pdf_name",
    "page_urls",
    "guide_parts",
    "GUIDE",
    "template_pdfs",
    "start_template_pdfs",
    "TemplatePdfs",
    "warm_up",
    "EarlyPdfs",
    "page_written",
]
