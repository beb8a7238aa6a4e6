"""A template as a Word (DOCX) document, styled and tagged for accessibility."""

from __future__ import annotations

import io
from typing import Any

from ... import content as c
from ...data.collections import SiteData
from .archive import normalise_zip
from .tree import AUTEUR, CASE, LANGUE, blanc, court, date_fr, date_modele, mention_source, mots_cles, runs, titre_division


def docx_bytes(modele: c.Gabarit, site: SiteData, site_url: str = "") -> bytes:
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    _cache_style_ids(doc)
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

    def items(values: list[c.Item], level: int, ordonnee: bool, cases: bool) -> None:
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
    app = [
        (b"<Application>Microsoft Macintosh Word</Application>", b"<Application>python-docx</Application>"),
        (b"<Template>Normal.dotm</Template>", b"<Template/>"),
    ]
    return normalise_zip(
        out.getvalue(),
        when,
        first=("[Content_Types].xml",),
        patch={"word/styles.xml": lang, "word/stylesWithEffects.xml": lang, "docProps/app.xml": app},
    )


# --- ODT -------------------------------------------------------------------------------------------


def _cache_style_ids(doc: Any) -> None:
    """Resolve each style once per document: python-docx looks a style up by name (and the default style) for
    every paragraph, which took a fifth of the whole build for 13 documents."""
    part = doc.part
    lookup = part.get_style_id
    cache: dict[tuple[str | None, Any], Any] = {}

    def cached(style: Any, style_type: Any) -> Any:
        key = (style if style is None or isinstance(style, str) else style.style_id, style_type)
        if key not in cache:
            cache[key] = lookup(style, style_type)
        return cache[key]

    part.get_style_id = cached
