"""A template as an OpenDocument text (ODT), styled and tagged for accessibility."""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

from ... import content as c
from ...data.collections import SiteData
from .archive import normalise_zip
from .tree import AUTEUR, LANGUE, blanc, date_fr, date_modele, mention_source, mots_cles, runs, titre_division

REFERENCE = Path(__file__).with_name("reference.odt")  # every style of the documents: see reference.py


@functools.cache
def _reference() -> bytes:
    return REFERENCE.read_bytes()


def _load_reference() -> Any:
    """A new document: the reference's styles, an empty body."""
    from odf.element import Element
    from odf.namespaces import DCNS, FONS, MANIFESTNS, METANS, OFFICENS, STYLENS, SVGNS, TABLENS, TEXTNS, nsdict
    from odf.opendocument import load

    # odfpy declares, in every file, each namespace any document of the process has used so far, in the order
    # first met (one shared dict): start from the namespaces of a text document, in the order they have always
    # been declared, so that the same template gives the same declarations in the same order.
    Element.namespaces.clear()
    for ns in (OFFICENS, TEXTNS, METANS, DCNS, STYLENS, SVGNS, FONS, TABLENS, MANIFESTNS):
        Element.namespaces[ns] = nsdict[ns]
    doc = load(io.BytesIO(_reference()))
    # odfpy keeps the reference manifest's entry for the document itself ("/") as an extra file: it would be
    # listed twice.
    doc._extra = [extra for extra in doc._extra if extra.filename != "/"]
    return doc


def odt_bytes(modele: c.Gabarit, site: SiteData, site_url: str = "") -> bytes:
    from odf import dc, meta, table, text

    doc = _load_reference()
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

    # Styles: every one comes from the committed reference document (made by reference.py); they are named here.
    body, title, subtitle, h1, h2 = "Text_20_body", "Title", "Subtitle", "Heading_20_1", "Heading_20_2"
    quote, listpara, caption = "Quotations", "List", "Caption"
    cellpara, cellhead = "Table_20_Contents", "Table_20_Heading"
    champ, strong, emph = "Champ_20_à_20_remplir", "Strong_20_Emphasis", "Emphasis"
    bullets, boxes, numbers = "Puces", "Cases", "Numerotation"
    tab, cell, tall, sign, colstyle = (
        "Tableau",
        "Tableau.Cellule",
        "Tableau.LigneVide",
        "Tableau.LigneSignature",
        "Tableau.Colonne",
    )

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

    def para(value: str, style: str = body, prefix: str = "") -> Any:
        p = fill(text.P(stylename=style), value, prefix)
        doc.text.addElement(p)
        return p

    def lst(values: list[c.Item], ordonnee: bool, cases: bool, parent: Any, level: int = 1) -> Any:
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

    def grid(name: str, header: list[str], rows: list[list[str]], row_style: str | None = None, foot: bool = False) -> None:
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
    lst(
        [c.Item(texte=f"Version {j.version} du {date_fr(j.date)} : {j.changement}") for j in modele.journal],
        False,
        False,
        doc.text,
    )
    if site_url.startswith("http"):
        para(f"Modèle publié par le site « {AUTEUR} » : {site_url}modeles/{modele.id}/")

    out = io.BytesIO()
    doc.write(out)
    return normalise_zip(out.getvalue(), date_modele(modele), first=("mimetype",), stored=("mimetype",))


# --- the files of the build ------------------------------------------------------------------------
