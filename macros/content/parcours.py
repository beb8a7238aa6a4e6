"""Content models: paths by need (parcours) and the « Quelle fiche est pour moi ? » guide (orientation).

Both are editorial: the site's own proposals for finding one's way in the sources, shown as « proposition de la
rédaction ». They link data items by id (checked in macros/data/references.py) and say why, in one line.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from .types import BlockText, InlineText, Model, PlainText, Slug, Titre, check_inline, check_plain, one_target
from .walk import Ref

# The kinds of item a step can name: field of the step → collection of its id.
ETAPE_CIBLES = {
    "fiche": "fiches",
    "principe": "principes",
    "raison": "raisons",
    "modele": "modeles",
    "temoignage": "temoignages",
}
TARGETS = (*ETAPE_CIBLES, "page")
DocPath = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9-]+(/[a-z0-9-]+)*\.md$",
        description="Page écrite à la main, chemin dans docs/ (ex. « has/essentiel.md », « lexique/index.md »).",
    ),
]
SitePath = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9-]+(/[a-z0-9-]+)*/$",
        description="Adresse d'une page du site, depuis la racine, terminée par « / » (ex. « facile-a-lire/ »).",
    ),
]
OneLine = Annotated[
    str,
    Field(min_length=1, max_length=240, description="Une ligne : pourquoi ce lien sert à ce moment du parcours."),
    AfterValidator(check_plain),
    AfterValidator(check_inline),
]


class Etape(Model):
    """One link of a path: a sheet, a principle, a reason, a template, a testimonial or a page, and why."""

    fiche: Annotated[Slug, Ref("fiches")] | None = None
    principe: Annotated[Slug, Ref("principes")] | None = None
    raison: Annotated[Slug, Ref("raisons")] | None = None
    modele: Annotated[Slug, Ref("modeles")] | None = None
    temoignage: Annotated[Slug, Ref("temoignages")] | None = None
    page: DocPath | None = None
    titre: Titre | None = Field(
        default=None, description="Texte du lien, pour une « page » seulement (les autres cibles ont leur titre)."
    )
    pourquoi: OneLine

    @model_validator(mode="after")
    def _one_target(self) -> Etape:
        one_target(self, TARGETS, "une étape nomme")
        if (self.page is None) != (self.titre is None):
            raise ValueError("« titre » (le texte du lien) va avec « page », et seulement avec elle")
        return self

    @property
    def cible(self) -> tuple[str, str]:
        """(field, value) of the one target."""
        return one_target(self, TARGETS, "une étape nomme")


class Parcours(Model):
    """A path by need: who it is for, then the links that serve them, in the order they need them."""

    id: Slug
    ordre: int = Field(ge=1, description="Place sur la page d'accueil (1 en premier).")
    titre: Titre = Field(description="Le besoin, à la première personne (ex. « Je forme des professionnels »).")
    accroche: OneLine = Field(description="Une ligne sous le lien, sur la page d'accueil.")
    introduction: BlockText | None = Field(default=None, description="Deux ou trois phrases en tête du parcours.")
    etapes: list[Etape] = Field(default_factory=list, description="Les liens, dans l'ordre où on en a besoin.")
    vers: SitePath | None = Field(
        default=None, description="Au lieu d'étapes : la page où mène ce besoin (ex. « facile-a-lire/ »)."
    )

    @model_validator(mode="after")
    def _steps_or_target(self) -> Parcours:
        steps, target = len(self.etapes) >= 2 and self.vers is None, self.vers is not None and not self.etapes
        if not (steps or target):
            raise ValueError("un parcours a soit au moins deux « etapes », soit une page « vers » (et pas les deux)")
        return self


class Reponse(Model):
    """One answer of the guide: it ends on a sheet, or asks a further question."""

    texte: InlineText
    fiche: Annotated[Slug, Ref("fiches")] | None = Field(default=None, description="La fiche-mission où mène cette réponse.")
    pourquoi: OneLine | None = Field(default=None, description="Une ligne : pourquoi cette fiche.")
    question: PlainText | None = Field(default=None, description="Une question de plus, si la réponse ne suffit pas.")
    reponses: list[Reponse] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ends_or_asks(self) -> Reponse:
        ends = self.fiche is not None and self.question is None and not self.reponses
        asks = self.fiche is None and self.question is not None and len(self.reponses) >= 2
        if not (ends or asks):
            raise ValueError(
                "une réponse mène soit à une « fiche », soit à une « question » suivie d'au moins deux « reponses »"
            )
        return self


class Orientation(Model):
    """The « Quelle fiche est pour moi ? » guide: a few questions answered by links, ending on a sheet."""

    id: Slug
    titre: Titre
    question: PlainText
    reponses: list[Reponse] = Field(min_length=2)

    def fiches(self) -> list[tuple[str, tuple[int, ...]]]:
        """Every sheet the guide ends on, with its path of answer indexes (for the cross-reference check)."""
        out: list[tuple[str, tuple[int, ...]]] = []

        def walk(answers: list[Reponse], path: tuple[int, ...]) -> None:
            for i, r in enumerate(answers):
                if r.fiche:
                    out.append((r.fiche, path + (i,)))
                walk(r.reponses, path + (i,))

        walk(self.reponses, ())
        return out
