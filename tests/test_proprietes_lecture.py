"""Reading the data: limits that end with a French message at the right line, never with a crash (unit level)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros.data.loader import DataError, load_site
from macros.data.yaml_source import MAX_DEPTH, read_yaml
from tests.conftest import ROOT


def _read(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    path = tmp_path / "f.yml"
    path.write_text(text, encoding="utf-8")
    value, located = read_yaml(path, "f.yml")
    return value, [str(p) for p in located.problems]


@pytest.mark.parametrize(
    "text, line",
    [
        ("id: x\ntitre: " + "[" * 30000 + "]" * 30000 + "\n", 2),  # 60 KB: a segmentation fault of the C parser before
        ("id: x\ntitre: " + "{a: " * 30000 + "1" + "}" * 30000 + "\n", 2),
        ("id: x\nl:\n" + "".join("  " * i + "- a:\n" for i in range(1, 300)) + "  " * 300 + "- 1\n", MAX_DEPTH // 2 + 2),
        ("id: x\nl:\n  " + "- " * 30000 + "x\n", 3),
    ],
)
def test_deep_nesting_is_a_message_at_its_line(tmp_path: Path, text: str, line: int) -> None:
    # in a child process: were the C stack to overflow, the test would see a signal, not kill the run
    code = (
        "import sys; from pathlib import Path; from macros.data.yaml_source import read_yaml;"
        "v, l = read_yaml(Path(sys.argv[1]), 'f.yml'); print('\\n'.join(map(str, l.problems)))"
    )
    (tmp_path / "f.yml").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "f.yml")], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    problems = result.stdout.splitlines()
    assert len(problems) == 1, problems
    assert "imbrication trop profonde" in problems[0] and " — " in problems[0]
    assert abs(int(problems[0].split(":")[1]) - line) <= 2, problems[0]


def test_real_nesting_is_read(tmp_path: Path) -> None:
    text = "id: x\nl:\n" + "".join("  " * i + "- a:\n" for i in range(12)) + "  " * 12 + "  b: 1\n"
    value, problems = _read(tmp_path, text)
    assert problems == [] and value is not None


@pytest.mark.parametrize("key", ["on", "yes", "no", "off", "y", "true", "null", "1"])
def test_a_key_is_reported_as_written(tmp_path: Path, key: str) -> None:
    value, problems = _read(tmp_path, f"id: x\n{key}: 1\n")
    assert problems == []
    assert isinstance(value, dict) and key in value, value


def test_a_key_on_gets_its_own_name_in_the_message(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    fiche = data / "fiches/pair-aidance.yml"
    fiche.write_text(
        fiche.read_text(encoding="utf-8").replace("\nnumero: 1\n", "\nnumero: 1\non: oui\n", 1), encoding="utf-8"
    )
    with pytest.raises(DataError) as info:
        load_site(data)
    assert [str(p) for p in info.value.problems] == [
        "data/fiches/pair-aidance.yml:4:1: on: clé inconnue « on » — vouliez-vous écrire « icone » ?"
    ]


def test_a_sheet_title_too_long_for_its_mission_sheet_is_refused(tmp_path: Path) -> None:
    """Its pre-filled mission sheet (« Fiche de mission d'un usager partenaire : <titre> ») must stay a title."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    fiche = data / "fiches/pair-aidance.yml"
    title = "Pair-aidance associative " + "x" * 120
    assert len(title) <= 160  # a valid title on its own
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("Pair-aidance associative", title, 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_site(data)
    problems = [str(p) for p in info.value.problems]
    assert len(problems) == 1 and problems[0].startswith(
        "data/fiches/pair-aidance.yml:4:1: titre: titre trop long pour la fiche de mission pré-remplie"
    ), problems
    assert "raccourcissez le titre à 118 caractères au plus" in problems[0]
