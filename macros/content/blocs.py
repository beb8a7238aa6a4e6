"""Content models: blocs."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from .sources import Source
from .tableaux import TableauGroupe
from .types import BlockText, InlineText, Model, PlainText, Slug, Titre, Url, check_rows
from .walk import Ref


class Item(Model):
    """One bullet of a list; may hold a sub-list."""

    texte: InlineText = Field(description="Le texte de la puce, mot pour mot.")
    sous_elements: list[Item] = Field(default_factory=list, description="Puces de second niveau.")
    fiche: Annotated[Slug, Ref("fiches")] | None = Field(
        default=None, description="Fiche-mission à laquelle renvoie cette puce (« confer fiche-missions n°… »)."
    )
    lien: Url | None = Field(default=None, description="Lien web associé à la puce.")
    ajout_has: bool = Field(
        default=False, description="Vrai si l'activité est ajoutée par le catalogue de la HAS (absente du guide)."
    )
    source: Source | None = Field(
        default=None, description="Source propre à cette puce, si elle diffère de celle de la section."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"texte": data} if isinstance(data, str) else data


class Tableau(Model):
    legende: PlainText = Field(description="Titre du tableau (ex. « Tableau 1. … »).")
    entetes: list[PlainText] = Field(min_length=1, description="Les en-têtes de colonnes.")
    lignes: list[list[str]] = Field(
        min_length=1, description="Les lignes ; chaque ligne a autant de cellules que d'en-têtes."
    )

    @model_validator(mode="after")
    def _rect(self) -> Tableau:
        check_rows(self.entetes, self.lignes)
        return self


class Bloc(Model):
    """One block of running text: exactly one of paragraphe, liste, intertitre, encadre, citation, tableau,
    categories_has, note_redaction."""

    paragraphe: BlockText | None = None
    liste: list[Item] | None = None
    ordonnee: bool = Field(default=False, description="Liste numérotée.")
    intertitre: Titre | None = Field(default=None, description="Titre d'une sous-partie.")
    ancre: Slug | None = Field(
        default=None, description="Ancre stable de l'intertitre (#ancre) ; obligatoire avec « intertitre »."
    )
    niveau: Literal[2, 3, 4] = Field(default=2, description="Niveau de l'intertitre (2, 3 ou 4).")
    encadre: Encadre | None = None
    citation: BlockText | None = None
    auteur: PlainText | None = None
    tableau: Tableau | None = None
    tableau_groupe: TableauGroupe | None = Field(
        default=None, description="Tableau à en-têtes de colonnes regroupés (ex. Tableau 1 de l'avis de la HAS)."
    )
    note_redaction: BlockText | None = Field(
        default=None, description="Note de la rédaction (absente de la source), montrée comme telle."
    )
    categories_has: bool | None = Field(
        default=None,
        description="Vrai : la liste des catégories 2.1 à 2.7 du catalogue de la HAS, faite à partir des fiches "
        "(« has » de chaque fiche), avec un lien vers chacune.",
    )
    source: Source | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Bloc:
        kinds = [
            k
            for k in (
                "paragraphe",
                "liste",
                "intertitre",
                "encadre",
                "citation",
                "tableau",
                "tableau_groupe",
                "categories_has",
                "note_redaction",
            )
            if getattr(self, k) is not None
        ]
        if len(kinds) != 1:
            raise ValueError(
                "bloc vide ou double — un bloc contient exactement un de : paragraphe, liste, intertitre, "
                "encadre, citation, tableau, tableau_groupe, categories_has, note_redaction"
            )
        if self.intertitre is not None and self.ancre is None:
            raise ValueError("intertitre sans ancre — ajoutez une « ancre » (ex. ancre: secret-professionnel)")
        return self


class Encadre(Model):
    titre: Titre | None = None
    blocs: list[Bloc] = Field(min_length=1)


class Note(Model):
    numero: int = Field(ge=1, description="Numéro de la note de bas de page dans le document source.")
    texte: InlineText


Bloc.model_rebuild()
