"""Read every YAML file of data/ with line numbers, validate it, collect every error, raise once.

Errors read `file:line:column: field.path: problem — what to do`, in French.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from .collections import COLLECTIONS, Collection, SiteData
from .docs_check import check_docs
from .glyphs import FONTS, check_glyphs, font_characters
from .messages import validate
from .problems import DataError, Path_, Problem, dotted
from .project_files import foreign_entries
from .redirect_check import check_redirections
from .references import check_references
from .suivi import check_suivi
from .yaml_source import Located, read_yaml

__all__ = ["COLLECTIONS", "DataError", "Problem", "SiteData", "load_site", "read_yaml"]


_ID_LINE = re.compile(r"""^[ \t-]*(id|sigle|numero):[ \t]*["']?([^\s"'#,}]+)""", re.MULTILINE)


def _ids_in_text(path: Path) -> set[str]:
    """Ids written in a file that could not be read as data: references to them are not reported again."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return {f"#{value}" if key == "numero" else value for key, value in _ID_LINE.findall(text)}


class FileKept(Protocol):
    """Where the items of each valid data file are kept between builds (site/data_cache.py gives one: a folder of
    .cache/, keyed by the parts given). None: every file read and validated."""

    def get(self, parts: Iterable[bytes | str], suffix: str) -> bytes | None: ...

    def put(self, parts: Iterable[bytes | str], suffix: str, data: bytes) -> None: ...


KEPT_SUFFIX = ".fichier"


def _kept_parts(coll: Collection, rel: str, raw: bytes) -> list[bytes | str]:
    """What a file's items are made from: its collection (the model that validates them), its path and its bytes
    (the code that reads and validates them is the cache's salt)."""
    return [coll.name, rel, raw]


def _seal(parts: list[bytes | str], payload: bytes) -> bytes:
    """The digest of an entry's key and content, written before it: an entry cut short, damaged, or written for
    another file is not read."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    digest.update(payload)
    return digest.digest()


def _kept_file(kept: FileKept, parts: list[bytes | str]) -> tuple[Located, list[tuple[Path_, BaseModel]]] | None:
    """The items of a file read and validated by an earlier build, or None (none kept, or an entry whose seal does
    not match this file and its content)."""
    data = kept.get(parts, KEPT_SUFFIX)
    if data is None or len(data) < 32 or _seal(parts, data[32:]) != data[:32]:
        return None
    try:
        located, items = pickle.loads(data[32:])  # noqa: S301 — written by `_keep_file`, in the project's own cache
    except Exception:  # noqa: BLE001 — written by another version of the code: read again
        return None
    if not isinstance(located, Located) or not isinstance(items, list):
        return None
    return located, items


def _keep_file(kept: FileKept, parts: list[bytes | str], located: Located, items: list[tuple[Path_, BaseModel]]) -> None:
    """Keep a file's valid items and the positions of its values (not its problems: those between files, such as an
    id already taken, are found again by every build)."""
    problems, located.problems = located.problems, []
    try:
        payload = pickle.dumps((located, items), protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        located.problems = problems
    kept.put(parts, KEPT_SUFFIX, _seal(parts, payload) + payload)


def _drawn(kept: FileKept | None, folder: Path = FONTS) -> frozenset[int] | None:
    """The characters the PDFs' fonts draw (glyphs.font_characters, about 15 ms: fontTools reads the fonts), kept
    by the fonts' bytes; None: none kept (check_glyphs reads them)."""
    fonts = sorted(folder.glob("*.woff2")) if kept is not None and folder.is_dir() else []
    if not fonts or kept is None:
        return None
    parts: list[bytes | str] = ["glyphes", *(part for font in fonts for part in (font.name, font.read_bytes()))]
    data = kept.get(parts, ".glyphes")
    if data is not None and len(data) > 32 and _seal(parts, data[32:]) == data[:32]:
        return frozenset(int(code) for code in data[32:].split())
    drawn = font_characters(folder)
    payload = " ".join(str(code) for code in sorted(drawn)).encode()
    kept.put(parts, ".glyphes", _seal(parts, payload) + payload)
    return drawn


@dataclass
class _Loading:
    """What reading the data files gathers: the items, the problems, and what the later checks need."""

    root: Path  # the project: file names are given from there
    site: SiteData = field(default_factory=SiteData)
    problems: list[Problem] = field(default_factory=list)
    owners: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)  # (collection, id) → file, line
    expected: set[Path] = field(default_factory=set)  # the files some collection reads
    positions: dict[str, Located] = field(default_factory=dict)
    broken: set[str] = field(
        default_factory=set
    )  # ids of items already reported as invalid: references to them are not reported again
    kept: FileKept | None = None


def _read_file(ld: _Loading, coll: Collection, path: Path) -> None:
    """Read one data file and keep its valid items; its problems go to `ld.problems`. A file whose bytes an earlier
    build read without a problem gives its validated items from `ld.kept`; the checks between items and files
    (ids, references…) run on every item all the same."""
    ld.expected.add(path)
    rel = path.relative_to(ld.root).as_posix()
    parts = None
    if ld.kept is not None:
        try:
            parts = _kept_parts(coll, rel, path.read_bytes())
        except OSError:
            parts = None  # read_yaml says why
        found = _kept_file(ld.kept, parts) if parts is not None else None
        if found is not None:
            located, kept_items = found
            for base, kept_item in kept_items:
                _register(ld, coll, path, located, base, kept_item)
            ld.problems.extend(located.problems)
            ld.positions[rel] = located
            return
    value, located = read_yaml(path, rel)
    ld.problems.extend(located.problems)
    read_whole = not located.problems  # a key given twice, a merge: told by every build, never kept
    if value is None:
        ld.broken.add(path.stem)
        ld.broken.update(_ids_in_text(path))
        return
    located.problems = []
    entries = _entries(ld, coll, path, rel, value)
    if entries is None:
        return
    items: list[tuple[Path_, BaseModel]] = []
    for raw, base in entries:
        valid = validate(coll.model, raw, located, base)
        if valid is None:
            ld.broken.update(_ids_of_invalid(coll, path, raw))
        else:
            items.append((base, valid))
            _register(ld, coll, path, located, base, valid)
    if ld.kept is not None and parts is not None and read_whole and len(items) == len(entries):  # every item valid: kept
        _keep_file(ld.kept, parts, located, items)
    ld.problems.extend(located.problems)
    ld.positions[rel] = located


