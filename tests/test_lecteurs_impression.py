"""Print that fills its pages (issue 22, point 7): sheet 4 and its easy-to-read twin printed by Chromium on A4 with the
site's print style (`page.pdf()`). When the issue was filed sheet 4 took 9 pages with pages 1–2 half empty (whole
lists pushed to the next page) and the easy-to-read sheet's last page held only the closing lines. Measured on the
PDF: the height each page's text spans (pypdf, from the position of every piece of text)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

SHEET = "fiches/formation-professionnels/"  # « fiche 4 »
FALC = SHEET + "facile-a-lire/"
# The lines that close a page, which alone do not make a page worth its paper.
CLOSING = ("Contenu vérifié", "vérification avant", "Citer, partager, imprimer", "Pour citer", "Adresse")


def _printed(browser, server: str, url: str) -> list[tuple[str, float, float]]:
    """(text, top, bottom) of each printed page, top and bottom as shares of the page's height from its top."""
    tab = browser.new_page()
    try:
        tab.goto(f"{server}/{url}", wait_until="load")
        pdf = tab.pdf(format="A4")
    finally:
        tab.close()
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        heights: list[float] = []

        def visit(text, cm, tm, font, size, heights=heights) -> None:
            if text.strip():
                heights.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

        text = page.extract_text(visitor_text=visit)
        height = float(page.mediabox.height)
        pages.append((text, 1 - max(heights) / height, 1 - min(heights) / height))
    return pages


def test_sheet_4_prints_on_full_pages(browser, server) -> None:
    pages = _printed(browser, server, SHEET)
    assert len(pages) <= 9, f"{len(pages)} pages"
    assert pages[0][0].lstrip().startswith("Accueil") and "Fiche-mission 4" in pages[0][0]
    for n, (_, top, bottom) in enumerate(pages[:-1], 1):
        assert top < 0.1 and bottom > 0.8, f"page {n} : texte de {top:.0%} à {bottom:.0%} de la hauteur"


def test_the_easy_to_read_sheet_prints_on_full_pages_and_ends_with_text(browser, server) -> None:
    pages = _printed(browser, server, FALC)
    for n, (_, top, bottom) in enumerate(pages[:-1], 1):
        assert top < 0.1 and bottom > 0.8, f"page {n} : texte de {top:.0%} à {bottom:.0%} de la hauteur"
    last = [line for line in pages[-1][0].splitlines() if line.strip()]
    text = [line for line in last if not any(mark in line for mark in CLOSING)]
    assert len(" ".join(text)) >= 40, f"la dernière page ne porte que : {last}"


@pytest.mark.parametrize("url", [SHEET, FALC])
def test_screen_only_parts_are_left_off_paper(browser, server, url) -> None:
    text = "\n".join(page[0] for page in _printed(browser, server, url))
    for screen_only in ("Télécharger le PDF", "Écouter", "Aller au contenu", "Rechercher", "Cette page vous a-t-elle aidé"):
        assert screen_only not in text, f"{url} : « {screen_only} » imprimé"
