"""Macros of docs/*.md whose first argument is an id, and the collection it names.

The one registry read by the data check (macros/data/docs_check.py) and
by the views (macros/render/views.py): a macro listed here is a view, and its id is checked by `make check`.
"""

ID_MACROS = {
    "fiche_page": "fiches",
    "page_texte": "pages",
    "principe_page": "principes",
    "raison_page": "raisons",
    "atelier_page": "ateliers",
    "falc_page": "falc",
    "modele_page": "modeles",
    "parcours_page": "parcours",
}
