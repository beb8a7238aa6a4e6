"""The page records of a build: one per page a kind of the registry (macros/content/kinds.py) gives, made once.

A record says which kind and item a page shows, its source path inside docs/ and URL, the file it is edited in,
its title and its outputs. Navigation, site map, search labels and weights, FALC paths read them (`url_for`,
`get(kind, id).title`, `by_url`), never parse a URL nor rebuild a title.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..content.kinds import DOCS_SEARCH, INDEXED, KINDS, LISTING, PAGE, Kind, original_path, url_of


@dataclass(frozen=True)
class PageRecord:
    kind: Kind
    ident: str
    path: str  # source path inside docs/, e.g. "fiches/pair-aidance/index.md"
    url: str  # from the site root, e.g. "fiches/pair-aidance/"
    source: str  # the data file (or folder) it is made from
    title: str
    item: Any

    @property
    def outputs(self) -> frozenset[str]:
        return self.kind.outputs


class Records:
    """Every page record, in the order of the registry (then of each kind's items)."""

    def __init__(self, records: list[PageRecord]) -> None:
        self.all = records
        self._by_url = {r.url: r for r in records}
        self._by_key = {(r.kind.name, r.ident): r for r in records}
        self._search = _search_roles(records)

    def __iter__(self) -> Iterator[PageRecord]:
        return iter(self.all)

    def by_url(self, url: str) -> PageRecord | None:
        return self._by_url.get(url)

    def get(self, kind: str, ident: str) -> PageRecord:
        try:
            return self._by_key[(kind, ident)]
        except KeyError:
            raise KeyError(f"no page of kind « {kind} » for « {ident} »") from None

    def url_for(self, kind: str, ident: str) -> str:
        return self.get(kind, ident).url

    def label_of(self, url: str) -> str:
        """The search label and site-map group of the page at `url` (« Page » for a page of no kind)."""
        record = self._by_url.get(url)
        return record.kind.label if record else PAGE

    def search_role(self, url: str) -> str:
        """How search treats the page at `url` (content/kinds.py: INDEXED, LISTING or LEFT_OUT)."""
        return self._search.get(url, INDEXED)

    def generated(self) -> list[PageRecord]:
        return [r for r in self.all if r.kind.generated]


def _search_roles(records: list[PageRecord]) -> dict[str, str]:
    """URL → search role, for the pages not INDEXED: their kind's, a kind's listing page and its easy-to-read twin,
    the hand-written pages of content/kinds.py DOCS_SEARCH."""
    listings = {k.listing for k in KINDS if k.listing}
    roles = {url_of(path): role for path, role in DOCS_SEARCH.items()} | {url_of(path): LISTING for path in listings}
    for r in records:
        if r.kind.search != INDEXED:
            roles[r.url] = r.kind.search
        elif r.kind.twin and original_path(r.item) in listings:
            roles[r.url] = LISTING
    return roles


def _source(kind: Kind, views: Any, ident: str, item: Any) -> str:
    if not kind.source:
        return str(views.site.files[(kind.collection, ident)][0])
    return kind.source.format(data_file=getattr(item, "data_file", ""))


def page_records(views: Any) -> Records:
    """The records of every page of the registry's kinds, from the views' data (`views.site`, `views.entries`).
    Raises ValueError for a kind that makes pages without a view to render them."""
    records = []
    for kind in KINDS:
        if not kind.view:
            raise ValueError(f"la sorte de page « {kind.name} » n'a pas de vue (views.py) pour rendre ses pages")
        for ident, item in kind.items(views):
            path = kind.path_of(ident, item)
            records.append(
                PageRecord(kind, ident, path, url_of(path), _source(kind, views, ident, item), kind.title(item), item)
            )
    return Records(records)
