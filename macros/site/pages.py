"""Pages made from data: one Markdown page per item, and their place in the navigation.

Each page is rendered here, once per build, by the same views as the macros of docs/*.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..content.kinds import SECTIONS, SITE_MAP, url_of
from ..data.collections import SiteData
from ..data.docs_check import TITLE_TEMPLATE, get_data
from ..render.falc import FALC_NAME, LEXICON_PATH, falc_path, original_path
from ..render.records import PageRecord
from ..render.views import MENU_MAX, Here, Views

__all__ = [
    "FALC_NAME",
    "GeneratedPage",
    "falc_path",
    "generated_pages",
    "original_path",
    "page_title",
    "page_titles",
    "title_text",
    "twin_of",
    "url_of",
    "with_twin_link",
]
# Easy-to-read pages: their own layout (overrides/partials/up/, site.css `.up-falc`), no menu, no table of contents.
FALC_META = {"up_falc": True, "hide": ["navigation", "toc"]}


@dataclass(frozen=True)
class SourceHere(Here):
    """A page as rendered for an engine that reads every relative link of a page's HTML as relative to its source
    file, as it reads Markdown links, and rewrites it for the page's address (Zensical): the HTML links (`root`)
    are written from the source file's folder too (« » for « facile-a-lire.md », whose address is
    « facile-a-lire/ »). MkDocs leaves HTML links as they are: `Here`, from the address."""

    @property
    def root(self) -> str:
        return "../" * self.source.count("/")


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # source path inside docs/, e.g. "fiches/pair-aidance/index.md"
    title: str
    markdown: str  # already rendered from the data: the macros plugin never sees it
    in_nav: bool = True
    source: str = ""  # the data file or folder it is made from (front matter « source_donnees »)


def _page(
    views: Views,
    path: str,
    title: str,
    edit: str,
    view: Callable[..., Markup],
    *args: Any,
    in_nav: bool = True,
    meta: dict[str, Any] | None = None,
    here: type[Here] = Here,
    **kwargs: Any,
) -> GeneratedPage:
    front = yaml.safe_dump(
        {"title": title, "source_donnees": edit, **(meta or {})}, allow_unicode=True, sort_keys=False, width=10**6
    )
    body = view(here(path), *args, **kwargs)
    return GeneratedPage(path, title, f"---\n{front}---\n\n{body}\n", in_nav, edit)


# A title's counts, rendered as mkdocs-macros renders a page (`on_undefined: strict`); text, escaped by each output.
# Sandboxed: `make check` lets a title hold only counts (data/docs_check.py), and nothing else could run if it did.
_TITLES = SandboxedEnvironment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)  # noqa: S701


def title_text(title: str, views: Views | None) -> str:
    """A title as readers read it: a count written as in the page's text, « Les {{ nombre("principe") }} principes
    de la HAS », in words from the data (« Les sept principes de la HAS »); a title with no template in it (or
    without views to count) as written. What it may hold is checked by `make check` (data/docs_check.py)."""
    if views is None or not TITLE_TEMPLATE.search(title):
        return title
    return _TITLES.from_string(title).render(nombre=lambda sorte: views.nombre("", sorte))


def page_title(meta: Mapping[str, Any], markdown: str, views: Views | None = None) -> str:
    """A page's title as the engines take it — its front matter's, else its first line's level-1 heading (without
    its attribute list « { #id } ») —, its counts in words (`title_text`)."""
    if meta.get("title"):
        return title_text(str(meta["title"]), views)
    first = next((line for line in markdown.splitlines() if line.strip()), "")
    if not first.startswith("# "):
        return ""
    heading = first[2:].rstrip()
    if heading.endswith("}") and not heading.endswith("}}") and "{" in heading:
        heading = heading[: heading.rfind("{")]
    try:
        return title_text(heading.strip(" #"), views)
    except jinja2.TemplateError:  # a heading showing another macro (make check reads only front-matter titles)
        return heading.split("{", 1)[0].strip(" #")


def page_titles(views: Views, docs: Mapping[str, str]) -> dict[str, str]:
    """The title of every hand-written page (`docs`: path inside docs/ → its Markdown), decided once per build:
    the engines' (page facts), « Nouveautés » and its feed, the edit links read it here."""
    titles = {}
    for path, text in docs.items():
        body, meta = get_data(text)
        titles[path] = page_title(meta, body, views)
    return titles


def twin_of(site: SiteData, src_uri: str) -> tuple[str, str] | None:
    """For a page's source path, the Markdown link to its twin (relative to that source) and the link text, if it
    has one."""
    here = Here(src_uri)
    for twin in site.falc.values():
        original, path = original_path(twin), falc_path(twin)
        if src_uri == original:
            return (here.link(path), "Lire la version facile à lire et à comprendre (FALC)")
        if src_uri == path:
            return (here.link(original), "Lire la version complète de cette page")
    if src_uri == LEXICON_PATH:
        return (here.link("lexique/index.md"), "Lire la version complète de cette page")
    return None


def with_twin_link(site: SiteData, src_uri: str, markdown: str) -> str:
    """A page's Markdown (body, without front matter) with the link to its easy-to-read twin, or to its full
    version, in its heading block; unchanged for a page without a twin."""
    twin = twin_of(site, src_uri)
    if twin is None:
        return markdown
    link = f"[{twin[1]}]({twin[0]}){{ .up-jumeau }}\n{{: .up-jumeau-bloc }}\n"
    lines = markdown.splitlines(keepends=True)
    for n, line in enumerate(lines):
        if line.startswith("# "):
            at = _after_lead(lines, n + 1)  # the heading block: title, one-sentence summary, then the buttons
            return "".join(lines[:at]) + "\n" + link + "\n" + "".join(lines[at:])
    return link + "\n" + markdown


def _after_lead(lines: list[str], start: int) -> int:
    """Where the heading block's buttons go: after the page's one-sentence summary (a paragraph marked
    `{: .up-chapeau }` right after the title), else right after the title."""
    n = start
    while n < len(lines) and not lines[n].strip():
        n += 1
    end = n
    while end < len(lines) and lines[end].strip():
        end += 1
    if end > n and lines[end - 1].strip().startswith("{: .up-chapeau"):
        return end
    return start


def _record_page(views: Views, record: PageRecord, here: type[Here] = Here) -> GeneratedPage:
    """The page of one record, rendered by its kind's view (with the item's id, as the kind says); `here`: how its
    links are written (SourceHere: for an engine that rewrites HTML links)."""
    kind = record.kind
    view = getattr(views, kind.view)
    args: tuple[Any, ...] = (record.ident,) if kind.argument is None else ()
    kwargs = {kind.argument: record.ident} if kind.argument else {}
    meta = dict(FALC_META) if kind.falc else {}
    description = getattr(record.item, "description", None)
    if kind.argument is None and isinstance(description, str):  # the item's own page: the sharing card's summary
        meta["description"] = description
    return _page(
        views,
        record.path,
        record.title,
        record.source,
        view,
        *args,
        in_nav=kind.menu,
        meta=meta or None,
        here=here,
        **kwargs,
    )


def from_source(views: Views, page: GeneratedPage) -> GeneratedPage:
    """A generated page with its HTML links written from its source file (SourceHere), for an engine that rewrites
    them; the same page when its source is as deep as its address (« …/index.md ») or it has no record."""
    if page.path.endswith("index.md"):
        return page
    record = next((r for r in views.records.generated() if r.path == page.path), None)
    return page if record is None else replace(_record_page(views, record, SourceHere), in_nav=page.in_nav)


def generated_pages(views: Views) -> list[GeneratedPage]:
    """One page per data item, rendered once per build, in the order of the registry (macros/content/kinds.py)."""
    return _bound_menus([_record_page(views, record) for record in views.records.generated()])


def _bound_menus(generated: list[GeneratedPage]) -> list[GeneratedPage]:
    """Keep out of the menu the pages of a section that has more than MENU_MAX of them."""
    counts: dict[str, int] = {}
    for page in generated:
        if page.in_nav:
            counts[_folder(page)] = counts.get(_folder(page), 0) + 1
    return [replace(p, in_nav=False) if p.in_nav and counts[_folder(p)] > MENU_MAX else p for p in generated]


def _folder(page: GeneratedPage) -> str:
    return page.path.split("/", 1)[0]


def extend_nav(nav: list[Any], generated: list[GeneratedPage]) -> list[Any]:
    """Append the generated pages to the nav section whose index is `<folder>/index.md`."""
    by_folder: dict[str, list[GeneratedPage]] = {}
    for page in generated:
        if page.in_nav:
            by_folder.setdefault(_folder(page), []).append(page)

    def walk(entries: list[Any]) -> list[Any]:
        result = []
        for entry in entries:
            if isinstance(entry, dict):
                entry = {k: walk(v) if isinstance(v, list) else v for k, v in entry.items()}
            result.append(entry)
        for entry in entries:
            if isinstance(entry, str) and entry.endswith("/index.md"):
                folder = entry.split("/", 1)[0]
                result.extend({p.title: p.path} for p in by_folder.get(folder, []))
        return result

    return walk(nav)


def _nav_pages(nav: list[Any], section: str = "") -> list[tuple[str, str]]:
    """(title, source path) of every hand-written page of the navigation; a bare path takes its section's title."""
    out: list[tuple[str, str]] = []
    for entry in nav:
        if isinstance(entry, str):
            out.append((section, entry))
        elif isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, list):
                    out += _nav_pages(value, str(title))
                elif isinstance(value, str) and value.endswith(".md"):
                    out.append((str(title), value))
    return out


def site_map_page(views: Views, nav: list[Any], generated: list[GeneratedPage]) -> GeneratedPage:
    """« Plan du site »: every page, hand-written (from the navigation) or made from data, grouped by kind."""
    pages = dict.fromkeys([*_nav_pages(nav), *((p.title, p.path) for p in generated)])
    groups: dict[str, list[tuple[str, str]]] = {s.label: [] for s in SECTIONS}
    for title, path in pages:
        groups[views.records.label_of(url_of(path))].append((title, path))
    listed = [(label, items) for label, items in groups.items() if items]
    return _page(views, SITE_MAP, "Plan du site", "data", views.plan_du_site, listed, in_nav=False)
