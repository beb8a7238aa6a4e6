"""The small project's data, derived from the real `data/` when the tests run: every file of `data/` is copied, but
the collections written one item per file keep only the items of KEPT (a new collection keeps its first two), and
the lines that named an item left out are taken away, found by the project's own checks (`load_site`) and by the
YAML nodes at the places they report. A field or a kind of content an editor adds is in the small project at once;
nothing is copied by hand (tests/projet-mini/LISEZMOI.md)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from macros.data.collections import COLLECTIONS
from macros.data.loader import load_site
from macros.data.problems import DataError, Problem

# The declared cut: the items kept in each collection of one item per file (every other file of data/ is whole).
# These make every kind of page and file of the site (tests/test_reproductible.py): 16 PDFs instead of 52.
KEPT: dict[str, tuple[str, ...]] = {
    "fiches": ("pair-aidance", "recherche"),
    "temoignages": ("bettina-couderc", "maurice-causse", "odile-blanc", "patrick-lartiguet"),
    "principes": ("accompagnement-soutien", "egalite-consideration"),
    "raisons": ("creation-valeur",),
    "lexique": ("aidant", "proche-aidant"),
    "ateliers": ("agir-avec-medico-social-2024",),
    "falc": (
        "fiche-pair-aidance",
        "fiche-recherche",
        "page-accueil",
        "page-partenariat",
        "principe-accompagnement-soutien",
        "principe-egalite-consideration",
        "raison-creation-valeur",
    ),
    "modeles": ("attestation-participation", "fiche-de-mission"),
    "parcours": ("doctrine-has", "facile-a-lire"),
}
REPLACED = Path(__file__).parent / "projet-mini" / "remplace"  # files of data/ written anew for the small project:
# only where taking lines away cannot make a valid file (orientation.yml: a question needs two answers, and the
# small project has two sheets); tests/test_partage_projet_mini.py checks that each is still needed and has every
# field its original has
WHOLE = ("pages", "references")  # collections of one item per file kept whole: the guide's and the HAS's pages
FIRST = 2  # a collection of one item per file that KEPT does not name yet keeps its first items
NOT_FOUND = ("introuvable", "n'existe pas")  # a problem that names something left out (macros/data/references.py)
ROUNDS = 12  # each round takes away what the checks still find; two are enough for data/ today


def folder_collections() -> dict[str, str]:
    """Collection name → its folder in data/, for the collections of one item per file."""
    return {coll.name: coll.pattern.split("/")[0] for coll in COLLECTIONS if coll.pattern.endswith("/*.yml")}


def _cut(data: Path) -> list[str]:
    """Remove the items left out; return the paths (relative to data/) removed."""
    removed = []
    for name, folder in folder_collections().items():
        if name in WHOLE:
            continue
        files = sorted((data / folder).glob("*.yml"))
        keep = set(KEPT.get(name, [p.stem for p in files[:FIRST]]))
        for path in files:
            if path.stem not in keep:
                path.unlink()
                removed.append(f"{folder}/{path.name}")
    return removed


@dataclass(frozen=True)
class _Part:
    """A part of a YAML file that can be taken away whole: a « key: value » pair, or an item of a list."""

    start: tuple[int, int]  # (line, column), from 0
    end: tuple[int, int]
    lines: range
    item: bool
    within: yaml.SequenceNode | None  # an item's list


def _last_line(node: yaml.Node) -> int:
    """The last line (from 0) a node is written on: a block list or mapping ends where the next thing starts, so
    its last child's."""
    if isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _last_line(last[1] if isinstance(node, yaml.MappingNode) else last)
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def _lines(start: yaml.Mark, node: yaml.Node) -> range:
    """The whole lines from `start` to the end of `node`."""
    return range(start.line, _last_line(node) + 1)


def _parts(node: yaml.Node, text: list[str]) -> list[_Part]:
    """Every pair and list item of a composed YAML document, outer ones first. A pair written on the line of its
    item's « - » is not a part of its own: taking its lines away would take the item's start."""
    out: list[_Part] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            mark = (key.start_mark.line, key.start_mark.column), (value.end_mark.line, value.end_mark.column)
            alone = not text[key.start_mark.line][: key.start_mark.column].strip()
            out += [_Part(*mark, _lines(key.start_mark, value), False, None)] if alone else []
            out += _parts(value, text)
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            mark = (value.start_mark.line, value.start_mark.column), (value.end_mark.line, value.end_mark.column)
            out += [_Part(*mark, _lines(value.start_mark, value), True, node), *_parts(value, text)]
    return out


