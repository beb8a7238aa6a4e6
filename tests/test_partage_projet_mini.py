"""The small project (tests/projet_mini.py) follows the real data: every file of data/ is in it, whole or with
only lines taken away, except the items of the declared cut and the files declared as written anew; it loads
without a problem; and each file written anew is still needed and has every field of its original."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from macros.data.loader import load_site
from tests.conftest import ROOT
from tests.projet_mini import KEPT, REPLACED, WHOLE, derive, folder_collections


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    dest = tmp_path_factory.mktemp("petit")
    removed, taken = derive(ROOT, dest)
    return dest / "data", removed, taken


def _is_subsequence(small: list[str], whole: list[str]) -> bool:
    lines = iter(whole)
    return all(any(line == other for other in lines) for line in small)


def test_every_file_of_the_data_is_in_the_small_project_or_declared_cut(small) -> None:
    data, removed, _ = small
    real = {p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*.yml")}
    mini = {p.relative_to(data).as_posix() for p in data.rglob("*.yml")}
    assert mini <= real, f"fichiers qui ne sont pas dans data/ : {sorted(mini - real)}"
    assert sorted(real - mini) == sorted(removed)
    folders = folder_collections()
    for rel in removed:  # only items of a collection of one item per file, outside the kept ones
        folder, name = rel.split("/")
        coll = next(c for c, f in folders.items() if f == folder)
        assert coll not in WHOLE and Path(name).stem not in KEPT.get(coll, ()), rel
    for coll, folder in folders.items():
        assert any((data / folder).glob("*.yml")), f"aucun élément de {coll} dans le petit projet"


def test_each_file_is_its_original_with_lines_taken_away(small) -> None:
    data, _, taken = small
    replaced = {p.relative_to(REPLACED).as_posix() for p in REPLACED.rglob("*.yml")}
    changed = []
    for path in sorted(data.rglob("*.yml")):
        rel = path.relative_to(data).as_posix()
        if rel in replaced:
            continue
        own, whole = path.read_text(encoding="utf-8"), (ROOT / "data" / rel).read_text(encoding="utf-8")
        assert _is_subsequence(own.splitlines(), whole.splitlines()), rel
        if own != whole:
            changed.append(rel)
    assert len(taken) >= len(changed)
    assert "fiches/pair-aidance.yml" in changed  # it names a sheet left out: that line went


def test_every_item_the_cut_keeps_is_in_the_data() -> None:
    folders = folder_collections()
    gone = [
        f"{folders[c]}/{i}.yml"
        for c, ids in KEPT.items()
        for i in ids
        if not (ROOT / "data" / folders[c] / f"{i}.yml").is_file()
    ]
    assert not gone, f"tests/projet_mini.py, KEPT : ces éléments ne sont plus dans data/ — nommez-en d'autres : {gone}"


def test_the_small_project_loads_without_a_problem(small) -> None:
    data, _, _ = small
    site = load_site(data, docs_dir=data.parent / "docs")
    assert list(site.fiches) == ["pair-aidance", "recherche"]
    assert site.raccourcis and site.orientation  # whole files of data/ (the static copy had lost raccourcis.yml)


def _keys(node: object) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in _keys(v)}
    return set()


@pytest.mark.parametrize("rel", sorted(p.relative_to(REPLACED).as_posix() for p in REPLACED.rglob("*.yml")))
def test_a_file_written_anew_is_still_needed_and_has_every_field_of_its_original(rel: str, tmp_path: Path) -> None:
    original = yaml.safe_load((ROOT / "data" / rel).read_text(encoding="utf-8"))
    anew = yaml.safe_load((REPLACED / rel).read_text(encoding="utf-8"))
    missing = _keys(original) - _keys(anew)
    assert not missing, f"tests/projet-mini/remplace/{rel} : ajoutez les champs {sorted(missing)} de data/{rel}"
    with pytest.raises(AssertionError, match="n'a pas pu être tiré"):  # without it, no valid small project
        derive(ROOT, tmp_path, replaced=False)
