"""Content models: lexique."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .sources import Source
from .types import BlockText, InlineText, Model, PlainText, Slug, Titre, Url, check_inline, check_plain
from .walk import Ref


class Terme(Model):
    """A term of the lexicon."""

    id: Slug
    terme: Annotated[Titre, AfterValidator(check_inline)]  # at the start of a line in the easy-to-read lexicon
    variantes: list[PlainText] = Field(
        default_factory=list, description="Autres formes à reconnaître dans les textes (pluriel, féminin…)."
    )
    definition: BlockText = Field(description="La définition, mot pour mot.")
    definition_facile: InlineText | None = Field(
        default=None,
        description="La définition en facile à lire, montrée sur les pages faciles à lire : phrases de 15 mots au "
        "plus, rien de plus que la définition. Sans elle, le mot n'est pas expliqué sur ces pages.",
    )
    source_citee: InlineText | None = Field(default=None, description="La source que le guide cite pour cette définition.")
    notes: list[InlineText] = Field(default_factory=list)
    source: Source


class Sigle(Model):
    """An acronym used in the sources."""

    sigle: Annotated[str, Field(min_length=2, max_length=20), AfterValidator(check_plain), AfterValidator(check_inline)]
    developpement: PlainText
    definition_facile: InlineText | None = Field(
        default=None,
        description="Ce que veut dire le sigle, en facile à lire (ex. « HAS veut dire Haute Autorité de santé. ») : "
        "montré sur les pages faciles à lire, phrases de 15 mots au plus.",
    )
    terme: Annotated[Slug, Ref("lexique")] | None = Field(
        default=None, description="Identifiant du terme du lexique correspondant, s'il existe."
    )
    source: Literal["ajout éditorial"] | None = Field(  # EDITORIAL
        default=None,
        description="« ajout éditorial » quand le développement vient de la rédaction, pas des documents sources.",
    )


class Reference(Model):
    """A bibliographic or legislative reference."""

    id: Slug
    numero: int | None = Field(default=None, ge=1, description="Numéro dans la liste de la HAS.")
    document: Annotated[Slug, Ref("sources")] = Field(description="Le document qui donne cette référence.")
    categorie: Literal["bibliographie", "legislation"] = "bibliographie"
    texte: InlineText = Field(description="La référence, mot pour mot.")
    lien: Url | None = None


# --- Synonymes de la recherche ---


class GroupeSynonymes(Model):
    """A group of words the search treats as one: an acronym and its expansion, synonyms, variants."""

    id: Slug = Field(description="Identifiant du groupe (minuscules, chiffres, tirets), ex. « etp ».")
    termes: list[Annotated[str, Field(min_length=2, max_length=80), AfterValidator(check_plain)]] = Field(
        min_length=2,
        description="Les mots ou expressions équivalents (au moins deux), ex. « ETP », "
        "« éducation thérapeutique ». Le singulier suffit : pluriels, féminins, accents "
        "et élisions sont reconnus par la recherche.",
    )
