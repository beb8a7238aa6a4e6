"""The kinds of data (one registry), and the validated content of a build."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from .. import content as c
from ..content.suivi import Nouveaute, Verification
from .problems import Path_


@dataclass(frozen=True)
class Collection:
    """A kind of data: where its files are and what model each item follows."""

    name: str
    pattern: str
    model: type[BaseModel]
    many: bool = False  # a file holds a list of items rather than one item
    id_is_filename: bool = True
    schema: str = ""  # name of its JSON Schema file, when it is not the model's (schemas/<schema>.schema.json)
    noun: str = ""  # what an item is called in a message about a reference to it (« fiche « x » introuvable »)


COLLECTIONS: tuple[Collection, ...] = (
    Collection("sources", "sources.yml", c.Document, many=True, id_is_filename=False, noun="document"),
    Collection("fiches", "fiches/*.yml", c.Fiche, noun="fiche"),
    Collection("temoignages", "temoignages/*.yml", c.Temoignage, noun="témoignage"),
    Collection("principes", "principes/*.yml", c.Principe, noun="principe"),
    Collection("raisons", "raisons/*.yml", c.Raison, noun="raison"),
    Collection("pages", "pages/*.yml", c.Page),
    Collection("lexique", "lexique/*.yml", c.Terme, noun="terme"),
    Collection("sigles", "sigles.yml", c.Sigle, many=True, id_is_filename=False),
    Collection("references", "references/*.yml", c.Reference, many=True, id_is_filename=False),
    Collection("ateliers", "ateliers/*.yml", c.Atelier),
    Collection("falc", "falc/*.yml", c.Falc, noun="texte facile à lire"),
    Collection("redirections", "redirections.yml", c.Redirection, many=True, id_is_filename=False),
    Collection("modeles", "modeles/*.yml", c.Gabarit, schema="modele", noun="modèle"),
    Collection("synonymes", "synonymes.yml", c.GroupeSynonymes, many=True, id_is_filename=False),
    Collection("raccourcis", "raccourcis.yml", c.Raccourci, many=True, id_is_filename=False),
    Collection("parcours", "parcours/*.yml", c.Parcours),
    Collection("orientation", "orientation.yml", c.Orientation, id_is_filename=False),
    Collection("nouveautes", "nouveautes.yml", Nouveaute, many=True, id_is_filename=False),
    Collection("verification", "verification.yml", Verification, id_is_filename=False),
)


@dataclass
class SiteData:
    """All validated content, by collection, each a dict id → model, in a stable order."""

    sources: dict[str, c.Document] = field(default_factory=dict)
    fiches: dict[str, c.Fiche] = field(default_factory=dict)
    temoignages: dict[str, c.Temoignage] = field(default_factory=dict)
    principes: dict[str, c.Principe] = field(default_factory=dict)
    raisons: dict[str, c.Raison] = field(default_factory=dict)
    pages: dict[str, c.Page] = field(default_factory=dict)
    lexique: dict[str, c.Terme] = field(default_factory=dict)
    sigles: dict[str, c.Sigle] = field(default_factory=dict)
    references: dict[str, c.Reference] = field(default_factory=dict)
    ateliers: dict[str, c.Atelier] = field(default_factory=dict)
    falc: dict[str, c.Falc] = field(default_factory=dict)
    redirections: dict[str, c.Redirection] = field(default_factory=dict)
    modeles: dict[str, c.Gabarit] = field(default_factory=dict)
    synonymes: dict[str, c.GroupeSynonymes] = field(default_factory=dict)
    raccourcis: dict[str, c.Raccourci] = field(default_factory=dict)  # the search's « Accès direct » links
    parcours: dict[str, c.Parcours] = field(default_factory=dict)
    orientation: dict[str, c.Orientation] = field(default_factory=dict)
    nouveautes: dict[str, Nouveaute] = field(default_factory=dict)  # the journal, newest first as written
    verification: dict[str, Verification] = field(default_factory=dict)  # one item: the review dates
    files: dict[tuple[str, str], tuple[str, Path_]] = field(default_factory=dict)  # (collection, id) → (file, path in file)

    def fiches_in_order(self) -> list[c.Fiche]:
        return sorted(self.fiches.values(), key=lambda f: f.numero)

    def parcours_in_order(self) -> list[c.Parcours]:
        return sorted(self.parcours.values(), key=lambda p: (p.ordre, p.id))
