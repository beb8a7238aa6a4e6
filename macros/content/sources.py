"""Content models: sources."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .types import InlineText, Model, PartialDate, PlainText, Slug, Titre, Url
from .walk import Ref

EDITORIAL = "ajout éditorial"  # in data: what the site adds to the sources (a mapping, an expansion)
EDITORIAL_NOTE = "proposition de la rédaction, absente des documents sources"  # where it is shown


class Source(Model):
    """Where a piece of content comes from."""

    document: Annotated[Slug, Ref("sources")] = Field(description="Identifiant du document source (voir data/sources.yml).")
    section: PlainText = Field(description="Partie du document : titre ou numéro de section.")
    page: int | None = Field(default=None, ge=1, description="Page du document source, si connue.")


class Document(Model):
    """A source document."""

    id: Slug
    titre: Titre
    auteurs: PlainText
    date: PartialDate = Field(description="Date de publication, texte (AAAA ou AAAA-MM-JJ).")
    description: InlineText
    titre_court: PlainText | None = Field(
        default=None,
        description="Le nom court du document, pour les pages faciles à lire (ex. « l'avis de la HAS de 2023 »).",
    )
    lien: Url | None = None
