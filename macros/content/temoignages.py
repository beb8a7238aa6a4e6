"""Content models: temoignages."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .sources import Source
from .types import BlockText, InlineText, Model, PartialDate, PlainText, Slug
from .walk import Ref

# The one list of profiles: the key written in the YAML → the label of its testimonial filter.
PROFIL_LABELS = {
    "patient": "Patients partenaires",
    "proche-aidant": "Proches aidants partenaires",
    "professionnel": "Professionnels",
    "representant-usagers": "Représentants des usagers",
    "chercheur": "Chercheurs",
}
PROFILS = Literal[tuple(PROFIL_LABELS)]  # type: ignore[valid-type]
# When a profile filter has no testimonial, the profiles offered instead, nearest first.
PROFIL_VOISINS = {
    "patient": ("proche-aidant", "representant-usagers"),
    "proche-aidant": ("patient", "representant-usagers"),
    "professionnel": ("chercheur", "patient"),
    "representant-usagers": ("patient", "proche-aidant"),
    "chercheur": ("professionnel", "patient"),
}


class Personne(Model):
    nom: PlainText
    role: PlainText | None = None
    structure: PlainText | None = None
    profils: list[PROFILS] = Field(  # type: ignore[valid-type]
        min_length=1,
        description="Un ou plusieurs profils, selon les mots de la source : patient, proche-aidant, professionnel, "
        "representant-usagers ou chercheur (ex. « proche-aidant partenaire » et « chercheur patient » : "
        "[chercheur, proche-aidant]).",
    )

    @model_validator(mode="after")
    def _distinct(self) -> Personne:
        if len(set(self.profils)) != len(self.profils):
            raise ValueError("profil en double dans « profils » — citez chaque profil une seule fois")
        return self


class Passage(Model):
    """One paragraph of a testimonial: a narrative (recit) or a quote (citation), never both."""

    recit: BlockText | None = None
    citation: BlockText | None = Field(default=None, description="Citation, mot pour mot, sans guillemets.")
    auteur: PlainText | None = Field(default=None, description="Nom de la personne citée, si le témoignage en a plusieurs.")
    note_redaction: BlockText | None = Field(
        default=None, description="Note de la rédaction sur ce passage (absente de la source), montrée comme telle."
    )

    @model_validator(mode="after")
    def _one(self) -> Passage:
        if (self.recit is None) == (self.citation is None):
            raise ValueError("passage incomplet ou double — donnez soit « recit », soit « citation »")
        return self


class Temoignage(Model):
    """A testimonial, or an « en complément » example, of the guide."""

    id: Slug
    type: Literal["temoignage", "complement"] = Field(
        description="« temoignage » (exemple développé) ou « complement » (exemple cité en complément)."
    )
    fiche: Annotated[Slug, Ref("fiches")] = Field(description="La fiche-mission qu'il illustre.")
    titre: InlineText = Field(description="La phrase de présentation du guide, mot pour mot.")
    personnes: list[Personne] = Field(min_length=1)
    evenement: PlainText | None = None
    date: PartialDate | None = None
    video: bool = Field(default=False, description="Vrai si le guide signale une vidéo (« Voir le témoignage »).")
    source: Source
    contenu: list[Passage] = Field(default_factory=list)

    @property
    def profils(self) -> list[str]:
        """The profiles of its people, in the order of PROFIL_LABELS, each once."""
        keys = {k for p in self.personnes for k in p.profils}
        return [k for k in PROFIL_LABELS if k in keys]
