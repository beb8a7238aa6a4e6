"""« Modifier cette page », « Signaler une erreur » and the last update date of each page.

A page made from data links to its YAML file (front matter `source_donnees: data/…yml`), never to a
generated Markdown stub; a hand-written page links to docs/<file>.md. Dates come from git, read once
per build with a single `git log --name-only`; without git (a copy, an archive) pages simply have no
date and the build goes on.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from ..text.french import date_fr


def git_dates(root: Path) -> dict[str, str]:
    """Date of the last commit (AAAA-MM-JJ) of every file, by path relative to `root`."""
    dates: dict[str, str] = {}
    try:
        done = subprocess.run(
            ["git", "log", "--name-only", "--relative", "--format=%x00%cs", "--", "."],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        )
        output = done.stdout if done.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        output = ""
    for chunk in output.split("\0"):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        day, files = lines[0], lines[1:]
        for name in files:
            dates.setdefault(name, day)  # newest commit first: the first date seen is the last change
    return dates


def last_change(dates: dict[str, str], source: str) -> str | None:
    """Date of a file, or the latest date of the files under a folder."""
    if source in dates:
        return dates[source]
    prefix = source.rstrip("/") + "/"
    inside = [day for name, day in dates.items() if name.startswith(prefix)]
    return max(inside) if inside else None


def page_links(
    *, title: str, url: str, source: str, root: Path, repo_url: str | None, edit_uri: str | None, dates: dict[str, str]
) -> dict[str, Any]:
    """What the « modifier » partial shows for one page."""
    info: dict[str, Any] = {"source": source}
    day = last_change(dates, source)
    if day:
        info.update(date=day, date_fr=date_fr(day))
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
