"""The PDFs a trainer downloads: tagged (PDF/UA-1), in French, with title, bookmarks and page numbers, holding
the text of their page; the whole guide with a cover and contents; handouts of one page; same bytes twice;
an edit remakes only the PDFs made from it. Skipped without WeasyPrint, except in CI (UP_REQUIRE_BROWSER=1)."""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests.conftest import CopyBuilds

try:
    import weasyprint  # noqa: F401
    from pypdf import PdfReader
except (ImportError, OSError) as missing:  # pragma: no cover - depends on the machine
    if os.environ.get("UP_REQUIRE_BROWSER"):
        raise RuntimeError(f"WeasyPrint ou pypdf manquant alors que les PDF sont obligatoires (CI) : {missing}") from missing
    pytest.skip(f"WeasyPrint ou pypdf manquant : tests des PDF ignorés ({missing})", allow_module_level=True)

from macros.outputs import pdf
from macros.outputs.pdf.extract import SCREEN_ONLY

pytestmark = pytest.mark.pdf  # reads the PDFs of the built site

BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd"
MM = 72 / 25.4
CONTENT_AREA = (22 * MM, (297 - 20) * MM)  # between the top and bottom margins of templates/pdf/pdf.css


def squeeze(text: str) -> str:
    """No whitespace, bullets nor soft hyphens: line breaks and hyphenation do not matter."""
    return re.sub(r"[\s\u2022\u00ad\u2010-]+", "", text)


