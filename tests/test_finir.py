"""The content marks run inside the engine's Markdown (render/content_marks.MarksExtension), and the PDFs read the
page records: without MkDocs, on small Markdown and the project's data (no build)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from macros.data.loader import load_site
from macros.outputs import pdf
from macros.render.content_marks import ContentMarks, MarksExtension
from macros.render.glossary import Glossary
from macros.render.views import Views

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://exemple.invalid/"
TEXT = (
    "# Le représentant des usagers\n\n"
    "Un usager partenaire lit [la HAS](https://www.has-sante.fr/) et [une fiche](../fiches/recherche/).\n\n"
    "## Le rôle du représentant des usagers\n\nTexte.\n"
)


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT / "data")


@pytest.fixture(scope="module")
def marks(site) -> ContentMarks:
    falc = Glossary(site, "facile-a-lire/mots/", easy=True)
    return ContentMarks(site, Glossary(site), falc, {}, SITE_URL)


def _convert(marks: ContentMarks, page: tuple[str, str] | None) -> tuple[str, markdown.Markdown]:
    extension = MarksExtension(marks)
    md = markdown.Markdown(extensions=["toc", "attr_list", extension])
    if page is not None:
        extension.at(*page)
    return md.convert(TEXT), md


def test_a_page_rendered_with_the_extension_has_its_terms_explained_and_its_external_links_marked(marks) -> None:
    html, _ = _convert(marks, ("guide/page.md", "guide/page/"))
    doc = BeautifulSoup(html, "html.parser")
    terms = [a.get_text() for a in doc.select("a.up-terme")]
    assert terms, "un terme du lexique, expliqué"
    outside = doc.find("a", href="https://www.has-sante.fr/")
    assert outside is not None and "up-lien-externe" in outside["class"], "le lien qui quitte le site, signalé"
    inside = doc.find("a", href="../fiches/recherche/")
    assert inside is not None and "up-lien-externe" not in (inside.get("class") or [])


def test_the_extension_gives_the_same_content_as_marking_after_markdown(marks) -> None:
    """The marks as a step inside Markdown, or on Markdown's output (as the worker did): the same bytes."""
    html, _ = _convert(marks, ("guide/page.md", "guide/page/"))
    plain = markdown.Markdown(extensions=["toc", "attr_list"]).convert(TEXT)
    assert html == marks.apply(plain, "guide/page.md", "guide/page/")[0]


def test_headings_names_in_the_contents_stay_plain_text(marks) -> None:
    """The toc runs the postprocessors on each heading's name: the contents list gets no bubble, no link."""
    _, md = _convert(marks, ("guide/page.md", "guide/page/"))
    names = [t["name"] for t in md.toc_tokens] + [c["name"] for t in md.toc_tokens for c in t["children"]]
    assert names == ["Le représentant des usagers", "Le rôle du représentant des usagers"]


def test_a_conversion_that_is_no_page_is_left_as_it_is(marks) -> None:
    html, _ = _convert(marks, None)
    assert html == markdown.Markdown(extensions=["toc", "attr_list"]).convert(TEXT)


def test_the_pdfs_of_the_pages_are_those_the_records_give(site) -> None:
    """Every page whose kind has a PDF (content/kinds.py) gets one, and says its kind on it; nothing is guessed
    from the address (a page of the same shape but of no such kind has none)."""
    records = Views(site, SITE_URL).records
    inp = pdf.Inputs(site, ROOT / "site-absent", SITE_URL, pages={}, given_records=records)
    wanted = [r for r in records if "pdf" in r.outputs]
    inp.pages.update({r.url: "<html><body><article><h1>t</h1></article></body></html>" for r in wanted})
    inp.pages["fiches/inconnue/"] = inp.pages[wanted[0].url]  # built, but no record: no PDF
    assert pdf.page_urls(inp) == [r.url for r in wanted]
    from macros.outputs.pdf.jobs import PDF_LABEL, _label

    for record in wanted:
        assert _label(inp, record.url) == PDF_LABEL[record.kind.name]
    assert {r.kind.name for r in wanted} == set(PDF_LABEL)
