"""Read every YAML file of data/ with line numbers, validate it, collect every error, raise once.

Errors read `file:line:column: field.path: problem — what to do`, in French.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .collections import COLLECTIONS, SiteData
from .docs_check import check_docs
from .messages import validate
from .problems import DataError, Path_, Problem, dotted
from .references import check_references
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


def load_site(data_dir: Path | str) -> SiteData:
    """Load and validate every data file; raise DataError listing every problem."""
    data_dir = Path(data_dir)
    root = data_dir.parent
    site = SiteData()
    problems: list[Problem] = []
    owners: dict[tuple[str, str], tuple[str, int]] = {}
    expected: set[Path] = set()
    positions: dict[str, Located] = {}
    broken: set[str] = set()  # ids of items already reported as invalid: references to them are not reported again

    for coll in COLLECTIONS:
        for path in sorted(data_dir.glob(coll.pattern)):
            expected.add(path)
            rel = path.relative_to(root).as_posix()
            value, located = read_yaml(path, rel)
            problems.extend(located.problems)
            if value is None:
                broken.add(path.stem)
                broken.update(_ids_in_text(path))
                continue
            located.problems = []
            entries: list[tuple[Any, Path_]]
            if coll.many:
                if not isinstance(value, list):
                    problems.append(Problem(rel, 1, 1, "", "liste attendue — chaque élément commence par « - »"))
                    broken.update(_ids_in_text(path))
                    continue
                entries = [(v, (i,)) for i, v in enumerate(value)]
            else:
                entries = [(value, ())]
            for raw, base in entries:
                item = validate(coll.model, raw, located, base)
                if item is None:
                    if isinstance(raw, dict):
                        broken.update(str(raw[k]) for k in ("id", "sigle") if isinstance(raw.get(k), (str, int)))
                        if isinstance(raw.get("numero"), int):
                            broken.add(f"#{raw['numero']}")
                    if coll.id_is_filename:
                        broken.add(path.stem)
                    continue
                key = str(getattr(item, "id", None) or getattr(item, "sigle", None) or item.ancien)  # type: ignore[attr-defined]  # a redirection
                line, col = located.where(base + ("id",) if hasattr(item, "id") else base)
                if coll.id_is_filename and key != path.stem:
                    broken.update((key, path.stem))
                    located.problems.append(
                        Problem(
                            rel,
                            line,
                            col,
                            dotted(base + ("id",)),
                            f"l'id « {key} » diffère du nom du fichier « {path.stem} » — "
                            f"renommez le fichier en {key}.yml ou corrigez l'id",
                        )
                    )
                    continue
                if (coll.name, key) in owners:
                    other, other_line = owners[(coll.name, key)]
                    located.problems.append(
                        Problem(
                            rel,
                            line,
                            col,
                            dotted(base + ("id",)),
                            f"id « {key} » déjà utilisé ({other}:{other_line}) — choisissez un id unique",
                        )
                    )
                    continue
                owners[(coll.name, key)] = (rel, line)
                getattr(site, coll.name)[key] = item
                site.files[(coll.name, key)] = (rel, base)
            problems.extend(located.problems)
            positions[rel] = located

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

    problems.extend(check_references(site, positions, broken, docs_dir=root / "docs"))

    problems.extend(check_docs(site, root, broken))
    if problems:
        raise DataError(problems)
    return site