def pdf_text(reader: Any) -> str:
    """The text drawn between the margins (not the running title, address, page numbers)."""
    out: list[str] = []

    def keep(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if CONTENT_AREA[0] < tm[4] * cm[1] + tm[5] * cm[3] + cm[5] < CONTENT_AREA[1]:
            out.append(text)

    for page in reader.pages:
        page.extract_text(visitor_text=keep)
    return squeeze("".join(out))


def page_blocks(page_html: str) -> list[str]:
    article = BeautifulSoup(page_html, "lxml").find("article")
    assert article is not None
    for node in article.select(SCREEN_ONLY):
        node.decompose()
    return [t for node in article.select(BLOCKS) if not node.find(BLOCKS.split(", ")) and (t := squeeze(node.get_text()))]


def missing_in_order(blocks: list[str], text: str) -> list[str]:
    missing, position = [], 0
    for block in blocks:
        found = text.find(block, position)
        if found < 0:
            missing.append(block)
        else:
            position = found + len(block)
    return missing


def reader(site_dir: Path, name: str) -> Any:
    return PdfReader(io.BytesIO((site_dir / name).read_bytes()))


def page_urls(site_dir: Path, site_data: Any) -> list[str]:
    return pdf.page_urls(pdf.Inputs(site_data, site_dir, "https://usagers-partenaires.example.org/"))


def without_print_addresses(text: str, page_html: str) -> str:
    """The print CSS writes an external link's address after it: not the page's text."""
    for link in BeautifulSoup(page_html, "lxml").select("article a[href^=http]"):
        text = text.replace(squeeze(f"({link['href']})"), "")
    return text


def test_every_page_pdf_holds_the_text_of_its_page(site_dir: Path, site_data: Any) -> None:
    urls = page_urls(site_dir, site_data)
    assert len(urls) >= 30 and any("facile-a-lire" in u for u in urls)
    for url in urls:
        html = (site_dir / url / "index.html").read_text(encoding="utf-8")
        text = without_print_addresses(pdf_text(reader(site_dir, pdf.pdf_name(url))), html)
        missing = missing_in_order(page_blocks(html), text)
        assert not missing, (url, missing[:3])


def test_every_pdf_is_tagged_french_titled_with_bookmarks_and_page_numbers(site_dir: Path) -> None:
    names = sorted(p.relative_to(site_dir).as_posix() for p in (site_dir / "pdf").glob("*.pdf"))
    assert len(names) >= 50
    for name in names:
        r = reader(site_dir, name)
        root = r.trailer["/Root"]
        assert "/StructTreeRoot" in root, name
        assert root["/MarkInfo"]["/Marked"] == True, name  # noqa: E712 (a pypdf BooleanObject)
        assert str(root["/Lang"]) == "fr", name
        assert r.metadata is not None and r.metadata.title and r.metadata.author and r.metadata.subject, name
        if not name.startswith(("pdf/resume--", "pdf/affiche--")):
            assert r.outline, name
            last = len(r.pages)
            assert f"page{last}/{last}" in squeeze(r.pages[-1].extract_text()), name


def test_each_page_links_its_pdf_with_pages_and_size(site_dir: Path, site_data: Any) -> None:
    for url in [*page_urls(site_dir, site_data), "imprimer/"]:
        soup = BeautifulSoup((site_dir / url / "index.html").read_text(encoding="utf-8"), "lxml")
        link = soup.select_one("p.up-pdf a")
        assert link is not None, url
        target = (site_dir / url / str(link["href"])).resolve()
        assert target.is_file(), url
        pages = len(PdfReader(str(target)).pages)
        assert re.fullmatch(rf"Télécharger le PDF \({pages} pages?, [\d,]+ Ko\)", link.get_text()), link.get_text()


def test_guide_has_cover_contents_and_every_part(site_dir: Path, site_data: Any) -> None:
    r = reader(site_dir, pdf.GUIDE)
    assert "Sources" in r.pages[0].extract_text()
    contents = r.pages[1].extract_text()
    assert "Sommaire" in contents
    fiches = site_data.fiches_in_order()
    assert all(f.titre.split()[0] in contents for f in fiches)
    assert re.search(r"\d+\s*$", contents.strip().splitlines()[-1])  # page numbers after the titles
    text = pdf_text(r)
    for url in ["introduction/", "partenariat/", "conclusion/", *(f"fiches/{f.id}/" for f in fiches)]:
        html = (site_dir / url / "index.html").read_text(encoding="utf-8")
        missing = missing_in_order(page_blocks(html)[1:], without_print_addresses(text, html))
        assert not missing, (url, missing[:3])


def test_handouts_one_page_summary_and_a_poster_per_sheet(site_dir: Path, site_data: Any) -> None:
    for f in site_data.fiches_in_order():
        summary = reader(site_dir, pdf.pdf_name(f"fiches/{f.id}/", "resume--"))
        assert len(summary.pages) == 1, f.id
        assert all(h in summary.pages[0].extract_text() for h in ("Pourquoi", "Comment", "Où", "Qui"))
        poster = reader(site_dir, pdf.pdf_name(f"fiches/{f.id}/", "affiche--"))
        assert len(poster.pages) == 1 and squeeze(f"fiches/{f.id}/") in squeeze(poster.pages[0].extract_text())
        cut = [line for line in poster.pages[0].extract_text().splitlines() if line.rstrip().endswith("-")]
        assert not cut, f"{f.id} : l'adresse de l'affiche est coupée à un trait d'union : {cut}"
    kit = (site_dir / "kit-formateur" / "index.html").read_text(encoding="utf-8")
    for name in (
        pdf.GUIDE,
        "pdf/resume--fiches--recherche.pdf",
        "pdf/affiche--fiches--recherche.pdf",
        "pdf/fiches--recherche--facile-a-lire.pdf",
    ):
        assert f"../{name}" in kit, name


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((folder / "pdf").glob("*.pdf"))}


@pytest.mark.slow
def test_rebuild_same_bytes_and_one_edit_remakes_only_its_pdfs(copy_builds: CopyBuilds) -> None:
    """A copy of the small project built from nothing, again (from the cache), again without the PDF cache, then
    with one sheet changed (builds shared with tests/test_reproductible.py: tests/conftest.py, CopyBuilds)."""
    first = copy_builds("first")
    assert first.returncode == 0, first.stderr
    again = copy_builds("second")
    assert "0 faits" in again.stderr
    assert digests(copy_builds.site("first")) == digests(copy_builds.site("second"))
    cold = copy_builds("cold")  # and from a cold cache: same bytes
    assert cold.returncode == 0 and digests(copy_builds.site("cold")) == digests(copy_builds.site("first"))
    edited = copy_builds("edited")  # data/fiches/recherche.yml: « Recherche bibliographique » → « … documentaire »
    assert edited.returncode == 0, edited.stderr
    before, after = digests(copy_builds.site("first")), digests(copy_builds.site("edited"))
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"fiches--recherche.pdf", "guide-complet.pdf", "resume--fiches--recherche.pdf"}
    assert "PDF : 3 faits" in edited.stderr
