"""Downloadable templates (« modèles », class Gabarit): one tree of parts, walked once (walk.py) and written as DOCX
and ODT (docx.py, odt.py)."""

from __future__ import annotations

import importlib
from concurrent.futures import Executor, Future
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
    "MadeDocuments",
    "start_documents",
    "plan_documents",
    "preload",
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


def _write(kind: str, modele: c.Gabarit, sources: SiteData, site_url: str, site_name: str) -> bytes:
    # Every text a document is made from, XML-safe (a control character makes a DOCX or ODT that does not open).
    safe = SiteData(sources=document_safe(sources.sources))
    return WRITERS[kind](document_safe(modele), safe, document_safe(site_url), site_name=document_safe(site_name))


class MadeDocuments:
    """The documents of `start_documents`: those an earlier build made (from the cache) at once, the others being
    made on the pool given; `result()` waits for them, keeps them in the cache and gives every document."""

    def __init__(
        self,
        files: dict[str, bytes | None],
        wanted: dict[str, tuple[str, c.Gabarit, list[str]]],
        cache: ContentCache,
        pending: dict[str, Future[bytes]],
        made_with: tuple[SiteData, str, str],
    ) -> None:
        self._files = files
        self._wanted = wanted
        self._cache = cache
        self._pending = pending
        self._made_with = made_with  # the sources the documents cite, the site's address and name

    @property
    def missing(self) -> list[str]:
        """The documents no earlier build made (`start` makes them)."""
        return [path for path, data in self._files.items() if data is None and path not in self._pending]

    def start(self, pool: Executor | None = None) -> MadeDocuments:
        """Make the missing documents on `pool` (a forked worker; `result()` takes those it has not started), or
        here (no pool)."""
        missing = self.missing
        if pool is None:
            for path in missing:
                kind, modele, _ = self._wanted[path]
                self._keep(path, _write(kind, modele, *self._made_with))
        else:
            sources, site_url, site_name = self._made_with
            for path in missing:
                kind, modele, _ = self._wanted[path]
                self._pending[path] = pool.submit(_write, kind, modele, sources, site_url, site_name)
        return self

    def result(self) -> dict[str, bytes]:
        """Every document; those the pool has not started yet are made here meanwhile (last first), so that both
        processes work until the last one is done."""
        for path in reversed(self._pending):
            if self._pending[path].cancel():
                kind, modele, _ = self._wanted[path]
                self._keep(path, _write(kind, modele, *self._made_with))
        for path, future in self._pending.items():
            if not future.cancelled():
                self._keep(path, future.result())
        self._pending = {}
        return {path: data for path, data in self._files.items() if data is not None}

    def _keep(self, path: str, data: bytes) -> None:
        kind, _, parts = self._wanted[path]
        self._cache.put(parts, f".{kind}", data)
        self._files[path] = data


def plan_documents(
    site: SiteData,
    site_url: str = "",
    entries: list[Entry] | None = None,
    cache: ContentCache | None = None,
    *,
    site_name: str,
) -> MadeDocuments:
    """Every template as DOCX and ODT, those an earlier build made taken from the cache; the others (`missing`)
    are made by `start`."""
    cache = cache or ContentCache(None)
    sources = SiteData(sources=site.sources)  # all a document needs of the site: the sources it cites
    wanted: dict[str, tuple[str, c.Gabarit, list[str]]] = {}
    for modele in (e.modele for e in (entries if entries is not None else tree.entries(site))):
        # What a document is made from: the template, the sources it cites, the site's address and name.
        parts = [modele.model_dump_json(), site_url, site_name, *(d.model_dump_json() for d in site.sources.values())]
        for kind in WRITERS:
            wanted[document_path(modele.id, kind)] = (kind, modele, [kind, *parts])
    files = {path: cache.get(parts, f".{kind}") for path, (kind, _, parts) in wanted.items()}
    return MadeDocuments(files, wanted, cache, {}, (sources, site_url, site_name))


def start_documents(
    site: SiteData,
    site_url: str = "",
    entries: list[Entry] | None = None,
    cache: ContentCache | None = None,
    pool: Executor | None = None,
    *,
    site_name: str,
) -> MadeDocuments:
    """Every template as DOCX and ODT (`result()`: site path → bytes), the changed ones made on `pool` (a forked
    worker: the build goes on meanwhile) or here (no pool). With a cache, only changed templates are made again."""
    return plan_documents(site, site_url, entries, cache, site_name=site_name).start(pool)


# What the writers import when they first run (docx.py, odt.py import them lazily: a warm build needs none).
LIBRARIES = ("docx", "docx.enum.style", "docx.enum.text", "docx.oxml", "docx.shared", "odf.opendocument", "odf.table")


def preload() -> None:
    """Import the libraries that write the documents now, before a helper is forked (it then has them too)."""
    for name in LIBRARIES:
        importlib.import_module(name)


def document_files(
    site: SiteData,
    site_url: str = "",
    entries: list[Entry] | None = None,
    cache: ContentCache | None = None,
    workers: int = 1,
    *,
    site_name: str,
) -> dict[str, bytes]:
    """Every template as DOCX and ODT: site path → bytes.

    With a cache, only changed templates are made again; with `workers` > 1, the missing ones are made in that
    many processes."""
    if workers > 1:
        with fork_pool(workers) as pool:
            return start_documents(site, site_url, entries, cache, pool, site_name=site_name).result()
    return start_documents(site, site_url, entries, cache, site_name=site_name).result()


def documents_cache(project: Path) -> ContentCache:
    """The documents' cache of a project: `.cache/documents/`, salted with the code that writes them and the
    reference document of their styles."""
    here = Path(__file__).parent
    return ContentCache(project / ".cache" / "documents", salt=code_digest(here) + code_digest(here, "reference.odt"))
