"""A template as an OpenDocument text (ODT), styled and tagged for accessibility."""

from __future__ import annotations

import io
from typing import Any

from ... import content as c
from ...data.collections import SiteData
from .archive import normalise_zip
from .tree import AUTEUR, CASE, LANGUE, blanc, date_fr, date_modele, mention_source, mots_cles, runs, titre_division


def odt_bytes(modele: c.Gabarit, site: SiteData, site_url: str = "") -> bytes:
    from odf import dc, meta, table, text
    from odf.element import Element
    from odf.opendocument import OpenDocumentText
    from odf.style import (
        DefaultStyle,
        FontFace,
        ListLevelProperties,
        ParagraphProperties,
        Style,
        TableCellProperties,
        TableColumnProperties,
        TableProperties,
        TableRowProperties,
        TextProperties,
    )
    from odf.text import ListLevelStyleBullet, ListLevelStyleNumber, ListStyle

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
    doc.fontfacedecls.addElement(
        FontFace(name="Liberation Sans", fontfamily="'Liberation Sans'", fontfamilygeneric="swiss", fontpitch="variable")
    )
    default = DefaultStyle(family="paragraph")
    default.addElement(TextProperties(language="fr", country="FR", fontsize="11pt", fontname="Liberation Sans"))
    doc.styles.addElement(default)

    def pstyle(
        name: str,
        display: str,
        parent: str | None = None,
        cls: str | None = None,
        outline: int | None = None,
        text_props: dict[str, str] | None = None,
        para_props: dict[str, str] | None = None,
    ) -> Style:
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
    body = pstyle(
        "Text_20_body", "Text body", parent="Standard", cls="text", para_props={"margintop": "0cm", "marginbottom": "0.25cm"}
    )
    pstyle(
        "Heading",
        "Heading",
        parent="Standard",
        cls="text",
        para_props={"margintop": "0.5cm", "marginbottom": "0.21cm", "keepwithnext": "always"},
        text_props={"fontweight": "bold"},
    )
    title = pstyle(
        "Title",
        "Title",
        parent="Heading",
        cls="chapter",
        para_props={"textalign": "center"},
        text_props={"fontsize": "20pt", "fontweight": "bold"},
    )
    subtitle = pstyle(
        "Subtitle",
        "Subtitle",
        parent="Heading",
        cls="chapter",
        para_props={"textalign": "center"},
        text_props={"fontsize": "13pt", "fontstyle": "italic", "fontweight": "normal"},
    )
    h1 = pstyle(
        "Heading_20_1",
        "Heading 1",
        parent="Heading",
        cls="text",
        outline=1,
        para_props={"margintop": "0.6cm", "marginbottom": "0.2cm", "keepwithnext": "always"},
        text_props={"fontsize": "15pt", "fontweight": "bold", "color": "#1f3864"},
    )
    h2 = pstyle(
        "Heading_20_2",
        "Heading 2",
        parent="Heading",
        cls="text",
        outline=2,
        para_props={"margintop": "0.4cm", "marginbottom": "0.15cm", "keepwithnext": "always"},
        text_props={"fontsize": "13pt", "fontweight": "bold", "color": "#1f3864"},
    )
    quote = pstyle(
        "Quotations",
        "Quotations",
        parent="Standard",
        cls="html",
        para_props={"marginleft": "1cm", "marginright": "1cm", "marginbottom": "0.25cm"},
        text_props={"fontstyle": "italic"},
    )
    listpara = pstyle(
        "List", "List", parent="Text_20_body", cls="list", para_props={"margintop": "0cm", "marginbottom": "0.1cm"}
    )
    caption = pstyle(
        "Caption",
        "Caption",
        parent="Standard",
        cls="extra",
        para_props={"keepwithnext": "always", "marginbottom": "0.1cm"},
        text_props={"fontstyle": "italic"},
    )
    cellpara = pstyle("Table_20_Contents", "Table Contents", parent="Standard", cls="extra")
    cellhead = pstyle(
        "Table_20_Heading", "Table Heading", parent="Table_20_Contents", cls="extra", text_props={"fontweight": "bold"}
    )

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

    def grid(
        name: str, header: list[str], rows: list[list[str]], row_style: Style | None = None, foot: bool = False
    ) -> None:
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
