"""Downloadable templates (« modèles à télécharger »): every template as DOCX and ODT, at build time.

- The templates are data/modeles/*.yml, plus one pre-filled mission sheet per fiche-mission, made here
  from the blank sheet (data/modeles/fiche-de-mission.yml) and the sheet's data: adding a sheet is still
  one YAML file.
- Blanks are named fields written [[id]] in the text (see content.Gabarit); they come out highlighted as
  « ………… (libellé) » on the page and in the files.
- Same data, same bytes: the files carry the date of the template's latest change (its `journal`), never
  the time of the build, and their zip entries are written in a fixed order with fixed dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ... import content as c
from ...data.collections import SiteData
from ...text.french import date_fr

FICHE_DE_MISSION = "fiche-de-mission"
BLANK = "…………"  # what a blank looks like, before its label in parentheses
CHECKBOX_MARK = "☐"  # the box in front of a check-list item
BLANKS_INTRO = "Les blancs à remplir sont surlignés : "  # then a blank, as they all look (the intro line)
EDITORIAL_PROPOSAL = "Proposition de la rédaction : ce modèle n'est dans aucun document source"
LANGUAGE = "fr-FR"

# Parts of a fiche-mission, in the guide's order: (division id, Fiche field, title when the blank sheet has none).
# The sheet's sections, from the one table (macros/content/fiches.py): (anchor, field, heading).
FICHE_SECTIONS = tuple((p.ancre, p.champ, p.titre) for p in c.PARTIES_FICHE)


# --- the templates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A template as the site shows it: the model, and where it comes from."""

    modele: c.Gabarit
    data_file: str  # the data file that makes it
    parent: str | None = None  # for a pre-filled mission sheet: the blank sheet's id
    fiche: c.Fiche | None = None  # for a pre-filled mission sheet: its sheet


def entries(site: SiteData) -> list[Entry]:
    """Every template in the order of the downloads page; a pre-filled sheet follows its blank sheet.

    Computed once per build by the caller (the build context), never per page."""
    out: list[Entry] = []
    for modele in sorted(site.modeles.values(), key=lambda x: (x.ordre, x.id)):
        out.append(Entry(modele, site.files[("modeles", modele.id)][0]))
        if modele.id == FICHE_DE_MISSION:
            for fiche in site.fiches_in_order():
                out.append(
                    Entry(
                        fiche_de_mission(modele, fiche), site.files[("fiches", fiche.id)][0], parent=modele.id, fiche=fiche
                    )
                )
    return out


def _section_parts(section: c.Section) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = []
    if section.texte:
        parts.append({"paragraphe": section.texte})
    if section.elements:
        parts.append({"liste": [i.model_dump(exclude_defaults=True) for i in section.elements]})
    if section.apres:
        parts.append({"paragraphe": section.apres})
    return parts


def fiche_de_mission(blank: c.Gabarit, fiche: c.Fiche) -> c.Gabarit:
    """The blank mission sheet filled with the text of one fiche-mission."""
    titles = {d.id: d.titre for d in blank.contenu}
    filled: dict[str, dict[str, Any]] = {}
    for ident, attr, default in FICHE_SECTIONS:
        value = getattr(fiche, attr)
        if value is None:
            continue
        if attr == "valeur_ajoutee":
            parts: list[dict[str, Any]] = []
            for v in value:
                parts.append({"intertitre": v.pour})
                parts.append({"liste": [i.model_dump(exclude_defaults=True) for i in v.elements]})
        else:
            parts = _section_parts(value)
        title = fiche.autres_criteres_titre if attr == "autres_criteres" else titles.get(ident) or default
        filled_division: dict[str, Any] = {"id": ident, "titre": title, "parties": parts}
        if getattr(value, "source", None) is not None:
            filled_division["source"] = value.source.model_dump(exclude_none=True)
        filled[ident] = filled_division

    contenu: list[dict[str, Any]] = []
    placed = False
    section_ids = {ident for ident, _, _ in FICHE_SECTIONS}
    # A part the sheet does not have (fiche 6 has no « Formation ») stays as the blank sheet has it, to fill in.
    blank_parts = {d.id: d.model_dump(exclude_defaults=True) for d in blank.contenu if d.id in section_ids}
    for division in blank.contenu:
        if division.id in section_ids:
            if not placed:  # the sheet's parts, all of them, where the blank sheet's first one was
                contenu.extend(
                    filled.get(ident) or blank_parts[ident]
                    for ident, _, _ in FICHE_SECTIONS
                    if ident in filled or ident in blank_parts
                )
                placed = True
            continue
        data = division.model_dump(exclude_defaults=True)
        if division.id == blank.contenu[0].id:
            data["parties"] = [
                {
                    "paragraphe": f"Mission de référence : fiche-mission n° {fiche.numero} "
                    f"« {fiche.titre} » — {fiche.description.rstrip('.')}."
                }
            ] + data["parties"]
        contenu.append(data)
    if not placed:
        contenu.extend(filled.values())

    text = " ".join(str(d) for d in contenu)
    used = set(c.CHAMP.findall(text))
    return c.Gabarit.model_validate(
        {
            "id": f"{blank.id}-{fiche.id}",
            "titre": f"{blank.titre} : {fiche.titre}",
            "objet": (
                f"La fiche de mission pré-remplie avec le texte de la fiche-mission n° {fiche.numero} "
                f"« {fiche.titre} » du guide, à adapter à la mission confiée et à compléter."
            ),
            "public": blank.public,
            "version": blank.version,
            "journal": [j.model_dump() for j in blank.journal],
            "ordre": blank.ordre,
            "redige_par": blank.redige_par,
            "source": fiche.source.model_dump(exclude_none=True),
            "autres_sources": [s.model_dump(exclude_none=True) for s in (blank.source, *blank.autres_sources)],
            "fiches": [fiche.id],
            "principes": list(blank.principes),
            "champs": [c.model_dump(exclude_none=True) for c in blank.champs if c.id in used],
            "contenu": contenu,
        }
    )


