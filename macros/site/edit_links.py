"""« Modifier cette page », « Signaler une erreur », the last update date and the recent history of each page.

A page made from data links to its YAML file (front matter `source_donnees: data/…yml`), never to a
generated Markdown stub; a hand-written page links to docs/<file>.md. The date of the last change comes from
git, read once per build with a single `git log --name-only` (dates and file names only: no commit message is
ever shown to readers); without git (a copy, an archive) pages simply have no date and the build goes on. The
recent history is the journal's (data/nouveautes.yml, macros/site/nouveautes.py), in French, with or without git.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from ..text.french import date_fr
from .nouveautes import Annonce, xml_text


@dataclass(frozen=True)
class Change:
    """One commit: when it changed which files (its message is not read: it is not written for readers)."""

    commit: str  # full hash
    day: str  # AAAA-MM-JJ (committer date)
    files: tuple[str, ...]  # changed files, relative to the project root


def git_log(root: Path) -> list[Change]:
    """Every commit that changed a file under `root`, newest first; [] without git (a copy, an archive)."""
    try:
        done = subprocess.run(
            ["git", "log", "--name-only", "--relative", "--no-renames", "--format=%x00%H%x09%cs", "--", "."],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        )
        output = done.stdout if done.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        output = ""
    changes = []
    for chunk in output.split("\0"):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines or lines[0].count("\t") != 1:
            continue
        commit, day = lines[0].split("\t")
        changes.append(Change(commit, day, tuple(lines[1:])))
    return changes


def git_dates(root: Path, changes: list[Change] | None = None) -> dict[str, str]:
    """Date of the last commit (AAAA-MM-JJ) of every file, by path relative to `root`."""
    dates: dict[str, str] = {}
    for change in git_log(root) if changes is None else changes:
        for name in change.files:
            dates.setdefault(name, change.day)  # newest commit first: the first date seen is the last change
    return dates


def last_change(dates: dict[str, str], source: str) -> str | None:
    """Date of a file, or the latest date of the files under a folder."""
    if source in dates:
        return dates[source]
    prefix = source.rstrip("/") + "/"
    inside = [day for name, day in dates.items() if name.startswith(prefix)]
    return max(inside) if inside else None


def page_links(
    *,
    title: str,
    url: str,
    source: str,
    root: Path,
    repo_url: str | None,
    edit_uri: str | None,
    dates: dict[str, str],
    news: list[Annonce] | None = None,
) -> dict[str, Any]:
    """What the « modifier » partial shows for one page; `news`: the journal's entries about this page."""
    info: dict[str, Any] = {"source": source}
    day = last_change(dates, source)
    if day:
        info.update(date=day, date_fr=date_fr(day))
    if news:
        info["historique"] = [
            {"date": a.entry.date, "date_fr": date_fr(a.entry.date), "message": xml_text(a.entry.titre), "id": a.entry.id}
            for a in news
        ]
    if repo_url:
        repo = repo_url.rstrip("/")
        branch_path = (edit_uri or "edit/main/").strip("/")  # « edit/main »: paths are from the repository root
        if (root / source).is_file():
            info.update(modifier=f"{repo}/{branch_path}/{quote(source)}", quoi="fichier")
        elif (root / source).is_dir():
            info.update(modifier=f"{repo}/{branch_path.replace('edit/', 'tree/', 1)}/{quote(source)}", quoi="dossier")
        body = (
            f"Page : {url}\nFichier source : {source}\n\n"
            "Quelle est l'erreur ? (recopiez le passage, puis écrivez la correction)\n\n"
        )
        info["signaler"] = f"{repo}/issues/new?" + urlencode(
            {"title": f"Erreur sur la page « {title} »", "body": body}, quote_via=quote
        )
    return info


def source_of(meta: Mapping[str, Any], src_uri: str, docs_folder: str) -> str:
    """The file a page comes from, relative to the project root."""
    declared = meta.get("source_donnees")
    if isinstance(declared, str) and declared.strip():
        return declared.strip()
    return f"{docs_folder}/{src_uri}"
