"""Where the easy-to-read (FALC) pages live, and how they are grouped in the FALC home's list of pages.

A FALC text is the twin of one page; it is published beside it, under the original's URL (…/facile-a-lire/).
The FALC home (/facile-a-lire/, the twin of the home page) lists them all; the easy-to-read lexicon is
/facile-a-lire/mots/.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import content as c
from ..content.kinds import DOCS_PAGES, FALC_NAME, KIND, LEXICON_TITLE, falc_path, original_path
from ..data.collections import SiteData

__all__ = ["DOCS_PAGES", "FALC_NAME", "LEXICON_TITLE", "falc_path", "original_path"]
LEXICON_PATH = KIND["falc-mots"].path  # the easy-to-read lexicon: the terms that have a `definition_facile`


def is_falc_source(site: SiteData, src_uri: str) -> bool:
    """True for the source path of a FALC page (a twin or the easy-to-read lexicon)."""
    return src_uri == LEXICON_PATH or any(src_uri == falc_path(t) for t in site.falc.values())


@dataclass(frozen=True)
class Group:
    titre: str
    pictogramme: str
    pages: list[c.Falc]


def _number(site: SiteData, twin: c.Falc) -> tuple[int, ...]:
    if twin.type == "fiche":
        return (site.fiches[twin.cible].numero,)
    if twin.type == "principe":
        return tuple(int(n) for n in site.principes[twin.cible].numero.split("."))
    if twin.type == "raison":
        return tuple(int(n) for n in site.raisons[twin.cible].numero.split("."))
    return (0,)


def groups(site: SiteData) -> list[Group]:
    """The FALC pages by kind, each group in the guide's order: the guide, the sheets, the principles, the reasons.

    The FALC home, which shows this list, is not in it; the introduction to the principles (to the reasons)
    opens the principles' (reasons') group."""
    twins = sorted((t for t in site.falc.values() if not t.liste_des_pages), key=lambda t: (_number(site, t), t.id))
    intro = {"principes-introduction": "principe", "raisons-introduction": "raison"}
    kind = {t.id: intro.get(t.cible, t.type) if t.type == "page" else t.type for t in twins}
    guide = [t for t in twins if kind[t.id] == "page"]

    def of(k: str) -> list[c.Falc]:
        return sorted((t for t in twins if kind[t.id] == k), key=lambda t: t.type != "page")

    fiches, principes, raisons = of("fiche"), of("principe"), of("raison")
    return [
        g
        for g in (
            Group("Le guide", "guide", guide),
            Group(f"Les {len(fiches)} fiches-missions", "fiche", fiches),
            Group(f"Les {sum(t.type == 'principe' for t in principes)} principes de la HAS", "has", principes),
            Group(f"Les {sum(t.type == 'raison' for t in raisons)} raisons de la HAS", "raison", raisons),
        )
        if g.pages
    ]


def neighbours(site: SiteData, ident: str) -> tuple[c.Falc | None, c.Falc | None]:
    """The FALC pages before and after this one, in the order of the FALC home's list."""
    home = [t for t in site.falc.values() if t.liste_des_pages]
    order = home + [t for g in groups(site) for t in g.pages]
    ids = [t.id for t in order]
    n = ids.index(ident)
    return (order[n - 1] if n > 0 else None, order[n + 1] if n + 1 < len(order) else None)
