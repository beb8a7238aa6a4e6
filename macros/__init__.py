"""mkdocs-macros entry point: register the macros. Data is loaded once, by the hook (macros/hooks.py).

Macros only pick a template and pass it the models; all HTML and Markdown lives in the templates.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from markupsafe import Markup

from . import pages, partage, render, state
from . import documents
from .loader import SiteData


def principes_of(site: SiteData, fiche_id: str) -> list[Any]:
    return sorted((p for p in site.principes.values() if fiche_id in p.fiches), key=lambda p: p.numero)


def define_env(env: Any) -> None:
    def racine() -> str:
        """Relative path from the current page to the site root (pages use directory URLs)."""
        return "../" * env.page.url.count("/")

    def show(template: str, **context: Any) -> Markup:
        site = state.get_site()
        return render.render(template, site=site, racine=racine(), profils=pages.PROFILS, **context)

    @env.macro
    def fiche_page(ident: str) -> Markup:
        site = state.get_site()
        fiches = site.fiches_in_order()
        index = [f.id for f in fiches].index(ident)
        return show("fiche.md", f=site.fiches[ident], principes=principes_of(site, ident),
                    precedente=fiches[index - 1] if index > 0 else None,
                    suivante=fiches[index + 1] if index + 1 < len(fiches) else None)

    @env.macro
    def fiches_cartes(niveau: int = 2) -> Markup:
        return show("fiches-cartes.html", fiches=state.get_site().fiches_in_order(), niveau=niveau)

    @env.macro
    def page_texte(ident: str) -> Markup:
        return show("page.md", p=state.get_site().pages[ident])

    @env.macro
    def principe_page(ident: str) -> Markup:
        return show("principe.md", p=state.get_site().principes[ident])

    @env.macro
    def principes_liste() -> Markup:
        site = state.get_site()
        return show("principes-liste.md", principes=sorted(site.principes.values(), key=lambda p: p.numero),
                    fiches=site.fiches_in_order())

    @env.macro
    def raison_page(ident: str) -> Markup:
        return show("raison.md", p=state.get_site().raisons[ident])

    @env.macro
    def raisons_liste() -> Markup:
        return show("raisons-liste.md", raisons=sorted(state.get_site().raisons.values(), key=lambda r: r.numero))

    @env.macro
    def atelier_page(ident: str) -> Markup:
        return show("atelier.md", p=state.get_site().ateliers[ident])

    @env.macro
    def ateliers_liste() -> Markup:
        return show("ateliers-liste.md", ateliers=sorted(state.get_site().ateliers.values(), key=lambda a: a.date))

    @env.macro
    def temoignages_liste(fiche: str | None = None, profil: str | None = None) -> Markup:
        site = state.get_site()
        order = {f.id: f.numero for f in site.fiches.values()}
        chosen = [t for t in site.temoignages.values()
                  if (fiche is None or t.fiche == fiche) and (profil is None or any(p.profil == profil for p in t.personnes))]
        chosen.sort(key=lambda t: (order[t.fiche], t.type != "temoignage", t.id))
        fiches = site.fiches_in_order()
        # Every filter page repeats the menu only while it stays short (see pages.MENU_MAX).
        menu = fiches if (fiche is None and profil is None) or len(fiches) <= pages.MENU_MAX else []
        return show("temoignages.md", temoignages=chosen, filtre_fiche=fiche, filtre_profil=profil,
                    fiches=menu, fiches_masquees=len(fiches) - len(menu))

    @env.macro
    def lexique() -> Markup:
        site = state.get_site()
        terms = sorted(site.lexique.values(), key=lambda t: render.sort_key(t.terme))
        letters = [(k, list(g)) for k, g in groupby(terms, key=lambda t: render.sort_key(t.terme)[:1].upper())]
        sigles = sorted(site.sigles.values(), key=lambda s: render.sort_key(s.sigle))
        return show("lexique.md", lettres=letters, sigles=sigles)

    @env.macro
    def references() -> Markup:
        site = state.get_site()
        refs = list(site.references.values())
        has = sorted((r for r in refs if r.document == "has-avis-2023"), key=lambda r: r.numero or 0)
        guide = [r for r in refs if r.document != "has-avis-2023"]
        return show("references.md", has=has, guide=guide)

    @env.macro
    def falc_page(ident: str) -> Markup:
        return show("falc.md", t=state.get_site().falc[ident])

    @env.macro
    def guide_imprimable() -> Markup:
        site = state.get_site()
        return Markup("\n\n".join(
            show("fiche.md", f=f, principes=principes_of(site, f.id), precedente=None, suivante=None,
                 decalage=1, prefixe=f"{f.id}-")
            for f in site.fiches_in_order()))

    @env.macro
    def kit_formateur() -> Markup:
        site = state.get_site()
        return show("kit.md", fiches=site.fiches_in_order(),
                    principes=sorted(site.principes.values(), key=lambda p: p.numero),
                    raisons=sorted(site.raisons.values(), key=lambda r: r.numero),
                    modeles=sorted(getattr(site, "modeles", {}).values(), key=lambda m: m.id),
                    qr=partage.qr_path, site_url=env.conf["site_url"])

    @env.macro
    def donnees_ouvertes() -> Markup:
        sizes = {path: size for path, size in state.generated_sizes.items() if path.startswith(partage.OPEN_DATA + "/")}
        return show("donnees.md", fichiers=sorted(sizes.items()))

    def modeles_contexte(site: SiteData) -> dict[str, Any]:
        return {"entrees": documents.entrees(site), "tailles": dict(state.generated_sizes), "formats": documents.FORMATS,
                "chemin": documents.chemin, "taille": documents.taille_fr, "date_version": documents.date_version}

    @env.macro
    def modele_page(ident: str) -> Markup:
        site = state.get_site()
        context = modeles_contexte(site)
        entree = next(e for e in context["entrees"] if e.modele.id == ident)
        return show("modele.md", e=entree, m=entree.modele, **context,
                    decoupe=lambda text: documents.segments(text, entree.modele),
                    titre_division=documents.titre_division, blanc=documents.BLANC)

    @env.macro
    def modeles_liste() -> Markup:
        return show("modeles-liste.md", **modeles_contexte(state.get_site()))

