"""PDFs of the site: each sheet, principle and easy-to-read page, the whole guide, and per sheet a one-page
summary and a QR poster (the trainer's handouts). Independent of MkDocs.

Pages' PDFs are made from the pages as built (their <article>, in print templates of
macros/templates/pdf/): the PDF holds the very text of the page. Handouts are made from the data. Then each
page gets its « Télécharger en PDF (n pages, size) » link, written into its HTML with lxml, in the same pass.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...content.kinds import fiche_title
from ...data.collections import SiteData
from .jobs import GUIDE, Inputs, all_jobs, guide_parts, page_urls, pdf_name
from .modeles import template_pdfs
from .run import PdfError, PdfRun, Report, asked, available, finish, page_source, start


def handouts(site: SiteData, easy_pages: Sequence[tuple[str, str]]) -> Sequence[tuple[str, str]]:
    """What the trainer kit lists: (label, path in the site) of every PDF, in reading order (no sizes: the
    kit is written before the PDFs are made)."""
    out = [("Le guide complet", GUIDE)]
    for f in site.fiches_in_order():
        url = f"fiches/{f.id}/"
        out += [
            (fiche_title(f), pdf_name(url)),
            (f"Fiche {f.numero} : résumé d'une page à distribuer", pdf_name(url, "resume--")),
            (f"Fiche {f.numero} : affiche avec QR code", pdf_name(url, "affiche--")),
        ]
    out += [(f"Facile à lire : {title}", pdf_name(url)) for title, url in easy_pages]
    return out


__all__ = [
    "start",
    "page_source",
    "finish",
    "asked",
    "available",
    "PdfRun",
    "PdfError",
    "Report",
    "handouts",
    "all_jobs",
    "Inputs",
    "pdf_name",
    "page_urls",
    "guide_parts",
    "GUIDE",
    "template_pdfs",
]
