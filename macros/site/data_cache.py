"""The validated data of the last builds, kept in `.cache/donnees/`: a build whose data and pages are those of an
earlier build (every file of data/ and docs/, and the code that reads them) takes that build's SiteData instead
of reading and checking the 100 YAML files again. A change to any of them, or to the code, reads everything again;
a mistake is never kept (load_site raises before anything is written)."""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from pathlib import Path

from ..data.collections import SiteData
from ..data.loader import DataError, load_site
from ..data.project_files import foreign_entries
from ..outputs.cache import ContentCache, code_digest

PACKAGE = Path(__file__).resolve().parents[1]


def _inputs(root: Path, docs_dir: Path, docs: Mapping[str, bytes] | None = None) -> list[bytes | str]:
    """Every file load_site reads (data/, and docs/ for the ids its pages name), by path and bytes; `docs`: the
    files of docs/ already read (path inside it → bytes), not read again."""
    parts: list[bytes | str] = []
    for path in sorted((root / "data").rglob("*")):
        if path.is_file():
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    if docs is None:
        docs = {p.relative_to(docs_dir).as_posix(): p.read_bytes() for p in docs_dir.rglob("*") if p.is_file()}
    folder = docs_dir.relative_to(root.resolve()).as_posix() if docs_dir.is_relative_to(root.resolve()) else str(docs_dir)
    for name in sorted(docs):
        parts += [f"{folder}/{name}", docs[name]]
    return parts


def load_site_cached(root: Path, docs_dir: Path | None = None, docs: Mapping[str, bytes] | None = None) -> SiteData:
    """load_site(root / "data", docs_dir), or the same SiteData from the cache (DataError as load_site raises it);
    `docs`: the files of docs/ if the caller has read them (generate.py), so that a warm build reads each once."""
    docs_dir = (docs_dir or root / "docs").resolve()
    foreign = foreign_entries(root)  # links and special files: refused before any file is read, cache or not
    if foreign:
        raise DataError(foreign)
    cache = ContentCache(root / ".cache" / "donnees", salt=code_digest(PACKAGE))
    parts = _inputs(root.resolve(), docs_dir, docs)
    kept = cache.get(parts, ".pickle")
    if kept is not None:
        site = pickle.loads(kept)  # noqa: S301 — written by this function, in the project's own cache
        if isinstance(site, SiteData):
            return site
    site = load_site(root / "data", docs_dir)
    cache.put(parts, ".pickle", pickle.dumps(site, protocol=pickle.HIGHEST_PROTOCOL))
    return site
