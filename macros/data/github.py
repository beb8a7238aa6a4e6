"""`make check` under GitHub Actions: each problem also as a workflow command, so that GitHub shows it on the
very line of the file in the pull request, and a French summary table on the run's page.

GitHub shows at most 10 `::error` annotations per step (50 per job): the count line and the summary give the
whole list. Reference: « Workflow commands for GitHub Actions » (error, GITHUB_STEP_SUMMARY).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from .problems import Problem

SHOWN_PER_STEP = 10
TITLE = "Erreur dans les données"


def active(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("GITHUB_ACTIONS") == "true"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, level: str = "error", title: str = TITLE) -> str:
    """`::error file=…,line=…,col=…,title=…::message`, the message as `make check` prints it (`level` « notice »:
    a note, such as an overdue review, shown on its line without failing the check)."""
    props = f"file={_property(problem.file)},line={problem.line},col={problem.column},title={_property(title)}"
    return f"::{level} {props}::{_data(str(problem))}"


def commands(problems: Sequence[Problem]) -> list[str]:
    lines = [annotation(p) for p in problems]
    shown = min(len(problems), SHOWN_PER_STEP)
    lines.append(
        f"{len(problems)} erreur(s) dans les données ; GitHub en signale {shown} sur les lignes des "
        "fichiers, la liste complète est dans le résumé de l'exécution (onglet « Summary »)."
    )
    return lines


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def summary(problems: Sequence[Problem], valid: str | None = None) -> str:
    """The French Markdown summary of the check, for $GITHUB_STEP_SUMMARY."""
    if not problems:
        return f"## Vérification des données\n\n✅ {valid or 'Données valides.'}\n"
    rows = [f"| `{_cell(p.file)}` | {p.line} | {p.column} | {_cell(p.path) or '—'} | {_cell(p.message)} |" for p in problems]
    return "\n".join(
        [
            "## Vérification des données",
            "",
            f"❌ **{len(problems)} erreur(s)** : corrigez chaque ligne indiquée, puis enregistrez (« Commit changes ») ; "
            "la vérification repart d'elle-même.",
            "",
            "| Fichier | Ligne | Colonne | Champ | Ce qu'il faut faire |",
            "| --- | ---: | ---: | --- | --- |",
            *rows,
            "",
        ]
    )


def write_summary(text: str, environ: Mapping[str, str] = os.environ) -> None:
    target = environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with Path(target).open("a", encoding="utf-8") as out:
            out.write(text + "\n")
