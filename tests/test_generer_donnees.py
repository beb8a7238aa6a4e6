"""Each data file's validated items kept between builds (loader.FileKept, `.cache/donnees-fichiers/`): after an edit
of one file, only that file is read and validated again, and the data, the problems and their places are those of a
load without anything kept. An entry that is damaged or not this file's is not used; a file with a problem is never
kept; the checks between files still run on every item."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from macros.data import loader
from macros.data.loader import DataError, load_site
from macros.outputs.cache import ContentCache
from tests.projet_mini import derived

ROOT = Path(__file__).resolve().parent.parent
FICHE = "data/fiches/pair-aidance.yml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(derived(ROOT), tmp_path / "data")  # the small project's data (tests/projet_mini.py)
    return tmp_path


@pytest.fixture
def kept(tmp_path: Path) -> ContentCache:
    return ContentCache(tmp_path / "kept", salt="essai")


@pytest.fixture
def validated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose items are validated (one name per item) from now on."""
    calls: list[str] = []
    real = loader.validate

    def counted(model: Any, value: Any, located: Any, base: Any) -> Any:
        calls.append(located.file)
        return real(model, value, located, base)

    monkeypatch.setattr(loader, "validate", counted)
    return calls


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path, kept: ContentCache | None = None) -> list[str]:
    with pytest.raises(DataError) as info:
        load_site(root / "data", kept=kept)
    return [str(p) for p in info.value.problems]


def entries(kept: ContentCache) -> list[Path]:
    assert kept.folder is not None
    return sorted(kept.folder.glob(f"*{loader.KEPT_SUFFIX}"))


def test_an_edit_validates_that_file_only_and_gives_the_same_data(
    project: Path, kept: ContentCache, validated: list[str]
) -> None:
    first = load_site(project / "data", kept=kept)
    assert first == load_site(project / "data")
    files = len(set(validated))
    assert files > 40 and len(entries(kept)) == files  # every file read once and kept (45 in the small project)
    edit(project, FICHE, '    - "', '    - "Une puce changée ')
    validated.clear()
    again = load_site(project / "data", kept=kept)
    assert validated == [FICHE]  # one item in the file: one validation, the other files from what was kept
    fresh = load_site(project / "data")
    assert again == fresh
    assert again.files == fresh.files
    assert "Une puce changée" in again.fiches["pair-aidance"].model_dump_json()


def test_the_same_files_give_the_same_data_from_what_was_kept(
    project: Path, kept: ContentCache, validated: list[str]
) -> None:
    load_site(project / "data", kept=kept)
    validated.clear()
    again = load_site(project / "data", kept=kept)
    assert validated == []  # nothing validated again
    assert again == load_site(project / "data")


def _damage(path: Path, change: Iterable[int]) -> None:
    data = bytearray(path.read_bytes())
    for at in change:
        data[at] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("where", ["start", "middle", "end", "cut"])
def test_a_damaged_entry_is_not_used(project: Path, kept: ContentCache, validated: list[str], where: str) -> None:
    load_site(project / "data", kept=kept)
    for entry in entries(kept):
        size = entry.stat().st_size
        if where == "cut":
            entry.write_bytes(entry.read_bytes()[: size // 2])
        else:
            _damage(entry, [{"start": 0, "middle": size // 2, "end": size - 1}[where]])
    validated.clear()
    assert load_site(project / "data", kept=kept) == load_site(project / "data", kept=None)
    assert len(validated) > 2 * 100  # every item validated again, twice (kept entries refused, then the fresh load)


def test_an_entry_of_another_file_is_not_used(project: Path, kept: ContentCache, validated: list[str]) -> None:
    """Every kept entry written over with another file's (whole and valid, but not this file's): none is used."""
    load_site(project / "data", kept=kept)
    found = entries(kept)
    contents = [path.read_bytes() for path in found]
    for path, other in zip(found, contents[1:] + contents[:1], strict=True):
        path.write_bytes(other)
    validated.clear()
    assert load_site(project / "data", kept=kept) == load_site(project / "data")
    assert validated.count(FICHE) == 2  # read again from the file: never another file's items


def test_a_file_with_a_problem_is_never_kept(project: Path, kept: ContentCache) -> None:
    edit(project, FICHE, "numero: 1\n", "numero: 1\nnumero: 2\n")
    told = problems(project)
    assert len(told) == 1 and "en double" in told[0]
    assert problems(project, kept) == told
    assert problems(project, kept) == told  # the second time too: the file was not kept
    edit(project, FICHE, "numero: 1\nnumero: 2\n", "numero: 1\n")
    edit(project, FICHE, "titre:", "titr:")
    told = problems(project)
    assert problems(project, kept) == told and problems(project, kept) == told


def test_problems_between_files_are_found_with_the_files_kept(project: Path, kept: ContentCache) -> None:
    """A kept sheet whose reference to a testimonial breaks when another file changes: told at the same line and
    column as by a load with nothing kept; an id used twice across kept files too."""
    load_site(project / "data", kept=kept)
    witness = next((project / "data/temoignages").glob("*.yml"))
    ident = witness.stem
    users = [p for p in (project / "data").rglob("*.yml") if p != witness and ident in p.read_text(encoding="utf-8")]
    assert users, "no file names this testimonial"
    witness.rename(witness.with_name("renomme.yml"))
    edit(project, "data/temoignages/renomme.yml", f"id: {ident}", "id: renomme")
    told = problems(project)
    assert told and all(ident in line for line in told)
    assert problems(project, kept) == told


def test_a_character_the_fonts_lack_is_told_with_the_fonts_characters_kept(project: Path, kept: ContentCache) -> None:
    """The fonts' characters are kept by the fonts' bytes (loader._drawn): a character they lack is told as without
    anything kept, the first time, the second, and with the kept entry damaged."""
    edit(project, FICHE, '    - "', '    - "Une puce 🚀 ')
    told = problems(project)
    assert len(told) == 1 and "police des PDF" in told[0]
    assert problems(project, kept) == told
    assert problems(project, kept) == told
    assert kept.folder is not None
    (entry,) = kept.folder.glob("*.glyphes")
    entry.write_bytes(entry.read_bytes()[:40] + b" 128640" + entry.read_bytes()[40:])  # the rocket « drawn »
    assert problems(project, kept) == told
