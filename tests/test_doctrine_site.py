"""Principles, reasons, lexicon, testimonials, workshops and references on the built site."""

from __future__ import annotations

import re

from macros.content import PROFIL_LABELS as PROFILS
from tests.conftest import article_text


def test_counts_match_the_sources(site_data) -> None:
    assert len(site_data.principes) == 7
    assert sorted(p.numero for p in site_data.principes.values()) == [f"3.{n}" for n in range(1, 8)]
    assert sorted(r.numero for r in site_data.raisons.values()) == [f"1.{n}" for n in range(1, 6)]
    has = sorted(r.numero for r in site_data.references.values() if r.document == "has-avis-2023")
    assert has == list(range(1, 56))
    assert len(site_data.ateliers) == 2
    assert len(site_data.lexique) >= 10
    sigles = {s.sigle for s in site_data.sigles.values()}
    # CPP and CVS are named in full in the sources, never as acronyms.
    for needed in [
        "ETP",
        "RU",
        "CDU",
        "MSP",
        "MDPH",
        "CCAS",
        "ARS",
        "HAS",
        "CEU",
        "DU",
        "DIU",
        "PESH",
        "COPS",
        "ESMS",
        "EHPAD",
        "CPTS",
        "VAE",
        "IFSI",
        "PROMs",
        "PREMs",
    ]:
        assert needed in sigles, needed


def test_principle_pages_and_matrix_both_ways(site_data, page) -> None:
    matrix = page("principes/").find("table", class_="up-matrice")
    rows = matrix.find("tbody").find_all("tr")
    assert len(rows) == 7
    fiches = site_data.fiches_in_order()
    for row, principe in zip(rows, sorted(site_data.principes.values(), key=lambda p: p.numero)):
        cells = row.find_all("td")
        assert [c.get_text(strip=True).endswith("oui") for c in cells] == [f.id in principe.fiches for f in fiches]
        soup = page(f"principes/{principe.id}/")
        linked = {a["href"].split("/")[-2] for a in soup.find(id="fiches").find_next("ul").find_all("a")}
        assert linked == set(principe.fiches)
    for fiche in fiches:
        soup = page(f"fiches/{fiche.id}/")
        expected = {p.id for p in site_data.principes.values() if fiche.id in p.fiches}
        items = soup.find(id="principes").find_next("ul").find_all("a") if expected else []
        assert {a["href"].split("/")[-2] for a in items} == expected


def test_principle_sub_parts_and_notes(page) -> None:
    soup = page("principes/egalite-consideration/")
    assert soup.find(id="secret-professionnel") is not None
    assert soup.find("aside", class_="up-encadre") is not None
    assert "Que doit-on retenir" in soup.find("aside", class_="up-encadre").get_text()
    soup = page("principes/reconnaissance-financiere/")
    assert soup.find(id="collaborateurs-occasionnels") and soup.find(id="collaborateurs-permanents")


def test_cited_references_link_to_their_number(site_data, page) -> None:
    refs = page("references/")
    for principe in site_data.principes.values():
        soup = page(f"principes/{principe.id}/")
        for n in principe.references:
            assert soup.find("a", href=re.compile(rf"references/#has-{n}$")), (principe.id, n)
            assert refs.find(id=f"has-{n}") is not None


def test_lexicon_entries_have_stable_anchors(site_data, page) -> None:
    soup = page("lexique/")
    for term in site_data.lexique.values():
        assert soup.find(id=term.id) is not None, term.id
    for sigle in site_data.sigles.values():
        assert soup.find(id=f"sigle-{sigle.sigle.lower()}") is not None


