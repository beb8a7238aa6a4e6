"""The downloadable templates' writers (macros/outputs/documents/), on a small template, without a build nor
LibreOffice: `walk` says what a document holds and in which order, told to a fake writer that records each call;
the DOCX and ODT writers say how a blank, bold text or a hostile text is written, one element at a time."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from lxml import etree

from macros import content as m
from macros.data.collections import SiteData
from macros.outputs import documents
from macros.outputs.documents import DocxWriter, OdtWriter, walk
from tests.conftest import site_name

SOURCES = SiteData(
    sources={
        "has-avis-2023": m.Document(
            id="has-avis-2023",
            titre="Avis n° 2-2023",
            auteurs="HAS",
            date="2023-07-13",
            description="L'avis.",
        )
    }
)


def _modele(**changes: Any) -> m.Gabarit:
    base: dict[str, Any] = {
        "id": "essai",
        "titre": "Essai",
        "objet": "Objet.",
        "public": "Tous.",
        "version": "1.1",
        "journal": [
            {"version": "1.1", "date": "2026-11-22", "changement": "Deuxième."},
            {"version": "1.0", "date": "2026-01-02", "changement": "Création."},
        ],
        "source": {"document": "has-avis-2023", "section": "4.1", "page": 12},
        "champs": [{"id": "nom", "libelle": "nom de l'établissement"}],
        "notes": [{"numero": 1, "texte": "Une note."}],
        "contenu": [
            {"id": "a-lire", "nature": "note", "titre": "À lire", "parties": [{"paragraphe": "Avant de signer."}]},
            {
                "id": "article-1",
                "nature": "article",
                "numero": "Article 1er",
                "titre": "Objet",
                "parties": [
                    {"paragraphe": "Entre [[nom]] et **vous**."},
                    {"intertitre": "Un   intertitre"},
                    {"liste": [{"texte": "un"}, {"texte": "deux"}], "ordonnee": True},
                    {
                        "tableau": {
                            "legende": "Frais",
                            "entetes": ["Quoi", "Montant"],
                            "lignes": [["Train", "12"]],
                            "lignes_vides": 2,
                        }
                    },
                    {"signatures": ["L'usager", "La structure"]},
                ],
            },
        ],
    }
    base.update(changes)
    return m.Gabarit.model_validate(base)


class FakeWriter:
    """A writer (walk.Writer) that only records what it is told, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def __getattr__(self, name: str) -> Any:
        def record(*args: Any) -> bytes | None:
            self.calls.append((name, *args))
            return b"fichier" if name == "finish" else None

        return record


def _walk(modele: m.Gabarit, site_url: str = "https://exemple.org/") -> tuple[list[tuple[Any, ...]], bytes]:
    writer = FakeWriter()
    made = walk(modele, SOURCES, site_url, writer, site_name())
    return writer.calls, made


