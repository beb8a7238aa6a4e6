"""What the MkDocs adapter adds to each page besides its text, as plain functions of the build context: the facts
the templates show (edit links, last change, review dates,
search kind and weight: page.meta), and the page shown for a data error under `mkdocs serve`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..data import suivi
from ..data.loader import DataError
from ..outputs import search_index
from ..render.templates import render
from ..text.french import date_fr
from . import nouveautes
from .context import BuildContext
from .edit_links import page_links, source_of


def page_facts(
    ctx: BuildContext, meta: Mapping[str, Any], title: str, url: str, address: str, src_uri: str, config: Any
) -> dict[str, Any]:
    """What the templates show of a page besides its text (its page.meta additions): « Modifier cette page »,
    « Signaler une erreur » and the date of the last change (partials/up/modifier.html), the review dates
    (partials/up/verification.html), and what the search index gets (kind, weight: overrides/main.html).
    `url`: from the site root; `address`: the page's full address; `config`: the engine's (docs_dir, repo_url,
    edit_uri)."""
    docs_folder = Path(config.docs_dir).resolve().relative_to(ctx.root).as_posix()
    links = page_links(
        title=title,
        url=address,
        source=source_of(meta, src_uri, docs_folder),
        root=ctx.root,
        repo_url=config.repo_url,
        edit_uri=config.edit_uri,
        dates=ctx.dates,
        news=nouveautes.history_of(ctx.annonces, src_uri),
    )
    review = suivi.review_of(ctx.site, links["source"], ctx.root)
    return {
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


def error_page(error: DataError) -> str:
    """The page `mkdocs serve` shows for a data error: every problem, in French (file, line, column, field)."""
    return str(render("erreur-donnees.html", problems=error.problems))
