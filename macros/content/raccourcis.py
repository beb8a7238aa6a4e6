"""Content model: the search's shortcuts, shown as « Accès direct » above its results (data/raccourcis.yml).

A direct link is shown above the search results when every word of the query is one of its words: it serves the
words people use for a page that its own text does not say (the easy-to-read home never writes « facile à lire »).
Its target is an item of the data, by id (a `Ref`, checked with every reference), or a page of the site by its
address (checked against the site's pages by macros/data/references.py); its address is the registry's.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from .parcours import SitePath
from .types import Model, Slug, Titre, check_plain, one_target
from .walk import Ref

# The kinds of item a direct link can name: field → collection of its id (the field is the registry's kind name).
RACCOURCI_CIBLES = {
    "fiche": "fiches",
    "principe": "principes",
    "raison": "raisons",
    "parcours": "parcours",
    "modele": "modeles",
}
TARGETS = (*RACCOURCI_CIBLES, "page")


def folded(word: str) -> str:
    """A word as the search compares it (docs/assets/recherche.js `fold`): lower case, no accent, œ → oe."""
    decomposed = unicodedata.normalize("NFD", word.replace("œ", "oe").replace("æ", "ae").lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _one_word(word: str) -> str:
    value = folded(word)
    if not value.isascii() or not value.isalnum():
        raise ValueError(
            f"« {word} » n'est pas un mot seul — écrivez un mot par élément de la liste, sans espace, apostrophe "
            "ni tiret (ex. « remuneration », « aidant »)"
        )
    return value


Mot = Annotated[
    str,
    Field(min_length=2, max_length=40, description="Un mot, au singulier (accents et majuscules sont permis)."),
    AfterValidator(check_plain),  # a plain text (never Markdown nor HTML), then one word
    AfterValidator(_one_word),
]


class Raccourci(Model):
    """A direct link of the search: its text, its target, and the words that show it."""

    id: Slug
    titre: Titre = Field(description="Le texte du lien, tel que le lecteur le voit (ex. « Être payé : … »).")
    fiche: Annotated[Slug, Ref("fiches")] | None = None
    principe: Annotated[Slug, Ref("principes")] | None = None
    raison: Annotated[Slug, Ref("raisons")] | None = None
    parcours: Annotated[Slug, Ref("parcours")] | None = None
    modele: Annotated[Slug, Ref("modeles")] | None = None
    page: SitePath | None = Field(
        default=None,
        description="Au lieu d'un élément : l'adresse d'une page du site, sans le domaine (ex. « lexique/ »).",
    )
    mots: list[Mot] = Field(
        min_length=1,
        description="Les mots qui montrent ce lien : il apparaît quand chaque mot cherché est dans cette liste.",
    )
    requis: list[Mot] = Field(
        default_factory=list,
        description="Si donnés : le lien n'apparaît que si l'un de ces mots est cherché (chacun est aussi dans « mots »).",
    )

    @model_validator(mode="after")
    def _one_target(self) -> Raccourci:
        one_target(self, TARGETS, "un raccourci mène à")
        missing = [w for w in self.requis if w not in self.mots]
        if missing:
            raise ValueError(
                f"« {missing[0]} » est dans « requis » mais pas dans « mots » — ajoutez-le à « mots », sinon le lien "
                "ne s'afficherait jamais pour lui"
            )
        return self

    @property
    def cible(self) -> tuple[str, str]:
        """(field, value) of the one target: a kind of the registry and an id, or « page » and an address."""
        return one_target(self, TARGETS, "un raccourci mène à")
