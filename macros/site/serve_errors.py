"""`mkdocs serve` while the data is wrong: the browser shows the French messages at every address the site had,
until the file is mended. Plain functions of paths and URLs (tests/test_adaptateur.py runs them without MkDocs).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..data.loader import DataError
from ..data.project_files import foreign_entries
from .page_facts import error_page

EMPTY_DOCS = Path(".cache") / "vide"  # inside the project


def empty_docs(root: Path) -> Path | None:
    """An empty folder for MkDocs to list instead of docs/, when docs/ has links (MkDocs would follow them: a loop
    that never ends); None when docs/ can be listed. The watchers keep docs/."""
    if not foreign_entries(root):
        return None
    folder = root / EMPTY_DOCS
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def error_urls(docs: Path, known: Iterable[str]) -> list[str]:
    """Every address the preview had (`known`: the pages of its last good build) or that docs/ has a page for,
    and the home page."""
    urls = {"", *known}
    for md in docs.rglob("*.md"):
        rel = md.relative_to(docs).with_suffix("").as_posix()
        urls.add("" if rel == "index" else rel.removesuffix("/index").removesuffix("index") + "/")
    return sorted(urls)


def error_files(docs: Path, known: Iterable[str], error: DataError) -> dict[str, bytes]:
    """The error page (every problem, in French) at every address (file path in the site → content)."""
    content = error_page(error).encode("utf-8")
    return {f"{url}index.html": content for url in error_urls(docs, known)}
