"""What the build says of a PDF names the data file its page record was made from (the registry's), not a path
worked out from the PDF's name. On the small fixture data (tests/donnees-mini/): no build, no PDF made."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from macros.data.loader import load_site
from macros.outputs.pdf import jobs
from macros.outputs.pdf.checks import problems_of
from macros.render.records import Records
from macros.render.views import Views

MINI = Path(__file__).resolve().parent / "donnees-mini"


def test_a_handout_too_long_names_the_data_file_of_its_sheet_record() -> None:
    records = Views(load_site(MINI / "data"), "https://exemple.invalid/").records
    sources = jobs.pdf_sources(records)
    sheet = next(r for r in records if r.kind.name == "fiche")
    summary = jobs.pdf_name(sheet.url, "resume--")
    assert (MINI / sources[summary]).is_file()  # a file the editor can open
    (problem,) = problems_of(summary, [], 2, sources[summary])
    assert problem.endswith(f"raccourcissez le titre, la description ou les listes de {sheet.source}")
    # A sheet whose record says it is made from another file: that file is named, whatever the PDF is called.
    moved = Records([dataclasses.replace(r, source="data/fiches/ailleurs.yml") if r is sheet else r for r in records])
    assert jobs.pdf_sources(moved)[summary] == "data/fiches/ailleurs.yml"
    assert jobs.pdf_sources(moved)[jobs.pdf_name(sheet.url)] == "data/fiches/ailleurs.yml"
