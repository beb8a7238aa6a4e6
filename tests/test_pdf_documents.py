"""The PDFs people hand out (issue 23, item 5): the one-page summary of each sheet keeps every group of the
sheet and says what it leaves out; the whole guide's contents and links are tagged without a link inside a
link (an error for PDF/UA checkers); addresses are never cut in the running footer."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from macros import content as c
from macros.outputs import pdf
from macros.render.views import Views

pytestmark = pytest.mark.pdf  # reads the PDFs of the built site

pypdf = pytest.importorskip("pypdf")


def reader(site_dir: Path, name: str) -> Any:
    return pypdf.PdfReader(str(site_dir / name))


def _kids(node: Any) -> list[Any]:
    k = node.get("/K")
    kids = k if isinstance(k, list) else ([] if k is None else [k])
    return [kid.get_object() if hasattr(kid, "get_object") else kid for kid in kids]


def _has_content(node: Any) -> bool:
    """A structure element that marks some content of a page (an MCID, directly or in a child)."""
    for kid in _kids(node):
        if isinstance(kid, int) or (hasattr(kid, "get") and ("/MCID" in kid or kid.get("/Type") == "/MCR")):
            return True
        if hasattr(kid, "get") and kid.get("/S") is not None and _has_content(kid):
            return True
    return False


def link_problems(document: Any) -> tuple[int, int]:
    """(links inside a link, links with no content) in a tagged PDF's structure tree."""
    nested = empty = 0

    def walk(node: Any, inside: bool) -> None:
        nonlocal nested, empty
        is_link = node.get("/S") == "/Link"
        nested += is_link and inside
        empty += is_link and not _has_content(node)
        for kid in _kids(node):
            if hasattr(kid, "get") and kid.get("/S") is not None:
                walk(kid, inside or is_link)

    walk(document.trailer["/Root"]["/StructTreeRoot"].get_object(), False)
    return nested, empty


def test_no_pdf_has_a_link_inside_a_link(site_dir: Path, site_data: Any) -> None:
    """The guide's contents had 22: its dots and page numbers, CSS generated inside each link, became links
    with no text inside it; an external link's address, generated the same way, did the same in the text."""
    names = sorted(p.name for p in (site_dir / "pdf").glob("*.pdf"))
    assert pdf.GUIDE.split("/")[-1] in names
    problems = {name: link_problems(reader(site_dir, f"pdf/{name}")) for name in names}
    assert not {name: p for name, p in problems.items() if p != (0, 0)}
    guide = reader(site_dir, pdf.GUIDE)
    contents = guide.pages[1]
    annotations = [a.get_object() for a in contents.get("/Annots", [])]
    parts = pdf.guide_parts(Views(site_data, "https://exemple.org/").records)
    assert len([a for a in annotations if a.get("/Subtype") == "/Link"]) == len(parts)  # one link per part
    assert re.search(r"\.{5,}\s*\d+", contents.extract_text())  # dots and page numbers still there


def summary_text(site_dir: Path, fiche: c.Fiche) -> tuple[Any, str]:
    summary = reader(site_dir, pdf.pdf_name(f"fiches/{fiche.id}/", "resume--"))
    return summary, " ".join(summary.pages[0].extract_text().split())


def test_every_summary_fits_one_page_and_keeps_every_group_of_its_sheet(site_dir: Path, site_data: Any) -> None:
    """Groups derived from the sheet's model (content.GROUPES_FICHE and « Valeur ajoutée »): sheet 4's had no
    « Valeur ajoutée », and none had « Formation », « Modalités », « Savoirs et compétences »…"""
    for fiche in site_data.fiches_in_order():
        summary, text = summary_text(site_dir, fiche)
        assert len(summary.pages) == 1, fiche.id
        for group in c.GROUPES_FICHE:
            shown = [p for p in group.parties if getattr(fiche, p.champ) is not None]
            if shown:
                assert group.titre in text, (fiche.id, group.titre)
            for part in shown:
                title = getattr(fiche, part.champ_titre) if part.champ_titre else part.titre
                assert " ".join(title.split()) in text, (fiche.id, title)
        assert c.VALEUR_AJOUTEE.titre in text, fiche.id
        for value in fiche.valeur_ajoutee:
            assert " ".join(value.pour.split()) in text, (fiche.id, value.pour)


def test_a_shortened_list_says_how_many_points_remain_and_links_to_them(site_dir: Path, site_data: Any) -> None:
    for fiche in site_data.fiches_in_order():
        summary, text = summary_text(site_dir, fiche)
        assert "…" not in text.replace("...", ""), fiche.id  # never « … » alone
        said = [int(n) for n in re.findall(r"\+ (\d+) autres? points? sur la fiche en ligne", text)]
        links = [a.get_object()["/A"].get("/URI") for a in summary.pages[0].get("/Annots", [])]
        permalink = f"fiches/{fiche.id}/"
        anchors = {str(u).split("#", 1)[1] for u in links if u and permalink + "#" in str(u)}
        assert said and anchors, fiche.id  # every sheet has more than fits
        assert anchors <= {p.ancre for p in c.PARTIES_FICHE}, anchors
        # The counts add up: what is shown, plus what is said to remain, is every item of the sheet.
        items = sum(len(getattr(fiche, p.champ).elements) for p in c.PARTIES_FICHE[:-1] if getattr(fiche, p.champ))
        items += sum(len(v.elements) for v in fiche.valeur_ajoutee)
        shown = len(re.findall(r"•", summary.pages[0].extract_text()))
        assert shown + sum(said) == items, (fiche.id, shown, sum(said), items)
        assert f"usagers-partenaires.example.org/{permalink}".replace("/", "") in text.replace(" ", "").replace("/", "")


