"""Downloadable templates: pages, DOCX and ODT made from data/modeles and data/fiches at build time."""

from __future__ import annotations

import copy
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pydantic import ValidationError

from macros import content as m
from macros.data.loader import DataError, load_site
from macros.outputs import documents
from tests.conftest import ROOT, site_name

docx = pytest.importorskip("docx")
odf_opendocument = pytest.importorskip("odf.opendocument")
from odf import table as odf_table  # noqa: E402
from odf import teletype  # noqa: E402
from odf import text as odf_text  # noqa: E402
from odf.namespaces import DCNS, FONS, METANS, STYLENS, TEXTNS  # noqa: E402

HAS_TEMPLATES = {
    "convention-type-associations",
    "profils-de-poste",
    "contrat-clauses",
    "fiche-de-mission",
    "attestation-participation",
    "demande-remboursement-frais",
}


def one_line(value: str) -> str:
    return " ".join(value.split())


def plain(text: str, modele: m.Gabarit) -> str:
    """What a data text becomes in the files: blanks written out, simple Markdown dropped."""
    return one_line("".join(piece for piece, _ in documents.runs(text, modele)))


def expected_texts(modele: m.Gabarit) -> list[str]:
    """Every text of the template that must be in its files, one per paragraph, list item, cell or heading."""
    out = [modele.titre, plain(modele.objet, modele)]
    for division in modele.contenu:
        out.append(one_line(documents.division_title(division)))
    for _, value in modele.texts():
        if value:
            out.append(plain(value, modele))
    for part in (p for d in modele.contenu for p in d.parties):
        if part.tableau is not None:
            out.append(one_line(part.tableau.legende))
            out.extend(one_line(h) for h in part.tableau.entetes)
    out.extend(plain(f"Note {n.numero} : {n.texte}", modele) for n in modele.notes)
    return out


def docx_text(path: Path) -> str:
    doc = docx.Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(one_line(line) for line in lines)


def odt_text(path: Path) -> str:
    doc = odf_opendocument.load(str(path))
    lines = [teletype.extractText(el) for kind in (odf_text.H, odf_text.P) for el in doc.getElementsByType(kind)]
    return "\n".join(one_line(line) for line in lines)


@pytest.fixture(scope="module")
def modeles(site_data) -> list[m.Gabarit]:
    return documents.all_modeles(site_data)


# --- data ------------------------------------------------------------------------------------------


