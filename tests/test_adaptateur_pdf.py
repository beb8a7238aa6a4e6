"""The PDFs read addresses and titles from the page records (the registry), never from the URL nor the page's
<title>: on the small fixture data (tests/donnees-mini/), no build, no PDF made."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.data.loader import load_site
from macros.outputs import pdf
from macros.outputs.pdf.jobs import Inputs
from macros.render.views import Views

MINI = Path(__file__).resolve().parent / "donnees-mini"
SITE_URL = "https://exemple.invalid/"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    site = load_site(MINI / "data")
    records = Views(site, SITE_URL).records
    pages = {
        r.url: f"<html lang='fr'><head><title>Autre titre — Un autre nom de site</title></head>"
        f"<body><article><h1>{r.title}</h1><p>Texte.</p></article></body></html>"
        for r in records
    }
    return Inputs(site, tmp_path_factory.mktemp("site"), SITE_URL, pages=pages, given_records=records)


def test_a_pdf_is_titled_as_its_page_record_whatever_the_site_is_named(inputs: Inputs) -> None:
    for record in inputs.records:
        if "pdf" in record.outputs:
            page = inputs.page(record.url)
            assert page.meta.title == record.title
            assert page.colophon.title == record.title


def test_the_guide_and_the_handouts_take_the_sheets_addresses_from_their_records(inputs: Inputs) -> None:
    sheets = [r for r in inputs.records if r.kind.name == "fiche"]
    assert len(sheets) == 2
    parts = pdf.guide_parts(inputs.records)
    assert [u for u in parts if u in {r.url for r in sheets}] == [r.url for r in sheets]
    assert parts[0] == "introduction/" and parts[-1] == "conclusion/"
    handouts = [job for fiche in inputs.site.fiches_in_order() for job in pdf.jobs.sheet_handouts(inputs, fiche)]
    assert sorted(j.name for j in handouts) == sorted(
        pdf.pdf_name(r.url, prefix) for r in sheets for prefix in ("resume--", "affiche--")
    )
