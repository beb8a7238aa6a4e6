"""The data of the current build: loaded and validated once, in the `on_config` hook."""

from __future__ import annotations

from .loader import SiteData

_site: SiteData | None = None
# Sizes in bytes of the files generated for this build (open data, documents), by site path.
generated_sizes: dict[str, int] = {}


def set_site(site: SiteData) -> None:
    global _site
    _site = site


def get_site() -> SiteData:
    if _site is None:
        raise RuntimeError("les données ne sont pas chargées (le hook macros/hooks.py doit s'exécuter d'abord)")
    return _site