def test_the_templates_of_the_issue_are_all_there(site_data, modeles) -> None:
    assert HAS_TEMPLATES <= set(site_data.modeles)
    ids = [x.id for x in modeles]
    assert len(ids) == len(set(ids))
    for fiche in site_data.fiches_in_order():  # one pre-filled mission sheet per sheet, made at build time
        assert f"fiche-de-mission-{fiche.id}" in ids
    convention = site_data.modeles["convention-type-associations"]
    assert [d.id for d in convention.contenu if d.nature == "article"] == [f"article-{n}" for n in range(1, 12)]
    assert {"nom_etablissement", "adresse_etablissement", "activites_association", "conditions_materielles"} <= {
        c.id for c in convention.champs
    }
    profils = site_data.modeles["profils-de-poste"]
    assert [d.id for d in profils.contenu if d.nature == "profil"] == [
        "mediateur-sante-pair",
        "mediateur-sante",
        "intervenant-etp",
    ]
    for d in (d for d in profils.contenu if d.nature == "profil"):
        assert [p.intertitre for p in d.parties if p.intertitre] == ["Missions", "Compétences", "Conditions d'emploi"]
        assert all(p.liste for p in d.parties if not p.intertitre)
    assert len([d for d in site_data.modeles["contrat-clauses"].contenu if d.nature == "clause"]) == 6
    for key in HAS_TEMPLATES:
        first = (ROOT / f"data/modeles/{key}.yml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schemas/modele.schema.json"


def test_a_prefilled_mission_sheet_holds_every_bullet_of_its_sheet(site_data) -> None:
    for e in documents.entries(site_data):
        if e.fiche is None:
            continue
        texts = {one_line(t) for _, t in e.modele.texts()}
        for _, attr, _ in documents.FICHE_SECTIONS:  # the one table, macros/content/fiches.py
            value = getattr(e.fiche, attr)
            if value is None:
                continue
            sections = value if isinstance(value, list) else [value]
            for section in sections:
                for item in _all_items(section.elements):
                    assert one_line(item.texte) in texts, f"{e.modele.id}: {item.texte}"
                for para in (getattr(section, "texte", None), getattr(section, "apres", None)):
                    if para:
                        assert one_line(para) in texts, f"{e.modele.id}: {para}"


def _all_items(items: list[m.Item]) -> list[m.Item]:
    out = []
    for item in items:
        out.append(item)
        out.extend(_all_items(item.sous_elements))
    return out


def _modele(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "essai",
        "titre": "Essai",
        "objet": "Objet.",
        "public": "Tous.",
        "version": "1.0",
        "journal": [{"version": "1.0", "date": "2026-01-02", "changement": "Création."}],
        "source": {"document": "has-avis-2023", "section": "4.1"},
        "champs": [{"id": "nom_etablissement", "libelle": "nom de l'établissement"}],
        "contenu": [{"id": "article-1", "titre": "Objet", "parties": [{"paragraphe": "Entre [[nom_etablissement]]."}]}],
    }
    base.update(changes)
    return base


def test_an_undeclared_or_unused_blank_is_refused() -> None:
    m.Gabarit.model_validate(_modele())
    with pytest.raises(ValidationError, match=r"blanc « \[\[adresse\]\] » non déclaré"):
        m.Gabarit.model_validate(
            _modele(
                contenu=[
                    {
                        "id": "a",
                        "titre": "A",
                        "parties": [{"paragraphe": "Entre [[nom_etablissement]], dont le siège est [[adresse]]."}],
                    }
                ]
            )
        )
    with pytest.raises(ValidationError, match="déclaré mais jamais employé"):
        m.Gabarit.model_validate(_modele(contenu=[{"id": "a", "titre": "A", "parties": [{"paragraphe": "Rien."}]}]))
    with pytest.raises(ValidationError, match="mal écrit"):
        m.Gabarit.model_validate(
            _modele(
                contenu=[
                    {"id": "a", "titre": "A", "parties": [{"paragraphe": "[[nom_etablissement]] [[Nom Établissement]]"}]}
                ]
            )
        )
    with pytest.raises(ValidationError, match="première entrée du journal"):
        m.Gabarit.model_validate(_modele(version="2.0"))


def test_an_undeclared_blank_in_a_file_is_reported_with_its_place(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "modeles/convention-type-associations.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("[[adresse_association]]", "[[adresse_asso]]"), encoding="utf-8"
    )
    with pytest.raises(DataError) as info:
        load_site(data)
    message = str(info.value)
    assert "data/modeles/convention-type-associations.yml:" in message
    assert "[[adresse_asso]] » non déclaré" in message


def test_a_new_sheet_gets_its_prefilled_mission_sheet(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    text = (data / "fiches/pair-aidance.yml").read_text(encoding="utf-8")
    text = text.replace("id: pair-aidance", "id: huitieme-mission").replace("numero: 1", "numero: 8")
    (data / "fiches/huitieme-mission.yml").write_text(text, encoding="utf-8")
    site = load_site(data)
    ids = [x.id for x in documents.all_modeles(site)]
    assert "fiche-de-mission-huitieme-mission" in ids
    assert "modeles/fiche-de-mission-huitieme-mission.odt" in documents.document_files(site, site_name=site_name())


# --- files -----------------------------------------------------------------------------------------


def test_every_template_is_a_docx_and_an_odt_that_reopen(site_dir: Path, modeles) -> None:
    for modele in modeles:
        for ext in ("docx", "odt"):
            path = site_dir / documents.document_path(modele.id, ext)
            assert path.is_file() and path.stat().st_size > 2000, path
        doc = docx.Document(str(site_dir / documents.document_path(modele.id, "docx")))
        assert doc.paragraphs[0].style.name == "Title"
        odf_opendocument.load(str(site_dir / documents.document_path(modele.id, "odt")))


def test_the_files_hold_every_text_of_the_data(site_dir: Path, modeles) -> None:
    for modele in modeles:
        in_docx = docx_text(site_dir / documents.document_path(modele.id, "docx"))
        in_odt = odt_text(site_dir / documents.document_path(modele.id, "odt"))
        for value in expected_texts(modele):
            assert value in in_docx, f"{modele.id}.docx: {value!r}"
            assert value in in_odt, f"{modele.id}.odt: {value!r}"


def _blank_count(modele: m.Gabarit) -> int:
    return sum(len(m.CHAMP.findall(value)) for _, value in modele.texts())


def test_blanks_are_marked_in_both_formats(site_dir: Path, modeles) -> None:
    for modele in modeles:
        labels = {documents.blank_label(c) for c in modele.champs}
        doc = docx.Document(str(site_dir / documents.document_path(modele.id, "docx")))
        paragraphs = list(doc.paragraphs) + [
            p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
        ]
        marked = [r for p in paragraphs for r in p.runs if r.style is not None and r.style.name == "Champ à remplir"]
        assert all(r.font.highlight_color is not None and r.text in labels for r in marked), modele.id
        expected = _blank_count(modele) + (1 if modele.champs else 0)  # + the example in the introduction
        assert len(marked) == expected, modele.id
        assert docx_text(site_dir / documents.document_path(modele.id, "docx")).count(documents.BLANK) == expected

        odt = odf_opendocument.load(str(site_dir / documents.document_path(modele.id, "odt")))
        spans = [
            s for s in odt.getElementsByType(odf_text.Span) if s.getAttrNS(TEXTNS, "style-name") == "Champ_20_à_20_remplir"
        ]
        assert len(spans) == expected, modele.id
        assert all(teletype.extractText(s) in labels for s in spans)
        styles = {s.getAttrNS(STYLENS, "name"): s for s in odt.styles.childNodes if s.qname[1] == "style"}
        props = [c for c in styles["Champ_20_à_20_remplir"].childNodes if c.qname[1] == "text-properties"][0]
        assert props.getAttrNS(FONS, "background-color") == "#ffff00"


def test_metadata_language_and_real_styles(site_dir: Path, site_data, modeles) -> None:
    for modele in modeles:
        path = site_dir / documents.document_path(modele.id, "docx")
        doc = docx.Document(str(path))
        core = doc.core_properties
        assert core.title == documents.shortened(modele.titre)
        assert core.subject == documents.shortened(modele.objet)
        assert core.language == "fr-FR" and core.identifier == modele.id and core.version == modele.version
        source = site_data.sources[modele.source.document].titre[:40]
        if modele.redige_par:  # written by the editors: marked as such, « Rédigé d'après : » its sources
            assert core.comments.startswith("Proposition de la rédaction") and "Rédigé d'après : " + source in core.comments
        else:
            assert core.comments.startswith("Source : " + source)
        assert core.created.date().isoformat() == modele.journal[0].date == core.modified.date().isoformat()
        with zipfile.ZipFile(path) as z:
            styles = z.read("word/styles.xml").decode("utf-8")
        assert '<w:lang w:val="fr-FR"' in styles and 'w:val="en-US"' not in styles
        used = {p.style.name for p in doc.paragraphs}
        assert {"Title", "Heading 1"} <= used
        if any(p.liste for d in modele.contenu for p in d.parties if not p.cases):
            assert used & {"List Bullet", "List Number"}, modele.id

        odt = odf_opendocument.load(str(site_dir / documents.document_path(modele.id, "odt")))
        meta = {el.qname: teletype.extractText(el) for el in odt.meta.childNodes}
        assert meta[(DCNS, "title")] == modele.titre
        assert meta[(DCNS, "subject")] == modele.objet
        assert meta[(DCNS, "language")] == "fr-FR"
        assert meta[(DCNS, "description")].startswith("Proposition de la rédaction" if modele.redige_par else "Source : ")
        assert meta[(METANS, "creation-date")].startswith(modele.journal[0].date)
        assert meta[(DCNS, "date")].startswith(modele.journal[0].date)
        default = [s for s in odt.styles.childNodes if s.qname[1] == "default-style"][0]
        props = [c for c in default.childNodes if c.qname[1] == "text-properties"][0]
        assert (props.getAttrNS(FONS, "language"), props.getAttrNS(FONS, "country")) == ("fr", "FR")
        headings = odt.getElementsByType(odf_text.H)
        assert headings and {h.getAttrNS(TEXTNS, "outline-level") for h in headings} >= {"1"}
        assert odt.getElementsByType(odf_text.List)


def test_every_style_a_docx_names_is_defined_and_no_unused_table_style_weighs_on_it(site_dir: Path, modeles) -> None:
    """Word falls back to « Normal » for a style the document names but does not define (a heading would lose its
    level): each paragraph, run and table style the text uses is in styles.xml, with the styles it is based on.
    Of python-docx's hundred table styles only those a document uses are kept (they were 97 % of its unzipped size)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for modele in modeles:
        path = site_dir / documents.document_path(modele.id, "docx")
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            body = etree.fromstring(z.read("word/document.xml"))
            styles = etree.fromstring(z.read("word/styles.xml"))
        defined = {s.get(f"{w}styleId"): s for s in styles.iter(f"{w}style")}
        named = {e.get(f"{w}val") for tag in ("pStyle", "rStyle", "tblStyle") for e in body.iter(f"{w}{tag}")}
        assert named and named <= set(defined), (modele.id, named - set(defined))
        for style in named:  # and what each is based on, down to the document defaults
            while (based := defined[style].find(f"{w}basedOn")) is not None:
                style = based.get(f"{w}val")
                assert style in defined, (modele.id, style)
        tables = {i for i, s in defined.items() if s.get(f"{w}type") == "table"}
        assert tables == {"TableNormal", "TableGrid"}, (modele.id, tables)
        assert "word/stylesWithEffects.xml" not in names
        assert path.stat().st_size < 25_000, (modele.id, path.stat().st_size)  # was 34-38 KB with them


def test_zip_entries_are_in_a_fixed_order_with_fixed_dates(site_dir: Path, modeles) -> None:
    for modele in modeles:
        stamp = tuple(int(x) for x in modele.journal[0].date.split("-")) + (0, 0, 0)
        for ext in ("docx", "odt"):
            with zipfile.ZipFile(site_dir / documents.document_path(modele.id, ext)) as z:
                infos = z.infolist()
            assert all(i.date_time == stamp for i in infos)
            names = [i.filename for i in infos]
            if ext == "odt":
                assert names[0] == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
                assert names[1:] == sorted(names[1:])
            else:
                assert names == sorted(names)


def test_same_data_gives_the_same_bytes(site_data) -> None:
    first = documents.document_files(site_data, "https://exemple.org/", site_name=site_name())
    second = documents.document_files(site_data, "https://exemple.org/", site_name=site_name())
    assert first.keys() == second.keys()
    assert all(first[k] == second[k] for k in first)


# --- one walk, two writers ----------------------------------------------------------------------------


def _every_kind() -> m.Gabarit:
    """A template with every kind of part, a note division and notes (the data has no numbered list)."""
    return m.Gabarit.model_validate(
        _modele(
            version="1.1",
            journal=[
                {"version": "1.1", "date": "2026-11-22", "changement": "Deuxième."},
                {"version": "1.0", "date": "2026-01-02", "changement": "Création."},
            ],
            notes=[{"numero": 1, "texte": "Une *note*."}],
            contenu=[
                {"id": "a-lire", "nature": "note", "titre": "À lire", "parties": [{"paragraphe": "À **lire**."}]},
                {
                    "id": "article-1",
                    "nature": "article",
                    "numero": "Article 1er",
                    "titre": "Objet",
                    "parties": [
                        {"paragraphe": "Entre [[nom_etablissement]]."},
                        {"intertitre": "Un   intertitre"},
                        {
                            "liste": [
                                {
                                    "texte": "un",
                                    "sous_elements": [{"texte": "un.un", "sous_elements": [{"texte": "trois"}]}],
                                },
                                {"texte": "deux"},
                            ],
                            "ordonnee": True,
                        },
                        {"liste": [{"texte": "puce", "sous_elements": [{"texte": "sous-puce"}]}]},
                        {"liste": [{"texte": "case", "sous_elements": [{"texte": "sous-case"}]}], "cases": True},
                        {
                            "tableau": {
                                "legende": "Frais",
                                "entetes": ["Quoi", "Montant"],
                                "lignes": [["Train", "12"]],
                                "lignes_vides": 2,
                                "pied": ["Total", "12"],
                            }
                        },
                        {"tableau": {"legende": "Présences", "entetes": ["Nom"], "lignes_vides": 1}},
                        {"signatures": ["L'usager", "La structure"]},
                    ],
                },
            ],
        )
    )


class Recorder:
    """A writer that records each call of the walk, then hands it on to a real writer."""

    def __init__(self, writer: object) -> None:
        self.writer = writer
        self.calls: list[tuple] = []

    def __getattr__(self, name: str):
        method = getattr(self.writer, name)

        def record(*args):
            self.calls.append((name, *args))
            return method(*args)

        return record


def test_one_walk_gives_both_writers_the_same_elements(site_data) -> None:
    from macros.data.collections import SiteData
    from macros.outputs.documents import DocxWriter, OdtWriter, walk

    modele = _every_kind()
    sources = SiteData(sources=site_data.sources)
    recorders = [Recorder(DocxWriter(modele, sources, site_name())), Recorder(OdtWriter(modele, sources, site_name()))]
    files = [walk(modele, sources, "https://exemple.org/", r, site_name()) for r in recorders]
    parts = modele.contenu[1].parties
    assert (
        recorders[0].calls
        == recorders[1].calls
        == [
            ("title", "Essai"),
            ("subtitle", "Objet."),
            ("intro", "Modèle version 1.1 du 22 novembre 2026. ", "………… (nom de l'établissement)"),
            ("heading", "À lire", 1),
            ("paragraph", "À **lire**.", "note"),
            ("heading", "Article 1er — Objet", 1),
            ("paragraph", "Entre [[nom_etablissement]].", "normal"),
            ("heading", "Un intertitre", 2),
            ("items", parts[2].liste, True, False),
            ("items", parts[3].liste, False, False),
            ("items", parts[4].liste, False, True),
            ("table", "Frais", ["Quoi", "Montant"], [["Train", "12"], ["", ""], ["", ""]], ["Total", "12"]),
            ("table", "Présences", ["Nom"], [[""]], None),
            ("signatures", ["L'usager", "La structure"]),
            ("heading", "Notes", 1),
            ("paragraph", "Note 1 : Une *note*."),
            ("heading", "Source et version", 1),
            ("paragraph", f"Source : {documents.tree.source_mention(modele, sources)}."),
            (
                "items",
                [
                    m.Item(texte="Version 1.1 du 22 novembre 2026 : Deuxième."),
                    m.Item(texte="Version 1.0 du 2 janvier 2026 : Création."),
                ],
            ),
            ("paragraph", "Modèle publié par le site « Usagers partenaires en santé » : https://exemple.org/modeles/essai/"),
            ("finish",),
        ]
    )
    assert files == [
        documents.docx_bytes(modele, sources, "https://exemple.org/", site_name=site_name()),
        documents.odt_bytes(modele, sources, "https://exemple.org/", site_name=site_name()),
    ]
    doc = docx.Document(io.BytesIO(files[0]))
    assert [p.style.name for p in doc.paragraphs if p.text.startswith(("un", "deux", "trois"))] == [
        "List Number",
        "List Number 2",
        "List Number 3",
        "List Number",
    ]
    assert len(doc.tables) == 3
    # Every style the ODT names is one of the reference's (reference.odt) or of its automatic styles.
    with zipfile.ZipFile(io.BytesIO(files[1])) as z:
        content, styles = z.read("content.xml"), z.read("styles.xml")
    used = set(re.findall(rb'(?:text|table):style-name="([^"]+)"', content))
    assert used and used <= set(re.findall(rb' style:name="([^"]+)"', content + styles))
    odt = odf_opendocument.load(io.BytesIO(files[1]))
    assert len(odt.getElementsByType(odf_table.Table)) == 3


def test_the_committed_odt_reference_is_what_reference_py_makes() -> None:
    from macros.outputs.documents import reference

    assert reference.reference_bytes() == reference.PATH.read_bytes(), (
        "styles changed: run `python -m macros.outputs.documents.reference` and commit reference.odt"
    )


# A second whole build giving the same files: tests/test_reproductible.py (a build from nothing, then one that
# reuses the documents' cache).


# --- pages -----------------------------------------------------------------------------------------


def test_downloads_page_lists_every_template_and_its_links_resolve(site_dir: Path, page, site_data, modeles) -> None:
    article = copy.copy(page("modeles/").select_one("article"))  # a copy: the parsed page is shared
    for tip in article.select(".up-infobulle"):  # the lexicon's tooltips, added inside the text
        tip.decompose()
    assert article.find("h1").get_text(strip=True).startswith("Modèles à télécharger")
    text = one_line(article.get_text(""))
    hrefs = [a["href"] for a in article.find_all("a", href=True) if not a["href"].startswith(("#", "http", "mailto:"))]
    for modele in modeles:
        for ext in ("docx", "odt"):
            assert f"{modele.id}.{ext}" in hrefs, f"{modele.id}.{ext} absent de la page"
            size = (site_dir / documents.document_path(modele.id, ext)).stat().st_size
            assert documents.size_label(size) in text
        assert f"{modele.id}/" in hrefs
    for modele in site_data.modeles.values():
        assert modele.titre in text and f"Version : {modele.version}" in text
        assert one_line(modele.public) in text and one_line(modele.objet) in text
    for href in hrefs:
        target = (site_dir / "modeles" / href.split("#")[0]).resolve()
        assert target.is_file() or (target / "index.html").is_file(), href


def test_every_template_has_a_page_with_its_divisions_and_marked_blanks(site_dir: Path, page, modeles) -> None:
    for modele in modeles:
        soup = page(f"modeles/{modele.id}/")
        ids = {tag["id"] for tag in soup.find_all(id=True)}
        missing = [d.id for d in modele.contenu if d.id not in ids]
        assert not missing, f"{modele.id}: {missing}"
        marks = soup.select("article mark.up-champ")
        assert len(marks) >= _blank_count(modele)
        assert {one_line(x.get_text()) for x in marks} <= {documents.blank_label(c) for c in modele.champs}
        links = [a["href"] for a in soup.select("article a[href]")]
        assert f"../{modele.id}.docx" in links and f"../{modele.id}.odt" in links
        for href in links:
            if not href.startswith(("#", "http", "mailto:")):
                target = (site_dir / "modeles" / modele.id / href.split("#")[0]).resolve()
                assert target.is_file() or (target / "index.html").is_file(), f"{modele.id}: {href}"


def test_sheets_and_principles_link_to_their_templates(page, site_data) -> None:
    for fiche in site_data.fiches_in_order():
        links = [a["href"] for a in page(f"fiches/{fiche.id}/").select("article a[href]")]
        assert f"../../modeles/fiche-de-mission-{fiche.id}/" in links
    for key, modele in site_data.modeles.items():
        for pid in modele.principes:
            links = [a["href"] for a in page(f"principes/{pid}/").select("article a[href]")]
            assert f"../../modeles/{key}/" in links


# --- LibreOffice -----------------------------------------------------------------------------------


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow  # LibreOffice opens every document (≈ 20 s): `make test`
def test_libreoffice_converts_every_file(site_dir: Path, tmp_path: Path, modeles) -> None:
    soffice = _soffice()
    if soffice is None:
        if os.environ.get("UP_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice (soffice) introuvable alors que ce test est obligatoire (CI)")
        pytest.skip(
            "LibreOffice (soffice) introuvable : conversion des DOCX/ODT non testée ; "
            "installez-le avec « apt-get install -y --no-install-recommends libreoffice-writer-nogui »"
        )
    profile = tmp_path / "profil-libreoffice"
    for ext in ("docx", "odt"):
        out = tmp_path / ext
        sources = [str(site_dir / documents.document_path(x.id, ext)) for x in modeles]
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *sources,
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
        for modele in modeles:
            pdf = out / f"{modele.id}.pdf"
            assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000, (
                f"{modele.id}.{ext} : conversion en PDF échouée\n{result.stdout}\n{result.stderr}"
            )


# A backslash escape, bold or a link, or a pair of stars around words on one line (a single star is a footnote
# mark of the source, as in « recherche* »).
MARKDOWN_LEFT = re.compile(r"\\[\\`*_{}\[\]()#+\-.!|~<>]|\*\*|\]\(|\*[^\s*][^*\n]*\*")


def test_no_markdown_reaches_the_documents(site_dir: Path, modeles) -> None:
    """« recherche\\* » and « \\*NB » once reached the DOCX and ODT as written in the YAML (issue 12)."""
    leaks = []
    for modele in modeles:
        for ext, read in (("docx", docx_text), ("odt", odt_text)):
            text = read(site_dir / documents.document_path(modele.id, ext))
            leaks += [
                f"{modele.id}.{ext}: …{text[max(0, m.start() - 30) : m.end() + 30]}…" for m in MARKDOWN_LEFT.finditer(text)
            ]
    assert not leaks, leaks[:10]
    # The escaped star of the Recherche sheet is in its pre-filled mission sheet, as a star.
    assert "recherche*" in docx_text(site_dir / documents.document_path("fiche-de-mission-recherche", "docx"))


def test_a_numbered_list_four_levels_deep_is_written_in_both_formats() -> None:
    """Word has « List Number » styles down to level 3: deeper items take the third (it raised KeyError)."""
    from macros.outputs.documents.docx import docx_bytes
    from macros.outputs.documents.odt import odt_bytes

    site = load_site(ROOT / "data")
    modele = next(iter(site.modeles.values()))
    deep = m.Item(texte="quatre", sous_elements=[])
    for texte in ("trois", "deux", "un"):
        deep = m.Item(texte=texte, sous_elements=[deep])
    division = modele.contenu[0]
    part = type(division.parties[0]).model_validate({"liste": [deep.model_dump()], "ordonnee": True})
    changed = modele.model_copy(update={"contenu": [division.model_copy(update={"parties": [part]})]})
    assert docx_bytes(changed, site, site_name=site_name()).startswith(b"PK") and odt_bytes(
        changed, site, site_name=site_name()
    ).startswith(b"PK")
