"""Downloadable templates (« modèles », class Gabarit): one tree of parts, walked once (walk.py) and written as DOCX
and ODT (docx.py, odt.py)."""

from __future__ import annotations

from pathlib import Path

from ... import content as c
from ...data.collections import SiteData
from ..cache import ContentCache, code_digest
from ..workers import fork_pool
from ..xml_text import document_safe
from . import tree
from .docx import DocxWriter, docx_bytes
from .odt import OdtWriter, odt_bytes
from .tree import (
    BLANK,
    FICHE_SECTIONS,
    FORMATS,
    Entry,
    blank_label,
    division_title,
    document_path,
    entries,
    pages_label,
    runs,
    segments,
    shortened,
    size_label,
    version_date,
)
from .walk import Writer, walk

__all__ = [
    "BLANK",
    "FORMATS",
    "DocxWriter",
    "OdtWriter",
    "FICHE_SECTIONS",
    "Entry",
    "blank_label",
    "document_path",
    "shortened",
    "version_date",
    "docx_bytes",
    "document_files",
    "entries",
    "odt_bytes",
    "pages_label",
    "runs",
    "segments",
    "size_label",
    "division_title",
    "all_modeles",
    "walk",
    "Writer",
]


def all_modeles(site: SiteData) -> list[c.Gabarit]:
    """Every template, pre-filled mission sheets included, in the order of the downloads page."""
    return [e.modele for e in entries(site)]


WRITERS = {"docx": docx_bytes, "odt": odt_bytes}  # the PDFs: macros/outputs/pdf/modeles.py


def _write(kind: str, modele: c.Gabarit, sources: SiteData, site_url: str) -> bytes:
    # Every text a document is made from, XML-safe (a control character makes a DOCX or ODT that does not open).
    safe = SiteData(sources=document_safe(sources.sources))
    return WRITERS[kind](document_safe(modele), safe, document_safe(site_url))


def document_files(
    site: SiteData,
    site_url: str = "",
    entries: list[Entry] | None = None,
    cache: ContentCache | None = None,
    workers: int = 1,
) -> dict[str, bytes]:
    """Every template as DOCX and ODT: site path → bytes.

    With a cache, only changed templates are made again; with `workers` > 1, the missing ones are made in that
    many processes (the machine has 2 cores: the documents take half the time)."""
    cache = cache or ContentCache(None)
    sources = SiteData(sources=site.sources)  # all a document needs of the site: the sources it cites
    wanted: dict[str, tuple[str, c.Gabarit, list[str]]] = {}
    for modele in (e.modele for e in (entries if entries is not None else tree.entries(site))):
        # What a document is made from: the template, the sources it cites, the site's address.
        parts = [modele.model_dump_json(), site_url, *(d.model_dump_json() for d in site.sources.values())]
        for kind in WRITERS:
            wanted[document_path(modele.id, kind)] = (kind, modele, [kind, *parts])
    files = {path: cache.get(parts, f".{kind}") for path, (kind, _, parts) in wanted.items()}
    missing = [path for path, data in files.items() if data is None]
    if workers > 1 and len(missing) > 2:
        with fork_pool(workers) as pool:
            made = dict(
                zip(
                    missing,
                    pool.map(_write, *zip(*((wanted[p][0], wanted[p][1], sources, site_url) for p in missing)), chunksize=2),
                    strict=True,
                )
            )
    else:
        made = {p: _write(wanted[p][0], wanted[p][1], sources, site_url) for p in missing}
    for path, data in made.items():
        kind, _, parts = wanted[path]
        cache.put(parts, f".{kind}", data)
        files[path] = data
    return {path: data for path, data in files.items() if data is not None}


def documents_cache(project: Path) -> ContentCache:
    """The documents' cache of a project: `.cache/documents/`, salted with the code that writes them and the
    reference document of their styles."""
    here = Path(__file__).parent
    return ContentCache(project / ".cache" / "documents", salt=code_digest(here) + code_digest(here, "reference.odt"))
