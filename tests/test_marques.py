"""What the site wrote says so where a reader meets it: each item the data flags as ours (a template written by the
editors, an easy-to-read text, the principles mapped to a sheet, a testimonial's profile, an acronym's expansion)
shows its mark on the page that shows it, and in the documents. The test walks the data for flagged items, so a
new one is checked as soon as it is added."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from macros.content.sources import EDITORIAL_NOTE
from macros.site.pages import falc_path
from tests.conftest import ROOT, article_text

EDITORIAL = "ajout éditorial"


def test_every_falc_page_says_who_wrote_it_from_what_and_whether_it_was_read(site_data, page) -> None:
    missing = []
    for twin in site_data.falc.values():
        text = article_text(page(falc_path(twin).removesuffix(".md") + "/"))
        source = twin.source_de(site_data)
        wanted = "Texte facile à lire écrit par la rédaction"
        if source is not None:
            doc = site_data.sources[source.document]
            wanted += f" d'après : {doc.titre_court or doc.titre}, partie « {source.section} »"
        review = f"Relu par {', '.join(twin.relu_par)}" if twin.relu_par else "Pas encore relu par des lecteurs."
        if wanted not in text or review not in text:
            missing.append(twin.id)
    assert missing == []


def test_the_accessibility_promise_on_review_is_kept(site_data, page) -> None:
    """/accessibilite/ promises that each text says whether it was read, and by whom: every FALC page says one."""
    assert "Chaque texte indique s'il a été relu, et par qui" in article_text(page("accessibilite/"))
    for twin in site_data.falc.values():
        text = article_text(page(falc_path(twin).removesuffix(".md") + "/"))
        assert ("Relu par" in text) != ("Pas encore relu par des lecteurs" in text), twin.id


def _document_text(path: Path) -> str:
    name = "word/document.xml" if path.suffix == ".docx" else "content.xml"
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read(name))
    return " ".join("".join(root.itertext()).split())


def test_templates_written_by_the_editors_say_so_on_their_page_the_list_and_inside_the_files(
    site_data, page, site_dir: Path
) -> None:
    from macros.outputs.documents.tree import entries

    ours = [e.modele for e in entries(site_data) if e.modele.redige_par]
    assert len(ours) >= 10  # attestation, expense claim, the blank mission sheet and its seven pre-filled copies
    listing = page("modeles/")
    for modele in ours:
        texts = {"page": article_text(page(f"modeles/{modele.id}/"))}
        section = listing.find(id=modele.id)
        if section is not None:  # the pre-filled sheets are listed under their blank sheet, by name only
            texts["/modeles/"] = " ".join(section.find_next("ul").get_text().split())
        for ext in ("docx", "odt"):
            texts[ext] = _document_text(site_dir / "modeles" / f"{modele.id}.{ext}")
        for where, text in texts.items():
            assert "Proposition de la rédaction" in text, (modele.id, where)
            assert "Rédigé d'après :" in text, (modele.id, where)
            assert "Source :" not in text, (modele.id, where)


def test_templates_from_the_sources_keep_their_source_line(site_data, page) -> None:
    for modele in site_data.modeles.values():
        if not modele.redige_par:
            text = article_text(page(f"modeles/{modele.id}/"))
            assert "Source :" in text and "Proposition de la rédaction" not in text, modele.id


def test_each_sheet_marks_its_principles_as_the_editors_mapping_in_et_maintenant(site_data, page) -> None:
    for fiche_id in site_data.fiches:
        if not any(fiche_id in p.fiches for p in site_data.principes.values()):
            continue
        box = page(f"fiches/{fiche_id}/").find(id="et-maintenant").find_next("ul")
        item = next(li for li in box.find_all("li", recursive=False) if "principes de la HAS" in li.get_text())
        assert f"rattachement : {EDITORIAL_NOTE}" in " ".join(item.get_text().split()), fiche_id


def test_testimonial_profiles_are_marked_and_each_testimonial_gives_its_source(site_data, page) -> None:
    soup = page("temoignages/")
    for t in site_data.temoignages.values():
        heading = soup.find(id=f"temoignage-{t.id}")
        note = next(p for p in heading.find_all_next("p", class_="up-note") if p.get_text().startswith("Illustre"))
        text = " ".join(note.get_text().split())
        assert "classement de la rédaction" in text, t.id
        assert f"Source : {site_data.sources[t.source.document].titre}, {t.source.section}" in text, t.id


def test_acronym_expansions_of_ours_are_marked_in_the_lexicon(site_data, page) -> None:
    soup = page("lexique/")
    ours = [s for s in site_data.sigles.values() if s.source == EDITORIAL]
    assert {"PP", "VAP", "CAPPs", "ESH", "ESMS"} <= {s.sigle for s in ours}
    for sigle in ours:
        row = next(tr for tr in soup.select("tr") if tr.th is not None and tr.th.get_text(strip=True) == sigle.sigle)
        assert EDITORIAL_NOTE in row.get_text(), sigle.sigle


def test_pesh_on_the_2024_workshop_gives_the_workshop_meaning_marked_as_ours(site_data) -> None:
    pesh = site_data.sigles["PESH"].developpement
    assert "personnes en situation de handicap" in pesh and "lecture de la rédaction" in pesh


def test_a_falc_text_citing_a_missing_source_document_is_refused(tmp_path: Path) -> None:
    from macros.data.loader import load_site
    from macros.data.problems import DataError

    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    falc = tmp_path / "data" / "falc" / "principe-reconnaissance-financiere.yml"
    text = falc.read_text(encoding="utf-8")
    bad = '  - paragraphe: "Cet argent peut prendre plusieurs formes."\n    source: {document: guide-inexistant, section: "X"}\n'
    falc.write_text(text.replace('  - paragraphe: "Cet argent peut prendre plusieurs formes."\n', bad), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_site(tmp_path / "data")
    assert "principe-reconnaissance-financiere.yml" in str(err.value) and "guide-inexistant" in str(err.value)


def test_the_bubble_of_an_acronym_of_ours_keeps_its_mark_whole(site_data) -> None:
    """The lexicon bubble cuts long definitions: a mark written inside the expansion must not be cut off."""
    from macros.render.glossary import Glossary

    entries = Glossary(site_data).entries
    for sigle in site_data.sigles.values():
        definition = entries[f"s:{sigle.sigle}"].definition
        if sigle.source == EDITORIAL:
            assert definition.endswith(f"({EDITORIAL_NOTE})"), sigle.sigle
        if "lecture de la rédaction" in sigle.developpement:
            assert "(lecture de la rédaction)" in definition, sigle.sigle
