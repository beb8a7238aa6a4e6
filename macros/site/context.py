"""One build context: everything a build knows, made once in `on_config` and handed to whoever needs it.

No module keeps state between builds: `mkdocs serve` makes a new context for every rebuild.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data import citations
from ..data.collections import SiteData
from ..render.falc import FALC_NAME
from ..render.glossary import Glossary
from ..render.views import Views
from . import nouveautes
from .edit_links import Change, git_dates, git_log
from .pages import GeneratedPage, generated_pages, page_titles, site_map_page

NEWS_TITLE = "Nouveautés"  # the title of the journal's page (nouveautes.PAGE)


@dataclass
class BuildContext:
    root: Path  # the project folder (where mkdocs.yml is)
    site: SiteData
    site_url: str
    version: str  # date of the commit being built, in words
    views: Views = field(init=False)
    glossary: Glossary = field(init=False)
    glossary_falc: Glossary = field(init=False)  # easy definitions only, for the easy-to-read pages
    generated: list[GeneratedPage] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # made from data: site path → bytes
    _dates: dict[str, str] | None = None
    _changes: list[Change] | None = None
    annonces: list[nouveautes.Annonce] = field(default_factory=list)  # the journal, with the pages of each entry
    citation_scopes: dict[str, str | None] = field(init=False)  # pages with HAS text → heading their HAS text follows

    def __post_init__(self) -> None:
        self.views = Views(self.site, self.site_url)
        self.glossary = Glossary(self.site)
        self.glossary_falc = Glossary(self.site, f"{FALC_NAME}/mots/", easy=True)
        self.citation_scopes = citations.scopes(self.site)

    def make_pages(
        self,
        nav: list[Any] | None = None,
        docs: Mapping[str, str] | None = None,
        site_name: str = "",
        docs_folder: str = "docs",
        titles: Mapping[str, str] | None = None,
        site_map: Callable[[list[GeneratedPage]], GeneratedPage] | None = None,
    ) -> list[GeneratedPage]:
        """The pages made from data, rendered once (after the generated files, whose sizes some pages show), the
        « Nouveautés » page and feed, from the journal (data/nouveautes.yml), and the site map, which lists them with
        the hand-written pages of `nav`. `docs`: the Markdown of docs/ (path inside it → text; by default read from
        the project's docs/), `docs_folder`: where docs/ is from the project root, `titles`: their titles
        (pages.page_titles, made from `docs` if not given); `site_map`: the site map of these pages, made elsewhere
        (generate.py: on its helper; by default rendered here, `site_map_of`)."""
        pages = generated_pages(self.views)
        if docs is None:
            folder = self.root / docs_folder
            docs = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))}
        titles = page_titles(self.views, docs) if titles is None else titles
        sources = nouveautes.page_sources(docs, docs_folder, pages, titles)
        self.annonces = nouveautes.journal(list(self.site.nouveautes.values()), sources)
        page = nouveautes.page_markdown(self.annonces)
        pages.append(GeneratedPage(nouveautes.PAGE, NEWS_TITLE, page, source="data/nouveautes.yml"))
        self.files[nouveautes.FEED] = nouveautes.atom_feed(self.annonces, self.site_url, site_name)
        self.generated = [*pages, (site_map or functools.partial(self.site_map_of, nav or []))(pages)]
        return self.generated

    def planned_pages(self) -> list[tuple[str, str]]:
        """(title, source path) of the pages `make_pages` makes before the site map, known before any is rendered."""
        return [*((r.title, r.path) for r in self.views.records.generated()), (NEWS_TITLE, nouveautes.PAGE)]

    def site_map_of(self, nav: list[Any], pages: list[GeneratedPage] | list[tuple[str, str]]) -> GeneratedPage:
        """The site map of these pages (GeneratedPage, or their (title, source path)) and those of `nav`."""
        listed = [p if isinstance(p, GeneratedPage) else GeneratedPage(p[1], p[0], "") for p in pages]
        return site_map_page(self.views, nav, listed)

    @property
    def dates(self) -> dict[str, str]:
        """Last change of every file, from git, read once per build."""
        if self._dates is None:
            self._dates = git_dates(self.root, self.changes)
        return self._dates

    def know_changes(self, changes: list[Change]) -> None:
        """Git's history as `changes` would read it, read already (generate starts `edit_links.GitLog` early)."""
        self._changes = changes

    @property
    def changes(self) -> list[Change]:
        """Every commit of the project, newest first, from git, read once per build ([] outside git)."""
        if self._changes is None:
            self._changes = git_log(self.root)
        return self._changes
