"""What a page shows besides its text, decided at generate time (stage (a)) as plain data: its permanent address and
QR code (« Citer, partager, imprimer »), its edit links, last change and recent history (« Modifier cette page »,
« Signaler une erreur »), its review dates, and what the search index gets (kind, weight). `generate` computes them
for every page, hand-written or made from data; the staging folder writes them in each page's front matter (what
Zensical and any engine read), and the MkDocs adapter hands the same dict to MkDocs as `page.meta`. The theme's
templates (overrides/) read them there: `page.meta.up_*`. Also the page shown for a data error under `mkdocs serve`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..data import suivi
from ..data.loader import DataError
from ..outputs import search_index, sharing
from ..render.templates import render
from ..render.views import Here
from ..text.french import date_fr
from . import nouveautes
from .context import BuildContext
from .edit_links import page_links, source_of
from .pages import page_title as page_title  # a page's title, its counts in words: decided once, by generate

FACTS = ("title", "up_qr", "up_url", "up_modifier", "up_verification", "up_recherche")  # the keys a page's facts have


@dataclass(frozen=True)
class Repository:
    """Where « Modifier cette page » and « Signaler une erreur » lead: mkdocs.yml's `repo_url` and `edit_uri`."""

    url: str | None = None
    edit_uri: str | None = None


def page_addresses(site_url: str, url: str) -> dict[str, str]:
    """What the templates read of a page's address: its QR code (relative to the page) and its permanent address."""
    return {"up_qr": "../" * url.count("/") + sharing.qr_path(url), "up_url": site_url + url}


def page_facts(
    ctx: BuildContext, path: str, meta: Mapping[str, Any], title: str, docs_folder: str, repository: Repository
) -> dict[str, Any]:
    """The facts of the page made from docs/`path` (« fiches/x/index.md »; `meta`: its front matter, `title`: its
    title, its counts in words: pages.page_title), as the engines and the templates read them in page.meta: « title »
    (the engine's <title>, breadcrumb, citation, sharing tags), « up_qr », « up_url » (partials/up/fin-de-page.html),
    « up_modifier » (partials/up/modifier.html), « up_verification » (partials/up/verification.html) and
    « up_recherche » (overrides/main.html: None for a page left out of the index). `docs_folder`: docs/ from the
    project root."""
    url = Here(path).url
    links = page_links(
        title=title,
        url=ctx.site_url + url,
        source=source_of(meta, path, docs_folder),
        root=ctx.root,
        repo_url=repository.url,
        edit_uri=repository.edit_uri,
        dates=ctx.dates,
        news=nouveautes.history_of(ctx.annonces, path),
    )
    review = suivi.review_of(ctx.site, links["source"], ctx.root)
    return {
        "title": title,
        **page_addresses(ctx.site_url, url),
        "up_modifier": links,
        "up_verification": review
        and {
            "verifie": review.verified,
            "verifie_fr": date_fr(review.verified),
            "echeance": review.due,
            "echeance_fr": date_fr(review.due),
        },
        "up_recherche": search_index.page_search(url, ctx.views.records),
    }


def last_change(facts: Mapping[str, Any]) -> str | None:
    """The page's last change (AAAA-MM-JJ, from git), for the site map's <lastmod>; None without git."""
    return (facts.get("up_modifier") or {}).get("date")


def error_page(error: DataError) -> str:
    """The page `mkdocs serve` shows for a data error: every problem, in French (file, line, column, field)."""
    return str(render("erreur-donnees.html", problems=error.problems))
