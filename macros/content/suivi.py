"""Content models: what changed for readers (« Nouveautés ») and when the content was last checked against its
sources (« Contenu vérifié le … »)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from .types import CalendarDate, Model, Slug, Titre, check_plain

# A file of the project whose content makes pages: data/… or docs/…, relative, without « .. ».
FICHIER = r"^(data|docs)(/[A-Za-z0-9_][A-Za-z0-9_.-]*)+$"
Fichier = Annotated[
    str,
    Field(
        pattern=FICHIER,
        description="Chemin d'un fichier de contenu, depuis le dossier du projet (ex. data/fiches/pair-aidance.yml, "
        "docs/accessibilite.md).",
    ),
]
# Plain text: shown as written, never read as Markdown (no link, no emphasis), on the page and in the feed.
# (Titre, from types.py: plain text on one line, 160 characters at most.)
Details = Annotated[
    str,
    Field(min_length=1, max_length=1200, description="Texte simple, quelques phrases (1 200 caractères au plus)."),
    AfterValidator(check_plain),
]


class Nouveaute(Model):
    """One entry of the « Nouveautés » journal (data/nouveautes.yml): what a reader can notice, in French."""

    id: Slug = Field(
        description="Identifiant unique et stable de l'annonce (ex. « recherche-synonymes ») : c'est "
        "l'adresse de l'annonce dans la page et dans le flux ; ne le changez plus une fois publié."
    )
    date: CalendarDate = Field(description="Date du changement sur le site, AAAA-MM-JJ.")
    titre: Titre = Field(description="Ce qui a changé, pour un lecteur, en une phrase (texte simple, sans Markdown).")
    details: Details | None = Field(
        default=None, description="Précisions pour le lecteur, si besoin (texte simple, sans Markdown)."
    )
    fichiers: list[Fichier] = Field(
        default_factory=list,
        description="Les fichiers de contenu modifiés (data/… ou docs/…) : le site en déduit les pages concernées, "
        "qu'il nomme et relie. Vide pour un changement de tout le site (présentation, recherche…).",
    )


class Verification(Model):
    """When the content was last checked against its sources, and how often it must be (data/verification.yml)."""

    id: Slug = Field(description="Toujours « verification ».")
    periode_mois: int = Field(
        ge=1, le=36, description="Délai entre deux vérifications, en mois (ex. 12) : la page annonce la suivante."
    )
    par_defaut: dict[str, CalendarDate] = Field(
        description="Pour chaque collection (fiches, principes…, et « docs » pour les pages écrites à la main) : "
        "la date où tous ses fichiers ont été vérifiés contre les sources."
    )
    fichiers: dict[Fichier, CalendarDate] = Field(
        default_factory=dict,
        description="Un fichier vérifié seul, plus tard que sa collection : sa date (AAAA-MM-JJ).",
    )
