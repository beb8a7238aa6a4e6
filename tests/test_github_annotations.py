"""`make check` under GitHub Actions: every problem is an `::error file=…,line=…,col=…` workflow command (the
French message unchanged), a count line follows, and a French table goes to $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from macros.data import github
from macros.data.problems import Problem
from tests.conftest import ROOT

FICHE = "data/fiches/pair-aidance.yml"
TEMOIGNAGE = "data/temoignages/maurice-causse.yml"
COMMAND = re.compile(
    r"^::error file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),title=(?P<title>[^:]+)::"
    r"(?P<message>.+)$"
)


def _broken_copy(tmp_path: Path) -> Path:
    project = tmp_path / "projet"
    shutil.copytree(ROOT / "data", project / "data")
    for rel, old, new in ((FICHE, "\ntitre:", "\ntitr:"), (TEMOIGNAGE, "\nfiche:", "\nfichee:")):
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} absent de {rel} : le test doit suivre les données"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return project


def _line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


def _check(project: Path, summary: Path, actions: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    if actions:
        env |= {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    return subprocess.run(
        [sys.executable, "-m", "macros.check", str(project / "data")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_each_problem_is_annotated_on_its_line(tmp_path: Path) -> None:
    project = _broken_copy(tmp_path)
    summary = tmp_path / "summary.md"
    summary.write_text("étape précédente\n", encoding="utf-8")
    done = _check(project, summary)
    assert done.returncode == 1
    plain = [line for line in done.stderr.splitlines() if line.startswith("data/")]
    commands = [COMMAND.match(line) for line in done.stdout.splitlines() if line.startswith("::")]
    assert all(commands), done.stdout
    found = {(m["file"], int(m["line"]), int(m["col"])): m for m in commands if m}
    fiche_line = _line_of(project / FICHE, "titr:")
    temoignage_line = _line_of(project / TEMOIGNAGE, "fichee:")
    assert set(found) == {(FICHE, fiche_line, 1), (TEMOIGNAGE, temoignage_line, 1)}
    assert {m["title"] for m in found.values()} == {"Erreur dans les données"}
    # the French message, as `make check` prints it
    assert sorted(m["message"] for m in found.values()) == sorted(plain)
    assert "vouliez-vous écrire « titre » ?" in found[(FICHE, fiche_line, 1)]["message"]
    assert "2 erreur(s) dans les données" in done.stdout.splitlines()[-1]
    table = summary.read_text(encoding="utf-8")
    assert table.startswith("étape précédente\n"), "the summary is appended, not overwritten"
    assert "| Fichier | Ligne | Colonne | Champ | Ce qu'il faut faire |" in table
    assert f"| `{FICHE}` | {fiche_line} | 1 | titr | clé inconnue « titr » — vouliez-vous écrire « titre » ? |" in table
    assert "**2 erreur(s)**" in table


def test_outside_github_actions_nothing_changes(tmp_path: Path) -> None:
    project = _broken_copy(tmp_path)
    done = _check(project, tmp_path / "summary.md", actions=False)
    assert done.returncode == 1
    assert "::error" not in done.stdout + done.stderr
    assert not (tmp_path / "summary.md").exists()


def test_valid_data_says_so_in_the_summary(tmp_path: Path) -> None:
    done = _check(ROOT, tmp_path / "summary.md")
    assert done.returncode == 0, done.stderr
    assert "::error" not in done.stdout
    assert "Données valides" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_special_characters_are_escaped_as_github_requires() -> None:
    problem = Problem("data/a,b:c.yml", 3, 7, "texte", "100 % faux\r\nà la ligne")
    line = github.annotation(problem)
    assert line.startswith("::error file=data/a%2Cb%3Ac.yml,line=3,col=7,title=Erreur dans les données::")
    message = line.split("::", 2)[2]
    assert "%25" in message and "\n" not in message and "\r" not in message
    assert "| a \\| b |" in github.summary([Problem("data/x.yml", 1, 1, "", "a | b")]), "a | does not split the cell"


def test_the_count_line_tells_how_many_github_shows() -> None:
    problems = [Problem("data/x.yml", n, 1, "", "faux") for n in range(1, 15)]
    lines = github.commands(problems)
    assert len([line for line in lines if line.startswith("::error")]) == 14
    assert "14 erreur(s)" in lines[-1] and "en signale 10" in lines[-1]