def test_a_document_holds_every_part_of_its_template_in_reading_order() -> None:
    modele = _modele()
    calls, made = _walk(modele)
    article = modele.contenu[1].parties
    assert calls == [
        ("title", "Essai"),
        ("subtitle", "Objet."),
        ("intro", "Modèle version 1.1 du 22 novembre 2026. ", "………… (nom de l'établissement)"),
        ("heading", "À lire", 1),
        ("paragraph", "Avant de signer.", "note"),
        ("heading", "Article 1er — Objet", 1),
        ("paragraph", "Entre [[nom]] et **vous**.", "normal"),
        ("heading", "Un intertitre", 2),
        ("items", article[2].liste, True, False),
        ("table", "Frais", ["Quoi", "Montant"], [["Train", "12"], ["", ""], ["", ""]], None),
        ("signatures", ["L'usager", "La structure"]),
        ("heading", "Notes", 1),
        ("paragraph", "Note 1 : Une note."),
        ("heading", "Source et version", 1),
        ("paragraph", "Source : Avis n° 2-2023 (HAS), 4.1, p. 12."),
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
    assert made == b"fichier"  # the file is the writer's


def test_a_template_without_blanks_announces_none_and_a_local_build_names_no_site() -> None:
    calls, _ = _walk(
        _modele(champs=[], contenu=[{"id": "objet", "titre": "Objet", "parties": [{"paragraphe": "Un texte."}]}]),
        site_url="",
    )
    assert ("intro", "Modèle version 1.1 du 22 novembre 2026. ", None) in calls
    assert not [c for c in calls if c[0] == "paragraph" and "publié par le site" in c[1]]


def test_a_template_the_site_wrote_says_so_before_its_sources() -> None:
    calls, _ = _walk(_modele(redige_par="redaction"))
    source = next(c[1] for c in calls if c[0] == "paragraph" and "Avis n° 2-2023" in c[1])
    assert source == (
        "Proposition de la rédaction : ce modèle n'est dans aucun document source. "
        "Rédigé d'après : Avis n° 2-2023 (HAS), 4.1, p. 12."
    )


def test_a_text_becomes_runs_blanks_bold_italic_and_escaped_characters() -> None:
    modele = _modele()
    assert documents.runs("**Nom** : [[nom]], *ici* [[autre]] recherche\\*", modele) == [
        ("Nom", "bold"),
        (" : ", ""),
        ("………… (nom de l'établissement)", "champ"),
        (", ", ""),
        ("ici", "italic"),
        (" [[autre]] recherche*", ""),  # not a blank of this template: as written; « \* » is a star
    ]


def _docx_runs(writer: DocxWriter) -> list[tuple[str, Any, Any, Any]]:
    paragraph = writer.doc.paragraphs[-1]
    return [(r.text, r.bold, r.italic, r.font.highlight_color) for r in paragraph.runs]


def test_the_docx_writer_highlights_a_blank_and_bolds_what_the_data_bolds() -> None:
    from docx.enum.text import WD_COLOR_INDEX

    writer = DocxWriter(_modele(), SOURCES, site_name())
    writer.paragraph("Entre [[nom]] et **vous**.")
    assert _docx_runs(writer) == [
        ("Entre ", None, None, None),
        ("………… (nom de l'établissement)", None, None, WD_COLOR_INDEX.YELLOW),
        (" et ", None, None, None),
        ("vous", True, None, None),
        (".", None, None, None),
    ]


def _odt_last_paragraph(writer: OdtWriter) -> Any:
    return writer.doc.text.childNodes[-1]


def test_the_odt_writer_puts_a_blank_in_the_blank_style() -> None:
    from macros.outputs.documents import odt

    writer = OdtWriter(_modele(), SOURCES, site_name())
    writer.paragraph("Entre [[nom]] et **vous**.")
    spans = [n for n in _odt_last_paragraph(writer).childNodes if getattr(n, "qname", ("", ""))[1] == "span"]
    assert [(s.getAttribute("stylename"), str(s)) for s in spans] == [
        (odt.CHAMP, "………… (nom de l'établissement)"),
        (odt.SPANS["bold"], "vous"),
    ]


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
HOSTILE = '</w:t><w:r><w:t>injecté</w:t>&amp; <text:span text:style-name="X">"'


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_hostile_text_stays_text_in_the_document(kind: str) -> None:
    """Markup written in the data is shown as characters, never read as the document's own."""
    modele = _modele()  # the data refuses markup (content/types.py); the writer must not trust that
    writer = DocxWriter(modele, SOURCES, site_name()) if kind == "docx" else OdtWriter(modele, SOURCES, site_name())
    writer.paragraph(HOSTILE)
    if isinstance(writer, DocxWriter):
        assert "".join(r[0] for r in _docx_runs(writer)) == HOSTILE
    else:
        assert str(_odt_last_paragraph(writer)) == HOSTILE
    data = writer.finish()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml" if kind == "docx" else "content.xml"))
    if kind == "docx":
        texts = [t.text for t in root.iter(f"{{{W}}}t")]
        assert HOSTILE in texts and "injecté" not in texts
    else:
        assert HOSTILE in ["".join(p.itertext()) for p in root.iter(f"{{{TEXT}}}p")]
        assert not [s for s in root.iter(f"{{{TEXT}}}span") if s.get(f"{{{TEXT}}}style-name") == "X"]


def test_same_template_same_bytes_dated_by_its_latest_change() -> None:
    modele = _modele()
    first = documents.docx_bytes(modele, SOURCES, "https://exemple.org/", site_name=site_name())
    assert first == documents.docx_bytes(modele, SOURCES, "https://exemple.org/", site_name=site_name())
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time[:3] for i in z.infolist()} == {(2026, 11, 22)}
        core = z.read("docProps/core.xml").decode("utf-8")
    assert "2026-11-22" in core and "Usagers partenaires en santé" in core
