"""Downloadable templates (« modèles à télécharger »): every template as DOCX and ODT, at build time.

- The templates are data/modeles/*.yml, plus one pre-filled mission sheet per fiche-mission, made here
  from the blank sheet (data/modeles/fiche-de-mission.yml) and the sheet's data: adding a sheet is still
  one YAML file.
- Blanks are named fields written [[id]] in the text (see models.Modele); they come out highlighted as
  « ………… (libellé) » on the page and in the files.
- Same data, same bytes: the files carry the date of the template's latest change (its `journal`), never
  the time of the build, and their zip entries are written in a fixed order with fixed dates.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from . import models as m
from .loader import SiteData
from .render import date_fr

FICHE_DE_MISSION = "fiche-de-mission"
BLANC = "…………"  # what a blank looks like, before its label in parentheses
CASE = "☐"  # the box in front of a check-list item
AUTEUR = "Usagers partenaires en santé"
LANGUE = "fr-FR"

# Parts of a fiche-mission, in the guide's order: (division id, Fiche field, title when the blank sheet has none).
SECTIONS_FICHE = (
    ("besoin-initial", "besoin_initial", "Besoin initial"),
    ("action", "action", "Action"),
    ("activites", "activites", "Activités"),
    ("lieux", "lieux", "Lieux d'exercice"),
    ("territoire", "territoire", "Territoire géographique"),
    ("acteurs", "acteurs", "Acteurs"),
    ("formation", "formation", "Formation"),
    ("ressources", "ressources", "Ressources"),
    ("reglementation", "reglementation", "Réglementation"),
    ("modalites", "modalites", "Modalités d'intervention"),
    ("competences", "competences", "Savoirs et compétences mobilisés"),
    ("autres-criteres", "autres_criteres", "Autres critères (pré-requis)"),
    ("valeur-ajoutee", "valeur_ajoutee", "Valeur ajoutée"),
)


# --- the templates ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Entree:
    """A template as the site shows it: the model, and where it comes from."""

    modele: m.Modele
    fichier: str  # the data file that makes it
    parent: str | None = None  # for a pre-filled mission sheet: the blank sheet's id
    fiche: m.Fiche | None = None  # for a pre-filled mission sheet: its sheet


_entrees_cache: tuple[SiteData, list[Entree]] | None = None


def entrees(site: SiteData) -> list[Entree]:
    """Every template in the order of the downloads page; a pre-filled sheet follows its blank sheet.

    Computed once per build (each template page asks for the whole list: without this, build time grew with
    the square of the number of sheets — see bench/rapport.md)."""
    global _entrees_cache
    if _entrees_cache is not None and _entrees_cache[0] is site:
        return _entrees_cache[1]
    out = _entrees(site)
    _entrees_cache = (site, out)
    return out


def _entrees(site: SiteData) -> list[Entree]:
    out: list[Entree] = []
    for modele in sorted(site.modeles.values(), key=lambda x: (x.ordre, x.id)):
        out.append(Entree(modele, site.files[("modeles", modele.id)][0]))
        if modele.id == FICHE_DE_MISSION:
            for fiche in site.fiches_in_order():
                out.append(Entree(fiche_de_mission(modele, fiche), site.files[("fiches", fiche.id)][0],
                                  parent=modele.id, fiche=fiche))
    return out


def tous_les_modeles(site: SiteData) -> list[m.Modele]:
    return [e.modele for e in entrees(site)]


def _section_parts(section: m.Section) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = []
    if section.texte:
        parts.append({"paragraphe": section.texte})
    if section.elements:
        parts.append({"liste": [i.model_dump(exclude_defaults=True) for i in section.elements]})
    if section.apres:
        parts.append({"paragraphe": section.apres})
    return parts


def fiche_de_mission(blank: m.Modele, fiche: m.Fiche) -> m.Modele:
    """The blank mission sheet filled with the text of one fiche-mission."""
    titles = {d.id: d.titre for d in blank.contenu}
    filled: dict[str, dict[str, Any]] = {}
    for ident, attr, default in SECTIONS_FICHE:
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
        division: dict[str, Any] = {"id": ident, "titre": titles.get(ident) or default, "parties": parts}
        if getattr(value, "source", None) is not None:
            division["source"] = value.source.model_dump(exclude_none=True)
        filled[ident] = division

    contenu: list[dict[str, Any]] = []
    placed = False
    section_ids = {ident for ident, _, _ in SECTIONS_FICHE}
    for division in blank.contenu:
        if division.id in section_ids:
            if not placed:  # the sheet's parts, all of them, where the blank sheet's first one was
                contenu.extend(filled[ident] for ident, _, _ in SECTIONS_FICHE if ident in filled)
                placed = True
            continue
        data = division.model_dump(exclude_defaults=True)
        if division.id == blank.contenu[0].id:
            data["parties"] = [{"paragraphe": f"Mission de référence : fiche-missions n° {fiche.numero} "
                                              f"« {fiche.titre} » — {fiche.description.rstrip('.')}."}] + data["parties"]
        contenu.append(data)
    if not placed:
        contenu.extend(filled.values())

    text = " ".join(str(d) for d in contenu)
    used = set(m.CHAMP.findall(text))
    return m.Modele.model_validate({
        "id": f"{blank.id}-{fiche.id}",
        "titre": f"{blank.titre} : {fiche.titre}",
        "objet": (f"La fiche de mission pré-remplie avec le texte de la fiche-missions n° {fiche.numero} "
                  f"« {fiche.titre} » du guide, à adapter à la mission confiée et à compléter."),
        "public": blank.public,
        "version": blank.version,
        "journal": [j.model_dump() for j in blank.journal],
        "ordre": blank.ordre,
        "source": fiche.source.model_dump(exclude_none=True),
        "autres_sources": [s.model_dump(exclude_none=True) for s in (blank.source, *blank.autres_sources)],
        "fiches": [fiche.id],
        "principes": list(blank.principes),
        "champs": [c.model_dump(exclude_none=True) for c in blank.champs if c.id in used],
        "contenu": contenu,
    })


# --- text: blanks and simple Markdown ----------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    texte: str
    champ: m.Champ | None = None


def segments(text: str, modele: m.Modele) -> list[Segment]:
    """Split a text into plain pieces and blanks (in order), on one line."""
    champs = {c.id: c for c in modele.champs}
    out: list[Segment] = []
    text = " ".join(text.split())
    pos = 0
    for match in m.CHAMP.finditer(text):
        if match.start() > pos:
            out.append(Segment(text[pos:match.start()]))
        out.append(Segment("", champs[match.group(1)]))
        pos = match.end()
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def blanc(champ: m.Champ) -> str:
    return f"{BLANC} ({champ.libelle})"


_INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|\[([^\]]+)\]\(([^)\s]+)\)")


def inline(text: str) -> list[tuple[str, str]]:
    """Simple Markdown to runs: (text, kind) with kind '', 'gras' or 'italique'; a link keeps its address."""
    out: list[tuple[str, str]] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            out.append((text[pos:match.start()], ""))
        if match.group(1) is not None:
            out.append((match.group(1), "gras"))
        elif match.group(2) is not None:
            out.append((match.group(2), "italique"))
        else:
            label, target = match.group(3), match.group(4)
            out.append((label if target.startswith("/") or target.startswith(".") else f"{label} ({target})", ""))
        pos = match.end()
    if pos < len(text):
        out.append((text[pos:], ""))
    return out


def runs(text: str, modele: m.Modele) -> list[tuple[str, str]]:
    """A text as runs (text, kind), kind '', 'gras', 'italique' or 'champ' (a blank, already written out)."""
    out: list[tuple[str, str]] = []
    for seg in segments(text, modele):
        if seg.champ is not None:
            out.append((blanc(seg.champ), "champ"))
        else:
            out.extend(inline(seg.texte))
    return out


def titre_division(d: m.Division) -> str:
    return " — ".join(x for x in (d.numero, d.titre) if x)


def date_modele(modele: m.Modele) -> dt.datetime:
    """The template's date: its latest change (the files carry it, never the time of the build)."""
    return dt.datetime.strptime(modele.journal[0].date, "%Y-%m-%d").replace(tzinfo=dt.timezone.utc)


