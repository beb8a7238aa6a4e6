"""The addresses of the site's pages, known from data/ and docs/ without MkDocs (for `make check`).

The build makes one page per hand-written file `docs/**/*.md` and the pages of macros/site/pages.py from data;
this module says the same from the validated data alone, so that a redirect can be checked against them
(macros/data/redirect_check.py). tests/test_sorties_sures.py compares it with the pages a build makes.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

from ..content.gabarits import FICHE_DE_MISSION
from ..content.kinds import BUILT_PAGES, KIND, KINDS, url_of
from .collections import SiteData

ALWAYS = tuple(url_of(path) for path in BUILT_PAGES)  # made by every build, of no kind of the registry


def docs_pages(docs_dir: Path) -> set[str]:
    """The addresses of the hand-written pages (links never followed: they are refused before)."""
    urls: set[str] = set()
    for current, dirs, files in os.walk(docs_dir, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # MkDocs leaves out « .* » (exclude_docs)
        for name in files:
            if name.endswith(".md") and not name.startswith("."):
                urls.add(url_of((Path(current) / name).relative_to(docs_dir).as_posix()))
    return urls


def data_pages(site: SiteData) -> set[str]:
    """The addresses of the pages made from data: those of the registry's kinds (macros/content/kinds.py)."""
    urls = set(ALWAYS)
    data = SimpleNamespace(site=site, entries=[])  # the templates' list is the documents': its pages are below
    for kind in KINDS:
        if kind.generated:
            urls.update(url_of(kind.path_of(ident, item)) for ident, item in kind.items(data))
    modele = KIND["modele"]
    urls.update(url_of(modele.path_for(ident)) for ident in site.modeles)
    if FICHE_DE_MISSION in site.modeles:
        urls.update(url_of(modele.path_for(f"{FICHE_DE_MISSION}-{ident}")) for ident in site.fiches)
    return urls


def site_pages(site: SiteData, docs_dir: Path) -> set[str]:
    """Every page address of the site, from its root: « », « fiches/pair-aidance/ »…"""
    return data_pages(site) | (docs_pages(docs_dir) if docs_dir.is_dir() else set())
