"""The addresses the theme's templates link to (overrides/: the header's search, the footer, the breadcrumb, the
404 page, the sharing card), from the registry of page kinds (content/kinds.py), never typed in a template:
`config.extra.up_adresses`. They depend on no data, so that the error page of `mkdocs serve` has them too."""

from __future__ import annotations

from ..content.kinds import (
    ACCESSIBILITY_PAGE,
    DOCS_PAGES,
    KIND,
    NEWS,
    OPEN_DATA_PAGE,
    SETTINGS_PAGE,
    SITE_MAP,
    TRAINER_KIT,
    url_of,
)


def theme_addresses() -> dict[str, str]:
    """Name → address from the site root (« facile-a-lire/ »); `parcours`: the folder of the paths' pages."""
    home = url_of(DOCS_PAGES["accueil"])
    return {
        "facile_a_lire": url_of(KIND["falc"].path_for("accueil", home)),  # the FALC home: the home page's twin
        "plan_du_site": url_of(SITE_MAP),
        "nouveautes": url_of(NEWS),
        "lexique": url_of(KIND["lexique"].path),
        "parcours": KIND["parcours"].path.partition("{id}")[0],
        "parametres_affichage": url_of(SETTINGS_PAGE),
        "accessibilite": url_of(ACCESSIBILITY_PAGE),
        "kit_formateur": url_of(TRAINER_KIT),
        "donnees_ouvertes": url_of(OPEN_DATA_PAGE),
    }
