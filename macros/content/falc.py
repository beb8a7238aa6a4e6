"""Content models: falc."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .blocs import Bloc
from .types import Model, Slug, Text


class MotExplique(Model):
    mot: Text = Field(description="Le mot difficile ou le sigle, tel qu'il apparaît dans le texte.")
    explication: Text = Field(description="Son explication, en phrases courtes.")


class Falc(Model):
    """An easy-to-read (FALC) twin of a page, written from the source without adding facts."""

    id: Slug = Field(description="Identifiant : <type>-<cible> (ex. fiche-pair-aidance) ; c'est le nom du fichier.")
    type: Literal["fiche", "principe", "raison", "page"] = Field(description="Le genre de page dont ce texte est le jumeau.")
    cible: Slug = Field(description="L'identifiant de la page jumelle (ex. pair-aidance), ou « accueil ».")
    titre: Text
    blocs: list[Bloc] = Field(min_length=1, description="Le texte facile à lire : paragraphes courts, listes, intertitres.")
    mots: list[MotExplique] = Field(default_factory=list, description="Les mots difficiles et les sigles, expliqués.")
    relu_par: list[Text] = Field(
        default_factory=list,
        description="Noms des personnes qui ont relu ce texte FALC (laisser vide s'il n'a pas été relu).",
    )

    @model_validator(mode="after")
    def _id(self) -> Falc:
        if self.id != f"{self.type}-{self.cible}":
            raise ValueError(f"id incohérent — l'id doit être « {self.type}-{self.cible} » (type-cible)")
        return self