def _entries(ld: _Loading, coll: Collection, path: Path, rel: str, value: Any) -> list[tuple[Any, Path_]] | None:
    """The items of a file, each with its path in the file; None, and a problem, when a list was expected."""
    if not coll.many:
        return [(value, ())]
    if not isinstance(value, list):
        ld.problems.append(Problem(rel, 1, 1, "", "liste attendue — chaque élément commence par « - »"))
        ld.broken.update(_ids_in_text(path))
        return None
    return [(v, (i,)) for i, v in enumerate(value)]


def _ids_of_invalid(coll: Collection, path: Path, raw: Any) -> set[str]:
    """The ids an item refused by validation was meant to have."""
    ids: set[str] = set()
    if isinstance(raw, dict):
        ids.update(str(raw[k]) for k in ("id", "sigle") if isinstance(raw.get(k), (str, int)))
        if isinstance(raw.get("numero"), int):
            ids.add(f"#{raw['numero']}")
    if coll.id_is_filename:
        ids.add(path.stem)
    return ids


def _register(ld: _Loading, coll: Collection, path: Path, located: Located, base: Path_, item: BaseModel) -> None:
    """Keep a valid item under its id, unless the id differs from the file name or is taken."""
    rel = located.file
    key = str(getattr(item, "id", None) or getattr(item, "sigle", None) or item.ancien)  # type: ignore[attr-defined]  # a redirection
    line, col = located.where(base + ("id",) if hasattr(item, "id") else base)
    if coll.id_is_filename and key != path.stem:
        ld.broken.update((key, path.stem))
        message = (
            f"l'id « {key} » diffère du nom du fichier « {path.stem} » — renommez le fichier en {key}.yml ou corrigez l'id"
        )
        located.problems.append(Problem(rel, line, col, dotted(base + ("id",)), message))
        return
    if (coll.name, key) in ld.owners:
        other, other_line = ld.owners[(coll.name, key)]
        message = f"id « {key} » déjà utilisé ({other}:{other_line}) — choisissez un id unique"
        located.problems.append(Problem(rel, line, col, dotted(base + ("id",)), message))
        return
    ld.owners[(coll.name, key)] = (rel, line)
    getattr(ld.site, coll.name)[key] = item
    ld.site.files[(coll.name, key)] = (rel, base)


def _unexpected_files(data_dir: Path, root: Path, expected: set[Path]) -> list[Problem]:
    """YAML files of data/ that no collection reads: a wrong place or a wrong extension."""
    problems = []
    places = ", ".join(f"data/{c.pattern.removesuffix('*.yml')}" for c in COLLECTIONS)
    folders = {c.pattern.split("/")[0] for c in COLLECTIONS if "/" in c.pattern}
    for path in sorted(data_dir.rglob("*")):
        if (
            path.is_file()
            and path not in expected
            and not path.name.startswith(".")
            and path.suffix.lower() in (".yml", ".yaml")
        ):
            rel = path.relative_to(root).as_posix()
            inside = path.parent.relative_to(data_dir).as_posix()
            if inside in folders and path.suffix != ".yml":
                message = f"extension « {path.suffix} » non lue — renommez le fichier en {path.stem}.yml"
            else:
                message = f"fichier à un endroit inattendu, il n'est pas lu — placez-le dans l'un de : {places}"
            problems.append(Problem(rel, 1, 1, "", message))
    return problems


def load_site(
    data_dir: Path | str,
    docs_dir: Path | None = None,
    kept: FileKept | None = None,
    docs: Mapping[str, bytes] | None = None,
) -> SiteData:
    """Load and validate every data file; raise DataError listing every problem. `docs_dir`: the hand-written
    pages (mkdocs.yml's docs_dir; by default docs/ beside data/); `kept`: the validated items of each file as an
    earlier build read it (FileKept); `docs`: every file of docs/ if the caller has read them (not read again)."""
    data_dir = Path(data_dir)
    root = data_dir.parent
    docs_dir = docs_dir or root / "docs"
    # Before any file is read: a link or a special file is never followed, not even to report its content.
    foreign = foreign_entries(root)
    if foreign:
        raise DataError(foreign)
    ld = _Loading(root, kept=kept)
    for coll in COLLECTIONS:
        for path in sorted(data_dir.glob(coll.pattern)):
            _read_file(ld, coll, path)
    problems = ld.problems
    problems.extend(_unexpected_files(data_dir, root, ld.expected))
    problems.extend(check_references(ld.site, ld.positions, ld.broken, docs_dir=docs_dir))
    problems.extend(check_docs(ld.site, root, ld.broken, docs_dir, docs))
    problems.extend(check_suivi(ld.site, ld.positions, root))
    problems.extend(check_redirections(ld.site, ld.positions, docs_dir, ld.broken))
    problems.extend(check_glyphs(ld.site, ld.positions, drawn=_drawn(kept)))
    if problems:
        raise DataError(problems)
    return ld.site