def test_terms_are_explained_in_text_never_in_headings_or_links(site_data, site_dir, page) -> None:
    total = 0
    for path in site_dir.rglob("index.html"):
        soup = page(str(path.relative_to(site_dir)))
        for marked in soup.select("a.up-terme"):
            total += 1
            assert marked.find_parent(["h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "nav"]) is None
            tip = soup.find(id=marked["aria-describedby"])
            assert tip is not None and tip.get("role") == "tooltip" and tip.get_text(strip=True)
            # FALC: the easy lexicon, or the page's own « Les mots difficiles »
            assert "lexique/#" in marked["href"] or "facile-a-lire/mots/#" in marked["href"] or marked["href"] == "#mots"
    assert total > 50
    soup = page("fiches/education-therapeutique/")
    marked = [a.get_text() for a in soup.select("a.up-terme")]
    assert any(m == "ETP" for m in marked), marked


def _marked(site_data, html: str) -> str:
    """A page's content as Markdown's conversion marks it (render/content_marks.py), on a page one level deep."""
    from macros.render.content_marks import ContentMarks
    from macros.render.glossary import Glossary

    marks = ContentMarks(site_data, Glossary(site_data), Glossary(site_data, easy=True), {}, None)
    return marks.apply(html, "conclusion.md", "conclusion/")[0]


def test_glossary_handles_case_plural_and_elision(site_data) -> None:
    html = _marked(site_data, "<p>Pour l'ETP, voir les représentants des usagers.</p><h2>ETP</h2>")
    assert '<a class="up-terme" href="../lexique/#' in html
    assert ">ETP</a>" in html.split("<h2>")[0]
    assert "<h2>ETP</h2>" in html
    assert ">représentants des usagers</a>" in html or ">usagers</a>" in html


def test_testimonial_filters_work_without_javascript(site_data, page) -> None:
    all_page = page("temoignages/")
    assert len(all_page.select("h2[id^=temoignage-]")) == len(site_data.temoignages)
    for fiche in site_data.fiches.values():
        soup = page(f"temoignages/fiche-{fiche.id}/")
        shown = {h["id"].removeprefix("temoignage-") for h in soup.select("h2[id^=temoignage-]")}
        assert shown == {t.id for t in site_data.temoignages.values() if t.fiche == fiche.id}
        assert soup.select_one("#filtres a[aria-current=page]").get_text().startswith(f"Fiche {fiche.numero}")
    for profil in PROFILS:
        soup = page(f"temoignages/profil-{profil}/")
        shown = {h["id"].removeprefix("temoignage-") for h in soup.select("h2[id^=temoignage-]")}
        assert shown == {t.id for t in site_data.temoignages.values() if profil in t.profils}
        # A filter is never silently empty: either testimonials, or why not and the nearest choices.
        assert shown or soup.select(".up-vide a[href*='temoignages/']"), profil


def test_carers_filter_holds_the_people_the_guide_calls_carers(page) -> None:
    soup = page("temoignages/profil-proche-aidant/")
    shown = {h["id"].removeprefix("temoignage-") for h in soup.select("h2[id^=temoignage-]")}
    # « proche-aidant partenaire » and « patiente aidante » in the guide's own words (seeds/001).
    assert {"patrick-lartiguet", "odile-rauzy-soukayna-ibrahimy"} <= shown


def test_testimonial_quotes_word_for_word(site_data, page) -> None:
    text = article_text(page("temoignages/"))
    for t in site_data.temoignages.values():
        for passage in t.contenu:
            if passage.citation:
                assert " ".join(passage.citation.split())[:60].replace("*", "") in text


def test_workshops_pages_have_every_link(site_data, page) -> None:
    for atelier in site_data.ateliers.values():
        soup = page(f"ateliers/{atelier.id}/")
        hrefs = {a["href"] for a in soup.find("article").find_all("a", href=True)}
        for bloc in atelier.blocs:
            for item in bloc.liste or []:
                if item.lien:
                    assert item.lien in hrefs


def test_home_page_points_to_where_to_start(site_data, page) -> None:
    soup = page("")
    hrefs = [a["href"] for a in soup.find("article").find_all("a", href=True)]
    assert sum(1 for h in hrefs if "fiches/" in h) >= len(site_data.fiches)
    for target in ("principes/", "lexique/", "temoignages/"):
        assert any(target in h for h in hrefs), target


def test_glossary_respects_hyphenated_words(site_data) -> None:
    html = _marked(site_data, "<p>Les pairs-aidants et l'aidant.</p>")
    assert "pairs-aidants" in html and ">aidant</a>" in html


def test_an_empty_testimonial_filter_says_why_and_offers_the_nearest(site_data) -> None:
    from dataclasses import replace

    from macros.render.views import Here, Views

    # Without any carer among the people, the carers' filter explains itself and points to the nearest filters.
    no_carer = {
        k: t.model_copy(
            update={
                "personnes": [
                    p.model_copy(update={"profils": [x for x in p.profils if x != "proche-aidant"] or ["patient"]})
                    for p in t.personnes
                ]
            }
        )
        for k, t in site_data.temoignages.items()
    }
    page = Here("temoignages/profil-proche-aidant.md")  # its links are relative to its source file
    text = str(Views(replace(site_data, temoignages=no_carer), "/").temoignages_liste(page, profil="proche-aidant"))
    assert "Aucun témoignage pour ce choix" in text and "Proches aidants partenaires" in text
    assert "(profil-patient.md)" in text and "(index.md)" in text
    assert "témoignage(s) et exemple(s)" not in text
