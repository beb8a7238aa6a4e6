"""PDFs of the site: each sheet, principle and easy-to-read page, the whole guide, and per sheet a one-page
summary and a QR poster (the trainer's handouts). Independent of MkDocs.

Pages' PDFs are made from the pages as built (their <article>, in print templates of
macros/templates/pdf/): the PDF holds the very text of the page. Handouts are made from the data. Then each
page gets its « Télécharger le PDF (n pages, size) » link, written into its HTML with lxml, in the same pass.
"""

from __future__ import annotations

from .jobs import GUIDE, Inputs, all_jobs, guide_parts, page_urls, pdf_name
from .modeles import template_pdfs
from .run import PdfError, PdfRun, Report, available, finish, page_source, start

__all__ = [
    "start",
    "page_source",
    "finish",
    "available",
    "PdfRun",
    "PdfError",
    "Report",
    "all_jobs",
    "Inputs",
    "pdf_name",
    "page_urls",
    "guide_parts",
    "GUIDE",
    "template_pdfs",
]