# --- text: blanks and simple Markdown ----------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    texte: str
    champ: c.Champ | None = None


def segments(text: str, modele: c.Gabarit) -> list[Segment]:
    """Split a text into plain pieces and blanks (in order), on one line."""
    champs = {c.id: c for c in modele.champs}
    out: list[Segment] = []
    text = " ".join(text.split())
    pos = 0
    for match in c.CHAMP.finditer(text):
        if match.group(1) not in champs:  # not a blank of this template (a title, a source): the text as written
            continue
        if match.start() > pos:
            out.append(Segment(text[pos : match.start()]))
        out.append(Segment("", champs[match.group(1)]))
        pos = match.end()
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def blank_label(champ: c.Champ) -> str:
    return f"{BLANK} ({champ.libelle})"


_INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|\[([^\]]+)\]\(([^)\s]+)\)")
# Markdown's backslash escapes (« recherche\* »): the character itself, never markup, never the backslash.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_HIDDEN = 0xF0000  # escaped characters wait in Unicode's private use area while the markup is read


def _hide_escapes(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(_HIDDEN + ord(m.group(1))), text)


def _show_escapes(text: str) -> str:
    return "".join(chr(ord(ch) - _HIDDEN) if ord(ch) >= _HIDDEN else ch for ch in text)


def inline(text: str) -> list[tuple[str, str]]:
    """Simple Markdown to runs: (text, kind) with kind '', 'bold' or 'italic'; a link keeps its address."""
    text = _hide_escapes(text)
    out: list[tuple[str, str]] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            out.append((text[pos : match.start()], ""))
        if match.group(1) is not None:
            out.append((match.group(1), "bold"))
        elif match.group(2) is not None:
            out.append((match.group(2), "italic"))
        else:
            label, target = match.group(3), match.group(4)
            out.append((label if target.startswith("/") or target.startswith(".") else f"{label} ({target})", ""))
        pos = match.end()
    if pos < len(text):
        out.append((text[pos:], ""))
    return [(_show_escapes(piece), kind) for piece, kind in out]


def runs(text: str, modele: c.Gabarit) -> list[tuple[str, str]]:
    """A text as runs (text, kind), kind '', 'bold', 'italic' or 'champ' (a blank, already written out)."""
    out: list[tuple[str, str]] = []
    for seg in segments(text, modele):
        if seg.champ is not None:
            out.append((blank_label(seg.champ), "champ"))
        else:
            out.extend(inline(seg.texte))
    return out


def division_title(d: c.Division) -> str:
    return " — ".join(x for x in (d.numero, d.titre) if x)


def modele_date(modele: c.Gabarit) -> dt.datetime:
    """The template's date: its latest change (the files carry it, never the time of the build)."""
    return dt.datetime.strptime(modele.journal[0].date, "%Y-%m-%d").replace(tzinfo=dt.UTC)


def source_mention(modele: c.Gabarit, site: SiteData) -> str:
    def one(s: c.Source) -> str:
        doc = site.sources[s.document]
        return f"{doc.titre} ({doc.auteurs}), {s.section}" + (f", p. {s.page}" if s.page else "")

    return " ; ".join(one(s) for s in (modele.source, *modele.autres_sources))


def source_line(modele: c.Gabarit, site: SiteData) -> str:
    """« Source : … », or, for a template the site wrote, its mark and « Rédigé d'après : … »."""
    if modele.redige_par:
        return f"{EDITORIAL_PROPOSAL}. Rédigé d'après : {source_mention(modele, site)}"
    return f"Source : {source_mention(modele, site)}"


def shortened(value: str, limit: int = 255) -> str:
    """A text cut at a word to fit `limit` characters (DOCX core properties hold 255 at most)."""
    if len(value) <= limit:
        return value
    return value[: limit - 1].rsplit(" ", 1)[0] + "…"


def keywords_of(modele: c.Gabarit) -> str:
    return "; ".join(["usagers partenaires", "partenariat en santé", "modèle", modele.id])


# --- zip: fixed order and dates ------------------------------------------------------------------

# The formats of each template, in the order of its downloads; its PDF (macros/outputs/pdf/modeles.py) is made
# with the other PDFs, when WeasyPrint is there and PDFs are asked for (not under `mkdocs serve`).
FORMATS = (("docx", "Word (DOCX)"), ("odt", "LibreOffice (ODT)"), ("pdf", "PDF"))


def document_path(modele_id: str, ext: str) -> str:
    return f"modeles/{modele_id}.{ext}"


def pages_label(pages: int) -> str:
    """3 → « 3 pages »."""
    return f"{pages} page" + ("s" if pages > 1 else "")


def size_label(size: int) -> str:
    """1234 → « 1,2 Ko »."""
    return f"{size / 1024:.1f} Ko".replace(".", ",")


def version_date(modele: c.Gabarit) -> str:
    return date_fr(modele.journal[0].date)
