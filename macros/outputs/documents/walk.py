"""One walk over a template, for every format: `walk` says what the document holds and in which order; a writer
(docx.py, odt.py) says how each element is written in its format."""

from __future__ import annotations

from typing import Literal, Protocol

from ... import content as c
from ...data.collections import SiteData
from .tree import blank_label, date_fr, division_title, source_line, version_date

Nature = Literal["normal", "note"]  # a paragraph of the document, or of a note that goes with it


class Writer(Protocol):
    """What a format writes. Texts are given as the data writes them (simple Markdown, [[blanks]]): the writer
    makes them runs (tree.runs). The DOCX writer writes the title, the headings and the tables' captions as
    they are, as it always has; the data has no markup there."""

    def title(self, text: str) -> None: ...

    def subtitle(self, text: str) -> None: ...

    def intro(self, version: str, sample: str | None) -> None:
        """The line under the subtitle: the template's version (« Modèle version 1.0 du … ») and, for a template
        with blanks, one blank as they all look (tree.BLANKS_INTRO then `sample`)."""

    def heading(self, text: str, level: int) -> None:
        """A division's title (level 1) or a sub-heading inside it (level 2)."""

    def paragraph(self, text: str, nature: Nature = "normal") -> None: ...

    def items(self, values: list[c.Item], ordonnee: bool = False, cases: bool = False) -> None:
        """A list, its sub-lists (`sous_elements`) inside: numbered, or with a box in front of each first-level
        item (its sub-items are plain bullets), or bullets."""

    def table(self, caption: str, header: list[str], rows: list[list[str]], footer: list[str] | None) -> None:
        """A table under its caption: the header row, the rows (empty ones to fill by hand), the footer row."""

    def signatures(self, labels: list[str]) -> None:
        """One block per signatory: the label, room to sign under it."""

    def finish(self) -> bytes:
        """The document's file."""


def walk(modele: c.Gabarit, site: SiteData, site_url: str, writer: Writer, site_name: str) -> bytes:
    """The template's elements, in order, to `writer`; the file it makes of them (`site_name`: mkdocs.yml's, which
    publishes it)."""
    writer.title(modele.titre)
    writer.subtitle(modele.objet)
    writer.intro(
        f"Modèle version {modele.version} du {version_date(modele)}. ",
        blank_label(modele.champs[0]) if modele.champs else None,
    )
    for division in modele.contenu:
        writer.heading(division_title(division), 1)
        for part in division.parties:
            _part(part, "note" if division.nature == "note" else "normal", writer)
    if modele.notes:
        writer.heading("Notes", 1)
        for n in modele.notes:
            writer.paragraph(f"Note {n.numero} : {n.texte}")
    writer.heading("Source et version", 1)
    writer.paragraph(f"{source_line(modele, site)}.")
    writer.items([c.Item(texte=f"Version {j.version} du {date_fr(j.date)} : {j.changement}") for j in modele.journal])
    if site_url.startswith("http"):
        writer.paragraph(f"Modèle publié par le site « {site_name} » : {site_url}modeles/{modele.id}/")
    return writer.finish()


def _part(part: c.Partie, nature: Nature, writer: Writer) -> None:
    if part.paragraphe is not None:
        writer.paragraph(part.paragraphe, nature)
    elif part.intertitre is not None:
        writer.heading(" ".join(part.intertitre.split()), 2)
    elif part.liste is not None:
        writer.items(part.liste, part.ordonnee, part.cases)
    elif part.tableau is not None:
        t = part.tableau
        writer.table(t.legende, t.entetes, list(t.lignes) + [[""] * len(t.entetes)] * t.lignes_vides, t.pied)
    elif part.signatures is not None:
        writer.signatures(part.signatures)