def mention_source(modele: m.Modele, site: SiteData) -> str:
    def one(s: m.Source) -> str:
        doc = site.sources[s.document]
        return f"{doc.titre} ({doc.auteurs}), {s.section}" + (f", p. {s.page}" if s.page else "")
    return " ; ".join(one(s) for s in (modele.source, *modele.autres_sources))


def court(value: str, limit: int = 255) -> str:
    """A text cut at a word to fit `limit` characters (DOCX core properties hold 255 at most)."""
    if len(value) <= limit:
        return value
    return value[: limit - 1].rsplit(" ", 1)[0] + "…"


def mots_cles(modele: m.Modele) -> str:
    return "; ".join(["usagers partenaires", "partenariat en santé", "modèle", modele.id])


# --- zip: fixed order and dates ------------------------------------------------------------------

def _zip_normalise(data: bytes, when: dt.datetime, first: tuple[str, ...] = (),
                   stored: tuple[str, ...] = (), patch: dict[str, list[tuple[bytes, bytes]]] | None = None) -> bytes:
    """Rewrite a zip with entries in a fixed order (`first`, then sorted), one fixed date and fixed attributes."""
    patch = patch or {}
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = {name: src.read(name) for name in src.namelist()}
    order = [n for n in first if n in entries] + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            content = entries[name]
            for old, new in patch.get(name, []):
                content = content.replace(old, new)
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, content, compresslevel=9 if name not in stored else None)
    return out.getvalue()


