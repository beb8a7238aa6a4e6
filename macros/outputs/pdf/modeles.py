"""Each downloadable template (« modèle ») as a PDF too, beside its DOCX and ODT: the same walk over the template
(documents/walk.py) gives the same elements in the same order; here they become blocks that a print template
(macros/templates/pdf/modele.html) lays out on A4 pages in the site's font, the template's title and « page n / N »
in every page's footer. Made when the build starts (the templates' pages show each file's size and pages), from
the PDF cache when the HTML is unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ... import content as c
from ...data.collections import SiteData
from ..documents.tree import AUTHOR, Entry, document_path, modele_date, runs
from ..documents.walk import Nature, walk
from .engine import Job, Result, build_all, early_pool, pdf_cache
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


def template_job(modele: c.Gabarit, sources: SiteData, site_url: str) -> Job:
    writer = BlockWriter(modele)
    walk(modele, sources, site_url, writer)
    meta = Meta(
        title=modele.titre,
        author=AUTHOR,
        subject=modele.objet,
        date=modele_date(modele).date().isoformat(),
        keywords=("usagers partenaires", "partenariat en santé", "modèle", modele.id),
    )
    html = print_document(
        "modele.html",
        meta=meta,
        blocks=writer.blocks,
        body_class="modele",
    )
    return Job(document_path(modele.id, "pdf"), html)


def template_pdfs(site: SiteData, site_url: str, entries: list[Entry], project: Path, workers: int = 1) -> dict[str, Result]:
    """Every template's PDF: path in the site (« modeles/<id>.pdf ») → the PDF and its page count."""
    sources = SiteData(sources=site.sources)
    jobs = [template_job(e.modele, sources, site_url) for e in entries]
    try:  # the same French messages as the other PDFs (run.py): the build fails, the previous site stays
        return build_all(jobs, pdf_cache(project), workers=workers, pool=early_pool(project))
    except (ImportError, OSError) as exc:
        raise PdfError(f"WeasyPrint ne démarre pas ({failure(exc)})", install=True) from exc
    except Exception as exc:  # noqa: BLE001 — a PDF that cannot be made fails the build, in French
        raise PdfError(f"un PDF de modèle n'a pas pu être fait ({failure(exc)})") from exc
