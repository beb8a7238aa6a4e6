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


def test_the_pdfs_name_the_site_as_its_configuration_does(tmp_path: Path) -> None:
    """The site's name in the PDFs (the kicker, « Pour citer ce document », the guide's title, the author of what
    is ours) is the engine's (mkdocs.yml's site_name), given to the PDFs: no copy of it in the code; and it is part
    of what their cache knows them by."""
    site = load_site(MINI / "data")
    records = Views(site, "https://exemple.invalid/").records
    sheet = next(r for r in records if r.kind.name == "fiche")
    pages = {
        r.url: f"<html lang='fr'><head><title>t</title></head><body><article><h1>{r.title}</h1><p>Texte.</p>"
        "</article></body></html>"
        for r in records
    }

    def inputs(name: str) -> jobs.Inputs:
        return jobs.Inputs(site, tmp_path, "https://exemple.invalid/", pages=pages, given_records=records, site_name=name)

    named = inputs("Un nom « à part »")
    page = jobs.page_job(named, sheet.url).html
    assert "Un nom « à part » — Fiche-missions" in page and "Usagers partenaires en santé —" not in page
    assert "<cite>Un nom « à part »</cite>" in page  # « Pour citer ce document »
    assert named.author(jobs.guide_parts(records)[0]) == "Un nom « à part »"  # what is ours is the site's
    guide = jobs.guide_job(named).html
    assert "<title>Un nom « à part » : le guide</title>" in guide
    summary = next(j for j in jobs.sheet_handouts(named, sheet.item) if "resume--" in j.name)
    assert "Un nom « à part » — fiche à distribuer" in summary.html
    assert jobs.recipes(named)[0].inputs != jobs.recipes(inputs("Un autre"))[0].inputs
    raw = jobs.page_job(inputs("Santé <b>&</b>"), sheet.url).html  # a name is text, escaped like any value
    assert "Santé &lt;b&gt;&amp;&lt;/b&gt; — Fiche-missions" in raw and "<b>&</b>" not in raw
