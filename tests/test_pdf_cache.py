"""The PDFs' cache, as the editor lives it: a build whose PDFs are all unchanged makes no print HTML at all (their
cache key is the digest of what they are made from, not of their HTML); after one sheet is edited, exactly that
sheet's PDFs (and the guide, which holds it) are made again; a change of the print style sheet makes every PDF's
HTML again. On the small fixture data (tests/donnees-mini/) and small built pages written here: no site build."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from macros.content import kinds
from macros.data.collections import SiteData
from macros.data.loader import load_site
from macros.outputs import pdf
from macros.outputs.pdf import engine, jobs
from macros.render.records import Records
from macros.render.views import Views

pytest.importorskip("weasyprint")
pytestmark = pytest.mark.pdf

MINI = Path(__file__).resolve().parent / "donnees-mini"
SITE_URL = "https://exemple.invalid/"
GUIDE_PAGES = (*(kinds.url_of(kinds.DOCS_PAGES[p]) for p in ("introduction", "partenariat", "conclusion")), "imprimer/")


def built_page(title: str, text: str) -> str:
    """A page as the engine writes it, reduced to what the PDFs read: its <article>."""
    return (
        f"<!DOCTYPE html><html lang='fr'><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1><p>{text}</p></article></body></html>"
    )


class Project:
    """A project folder (its .cache/pdf/) and a built site of small pages, for the fixture data."""

    def __init__(self, folder: Path) -> None:
        self.root = folder / "projet"
        self.site_dir = folder / "site"
        self.data = self.root / "data"
        shutil.copytree(MINI / "data", self.data)
        self.load()
        for record in self.records:
            if "pdf" in record.outputs:
                self.write(record.url, built_page(record.title, f"Le texte de {record.title}."))
        for url in GUIDE_PAGES:
            self.write(url, built_page(url, f"Une partie du guide : {url}"))

    def load(self) -> None:
        self.site: SiteData = load_site(self.data)
        self.records: Records = Views(self.site, SITE_URL).records

    def write(self, url: str, html: str) -> None:
        page = self.site_dir / url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(html, encoding="utf-8")

    def build(self, workers: int = 1) -> pdf.Report:
        return pdf.make_pdfs(self.site, self.records, self.site_dir, SITE_URL, self.root, workers=workers)

    def edit_one_bullet(self) -> str:
        """One bullet of the sheet « recherche » edited in its YAML, and its page as the engine would write it; the
        page's URL."""
        sheet = self.data / "fiches" / "recherche.yml"
        text = sheet.read_text(encoding="utf-8")
        sheet.write_text(text.replace("Promouvoir l'utilité", "Promouvoir vraiment l'utilité"), encoding="utf-8")
        self.load()
        url = self.records.url_for("fiche", "recherche")
        title = self.records.by_url(url).title  # type: ignore[union-attr]
        self.write(url, built_page(title, "Promouvoir vraiment l'utilité sociale de la recherche."))
        return url

    def pdfs(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted((self.site_dir / "pdf").glob("*.pdf"))}


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PDF cache of a first build of the fixture project (made once: WeasyPrint for every PDF)."""
    first = Project(tmp_path_factory.mktemp("premiere"))
    assert first.build().made
    return first.root / ".cache"


@pytest.fixture
def project(tmp_path: Path, warm_cache: Path) -> Project:
    """The fixture project as an editor has it after one build: its PDFs in its cache."""
    made = Project(tmp_path)
    shutil.copytree(warm_cache, made.root / ".cache")
    return made


def count_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times each maker of print HTML runs (jobs.py: a page's, the guide's, a sheet's handouts)."""
    calls = {"page_job": 0, "guide_job": 0, "sheet_handouts": 0}

    def counted(name: str) -> Callable[..., Any]:
        real = getattr(jobs, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        return call

    for name in calls:
        monkeypatch.setattr(jobs, name, counted(name))
    return calls


def test_a_build_whose_pdfs_are_unchanged_makes_no_print_html(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.rmtree(project.root / ".cache")
    first = project.build()
    assert first.made
    before = project.pdfs()
    calls = count_calls(monkeypatch)
    again = project.build()
    assert calls == {"page_job": 0, "guide_job": 0, "sheet_handouts": 0}  # main's code: 4, 1 and 2
    assert again.made == [] and project.pdfs() == before  # same bytes, from the cache
    assert again.links == first.links  # « Télécharger le PDF (n pages, size) », as when they were made
    assert again.prepared == [] and sorted(first.prepared) == sorted(first.results)


def test_editing_one_bullet_of_a_sheet_makes_exactly_its_pdfs_again(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.build()
    before = project.pdfs()
    url = project.edit_one_bullet()
    calls = count_calls(monkeypatch)
    edited = project.build(workers=2)  # on two WeasyPrint processes, as a build does on two cores
    names = {pdf.pdf_name(url), pdf.pdf_name(url, "resume--"), pdf.pdf_name(url, "affiche--"), pdf.GUIDE}
    assert sorted(edited.prepared) == sorted(names)  # its page, its handouts, the guide: no other HTML made
    assert calls == {"page_job": 1, "guide_job": 1, "sheet_handouts": 1}
    # The poster shows neither the lists nor the page's text: same HTML, same PDF, taken from the cache.
    assert sorted(edited.made) == sorted(names - {pdf.pdf_name(url, "affiche--")})
    after = project.pdfs()
    assert {n for n in after if after[n] != before[n]} == {
        name.removeprefix("pdf/") for name in names - {pdf.pdf_name(url, "affiche--")}
    }


def test_a_page_edited_by_hand_makes_its_pdf_and_the_guide_again(project: Project) -> None:
    """A hand-written part of the guide (docs/introduction.md) changes only the guide."""
    project.build()
    project.write(GUIDE_PAGES[0], built_page("Introduction", "Une autre introduction."))
    assert project.build().prepared == [pdf.GUIDE]


def test_a_change_of_the_print_style_sheet_makes_every_pdf_html_again(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The print templates and style sheet (macros/templates/pdf/) are part of every PDF's key: editing pdf.css
    makes every job's HTML again (whose PDFs WeasyPrint then makes, the CSS being inside each HTML)."""
    first = project.build()
    code = tmp_path / "macros"
    shutil.copytree(engine.CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(engine, "CODE", code)
    assert project.build().prepared == []  # same code, same keys
    css = code / "templates" / "pdf" / "pdf.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.partie { orphans: 3; }\n", encoding="utf-8")
    assert sorted(project.build().prepared) == sorted(first.results)


def test_a_missing_character_is_still_said_when_the_pdf_comes_from_the_cache(project: Project) -> None:
    """The check of characters the fonts do not draw reads the print HTML: a PDF taken from the cache without it
    is checked from what was kept with its key, so a second build stops like the first."""
    url = project.records.url_for("fiche", "pair-aidance")
    project.write(url, built_page("Pair-aidance", "Une fiche ✓"))
    said: list[str] = []
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(pdf.run.log, "warning", lambda message, *args: said.append(message % args if args else message))
    try:
        project.build()
        first = list(said)
        said.clear()
        assert project.build().prepared == []
    finally:
        monkeypatch.undo()
    assert any("✓" in s and pdf.pdf_name(url) in s for s in first)
    assert said == first


def test_weasyprint_starts_with_the_build_only_when_data_pages_or_code_changed(project: Project) -> None:
    """`warm_up` (called when generate begins) forks WeasyPrint's processes only if data/, docs/ or the code
    changed since the PDFs were last made; the PDF stage takes them, and shuts them down."""
    project.build()
    assert not pdf.warm_up(project.root, 2) and engine.early_pool(project.root) is None
    sheet = project.data / "fiches" / "recherche.yml"
    os.utime(sheet, ns=(sheet.stat().st_atime_ns, sheet.stat().st_mtime_ns + 1_000_000_000))
    assert pdf.warm_up(project.root, 2)
    pool = engine.early_pool(project.root)
    assert pool is not None
    assert not pdf.warm_up(project.root, 2)  # one set of processes per project
    assert project.build(workers=2).prepared == []  # nothing to make: the processes end unused
    assert engine.early_pool(project.root) is None
    with pytest.raises(RuntimeError):
        pool.submit(int)  # shut down
    assert not pdf.warm_up(project.root, 2)  # these inputs are now those of the last PDFs
