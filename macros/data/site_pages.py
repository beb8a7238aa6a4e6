"""The addresses of the site's pages, known from data/ and docs/ without MkDocs (for `make check`).

The build makes one page per hand-written file `docs/**/*.md` and the pages of macros/site/pages.py from data;
this module says the same from the validated data alone, so that a redirect can be checked against them
(macros/data/redirect_check.py). tests/test_sorties_sures.py compares it with the pages a build makes.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import content as c
from .collections import SiteData

FALC = "facile-a-lire"
# Hand-written pages that a data page (« pages » collection) is shown on (macros/render/falc.PAGE_SOURCES).
PAGE_SOURCES = {
    "accueil": "index.md",
    "partenariat": "partenariat.md",
    "principes-introduction": "principes/index.md",
    "raisons-introduction": "raisons/index.md",
    "introduction": "introduction.md",
    "conclusion": "conclusion.md",
    "methodologie": "methodologie.md",
}
FICHE_DE_MISSION = "fiche-de-mission"  # the template filled once per sheet (macros/outputs/documents/tree.py)
ALWAYS = ("plan-du-site/", "nouveautes/", f"{FALC}/mots/")  # made by every build


def url_of(path: str) -> str:
    """« fiches/x/index.md » → « fiches/x/ », « a.md » → « a/ », « index.md » → « » (the home page)."""
    return path.removesuffix("index.md") if path.endswith("index.md") else path.removesuffix(".md") + "/"


def docs_pages(docs_dir: Path) -> set[str]:
    """The addresses of the hand-written pages (links never followed: they are refused before)."""
    urls: set[str] = set()
    for current, dirs, files in os.walk(docs_dir, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # MkDocs leaves out « .* » (exclude_docs)
        for name in files:
            if name.endswith(".md") and not name.startswith("."):
                urls.add(url_of((Path(current) / name).relative_to(docs_dir).as_posix()))
    return urls


def _falc_original(twin: c.Falc) -> str:
    if twin.type == "page":
        return url_of(PAGE_SOURCES.get(twin.cible, f"{twin.cible}.md"))
    return f"{twin.type}s/{twin.cible}/"


def data_pages(site: SiteData) -> set[str]:
    """The addresses of the pages made from data."""
    urls = set(ALWAYS)
    for coll in ("fiches", "principes", "raisons", "ateliers"):
        urls.update(f"{coll}/{ident}/" for ident in getattr(site, coll))
    urls.update(f"temoignages/fiche-{ident}/" for ident in site.fiches)
    urls.update(f"temoignages/profil-{profil}/" for profil in c.PROFIL_LABELS)
    urls.update(f"{_falc_original(twin)}{FALC}/" for twin in site.falc.values())
    urls.update(f"parcours/{p.id}/" for p in site.parcours.values() if p.etapes)
    urls.update(f"modeles/{ident}/" for ident in site.modeles)
    if FICHE_DE_MISSION in site.modeles:
        urls.update(f"modeles/{FICHE_DE_MISSION}-{ident}/" for ident in site.fiches)
    return urls


def site_pages(site: SiteData, docs_dir: Path) -> set[str]:
    """Every page address of the site, from its root: « », « fiches/pair-aidance/ »…"""
    return data_pages(site) | (docs_pages(docs_dir) if docs_dir.is_dir() else set())
