"""Pages made from data: one Markdown page per item, and their place in the navigation.

Each page is rendered here, once per build, by the same views as the macros of docs/*.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import yaml
from markupsafe import Markup

from .. import content as c
from ..data.collections import SiteData
from ..outputs.search_index import kind
from ..render.falc import FALC_NAME, LEXICON_PATH, LEXICON_TITLE, PAGE_SOURCES, falc_path, original_path
from ..render.views import MENU_MAX, PLAN_ANCRES, Views

__all__ = ["FALC_NAME", "PAGE_SOURCES", "GeneratedPage", "falc_path", "generated_pages", "original_path", "twin_of"]
SITE_MAP = "plan-du-site/index.md"  # also where the search form goes without JavaScript (partials/search.html)
# Easy-to-read pages: their own layout (overrides/partials/up/, site.css `.up-falc`), no menu, no table of contents.
FALC_META = {"up_falc": True, "hide": ["navigation", "toc"]}


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # source path inside docs/, e.g. "fiches/pair-aidance/index.md"
    title: str
    markdown: str  # already rendered from the data: the macros plugin never sees it
    in_nav: bool = True
    source: str = ""  # the data file or folder it is made from (front matter « source_donnees »)


def url_of(path: str) -> str:
    """The directory URL of a source path: « fiches/x/index.md » → « fiches/x/ »."""
    return path.removesuffix("index.md") if path.endswith("index.md") else path.removesuffix(".md") + "/"


def _page(
    views: Views,
    path: str,
    title: str,
    edit: str,
    view: Callable[..., Markup],
    *args: Any,
    in_nav: bool = True,
    meta: dict[str, Any] | None = None,
    **kwargs: Any,
) -> GeneratedPage:
    front = yaml.safe_dump(
        {"title": title, "source_donnees": edit, **(meta or {})}, allow_unicode=True, sort_keys=False, width=10**6
    )
    body = view("../" * url_of(path).count("/"), *args, **kwargs)
    return GeneratedPage(path, title, f"---\n{front}---\n\n{body}\n", in_nav, edit)


def twin_of(site: SiteData, src_uri: str) -> tuple[str, str] | None:
    """For a page's source path, the link to its twin (from the docs root) and the link text, if it has one."""
    for twin in site.falc.values():
        original, path = original_path(twin), falc_path(twin)
        if src_uri == original:
            return ("/" + path, "Lire la version facile à lire et à comprendre (FALC)")
        if src_uri == path:
            return ("/" + original, "Lire la version complète de cette page")
    if src_uri == LEXICON_PATH:
        return ("/lexique/index.md", "Lire la version complète de cette page")
    return None


def _item_page(views: Views, coll: str, ident: str, title: str, view: Callable[..., Markup], **kwargs: Any) -> GeneratedPage:
    """The page `<coll>/<ident>/index.md` of one item, edited in its own YAML file."""
    edit = views.site.files[(coll, ident)][0]
    return _page(views, f"{coll}/{ident}/index.md", title, edit, view, ident, **kwargs)


def _fiche_pages(views: Views) -> list[GeneratedPage]:
    return [
        _item_page(
            views, "fiches", f.id, f"Fiche {f.numero} : {f.titre}", views.fiche_page, meta={"description": f.description}
        )  # the sharing card's and search engines' summary
        for f in views.site.fiches_in_order()
    ]


def _principe_pages(views: Views) -> list[GeneratedPage]:
    return [_item_page(views, "principes", p.id, f"{p.numero} {p.titre}", views.principe_page) for p in views.principes()]


def _raison_pages(views: Views) -> list[GeneratedPage]:
    return [_item_page(views, "raisons", r.id, f"{r.numero} {r.titre}", views.raison_page) for r in views.raisons()]


def _atelier_pages(views: Views) -> list[GeneratedPage]:
    ateliers = sorted(views.site.ateliers.values(), key=lambda a: a.date)
    return [_item_page(views, "ateliers", a.id, a.titre, views.atelier_page) for a in ateliers]


def _temoignage_pages(views: Views) -> list[GeneratedPage]:
    """The testimonies of each sheet, then of each profile (out of the menu)."""
    by_fiche = [
        _page(
            views,
            f"temoignages/fiche-{fiche.id}.md",
            f"Témoignages — fiche {fiche.numero} : {fiche.titre}",
            "data/temoignages",
            views.temoignages_liste,
            fiche=fiche.id,
            in_nav=False,
        )
        for fiche in views.site.fiches_in_order()
    ]
    by_profil = [
        _page(
            views,
            f"temoignages/profil-{profil}.md",
            f"Témoignages — {label}",
            "data/temoignages",
            views.temoignages_liste,
            profil=profil,
            in_nav=False,
        )
        for profil, label in c.PROFIL_LABELS.items()
    ]
    return by_fiche + by_profil


def _falc_pages(views: Views) -> list[GeneratedPage]:
    """The easy-to-read twins, by id, then the easy-to-read lexicon."""
    site = views.site
    twins = [
        _page(
            views,
            falc_path(twin),
            f"{twin.titre} (facile à lire)",
            site.files[("falc", twin.id)][0],
            views.falc_page,
            twin.id,
            in_nav=False,
            meta=FALC_META,
        )
        for twin in sorted(site.falc.values(), key=lambda t: t.id)
    ]
    lexicon = _page(
        views,
        LEXICON_PATH,
        f"{LEXICON_TITLE} (facile à lire)",
        "data/lexique",
        views.falc_lexique,
        in_nav=False,
        meta=FALC_META,
    )
    return [*twins, lexicon]


def _parcours_pages(views: Views) -> list[GeneratedPage]:
    # A path that only points to a page (« vers ») has no page of its own.
    return [
        _item_page(views, "parcours", path.id, path.titre, views.parcours_page, in_nav=False)
        for path in views.site.parcours_in_order()
        if path.etapes
    ]


def _modele_pages(views: Views) -> list[GeneratedPage]:
    return [
        _page(views, f"modeles/{e.modele.id}/index.md", e.modele.titre, e.fichier, views.modele_page, e.modele.id)
        for e in views.entrees
    ]


# The kinds of pages made from data, in the order they are listed.
_KINDS: tuple[Callable[[Views], list[GeneratedPage]], ...] = (
    _fiche_pages,
    _principe_pages,
    _raison_pages,
    _atelier_pages,
    _temoignage_pages,
    _falc_pages,
    _parcours_pages,
    _modele_pages,
)


def generated_pages(views: Views) -> list[GeneratedPage]:
    """One page per data item, rendered once per build."""
    return _bound_menus([page for kind in _KINDS for page in kind(views)])


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
    modeles = {e.modele.id for e in views.entrees}
    pages = dict.fromkeys([*_nav_pages(nav), *((p.title, p.path) for p in generated)])
    groups: dict[str, list[tuple[str, str]]] = {label: [] for label in PLAN_ANCRES}
    for title, path in pages:
        groups[kind(url_of(path), views.site, modeles)].append((title, path))
    listed = [(label, items) for label, items in groups.items() if items]
    return _page(views, SITE_MAP, "Plan du site", "data", views.plan_du_site, listed, in_nav=False)
