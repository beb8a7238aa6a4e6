"""Content models: fiches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .blocs import Item
from .sources import Source
from .types import FieldProblem, InlineText, Model, PlainText, Slug, Titre, Url
from .walk import Ref, walk


class Section(Model):
    """A section of a sheet: an optional paragraph, a list, an optional closing paragraph."""

    texte: InlineText | None = Field(default=None, description="Paragraphe d'introduction de la section.")
    elements: list[Item] = Field(default_factory=list, description="Les puces de la section, dans l'ordre du document.")
    apres: InlineText | None = Field(default=None, description="Paragraphe qui suit la liste.")
    source: Source | None = Field(
        default=None, description="Source propre à la section, si elle diffère de celle de la fiche."
    )

    @model_validator(mode="after")
    def _not_empty(self) -> Section:
        if not self.texte and not self.elements:
            raise ValueError("section vide — donnez un « texte » ou des « elements »")
        return self


class ValeurAjoutee(Model):
    pour: PlainText = Field(description="Le public concerné, tel que le guide l'écrit (ex. « Pour l'usager partenaire »).")
    elements: list[Item] = Field(min_length=1)


class Complement(Model):
    """An « en complément » resource: an article, a page, or a testimonial."""

    titre: Titre | None = Field(default=None, description="Titre de la ressource, mot pour mot.")
    description: InlineText | None = Field(default=None, description="Nature et auteur de la ressource.")
    lien: Url | None = None
    temoignage: Annotated[Slug, Ref("temoignages")] | None = Field(
        default=None, description="Identifiant d'un témoignage (data/temoignages) si la ressource en est un."
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Complement:
        if not self.titre and not self.temoignage:
            raise ValueError("ni titre ni témoignage — donnez un « titre » ou un « temoignage »")
        return self


class AutresExemples(Model):
    """A group of short examples under the sheet's own sub-heading, after its developed testimonials."""

    intertitre: Titre = Field(
        description="Le sous-titre du guide, mot pour mot (ex. « Autre exemple de Médiateur Santé Pair »)."
    )
    temoignages: list[Annotated[Slug, Ref("temoignages")]] = Field(
        min_length=1, description="Identifiants des témoignages de ce groupe (data/temoignages)."
    )


class CategorieHas(Model):
    categorie: Literal["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"] = Field(
        description="Numéro de la catégorie du catalogue des missions de la HAS."
    )
    titre: Titre
    source: Source
    activites: list[Item] = Field(
        min_length=1,
        description="Les activités de la catégorie HAS, mot pour mot ; « ajout_has: true » sur celles que le guide n'a pas.",
    )


ICONES = Literal["pair-aidance", "etp", "soins", "formation", "recherche", "ethique", "representation", "autre"]


class Fiche(Model):
    """A mission sheet (fiche-missions) of the guide."""

    id: Slug = Field(description="Identifiant de la fiche ; c'est aussi son adresse /fiches/<id>/ et le nom du fichier.")
    numero: int = Field(ge=1, description="Numéro de la fiche dans le guide.")
    titre: Titre
    description: InlineText = Field(description="La phrase qui résume la fiche.")
    icone: ICONES = "autre"
    source: Source
    besoin_initial: Section
    action: Section
    activites: Section
    lieux: Section
    territoire: Section | None = None
    acteurs: Section
    formation: Section | None = Field(default=None, description="« Formation », quand la fiche en donne une.")
    ressources: Section | None = None
    reglementation: Section | None = None
    modalites: Section | None = Field(default=None, description="« Modalités d'intervention », quand la fiche en donne.")
    competences: Section
    autres_criteres: Section | None = Field(
        default=None, description="« Autres critères (pré-requis) », quand la fiche en donne."
    )
    autres_criteres_titre: Titre = Field(
        default="Autres critères (pré-requis)",
        description="Le titre de la partie « autres_criteres », tel que la fiche l'écrit "
        "(ex. « Autres critères pour pouvoir intervenir »).",
    )
    valeur_ajoutee: list[ValeurAjoutee] = Field(min_length=1)
    exemples: list[Annotated[Slug, Ref("temoignages")]] = Field(
        default_factory=list, description="Identifiants des témoignages qui illustrent la fiche."
    )
    autres_exemples: list[AutresExemples] = Field(
        default_factory=list,
        description="D'autres exemples, sous les sous-titres que le guide leur donne, dans « Exemples ».",
    )
    en_complement: list[Complement] = Field(default_factory=list)
    has: CategorieHas

    @model_validator(mode="after")
    def _no_blank_marks(self) -> Fiche:
        """A sheet's texts make its pre-filled mission sheet (a downloadable template), where « [[ » and « ]] » mark
        a blank to fill: in a sheet they would make a blank that does not exist, and the documents could not be made."""
        for value, path in walk(self):
            if isinstance(value, str) and ("[[" in value or "]]" in value):
                raise FieldProblem(
                    ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "["),
                    "« [[ » ou « ]] » dans une fiche — ces signes marquent un blanc à remplir dans la fiche de mission "
                    "pré-remplie qui en est faite : écrivez « [ [ » ou « ] ] », ou des parenthèses",
                )
        return self


@dataclass(frozen=True)
class PartieFiche:
    """One section of a sheet as every output shows it: its anchor (#besoin-initial), field and heading."""

    ancre: str
    champ: str
    titre: str
    champ_titre: str = ""  # a field of the sheet that names this part in the sheet's own words, if it may


@dataclass(frozen=True)
class GroupeFiche:
    """A question that groups sections on the page (« Pourquoi ? »), with its own anchor."""

    ancre: str
    titre: str
    parties: tuple[PartieFiche, ...]


# The one table of a sheet's sections, in page order: read by the page template (fiche.md), the pre-filled
# mission-sheet documents, the trainer kit's table of anchors and the tests. Anchors are published URLs.
GROUPES_FICHE: tuple[GroupeFiche, ...] = (
    GroupeFiche(
        "pourquoi",
        "Pourquoi ?",
        (PartieFiche("besoin-initial", "besoin_initial", "Besoin initial"), PartieFiche("action", "action", "Action")),
    ),
    GroupeFiche("comment", "Comment ?", (PartieFiche("activites", "activites", "Activités"),)),
    GroupeFiche(
        "ou",
        "Où ?",
        (
            PartieFiche("lieux", "lieux", "Lieux d'exercice"),
            PartieFiche("territoire", "territoire", "Territoire géographique"),
        ),
    ),
    GroupeFiche(
        "qui",
        "Qui ?",
        (
            PartieFiche("acteurs", "acteurs", "Acteurs"),
            PartieFiche("formation", "formation", "Formation"),
            PartieFiche("ressources", "ressources", "Ressources"),
            PartieFiche("reglementation", "reglementation", "Réglementation"),
            PartieFiche("modalites", "modalites", "Modalités d'intervention"),
            PartieFiche("competences", "competences", "Savoirs et compétences mobilisés"),
            PartieFiche("autres-criteres", "autres_criteres", "Autres critères (pré-requis)", "autres_criteres_titre"),
        ),
    ),
)
VALEUR_AJOUTEE = PartieFiche("valeur-ajoutee", "valeur_ajoutee", "Valeur ajoutée")
PARTIES_FICHE: tuple[PartieFiche, ...] = (*(p for g in GROUPES_FICHE for p in g.parties), VALEUR_AJOUTEE)
