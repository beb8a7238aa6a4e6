"""The whole result of the generate stage kept between builds, in `.cache/generation/`: a build whose every input
is that of an earlier build takes that build's `Generated` (pages rendered, files made, facts, menu, context)
instead of making it again (about 0.3 s of a warm build's CPU).

The key is everything `generate` reads or is given, so that an edit to any of it makes the stage again:
- every file of data/ and docs/ (bytes, not dates) and the fonts of the PDFs (`data_cache._inputs`);
- every file of macros/ (the code and the templates; not its `__pycache__`), Python's version and the version of
  every installed library (Jinja, MarkupSafe, pydantic, PyYAML, lxml, segno, the DOCX and ODT writers, WeasyPrint…);
- git's HEAD (the last change of each page, the recent history and the version date all come from the commits it
  reaches; none of them from the working tree), or nothing outside git;
- what the build is given: the site's address, the PDF option (and whether WeasyPrint is there), the menu of
  mkdocs.yml, the site's name, the repository of the edit links, and where the project and its docs/ are.

A failed stage is never kept (generate raises before anything is written). The registry's kinds of page are
written by name and found again in `content.kinds.KIND`, never copied: the pages of a kept result point to the
same kinds as the code's.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content.kinds import KIND, Kind
from ..outputs.cache import ContentCache
from .data_cache import _inputs

if TYPE_CHECKING:
    from .generate import Generated

PACKAGE = Path(__file__).resolve().parents[1]
FOLDER = Path(".cache") / "generation"
SUFFIX = ".pickle"
KEEP = 4  # results kept: the last few states of the project (a branch and another, an edit undone)


def installed() -> list[str]:
    """Every library installed where Python imports from, with its version (the names of their `*.dist-info`
    folders, « Jinja2-3.1.6.dist-info »): a library upgraded (Jinja, pydantic, lxml, segno, the DOCX and ODT
    writers, WeasyPrint…) makes the stage again. Listing the folders costs about 1 ms."""
    found: list[str] = []
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        found += sorted(name for name in names if name.endswith((".dist-info", ".egg-info")))
    return found


def code_files(package: Path | None = None) -> list[bytes | str]:
    """Every file of the package (code, templates, reference documents) by path and bytes, its caches left out."""
    package = package or PACKAGE
    parts: list[bytes | str] = []
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return parts


def git_head(root: Path) -> str:
    """The commit being built (its history gives the pages' dates), or « » outside git (a copy, an archive)."""
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def inputs(root: Path, docs_dir: Path, docs: Mapping[str, bytes], given: Mapping[str, Any]) -> list[bytes | str]:
    """The key of one generate stage: see the module's docstring. `given`: its arguments (site address, options,
    menu, site name, repository), written with `repr`."""
    parts: list[bytes | str] = [sys.version, *installed()]
    parts += code_files()
    parts += [
        "git",
        git_head(root),
        "root",  # kept in the result (BuildContext.root): a project moved or copied makes its own
        str(root),
        "docs_dir",
        str(docs_dir),
    ]
    parts += _inputs(root, docs)
    for name in sorted(n for n in docs if not n.endswith(".md")):  # the other files whole (_inputs: their names)
        parts += [name, docs[name]]
    parts += [repr(sorted(given.items()))]
    return parts


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, Kind) and KIND.get(obj.name) is obj:
            return ("kind", obj.name)
        return None


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> Any:
        return KIND[pid[1]]


def cache_of(root: Path) -> ContentCache:
    return ContentCache(root / FOLDER)


def get(root: Path, parts: list[bytes | str]) -> Generated | None:
    """The kept result for this key, or None."""
    from .generate import Generated

    kept = cache_of(root).get(parts, SUFFIX)
    if kept is None:
        return None
    try:
        made = _Unpickler(io.BytesIO(kept)).load()  # written by `put`, in the project's own cache
    except Exception:  # noqa: BLE001 — a file another version of the code wrote: made again
        return None
    return made if isinstance(made, Generated) else None


def put(root: Path, parts: list[bytes | str], made: Generated, keep: int = KEEP) -> None:
    """Keep `made` for this key, and only the `keep` results used last (each is about 4 MB, and every edit under
    `make serve` makes a new one: a month of them would fill the disk)."""
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(made)
    cache = cache_of(root)
    cache.put(parts, SUFFIX, out.getvalue())
    with contextlib.suppress(OSError):
        kept = sorted(root.joinpath(FOLDER).glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[keep:]:
            old.unlink(missing_ok=True)
