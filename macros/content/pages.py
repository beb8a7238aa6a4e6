"""Content models: pages."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .blocs import Bloc, Note
from .sources import Source
from .types import CalendarDate, InlineText, Model, PlainText, Slug, Titre
from .walk import Ref


class Page(Model):
    """A page of running text: introduction, partnership, conclusion, methodology, reasons…"""

    id: Slug
    titre: Titre
    resume: InlineText | None = Field(default=None, description="Une phrase qui dit de quoi parle la page.")
    source: Source
    blocs: list[Bloc] = Field(min_length=1)
    notes: list[Note] = Field(default_factory=list, description="Notes de bas de page, numérotées comme dans la source.")
    references: list[int] = Field(
        default_factory=list, description="Numéros des références bibliographiques de la HAS citées."
    )


class Principe(Page):
    """One of the seven principles of the HAS guide (section 3)."""

    numero: Literal["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"]
    fiches: list[Annotated[Slug, Ref("fiches")]] = Field(
        default_factory=list, description="Les fiches-missions que ce principe concerne le plus."
    )
    fiches_source: Literal["ajout éditorial"] | None = Field(
        default=None,
        description="D'où vient le rattachement aux fiches : « ajout éditorial » (aucun document source ne le fait).",
    )

    @model_validator(mode="after")
    def _mapping_says_whose(self) -> Principe:
        if self.fiches and self.fiches_source is None:
            raise ValueError(
                "« fiches » sans « fiches_source » — ce rattachement n'est dans aucun document source : "
                "ajoutez « fiches_source: ajout éditorial »"
            )
        return self


class Raison(Page):
    """One of the five reasons of the HAS guide (section 1)."""

    numero: Literal["1.1", "1.2", "1.3", "1.4", "1.5"]


class Atelier(Page):
    """A COPS practice workshop synthesis."""

    date: CalendarDate
    organisateur: PlainText
