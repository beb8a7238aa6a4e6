"""The display settings (« Paramètres d'affichage »): the one list of their fields and choices.

Read by the settings form (macros/templates/reglages.html, on docs/parametres-affichage.md), and given to the
page's <head> (overrides/partials/up/tete.html) as `<meta name="up-reglages">`, from which both the inline
script that applies them before the first paint and assets/reglages.js take the field names. The CSS
(assets/site.css, `html[data-up-<field>="<value>"]`) styles each choice.
"""

from __future__ import annotations

from dataclasses import dataclass

STORAGE_KEY = "up-reglages"  # localStorage key of the saved settings


@dataclass(frozen=True)
class Reglage:
    champ: str  # attribute data-up-<champ> on <html>; « defaut » means no attribute
    legende: str
    choix: tuple[tuple[str, str], ...]  # (value, label)


REGLAGES: tuple[Reglage, ...] = (
    Reglage(
        "taille",
        "Taille du texte",
        (
            ("defaut", "Normale"),
            ("125", "Grande (125\u00a0%)"),
            ("150", "Très grande (150\u00a0%)"),
            ("200", "Énorme (200\u00a0%)"),
        ),
    ),
    Reglage(
        "interligne", "Espace entre les lignes", (("defaut", "Normal"), ("large", "Grand"), ("tres-large", "Très grand"))
    ),
    Reglage("espacement", "Espace entre les lettres et les mots", (("defaut", "Normal"), ("large", "Grand"))),
    Reglage(
        "police",
        "Police de caractères",
        (("defaut", "Police habituelle"), ("lisible", "Police très lisible (Atkinson Hyperlegible)")),
    ),
    Reglage("mouvement", "Animations", (("defaut", "Comme mon appareil"), ("reduit", "Réduire les animations"))),
)
CHAMPS = " ".join(r.champ for r in REGLAGES)
