"""A sheet's one-page summary is the fullest of its 12 versions that fits one page. After an editor changes one
bullet of a long sheet, WeasyPrint used to lay out every version in turn until one fitted (up to 12 layouts, the
summary of « Éducation thérapeutique » 10): it now searches them (`engine.first_fitting`), and keeps the very
version, and so the very bytes, that trying each in turn kept."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from macros.data.loader import load_site
from macros.outputs.pdf import engine, jobs
from tests.conftest import ROOT

BOUNDS = tuple(n for n, (*_, tight) in enumerate(jobs.SUMMARY_LIMITS) if tight)


def linear(counts: list[int]) -> int:
    """What trying each version in turn keeps: the first that fits one page, else the last."""
    return next((n for n, c in enumerate(counts) if c <= 1), len(counts) - 1)


def cases() -> list[list[int]]:
    """Page counts of the 12 versions as they can be: a tight version (of the same items as the version before
    it, in smaller type) fits whenever that version does, and once a tight version fits every later one does.
    One case per first version that fits, with each of the non-tight ones before it fitting or not."""
    count = len(jobs.SUMMARY_LIMITS)
    found = []
    for first in [*range(count), count]:  # `count`: none fits
        counts = [2] * count
        for n in range(first, count):
            counts[n] = 1 if n in BOUNDS or n == first else 1 + (n % 3 == 2)  # after the first, some loose ones overflow
        found.append(counts)
    return found


@pytest.mark.parametrize("counts", cases(), ids=lambda c: "".join(map(str, c)))
def test_the_search_keeps_the_version_trying_each_in_turn_keeps_with_fewer_layouts(counts: list[int]) -> None:
    laid: list[int] = []

    def pages(n: int) -> int:
        laid.append(n)
        return counts[n]

    assert engine.first_fitting(len(counts), BOUNDS, pages) == linear(counts)
    assert len(set(laid)) <= 5, laid  # instead of up to 12
    assert len(laid) == len(set(laid)), f"a version laid out twice: {laid}"


def test_without_bounds_each_version_is_tried_in_turn() -> None:
    laid: list[int] = []

    def pages(n: int) -> int:
        laid.append(n)
        return [3, 2, 2, 1, 1][n]

    assert engine.first_fitting(5, (), pages) == 3 and laid == [0, 1, 2, 3]


@pytest.mark.pdf
def test_the_edited_long_sheets_summary_is_the_same_pdf_in_half_the_layouts(tmp_path: Path) -> None:
    """« Éducation thérapeutique », the sheet the bench edits (the first file of data/fiches/): its summary, made
    from its built page, is the same PDF, byte for byte, as trying each version in turn gives."""
    pytest.importorskip("weasyprint")
    site = load_site(ROOT / "data")
    fiche = sorted((ROOT / "data" / "fiches").glob("*.yml"))[0].stem
    url = f"fiches/{fiche}/"
    page = (
        "<!DOCTYPE html><html lang='fr'><head><title>Fiche</title></head><body><article><h1>Fiche</h1>"
        "<p>Le texte.</p></article></body></html>"
    )
    inp = jobs.Inputs(site, tmp_path, "https://exemple.invalid/", pages={url: page})
    summary = next(j for j in jobs.sheet_handouts(inp, site.fiches[fiche]) if "resume--" in j.name)
    laid: list[str] = []
    real = engine.layout

    def counted(html: str) -> tuple[object, str]:
        laid.append(html)
        return real(html)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "layout", counted)
        searched = engine.render_job(summary)
        searched_layouts = len(laid)
        laid.clear()
        each = engine.render_job(dataclasses.replace(summary, bounds=()))
    assert searched == each
    assert searched_layouts < len(laid), (searched_layouts, len(laid))