def _span(parts: list[_Part], line: int, column: int, item: bool) -> range | None:
    """The lines to take away for a problem at `line`:`column` (from 1): the innermost pair or item there (with
    `item`, the innermost list item). None when there is none."""
    at = (line - 1, column - 1)
    around = [p for p in parts if p.start <= at < p.end or p.start == at]
    if item:
        around = [p for p in around if p.item]
    return around[-1].lines if around else None


def _keep_lists(parts: list[_Part], lines: set[int]) -> set[int]:
    """`lines`, plus the item or the « key: » around any list they would leave empty (a list of none is not a
    list: an optional field goes, a required one leaves a problem that the next round reports)."""
    while True:
        lists: dict[int, list[_Part]] = {}
        for p in parts:
            if p.within is not None:
                lists.setdefault(id(p.within), []).append(p)
        emptied = [items for items in lists.values() if all(set(p.lines) <= lines for p in items)]
        more = set()
        for items in emptied:
            first = items[0]
            outer = [p for p in parts if p.start < first.start and first.end <= p.end]
            if outer:
                more |= set(outer[-1].lines)
        if more <= lines:
            return lines
        lines |= more


def _problems(data: Path, docs: Path) -> list[Problem]:
    try:
        load_site(data, docs_dir=docs)
    except DataError as error:
        return error.problems
    return []


def prune(data: Path, docs: Path) -> list[str]:
    """Take away, round after round, the lines the checks report (a named item left out, then what its absence
    leaves incomplete), until the data is valid; return what was taken away (« file:line: text »)."""
    taken: list[str] = []
    for _ in range(ROUNDS):
        problems = _problems(data, docs)
        if not problems:
            return taken
        by_file: dict[str, list[Problem]] = {}
        for p in problems:
            if (data.parent / p.file).is_file() and (data.parent / p.file).is_relative_to(data):
                by_file.setdefault(p.file, []).append(p)
        cuts: dict[str, set[int]] = {}
        for rel, found in by_file.items():
            path = data.parent / rel
            text = path.read_text(encoding="utf-8")
            root = yaml.compose(text)
            parts = _parts(root, text.splitlines()) if root is not None else []
            lines: set[int] = set()
            for p in found:  # a name left out: its own pair or item; what its absence leaves wrong: the item
                span = _span(parts, p.line, p.column, item=not any(w in p.message for w in NOT_FOUND))
                lines |= set(span or ())
            if lines:
                cuts[rel] = _keep_lists(parts, lines)
        if not cuts:
            break
        for rel, lines in cuts.items():
            path = data.parent / rel
            written = path.read_text(encoding="utf-8").splitlines(keepends=True)
            taken += [f"{rel}:{n + 1}: {written[n].rstrip()}" for n in sorted(lines)]
            path.write_text("".join(t for n, t in enumerate(written) if n not in lines), encoding="utf-8")
    left = "\n".join(map(str, _problems(data, docs)))
    raise AssertionError(
        f"le petit projet n'a pas pu être tiré de data/ : il reste\n{left}\naprès avoir retiré\n" + "\n".join(taken)
    )


def derive(root: Path, dest: Path, replaced: bool = True) -> tuple[list[str], list[str]]:
    """Write into `dest` (a project folder: dest/data) the small project's data derived from root/data; return the
    files left out and the lines taken away."""
    for name in ("data", "docs"):  # docs/: the hand-written pages, which the checks read too
        shutil.copytree(root / name, dest / name)
    for path in sorted(REPLACED.rglob("*.yml")) if replaced else ():
        shutil.copyfile(path, dest / "data" / path.relative_to(REPLACED))
    removed = _cut(dest / "data")
    return removed, prune(dest / "data", dest / "docs")


@cache
def derived(root: Path) -> Path:
    """The small project's data/, derived once per process (0.6 s), then copied for each test."""
    scratch = Path(tempfile.mkdtemp(prefix="projet-mini-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    derive(root, scratch)
    return scratch / "data"