def test_the_footer_keeps_a_long_address_whole_and_the_page_number_on_one_line(site_dir: Path, site_data: Any) -> None:
    """A site published under a long address: the running footer gives it whole, never cut with « … », and
    « page 1 / 4 » is never split over two lines."""
    from macros.outputs.pdf.engine import render_job
    from macros.outputs.pdf.jobs import Inputs, page_job

    long_url = "https://une-association-regionale-de-sante.github.io/usagers-partenaires-en-sante/"
    url = "fiches/representation-usagers/facile-a-lire/"
    data, pages = render_job(page_job(Inputs(site_data, site_dir, long_url), url))
    document = pypdf.PdfReader(io.BytesIO(data))
    for n, page in enumerate(document.pages, 1):
        lines = [line.replace("\u00a0", " ") for line in page.extract_text().splitlines()]
        assert f"page {n} / {pages}" in lines[-1], lines[-3:]
        assert "…" not in " ".join(lines[-3:])
        assert (long_url + url).replace("https://", "") in "".join(lines[-3:]).replace("https://", ""), lines[-3:]


# --- a PDF for every template ------------------------------------------------------------------------


def test_every_template_has_a_pdf_linked_from_its_page_with_pages_and_size(site_dir: Path, page, site_data: Any) -> None:
    """« Word (DOCX), … · LibreOffice (ODT), … · PDF, 3 pages, 24,1 Ko » on the template's page and on /modeles/;
    the PDF is A4, in the site's font, its title and « page n / N » at the foot of every page."""
    from macros.outputs import documents

    listing = page("modeles/")
    for modele in documents.all_modeles(site_data):
        path = documents.document_path(modele.id, "pdf")
        target = site_dir / path
        assert target.is_file(), path
        document = pypdf.PdfReader(str(target))
        count = len(document.pages)
        label = rf"(?:Télécharger : )?PDF, {count} pages?, {re.escape(documents.size_label(target.stat().st_size))}"
        for where, soup, href in (
            (f"modeles/{modele.id}/", page(f"modeles/{modele.id}/"), f"../{modele.id}.pdf"),
            ("modeles/", listing, f"{modele.id}.pdf"),
        ):
            links = [a for a in soup.select("article a[href]") if a["href"] == href]
            if where == "modeles/" and modele.id.startswith("fiche-de-mission-"):
                links = links or [
                    a
                    for a in page("modeles/fiche-de-mission/").select("article a[href]")
                    if a["href"] == f"../{modele.id}.pdf"
                ]
            assert links and re.fullmatch(label, links[0].get_text()), (where, modele.id, [a.get_text() for a in links])
        assert document.metadata.title == modele.titre and str(document.trailer["/Root"]["/Lang"]) == "fr"
        fonts = {
            str(f.get_object()["/BaseFont"]).split("+")[-1]
            for p in document.pages
            for f in p["/Resources"]["/Font"].values()
        }
        # The site's font only (the boxes to tick are drawn: it has no « ☐ », which came from DejaVu Sans).
        assert {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"} <= fonts, (modele.id, fonts)
        assert all(f.startswith("Atkinson") for f in fonts), (modele.id, fonts)
        for n, pdf_page in enumerate(document.pages, 1):
            box = pdf_page.mediabox
            assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
            lines = [" ".join(line.split()) for line in pdf_page.extract_text().splitlines()]
            assert f"page {n} / {count}" in lines[-1], (modele.id, lines[-2:])
            assert " ".join(modele.titre.split()) in " ".join(lines[-2:]), (modele.id, lines[-2:])
        assert link_problems(document) == (0, 0), modele.id


def test_running_headers_and_footers_are_artifacts(site_dir: Path) -> None:
    """Every marked sequence of every PDF belongs to an element of the structure tree, or is an artifact: the
    running title, the address and « page n / N » were marked content outside the tree (WeasyPrint 70)."""
    import pypdf.generic

    marked = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
    names = sorted(
        p.relative_to(site_dir).as_posix()
        for p in [*(site_dir / "pdf").glob("*.pdf"), *(site_dir / "modeles").glob("*.pdf")]
    )
    assert len(names) >= 60
    for name in names:
        document = reader(site_dir, name)
        tree = document.trailer["/Root"]["/StructTreeRoot"].get_object()
        reachable: set[int] = set()
        todo = [tree]
        while todo:
            for kid in _kids(todo.pop()):
                ref = getattr(kid, "indirect_reference", None)
                if hasattr(kid, "get") and kid.get("/S") is not None and ref is not None and ref.idnum not in reachable:
                    reachable.add(ref.idnum)
                    todo.append(kid)
        nums = tree["/ParentTree"].get_object()["/Nums"]
        parents = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
        for n, pdf_page in enumerate(document.pages, 1):
            elements = parents[int(pdf_page["/StructParents"])]
            data = pdf_page.get_contents().get_data()
            outside = [
                int(m.group(2))
                for m in marked.finditer(data)
                if not isinstance(elements[int(m.group(2))], pypdf.generic.IndirectObject)
                or elements[int(m.group(2))].idnum not in reachable
            ]
            assert not outside, (name, n, outside[:5])
            if not name.startswith(("pdf/resume--", "pdf/affiche--")) and (name, n) != (pdf.GUIDE, 1):  # no cover
                artifacts = re.findall(rb"/Artifact\s*<<\s*/Type\s*/Pagination\s*>>\s*BDC", data)
                assert len(artifacts) >= 2, (name, n)  # the running title and « page n / N » at least
