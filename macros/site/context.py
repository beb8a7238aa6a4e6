"""One build context: everything a build knows, made once in `on_config` and handed to whoever needs it.

No module keeps state between builds: `mkdocs serve` makes a new context for every rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..data.collections import SiteData
from ..render.glossary import Glossary
from ..render.views import Views
from .edit_links import git_dates
from .pages import GeneratedPage, generated_pages


@dataclass
class BuildContext:
    root: Path  # the project folder (where mkdocs.yml is)
    site: SiteData
    site_url: str
    version: str  # date of the commit being built, in words
    views: Views = field(init=False)
    glossary: Glossary = field(init=False)
    generated: list[GeneratedPage] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # made from data: site path → bytes
    _dates: dict[str, str] | None = None

    def __post_init__(self) -> None:
        self.views = Views(self.site, self.site_url)
        self.glossary = Glossary(self.site)

    def make_pages(self) -> list[GeneratedPage]:
        """The pages made from data, rendered once (after the generated files, whose sizes some pages show)."""
        self.generated = generated_pages(self.views)
        return self.generated

    @property
    def dates(self) -> dict[str, str]:
        """Last change of every file, from git, read once per build."""
        if self._dates is None:
            self._dates = git_dates(self.root)
        return self._dates
