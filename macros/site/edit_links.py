"""« Modifier cette page », « Signaler une erreur », the last update date and the recent history of each page.

A page made from data links to its YAML file (front matter `source_donnees: data/…yml`), never to a
generated Markdown stub; a hand-written page links to docs/<file>.md. The date of the last change comes from
git, read once per build with a single `git log --name-only` (dates and file names only: no commit message is
ever shown to readers); without git (a copy, an archive) pages simply have no date and the build goes on. The
recent history is the journal's (data/nouveautes.yml, macros/site/nouveautes.py), in French, with or without git.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
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


# The history read for the pages' dates (run in the project's folder; context.BuildContext starts it early).
GIT_LOG = ("git", "log", "--name-only", "--relative", "--no-renames", "--format=%x00%H%x09%cs", "--", ".")


def git_log(root: Path) -> list[Change]:
    """Every commit that changed a file under `root`, newest first; [] without git (a copy, an archive)."""
    try:
        done = subprocess.run(GIT_LOG, cwd=root, capture_output=True, text=True, timeout=60)
        output = done.stdout if done.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        output = ""
    return parse_log(output)


class GitLog:
    """`git_log`, started now and read later: git runs while the build goes on (its output goes to a temporary
    file, so that it never waits for a reader). `result()` gives what git_log gives; `close()` stops it."""

    def __init__(self, root: Path) -> None:
        self._changes: list[Change] | None = None
        self._out = tempfile.TemporaryFile()
        try:
            self._git: subprocess.Popen[bytes] | None = subprocess.Popen(
                GIT_LOG, cwd=root, stdin=subprocess.DEVNULL, stdout=self._out, stderr=subprocess.DEVNULL
            )
        except OSError:
            self._git = None

    def result(self) -> list[Change]:
        if self._changes is None:
            self._changes = self._read()
            self.close()
        return self._changes

    def _read(self) -> list[Change]:
        if self._git is None:
            return []
        try:
            if self._git.wait(timeout=60) != 0:
                return []
        except subprocess.TimeoutExpired:
            return []
        self._out.seek(0)
        return parse_log(io.TextIOWrapper(self._out).read())  # decoded as subprocess.run(text=True) decodes

    def close(self) -> None:
        if self._git is not None and self._git.poll() is None:
            self._git.kill()
            self._git.wait()
        self._git = None
        self._out.close()


def parse_log(output: str) -> list[Change]:
    """The commits of GIT_LOG's output."""
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