# --- DOCX ------------------------------------------------------------------------------------------

def docx_bytes(modele: m.Modele, site: SiteData, site_url: str = "") -> bytes:
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    doc = Document()
    styles = doc.styles
    champ_style = styles.add_style("Champ à remplir", WD_STYLE_TYPE.CHARACTER)
    champ_style.font.highlight_color = WD_COLOR_INDEX.YELLOW
    champ_style.font.bold = True
    note_style = styles["Quote"]

    # Language of the whole document: French (the default style and every style file of the template).
    rpr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), LANGUE)
    lang.set(qn("w:eastAsia"), LANGUE)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUE)
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        node = settings.find(qn(tag))
        if node is not None:
            node.set(qn("w:val"), value)

    def paragraph(text: str, style: str | None = None, prefix: str = "") -> Any:
        p = doc.add_paragraph(style=style)
        if prefix:
            p.add_run(prefix)
        for piece, kind in runs(text, modele):
            run = p.add_run(piece)
            if kind == "champ":
                run.style = champ_style
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            elif kind == "gras":
                run.bold = True
            elif kind == "italique":
                run.italic = True
        return p

    def items(values: list[m.Item], level: int, ordonnee: bool, cases: bool) -> None:
        for item in values:
            if cases:
                style = "List Paragraph"
            elif ordonnee:
                style = "List Number" if level == 1 else f"List Number {level}"
            else:
                style = "List Bullet" if level == 1 else f"List Bullet {min(level, 3)}"
            paragraph(item.texte, style, prefix=f"{CASE} " if cases else "")
            items(item.sous_elements, level + 1, ordonnee, False)

    def header_row(row: Any) -> None:
        tr_pr = row._tr.get_or_add_trPr()
        node = OxmlElement("w:tblHeader")
        node.set(qn("w:val"), "true")
        tr_pr.append(node)

    def cell_text(cell: Any, text: str, bold: bool = False) -> None:
        p = cell.paragraphs[0]
        for piece, kind in runs(text, modele) if text else []:
            run = p.add_run(piece)
            run.bold = bold or kind == "gras"
            if kind == "champ":
                run.style = champ_style
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    doc.add_heading(modele.titre, 0)
    paragraph(modele.objet, "Subtitle")
    intro = doc.add_paragraph()
    intro.add_run(f"Modèle version {modele.version} du {date_fr(modele.journal[0].date)}. ").italic = True
    if modele.champs:
        intro.add_run("Les blancs à remplir sont surlignés : ").italic = True
        sample = intro.add_run(blanc(modele.champs[0]))
        sample.style = champ_style
        sample.font.highlight_color = WD_COLOR_INDEX.YELLOW
        intro.add_run(".").italic = True

    for division in modele.contenu:
        note = division.nature == "note"
        doc.add_heading(titre_division(division), 1)
        for part in division.parties:
            if part.paragraphe is not None:
                paragraph(part.paragraphe, note_style.name if note else None)
            elif part.intertitre is not None:
                doc.add_heading(" ".join(part.intertitre.split()), 2)
            elif part.liste is not None:
                items(part.liste, 1, part.ordonnee, part.cases)
            elif part.tableau is not None:
                t = part.tableau
                caption = doc.add_paragraph(t.legende, style="Caption")
                caption.paragraph_format.keep_with_next = True
                rows = list(t.lignes) + [[""] * len(t.entetes)] * t.lignes_vides + ([t.pied] if t.pied else [])
                table = doc.add_table(rows=1 + len(rows), cols=len(t.entetes))
                table.style = "Table Grid"
                header_row(table.rows[0])
                for c, head in enumerate(t.entetes):
                    cell_text(table.rows[0].cells[c], head, bold=True)
                for r, row in enumerate(rows, 1):
                    last = t.pied is not None and r == len(rows)
                    for c, value in enumerate(row):
                        cell_text(table.rows[r].cells[c], value, bold=last)
                    if not any(row):
                        table.rows[r].height = Pt(22)
                doc.add_paragraph()
            elif part.signatures is not None:
                table = doc.add_table(rows=2, cols=len(part.signatures))
                table.style = "Table Grid"
                for c, label in enumerate(part.signatures):
                    cell_text(table.rows[0].cells[c], label, bold=True)
                table.rows[1].height = Pt(80)
                doc.add_paragraph()

    if modele.notes:
        doc.add_heading("Notes", 1)
        for n in modele.notes:
            paragraph(f"Note {n.numero} : {n.texte}")

    doc.add_heading("Source et version", 1)
    paragraph(f"Source : {mention_source(modele, site)}.")
    for j in modele.journal:
        paragraph(f"Version {j.version} du {date_fr(j.date)} : {j.changement}", "List Bullet")
    if site_url.startswith("http"):
        paragraph(f"Modèle publié par le site « {AUTEUR} » : {site_url}modeles/{modele.id}/")

    when = date_modele(modele)
    core = doc.core_properties
    core.title = court(modele.titre)
    core.subject = court(modele.objet)
    core.author = AUTEUR
    core.last_modified_by = AUTEUR
    core.keywords = mots_cles(modele)
    core.comments = court(f"Source : {mention_source(modele, site)}")
    core.category = "Modèle à télécharger"
    core.content_status = f"Version {modele.version}"
    core.identifier = modele.id
    core.language = LANGUE
    core.version = modele.version
    core.revision = 1
    core.created = when.replace(tzinfo=None)
    core.modified = when.replace(tzinfo=None)
    core.last_printed = when.replace(tzinfo=None)

    # No preview picture of an empty page from python-docx's own template.
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)

    out = io.BytesIO()
    doc.save(out)
    lang = [(b'w:val="en-US"', b'w:val="fr-FR"'), (b'w:eastAsia="en-US"', b'w:eastAsia="fr-FR"')]
    app = [(b"<Application>Microsoft Macintosh Word</Application>", b"<Application>python-docx</Application>"),
           (b"<Template>Normal.dotm</Template>", b"<Template/>")]
    return _zip_normalise(out.getvalue(), when, first=("[Content_Types].xml",),
                          patch={"word/styles.xml": lang, "word/stylesWithEffects.xml": lang, "docProps/app.xml": app})


