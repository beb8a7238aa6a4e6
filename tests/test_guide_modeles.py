"""After an editor changes one bullet of one sheet, the sheet's template PDF (« modeles/fiche-de-mission-<id>.pdf »)
must be made again: the generate stage hands it to WeasyPrint's processes and goes on making the DOCX and ODT files
meanwhile, and takes the PDF only when the templates' pages are written (they say its pages and size, the very
file's). Without a site build: the real generate stage with the PDF makers replaced by recorders, and the real
makers on one template, in a project folder of their own, with a pool whose work the test holds back."""

from __future__ import annotations

import io
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from macros.data.loader import load_site
from macros.outputs import documents, pdf
from macros.outputs.pdf import engine, modeles
from macros.site import generate as stage
from tests.conftest import ROOT, site_name

SITE_URL = "https://exemple.invalid/"


class Recorder:
    """The template PDFs of a generate stage, faked: what happened, in order, and a PDF of 3 pages per template."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def start(
        self, site: Any, url: str, entries: list[documents.Entry], root: Path, workers: int = 1, *, site_name: str
    ) -> Any:
        self.events.append("PDF des modèles lancés")
        names = [documents.document_path(e.modele.id, "pdf") for e in entries]
        recorder = self

        class Started:
            def results(self) -> dict[str, engine.Result]:
                recorder.events.append("PDF des modèles attendus")
                return {name: engine.Result(name, b"%PDF" + b"-" * 24_000, 3, cached=False) for name in names}

        return Started()


def test_generate_makes_the_documents_while_the_templates_pdfs_are_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generate stage starts the templates' PDFs before it makes the DOCX and ODT files, and waits for them
    only after: an edited sheet's template PDF no longer holds the stage while WeasyPrint lays it out. The
    template's page then says the PDF's pages and size, from the PDF itself."""
    recorder = Recorder()
    made_documents = documents.MadeDocuments.start

    def start_documents(*args: Any, **kwargs: Any) -> documents.MadeDocuments:
        recorder.events.append("DOCX et ODT faits")
        return made_documents(*args, **kwargs)

    monkeypatch.setattr(pdf, "available", lambda: True)
    monkeypatch.setattr(pdf, "warm_up", lambda root, workers: False)
    monkeypatch.setattr(pdf, "start_template_pdfs", recorder.start, raising=False)
    monkeypatch.setattr(documents.MadeDocuments, "start", start_documents)
    monkeypatch.setattr(stage.generated_cache, "get", lambda root, key: None)  # made again, even run twice
    config = stage.project_config(ROOT)
    made = stage.generate(
        ROOT, config.docs_dir, config.site_url, stage.Options(pdf=True, workers=1), nav=config.nav, site_name="Essai"
    )
    assert recorder.events == ["PDF des modèles lancés", "DOCX et ODT faits", "PDF des modèles attendus"]
    page = next(p for p in made.pages if p.path == "modeles/fiche-de-mission-pair-aidance/index.md")
    label = f"PDF, 3 pages, {documents.size_label(24_004)}"
    assert label in page.markdown, page.markdown[:2000]


@pytest.fixture(scope="module")
def data() -> Any:
    """The project's data (the fixture data has no template)."""
    return load_site(ROOT / "data")


@pytest.fixture
def project(data: Any, tmp_path: Path) -> tuple[Any, Path]:
    """The data and a project folder of its own (its .cache/pdf/ empty)."""
    return data, tmp_path / "projet"


def test_an_edited_sheets_template_pdf_is_laid_out_while_the_stage_goes_on(
    project: tuple[Any, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With WeasyPrint's processes already started (here a pool whose work waits for the test), starting the
    templates' PDFs returns at once, the edited sheet's PDF still being made; its result is the PDF and its real
    page count. The next build, nothing changed, takes every template PDF from the cache without WeasyPrint."""
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("weasyprint")
    site, root = project
    entries = [e for e in documents.entries(site) if e.modele.id == "fiche-de-mission-pair-aidance"]
    held = threading.Event()
    render = engine.render_job

    def slow(job: engine.Job) -> tuple[bytes, int]:
        assert held.wait(60), "the test never let WeasyPrint go on"
        return render(job)

    with ThreadPoolExecutor(max_workers=2) as processes:
        monkeypatch.setattr(modeles, "early_pool", lambda project: processes)
        monkeypatch.setattr(modeles, "render_job", slow)
        started = pdf.start_template_pdfs(site, SITE_URL, entries, root, workers=2, site_name=site_name())
        assert started.pending == ["modeles/fiche-de-mission-pair-aidance.pdf"]
        futures: list[Future[tuple[bytes, int]]] = list(started.futures.values())
        assert futures and not any(f.done() for f in futures), "the stage waited for the PDF"
        held.set()
        results = started.results()
    result = results["modeles/fiche-de-mission-pair-aidance.pdf"]
    assert not result.cached and result.pdf.startswith(b"%PDF")
    assert result.pages == len(pypdf.PdfReader(io.BytesIO(result.pdf)).pages) >= 1

    monkeypatch.setattr(modeles, "render_job", lambda job: pytest.fail(f"{job.name} made again"))
    again = pdf.start_template_pdfs(site, SITE_URL, entries, root, workers=2, site_name=site_name())
    assert again.pending == []
    cached = again.results()["modeles/fiche-de-mission-pair-aidance.pdf"]
    assert cached.cached and cached.pdf == result.pdf and cached.pages == result.pages


def test_a_template_pdf_that_cannot_be_made_fails_in_french(
    project: tuple[Any, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF that WeasyPrint cannot make, in its process, fails the build with the French message, when the stage
    takes it."""
    site, root = project
    entries = [e for e in documents.entries(site) if e.modele.id == "fiche-de-mission-pair-aidance"]

    def broken(job: engine.Job) -> tuple[bytes, int]:
        raise ValueError("mise en page impossible")

    with ThreadPoolExecutor(max_workers=1) as processes:
        monkeypatch.setattr(modeles, "early_pool", lambda project: processes)
        monkeypatch.setattr(modeles, "render_job", broken)
        started = pdf.start_template_pdfs(site, SITE_URL, entries, root, site_name=site_name())
        with pytest.raises(pdf.PdfError, match="un PDF de modèle n'a pas pu être fait.*mise en page impossible"):
            started.results()
