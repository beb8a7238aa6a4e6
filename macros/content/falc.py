"""Content models: falc."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator

from .blocs import Bloc, Item
from .sources import Source
from .types import CalendarDate, InlineText, Model, PlainText, Slug, Titre, check_inline
from .walk import Ref

# The pictograms a FALC text may name: docs/assets/icones/falc/<nom>.svg (icons of the theme's own sets, copied
# there; tests/test_falc_lieu.py checks that each has its file).
PICTOGRAMMES = Literal[
    "accueil",
    "apports",
    "argent",
    "comment",
    "exemple",
    "fiche",
    "formation",
    "guide",
    "has",
    "idee",
    "info",
    "lieu",
    "mots",
    "participer",
    "personnes",
    "question",
    "raison",
    "recherche",
    "role",
    "soins",
    "suite",
    "valeurs",
    "voix",
]


class MotExplique(Model):
    # Printed at the start of a line (a term of the page's list of words): no Markdown block may begin it.
    mot: Annotated[PlainText, AfterValidator(check_inline)] = Field(
        description="Le mot difficile ou le sigle, tel qu'il apparaît dans le texte."
    )
    explication: InlineText = Field(description="Son explication, en phrases courtes.")


class ItemFalc(Item):
    """One bullet of an easy-to-read list; it may lead to another easy-to-read page."""

    page: Annotated[Slug, Ref("falc")] | None = Field(
        default=None,
        description="Le texte facile à lire auquel mène cette puce : son identifiant (ex. principe-egalite-consideration).",
    )


class BlocFalc(Bloc):
    """A block of an easy-to-read text: a block of running text, with the pictogram shown beside it."""

    liste: list[ItemFalc] | None = None  # type: ignore[assignment]  # narrower items: pydantic re-validates
    pictogramme: PICTOGRAMMES | None = Field(
        default=None,
        description="Le pictogramme montré à côté du bloc (obligatoire avec « intertitre ») : un nom de "
        "docs/assets/icones/falc/ sans « .svg ».",
    )


class Falc(Model):
    """An easy-to-read (FALC) twin of a page, written from the source without adding facts."""

    id: Slug = Field(description="Identifiant : <type>-<cible> (ex. fiche-pair-aidance) ; c'est le nom du fichier.")
    type: Literal["fiche", "principe", "raison", "page"] = Field(description="Le genre de page dont ce texte est le jumeau.")
    cible: Slug = Field(description="L'identifiant de la page jumelle (ex. pair-aidance), ou « accueil ».")
    titre: Titre
    resume: InlineText = Field(
        description="Une phrase facile (15 mots au plus) qui dit de quoi parle la page : elle est montrée dans la "
        "liste des pages faciles à lire (/facile-a-lire/)."
    )
    pictogramme: PICTOGRAMMES = Field(
        description="Le pictogramme de la page dans la liste des pages faciles à lire : un nom de "
        "docs/assets/icones/falc/ sans « .svg »."
    )
    blocs: list[BlocFalc] = Field(
        min_length=1, description="Le texte facile à lire : paragraphes courts, listes, intertitres."
    )
    liste_des_pages: bool = Field(
        default=False,
        description="Vrai pour l'accueil facile à lire (/facile-a-lire/) seulement : la liste de toutes les pages "
        "faciles à lire, par groupe, est montrée après ses blocs.",
    )
    mots: list[MotExplique] = Field(default_factory=list, description="Les mots difficiles et les sigles, expliqués.")
    relu_par: list[PlainText] = Field(
        default_factory=list,
        description="Noms des personnes qui ont relu ce texte FALC (laisser vide s'il n'a pas été relu).",
    )
    relu_le: CalendarDate | None = Field(
        default=None, description="Date de la relecture, AAAA-MM-JJ (avec « relu_par » seulement)."
    )

    def source_de(self, site: Any) -> Source | None:
        """The source of the page this text is the twin of (None for a page of the site's own, the home)."""
        found = {"fiche": site.fiches, "principe": site.principes, "raison": site.raisons, "page": site.pages}
        twin = found[self.type].get(self.cible)
        return twin.source if twin is not None else None

    @model_validator(mode="after")
    def _id(self) -> Falc:
        if self.relu_le is not None and not self.relu_par:
            raise ValueError("« relu_le » sans « relu_par » — donnez aussi les noms des personnes qui ont relu")
        if self.id != f"{self.type}-{self.cible}":
            raise ValueError(f"id incohérent — l'id doit être « {self.type}-{self.cible} » (type-cible)")
        for n, bloc in enumerate(self.blocs, 1):
            if bloc.intertitre is not None and bloc.pictogramme is None:
                raise ValueError(
                    f"bloc {n} (« {bloc.intertitre} ») : donnez-lui un « pictogramme » — chaque "
                    "intertitre d'un texte facile à lire a le sien"
                )
        return self
