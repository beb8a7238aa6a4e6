"""Content models: redirections."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .types import Model

# --- Redirections (permanent links) ---


class Redirection(Model):
    """An old address that must keep working: it sends the reader to the new one."""

    ancien: Annotated[
        str,
        Field(
            pattern=r"^[a-z0-9/_-]+/$",
            description="Ancienne adresse, sans le domaine, terminée par / (ex. fiches/ancienne-fiche/).",
        ),
    ]
    nouveau: Annotated[
        str,
        Field(
            pattern=r"^[a-z0-9/_#-]*$",
            description="Nouvelle adresse, sans le domaine (ex. fiches/pair-aidance/ ou fiches/pair-aidance/#activites).",
        ),
    ]
