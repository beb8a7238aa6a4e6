"""The validated data of the last builds, kept in `.cache/donnees/`: a build whose inputs are those of an earlier
build takes that build's SiteData instead of reading and checking the 100 YAML files again. The inputs are what
load_site reads: every file of data/, the pages of docs/ (their text, for the ids they name, and the names of the
other files, whose existence a path may check), the fonts of the PDFs (the characters they draw), and the code
that reads them (macros/content, macros/data) with its pydantic. A change to any of them reads everything again;
a style sheet, a script or an image of docs/ changed in place does not. A mistake is never kept (load_site raises
before anything is written).

When any of them changed, load_site still takes the items of each data file whose bytes it validated before from
`.cache/donnees-fichiers/` (one entry per file, keyed by its collection, path and bytes, salted with the same code;
a file with a problem is never kept): a one-bullet edit reads and validates one file, then runs every check
between files on the whole."""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Mapping
from pathlib import Path

import pydantic

from ..data.collections import SiteData
from ..data.glyphs import FONTS
from ..data.loader import DataError, load_site
from ..data.project_files import foreign_entries, read_docs
from ..outputs.cache import ContentCache, code_digest

PACKAGE = Path(__file__).resolve().parents[1]
# The code load_site runs: the rooms it imports (the layers of ARCHITECTURE.md: content < data).
CODE = (PACKAGE / "content", PACKAGE / "data")
# Each valid data file's items, by its bytes (loader.FileKept): after an edit of one file, only it is read and
# validated again; the checks between files run on all.
FILES = Path(".cache") / "donnees-fichiers"


def code_salt(folders: Iterable[Path] = CODE) -> str:
    """What of the code the validated data depends on: its sources, and the pydantic that validates and pickles it."""
    return "-".join([*(code_digest(folder) for folder in folders), pydantic.VERSION])


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _inputs(root: Path, docs: Mapping[str, bytes], fonts: Path = FONTS) -> list[bytes | str]:
    """What load_site reads, by path and bytes: data/, the pages of docs/ (and the other files' names), the fonts;
    `docs`: the files of docs/ already read (path inside it → bytes), not read again."""
    parts: list[bytes | str] = []
    for path in _files(root / "data"):
        parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    for name in sorted(docs):
        parts += [name, docs[name] if name.endswith(".md") else b""]
    for path in _files(fonts):
        parts += [path.name, path.read_bytes()]
    return parts


def load_site_cached(root: Path, docs_dir: Path | None = None, docs: Mapping[str, bytes] | None = None) -> SiteData:
    """load_site(root / "data", docs_dir), or the same SiteData from the cache (DataError as load_site raises it);
    `docs`: the files of docs/ if the caller has read them (generate.py), so that a warm build reads each once."""
    docs_dir = (docs_dir or root / "docs").resolve()
    foreign = foreign_entries(root)  # links and special files: refused before any file is read, cache or not
    if foreign:
        raise DataError(foreign)
    if docs is None:  # read once, here, for the key and for the check
        docs = read_docs(docs_dir)
    salt = code_salt()
    cache = ContentCache(root / ".cache" / "donnees", salt=salt)
    parts = _inputs(root.resolve(), docs)
    kept = cache.get(parts, ".pickle")
    if kept is not None:
        site = pickle.loads(kept)  # noqa: S301 — written by this function, in the project's own cache
        if isinstance(site, SiteData):
            return site
    site = load_site(root / "data", docs_dir, kept=ContentCache(root / FILES, salt=salt), docs=docs)
    cache.put(parts, ".pickle", pickle.dumps(site, protocol=pickle.HIGHEST_PROTOCOL))
    return site
