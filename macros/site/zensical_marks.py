"""The content marks (render/content_marks.py: HAS citations linked, lexicon terms explained with the block
« Définitions des mots de cette page », links that leave the site marked) for an engine that renders with
Python-Markdown but loads no MkDocs plugin: Zensical. It lists Markdown extensions by name in mkdocs.yml
(`markdown_extensions: - macros.site.zensical_marks: {root: …, site_url: …}`), makes a new Markdown for each page
and registers its own rendering context first (`zensical.extensions.context`: the page's source path inside docs/
and its address). This extension reads that page, and marks it as the MkDocs adapter's `on_page_markdown` has
`MarksExtension` do (`at(src, url)`), its links written from the source file's folder (`source_folder`). The marks are made once per process from the project at `root` (its data,
its glossary), as generate makes them. Under an engine without that context (plain MkDocs), it marks nothing.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Any

from markdown import Markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]

from ..render.content_marks import ContentMarks, MarksExtension
from .context import BuildContext
from .data_cache import load_site_cached
from .generate import project_config, public_url

_LOCK = threading.Lock()  # the engine may render pages on several threads: the marks are made once


@functools.cache
def marks_of(root: str, site_url: str) -> ContentMarks:
    """The content marks of the project at `root` (its data and docs/, as mkdocs.yml names them)."""
    project = project_config(Path(root))
    ctx = BuildContext(project.root, load_site_cached(project.root, project.docs_dir), public_url(site_url)[0], "")
    return ContentMarks(ctx.site, ctx.glossary, ctx.glossary_falc, ctx.citation_scopes, ctx.site_url)


def engine_page(md: Markdown) -> tuple[str, str] | None:
    """The page this Markdown is made for (source path inside docs/, address from the site root), as the engine's
    rendering context says it; None without one."""
    for processor in md.preprocessors:
        page = getattr(processor, "page", None)
        if page is not None and isinstance(getattr(page, "path", None), str):
            return page.path, str(getattr(page, "url", "")).lstrip("/")
    return None


def source_folder(src: str) -> str:
    """The address the marks write their links from: the source file's folder (« » for « conclusion.md »), not the
    page's address (« conclusion/ »). Zensical reads every relative link of a page's HTML as relative to its source
    file, as it does for Markdown links, and rewrites it for the page's address; MkDocs leaves HTML links as they
    are, hence the address there (plugin.py)."""
    return src.rsplit("/", 1)[0] + "/" if "/" in src else ""


class ZensicalMarks(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "root": ["", "the project's folder (where mkdocs.yml is)"],
            "site_url": ["", "the site's public address"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 — Python-Markdown's name
        page = engine_page(md)
        if page is None:
            return
        with _LOCK:
            marks = marks_of(str(self.getConfig("root")), str(self.getConfig("site_url")))
        extension = MarksExtension(marks)
        extension.at(page[0], source_folder(page[0]))
        extension.extendMarkdown(md)


def makeExtension(**kwargs: Any) -> ZensicalMarks:  # noqa: N802 — Python-Markdown's name
    return ZensicalMarks(**kwargs)
