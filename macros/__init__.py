"""mkdocs-macros entry point: register the macros. Data is loaded once, by the hook (macros/hooks.py)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from . import render, state


def define_env(env: Any) -> None:
    @env.macro
    def fiche_page(ident: str) -> Markup:
        site = state.get_site()
        fiches = site.fiches_in_order()
        index = [f.id for f in fiches].index(ident)
        return render.render(
            "fiche.md",
            f=site.fiches[ident],
            site=site,
            precedente=fiches[index - 1] if index > 0 else None,
            suivante=fiches[index + 1] if index + 1 < len(fiches) else None,
        )

    def racine() -> str:
        """Relative path from the current page to the site root (pages use directory URLs)."""
        return "../" * env.page.url.count("/")

    @env.macro
    def fiches_cartes() -> Markup:
        return render.render("fiches-cartes.html", fiches=state.get_site().fiches_in_order(), racine=racine())

    @env.macro
    def page_texte(ident: str) -> Markup:
        site = state.get_site()
        return render.render("page.md", p=site.pages[ident], site=site)
