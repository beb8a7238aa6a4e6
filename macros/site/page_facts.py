"""What the MkDocs adapter adds to each page besides its text, as plain functions of the build context: the link to
the easy-to-read twin in the heading block, the facts the templates show (edit links, last change, review dates,
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
from .pages import twin_of


def with_twin_link(markdown: str, ctx: BuildContext, src_uri: str) -> str:
    """The page's Markdown with the link to its easy-to-read twin (or back) in its heading block, if it has one."""
    twin = twin_of(ctx.site, src_uri)
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
