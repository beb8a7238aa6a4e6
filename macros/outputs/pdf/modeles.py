"""Each downloadable template (« modèle ») as a PDF too, beside its DOCX and ODT: the same walk over the template
(documents/walk.py) gives the same elements in the same order; here they become blocks that a print template
(macros/templates/pdf/modele.html) lays out on A4 pages in the site's font, the template's title and « page n / N »
in every page's footer. Made when the build starts (the templates' pages show each file's size and pages), from
the PDF cache when the HTML is unchanged. Started before the DOCX and ODT files are made (`start_template_pdfs`),
collected just before the templates' pages are written (`TemplatePdfs.results`)."""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ... import content as c
from ...data.collections import SiteData
from ..documents.tree import Entry, document_path, modele_date, runs
from ..documents.walk import Nature, walk
from .engine import Job, Result, cached, early_pool, html_digest, pdf_cache, render_job, start_pool, store
from .extract import Meta
from .jobs import print_document
from .run import PdfError, failure


class BlockWriter:
    """The elements of a template as blocks for the print template (walk.Writer): each text as runs (text,
    kind), kind '', 'bold', 'italic' or 'champ'; the template escapes them all."""

    def __init__(self, modele: c.Gabarit) -> None:
        self.modele = modele
        self.blocks: list[dict[str, Any]] = []

    def _runs(self, text: str) -> list[tuple[str, str]]:
        return runs(text, self.modele) if text else []

    def title(self, text: str) -> None:
        self.blocks.append({"kind": "title", "runs": self._runs(text)})

    def subtitle(self, text: str) -> None:
        self.blocks.append({"kind": "subtitle", "runs": self._runs(text)})

    def intro(self, version: str, sample: str | None) -> None:
        self.blocks.append({"kind": "intro", "version": version, "sample": sample})

    def heading(self, text: str, level: int) -> None:
        self.blocks.append({"kind": "heading", "level": level, "runs": self._runs(text)})

    def paragraph(self, text: str, nature: Nature = "normal") -> None:
        self.blocks.append({"kind": "paragraph", "note": nature == "note", "runs": self._runs(text)})

    def items(self, values: list[c.Item], ordonnee: bool = False, cases: bool = False) -> None:
        self.blocks.append({"kind": "items", "ordered": ordonnee, "boxes": cases, "items": self._items(values)})

    def _items(self, values: list[c.Item]) -> list[dict[str, Any]]:
        return [{"runs": self._runs(i.texte), "sub": self._items(i.sous_elements)} for i in values]

    def table(self, caption: str, header: list[str], rows: list[list[str]], footer: list[str] | None) -> None:
        self.blocks.append(
            {
                "kind": "table",
                "caption": self._runs(caption),
                "header": [self._runs(h) for h in header],
                "rows": [[self._runs(v) for v in row] for row in rows],
                "footer": [self._runs(v) for v in footer] if footer else None,
            }
        )

    def signatures(self, labels: list[str]) -> None:
        self.blocks.append({"kind": "signatures", "labels": [self._runs(label) for label in labels]})

    def finish(self) -> bytes:
        return b""


def template_job(modele: c.Gabarit, sources: SiteData, site_url: str, site_name: str) -> Job:
    """A template's PDF job: its elements as the DOCX and ODT have them (`site_name`: mkdocs.yml's, its author)."""
    writer = BlockWriter(modele)
    walk(modele, sources, site_url, writer, site_name)
    meta = Meta(
        title=modele.titre,
        author=site_name,
        subject=modele.objet,
        date=modele_date(modele).date().isoformat(),
        keywords=("usagers partenaires", "partenariat en santé", "modèle", modele.id),
    )
    html = print_document(
        "modele.html",
        site_name=site_name,
        meta=meta,
        blocks=writer.blocks,
        body_class="modele",
    )
    return Job(document_path(modele.id, "pdf"), html)


class TemplatePdfs:
    """The templates' PDFs of one build, under way: those whose HTML is unchanged are taken from the cache at
    once, the others are laid out by WeasyPrint's processes (the ones `warm_up` started with the build, else a
    pool of `workers`) while the generate stage makes the DOCX and ODT files; `results()` waits for them, just
    before the templates' pages are written (they show each PDF's pages and size: the very file's)."""

    def __init__(self, jobs: list[Job], project: Path, workers: int = 1) -> None:
        self.jobs = jobs
        self.cache = pdf_cache(project)
        self.done: dict[str, Result] = {}
        self.own: ProcessPoolExecutor | None = None
        self.futures: dict[str, Future[tuple[bytes, int]]] = {}
        todo = []
        for job in jobs:
            found = cached(job.name, html_digest(job.html), self.cache)
            if found is not None:
                self.done[job.name] = found
            else:
                todo.append(job)
        self.pending = [job.name for job in todo]  # the PDFs WeasyPrint makes for this build (their HTML changed)
        if not todo:
            return
        pool = early_pool(project)
        if pool is None and workers > 1 and len(todo) > 1:
            pool = self.own = start_pool(min(workers, len(todo)))
        if pool is not None:  # longest first: the processes end together (else made here, in `results()`)
            for job in sorted(todo, key=lambda j: len(j.html), reverse=True):
                self.futures[job.name] = pool.submit(render_job, job)

    def results(self) -> dict[str, Result]:
        """Every template's PDF and its page count, by its path in the site (« modeles/<id>.pdf »), in the
        order of the jobs. Raises PdfError (French)."""
        try:
            for job in self.jobs:
                if job.name in self.done:
                    continue
                future = self.futures.get(job.name)
                made = future.result() if future is not None else render_job(job)
                self.done[job.name] = store(self.cache, job, made)
        except (ImportError, OSError) as exc:  # the same French messages as the other PDFs (run.py)
            raise PdfError(f"WeasyPrint ne démarre pas ({failure(exc)})", install=True) from exc
        except Exception as exc:  # noqa: BLE001 — a PDF that cannot be made fails the build, in French
            raise PdfError(f"un PDF de modèle n'a pas pu être fait ({failure(exc)})") from exc
        finally:
            if self.own is not None:
                self.own.shutdown(cancel_futures=True)
                self.own = None
        return {job.name: self.done[job.name] for job in self.jobs}


def start_template_pdfs(
    site: SiteData, site_url: str, entries: list[Entry], project: Path, workers: int = 1, *, site_name: str
) -> TemplatePdfs:
    """Every template's PDF, started: their HTML made now, the PDFs whose HTML changed handed to WeasyPrint's
    processes; `results()` gives them. Raises PdfError (French) when an HTML cannot be made."""
    sources = SiteData(sources=site.sources)
    try:
        jobs = [template_job(e.modele, sources, site_url, site_name) for e in entries]
        return TemplatePdfs(jobs, project, workers)
    except (ImportError, OSError) as exc:
        raise PdfError(f"WeasyPrint ne démarre pas ({failure(exc)})", install=True) from exc
    except Exception as exc:  # noqa: BLE001 — a PDF that cannot be made fails the build, in French
        raise PdfError(f"un PDF de modèle n'a pas pu être fait ({failure(exc)})") from exc


def template_pdfs(
    site: SiteData, site_url: str, entries: list[Entry], project: Path, workers: int = 1, *, site_name: str
) -> dict[str, Result]:
    """Every template's PDF: path in the site (« modeles/<id>.pdf ») → the PDF and its page count."""
    return start_template_pdfs(site, site_url, entries, project, workers, site_name=site_name).results()
