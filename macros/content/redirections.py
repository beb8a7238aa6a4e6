"""Content models: redirections."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

from .types import Model

# --- Redirections (permanent links) ---

# One folder of an address: written like an id (lowercase letters, digits, « - » or « _ » between them). No « . »
# nor « .. », no empty folder (« // »), no « / » in front: the page made for an old address is written at that
# address inside site/, never elsewhere.
SEGMENT = r"[a-z0-9]+(?:[-_][a-z0-9]+)*"
ANCIEN = rf"^(?:{SEGMENT}/)+$"
NOUVEAU = rf"^(?:{SEGMENT}/)*(?:#[A-Za-z0-9_-]+)?$"
EXEMPLE_ANCIEN = "fiches/ancienne-fiche/"
EXEMPLE_NOUVEAU = "fiches/pair-aidance/"


def _address_problem(value: str) -> str:
    """What is wrong with an address of the site that does not follow its pattern, in French."""
    page = value.split("#", 1)[0]
    if page.startswith("/") or re.match(r"^[a-z][a-z0-9+.-]*:", page):
        return "l'adresse commence par « / » ou par un protocole — écrivez-la sans le domaine ni le « / » du début"
    folders = page.split("/")[:-1] if page.endswith("/") else page.split("/")
    if any(f in (".", "..") for f in folders):
        return "« . » et « .. » ne sont pas permis dans une adresse — écrivez le chemin depuis la racine du site"
    if page and "" in folders:
        return "dossier vide (« // ») dans l'adresse — retirez le « / » en trop"
    if page and not page.endswith("/"):
        return f"l'adresse d'une page se termine par « / » — écrivez « {page}/ »"
    return "adresse invalide — en minuscules, chiffres et tirets, chaque dossier terminé par « / »"


def _check(pattern: str, example: str, empty: bool) -> AfterValidator:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if (value or empty) and compiled.match(value):
            return value
        if not value:
            raise ValueError(f"valeur vide — écrivez l'ancienne adresse, terminée par « / » (ex. {example})")
        raise ValueError(f"{_address_problem(value)} (ex. {example})")

    return AfterValidator(check)


class Redirection(Model):
    """An old address that must keep working: it sends the reader to the new one."""

    ancien: Annotated[
        str,
        _check(ANCIEN, EXEMPLE_ANCIEN, empty=False),
        Field(
            json_schema_extra={"pattern": ANCIEN},
            description="Ancienne adresse, sans le domaine, terminée par / (ex. fiches/ancienne-fiche/).",
        ),
    ]
    nouveau: Annotated[
        str,
        _check(NOUVEAU, EXEMPLE_NOUVEAU, empty=True),
        Field(
            json_schema_extra={"pattern": NOUVEAU},
            description="Nouvelle adresse, sans le domaine (ex. fiches/pair-aidance/ ou fiches/pair-aidance/#activites).",
        ),
    ]
