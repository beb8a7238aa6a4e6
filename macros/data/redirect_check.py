"""The redirects registry (data/redirections.yml) against the site's pages: each old address leads to a page that
exists, never in a loop, and none hides a real page (the redirect would silently replace it)."""

from __future__ import annotations

import difflib
from pathlib import Path

from .collections import SiteData
from .problems import Problem, dotted
from .site_pages import site_pages
from .yaml_source import Located

COLL = "redirections"


def _page(address: str) -> str:
    return address.split("#", 1)[0]


def _shown(address: str) -> str:
    return address or "(accueil)"


def check_redirections(
    site: SiteData, positions: dict[str, Located], docs_dir: Path, broken: set[str] | frozenset[str] = frozenset()
) -> list[Problem]:
    """Problems of the redirects; a target whose page comes from an item already reported as invalid (`broken`),
    or any target when there is no docs/ to know the hand-written pages from, is not reported again."""
    if not site.redirections:
        return []
    known = docs_dir.is_dir()
    pages = site_pages(site, docs_dir)
    olds = {r.ancien: r for r in site.redirections.values()}
    problems: list[Problem] = []

    def report(key: str, field: str, message: str) -> None:
        rel, base = site.files[(COLL, key)]
        located = positions.get(rel)
        line, col = located.where(base + (field,)) if located is not None else (1, 1)
        problems.append(Problem(rel, line, col, dotted(base + (field,)), message))

    for key, r in site.redirections.items():
        if r.ancien in pages:
            report(
                key,
                "ancien",
                f"« {r.ancien} » est une page du site : cette redirection la remplacerait et la page disparaîtrait "
                "— supprimez cette redirection, ou corrigez l'ancienne adresse",
            )
            continue
        target = _page(r.nouveau)
        if target in pages:
            continue
        if target in olds:  # an old address leading to another: an error only if it comes back here
            chain, step = [r.ancien], target
            while step in olds and step not in pages and step not in chain:
                chain.append(step)
                step = _page(olds[step].nouveau)
            if step == r.ancien:
                loop = " → ".join(_shown(a) for a in [*chain, step])
                report(key, "nouveau", f"boucle de redirections : {loop} — faites mener « nouveau » à une page qui existe")
        elif known and not broken.intersection(target.split("/")):
            near = difflib.get_close_matches(target, sorted(pages), n=1, cutoff=0.6)
            hint = f"vouliez-vous écrire « {near[0]} » ? " if near else ""
            report(
                key,
                "nouveau",
                f"la page « {_shown(target)} » n'existe pas dans le site — {hint}écrivez l'adresse d'une page "
                "existante, sans le domaine (ex. fiches/pair-aidance/)",
            )
    return problems