# --- ODT -------------------------------------------------------------------------------------------

def odt_bytes(modele: m.Modele, site: SiteData, site_url: str = "") -> bytes:
    from odf import dc, meta, table, text
    from odf.opendocument import OpenDocumentText
    from odf.style import (DefaultStyle, FontFace, ListLevelProperties, ParagraphProperties, Style, TableCellProperties,
                           TableColumnProperties, TableProperties, TableRowProperties, TextProperties)
    from odf.text import ListLevelStyleBullet, ListLevelStyleNumber, ListStyle

    from odf.element import Element

    # odfpy declares, in every file, each namespace any document of the process has used so far (a shared
    # dict): start from none, so that the same template gives the same declarations, in the same order.
    Element.namespaces.clear()
    doc = OpenDocumentText()
    when = date_modele(modele).strftime("%Y-%m-%dT%H:%M:%S")

    # Metadata: title, subject, description (source), keywords, language, fixed dates.
    doc.meta.addElement(dc.Title(text=modele.titre))
    doc.meta.addElement(dc.Subject(text=modele.objet))
    doc.meta.addElement(dc.Description(text=f"Source : {mention_source(modele, site)}"))
    doc.meta.addElement(meta.Keyword(text=mots_cles(modele)))
    doc.meta.addElement(dc.Language(text=LANGUE))
    doc.meta.addElement(dc.Creator(text=AUTEUR))
    doc.meta.addElement(meta.InitialCreator(text=AUTEUR))
    doc.meta.addElement(meta.CreationDate(text=when))
    doc.meta.addElement(dc.Date(text=when))
    doc.meta.addElement(meta.EditingCycles(text="1"))
    for name, value in (("Identifiant", modele.id), ("Version", modele.version)):
        doc.meta.addElement(meta.UserDefined(name=name, valuetype="string", text=value))

    # Styles: the document's default language is French; real heading, list and table styles.
    doc.fontfacedecls.addElement(FontFace(name="Liberation Sans", fontfamily="'Liberation Sans'",
                                          fontfamilygeneric="swiss", fontpitch="variable"))
    default = DefaultStyle(family="paragraph")
    default.addElement(TextProperties(language="fr", country="FR", fontsize="11pt", fontname="Liberation Sans"))
    doc.styles.addElement(default)

    def pstyle(name: str, display: str, parent: str | None = None, cls: str | None = None, outline: int | None = None,
               text_props: dict[str, str] | None = None, para_props: dict[str, str] | None = None) -> Style:
        kwargs: dict[str, Any] = {"name": name, "displayname": display, "family": "paragraph"}
        if parent:
            kwargs["parentstylename"] = parent
        if cls:
            kwargs["attributes"] = {"class": cls}
        if outline:
            kwargs["defaultoutlinelevel"] = str(outline)
        st = Style(**kwargs)
        if para_props:
            st.addElement(ParagraphProperties(**para_props))
        if text_props:
            st.addElement(TextProperties(**text_props))
        doc.styles.addElement(st)
        return st

    pstyle("Standard", "Standard", cls="text")
    body = pstyle("Text_20_body", "Text body", parent="Standard", cls="text",
                  para_props={"margintop": "0cm", "marginbottom": "0.25cm"})
    pstyle("Heading", "Heading", parent="Standard", cls="text",
                     para_props={"margintop": "0.5cm", "marginbottom": "0.21cm", "keepwithnext": "always"},
                     text_props={"fontweight": "bold"})
    title = pstyle("Title", "Title", parent="Heading", cls="chapter",
                   para_props={"textalign": "center"}, text_props={"fontsize": "20pt", "fontweight": "bold"})
    subtitle = pstyle("Subtitle", "Subtitle", parent="Heading", cls="chapter",
                      para_props={"textalign": "center"}, text_props={"fontsize": "13pt", "fontstyle": "italic",
                                                                      "fontweight": "normal"})
    h1 = pstyle("Heading_20_1", "Heading 1", parent="Heading", cls="text", outline=1,
                para_props={"margintop": "0.6cm", "marginbottom": "0.2cm", "keepwithnext": "always"},
                text_props={"fontsize": "15pt", "fontweight": "bold", "color": "#1f3864"})
    h2 = pstyle("Heading_20_2", "Heading 2", parent="Heading", cls="text", outline=2,
                para_props={"margintop": "0.4cm", "marginbottom": "0.15cm", "keepwithnext": "always"},
                text_props={"fontsize": "13pt", "fontweight": "bold", "color": "#1f3864"})
    quote = pstyle("Quotations", "Quotations", parent="Standard", cls="html",
                   para_props={"marginleft": "1cm", "marginright": "1cm", "marginbottom": "0.25cm"},
                   text_props={"fontstyle": "italic"})
    listpara = pstyle("List", "List", parent="Text_20_body", cls="list",
                      para_props={"margintop": "0cm", "marginbottom": "0.1cm"})
    caption = pstyle("Caption", "Caption", parent="Standard", cls="extra",
                     para_props={"keepwithnext": "always", "marginbottom": "0.1cm"},
                     text_props={"fontstyle": "italic"})
    cellpara = pstyle("Table_20_Contents", "Table Contents", parent="Standard", cls="extra")
    cellhead = pstyle("Table_20_Heading", "Table Heading", parent="Table_20_Contents", cls="extra",
                      text_props={"fontweight": "bold"})

    def tstyle(name: str, display: str, **props: str) -> Style:
        st = Style(name=name, displayname=display, family="text")
        st.addElement(TextProperties(**props))
        doc.styles.addElement(st)
        return st

    champ = tstyle("Champ_20_à_20_remplir", "Champ à remplir", backgroundcolor="#ffff00", fontweight="bold")
    strong = tstyle("Strong_20_Emphasis", "Strong Emphasis", fontweight="bold")
    emph = tstyle("Emphasis", "Emphasis", fontstyle="italic")

    bullets = ListStyle(name="Puces", displayname="Liste à puces")
    for level, char in ((1, "•"), (2, "◦"), (3, "▪")):
        lvl = ListLevelStyleBullet(level=level, bulletchar=char)
        lvl.addElement(ListLevelProperties(spacebefore=f"{0.6 * (level - 1) + 0.4:.1f}cm", minlabelwidth="0.6cm"))
        bullets.addElement(lvl)
    doc.styles.addElement(bullets)
    boxes = ListStyle(name="Cases", displayname="Liste à cocher")
    lvl = ListLevelStyleBullet(level=1, bulletchar=CASE)
    lvl.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.7cm"))
    boxes.addElement(lvl)
    doc.styles.addElement(boxes)
    numbers = ListStyle(name="Numerotation", displayname="Liste numérotée")
    for level in (1, 2, 3):
        lvl = ListLevelStyleNumber(level=level, numformat="1", numsuffix=".")
        lvl.addElement(ListLevelProperties(spacebefore=f"{0.6 * (level - 1) + 0.4:.1f}cm", minlabelwidth="0.7cm"))
        numbers.addElement(lvl)
    doc.styles.addElement(numbers)

    tab = Style(name="Tableau", family="table")
    tab.addElement(TableProperties(width="17cm", align="margins"))
    doc.automaticstyles.addElement(tab)
    cell = Style(name="Tableau.Cellule", family="table-cell")
    cell.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    doc.automaticstyles.addElement(cell)
    tall = Style(name="Tableau.LigneVide", family="table-row")
    tall.addElement(TableRowProperties(minrowheight="0.8cm"))
    doc.automaticstyles.addElement(tall)
    sign = Style(name="Tableau.LigneSignature", family="table-row")
    sign.addElement(TableRowProperties(minrowheight="2.8cm"))
    doc.automaticstyles.addElement(sign)
    colstyle = Style(name="Tableau.Colonne", family="table-column")
    colstyle.addElement(TableColumnProperties(relcolumnwidth="1*"))
    doc.automaticstyles.addElement(colstyle)

    kinds = {"gras": strong, "italique": emph, "champ": champ}

    def fill(el: Any, value: str, prefix: str = "") -> Any:
        if prefix:
            el.addText(prefix)
        for piece, kind in runs(value, modele) if value else []:
            if kind:
                span = text.Span(stylename=kinds[kind])
                span.addText(piece)
                el.addElement(span)
            else:
                el.addText(piece)
        return el

    def para(value: str, style: Style = body, prefix: str = "") -> Any:
        p = fill(text.P(stylename=style), value, prefix)
        doc.text.addElement(p)
        return p

    def lst(values: list[m.Item], ordonnee: bool, cases: bool, parent: Any, level: int = 1) -> Any:
        style = boxes if cases else numbers if ordonnee else bullets
        el = text.List(stylename=style) if level == 1 else text.List()
        for item in values:
            li = text.ListItem()
            li.addElement(fill(text.P(stylename=listpara), item.texte))
            if item.sous_elements:
                lst(item.sous_elements, ordonnee, False, li, level + 1)
            el.addElement(li)
        parent.addElement(el)
        return el

    def grid(name: str, header: list[str], rows: list[list[str]], row_style: Style | None = None,
             foot: bool = False) -> None:
        t = table.Table(name=name, stylename=tab)
        t.addElement(table.TableColumn(numbercolumnsrepeated=len(header), stylename=colstyle))
        head = table.TableHeaderRows()
        tr = table.TableRow()
        for value in header:
            tc = table.TableCell(stylename=cell, valuetype="string")
            tc.addElement(fill(text.P(stylename=cellhead), value))
            tr.addElement(tc)
        head.addElement(tr)
        t.addElement(head)
        for r, row in enumerate(rows, 1):
            tr = table.TableRow(stylename=row_style) if row_style is not None and not any(row) else table.TableRow()
            for value in row:
                tc = table.TableCell(stylename=cell, valuetype="string")
                tc.addElement(fill(text.P(stylename=cellhead if foot and r == len(rows) else cellpara), value))
                tr.addElement(tc)
            t.addElement(tr)
        doc.text.addElement(t)

    doc.text.addElement(fill(text.P(stylename=title), modele.titre))
    para(modele.objet, subtitle)
    intro = text.P(stylename=body)
    em = text.Span(stylename=emph)
    em.addText(f"Modèle version {modele.version} du {date_fr(modele.journal[0].date)}. ")
    intro.addElement(em)
    if modele.champs:
        em = text.Span(stylename=emph)
        em.addText("Les blancs à remplir sont surlignés : ")
        intro.addElement(em)
        sample = text.Span(stylename=champ)
        sample.addText(blanc(modele.champs[0]))
        intro.addElement(sample)
        intro.addText(".")
    doc.text.addElement(intro)

    n_table = 0
    for division in modele.contenu:
        note = division.nature == "note"
        doc.text.addElement(fill(text.H(outlinelevel=1, stylename=h1), titre_division(division)))
        for part in division.parties:
            if part.paragraphe is not None:
                para(part.paragraphe, quote if note else body)
            elif part.intertitre is not None:
                doc.text.addElement(fill(text.H(outlinelevel=2, stylename=h2), part.intertitre))
            elif part.liste is not None:
                lst(part.liste, part.ordonnee, part.cases, doc.text)
            elif part.tableau is not None:
                tb = part.tableau
                n_table += 1
                para(tb.legende, caption)
                rows = list(tb.lignes) + [[""] * len(tb.entetes)] * tb.lignes_vides + ([tb.pied] if tb.pied else [])
                grid(f"Tableau{n_table}", tb.entetes, rows, tall, foot=tb.pied is not None)
            elif part.signatures is not None:
                n_table += 1
                grid(f"Tableau{n_table}", part.signatures, [[""] * len(part.signatures)], sign)

    if modele.notes:
        doc.text.addElement(fill(text.H(outlinelevel=1, stylename=h1), "Notes"))
        for n in modele.notes:
            para(f"Note {n.numero} : {n.texte}")
    doc.text.addElement(fill(text.H(outlinelevel=1, stylename=h1), "Source et version"))
    para(f"Source : {mention_source(modele, site)}.")
    lst([m.Item(texte=f"Version {j.version} du {date_fr(j.date)} : {j.changement}") for j in modele.journal],
        False, False, doc.text)
    if site_url.startswith("http"):
        para(f"Modèle publié par le site « {AUTEUR} » : {site_url}modeles/{modele.id}/")

    out = io.BytesIO()
    doc.write(out)
    return _zip_normalise(out.getvalue(), date_modele(modele), first=("mimetype",), stored=("mimetype",))


# --- the files of the build ------------------------------------------------------------------------

FORMATS = (("docx", "Word (DOCX)"), ("odt", "LibreOffice (ODT)"))


def chemin(modele_id: str, ext: str) -> str:
    return f"modeles/{modele_id}.{ext}"


def taille_fr(size: int) -> str:
    """1234 → « 1,2 Ko »."""
    return f"{size / 1024:.1f} Ko".replace(".", ",")


def date_version(modele: m.Modele) -> str:
    return date_fr(modele.journal[0].date)


def document_files(site: SiteData, site_url: str = "") -> dict[str, bytes]:
    """Every template as DOCX and ODT: site path → bytes."""
    files: dict[str, bytes] = {}
    for modele in tous_les_modeles(site):
        files[chemin(modele.id, "docx")] = docx_bytes(modele, site, site_url)
        files[chemin(modele.id, "odt")] = odt_bytes(modele, site, site_url)
    return files
