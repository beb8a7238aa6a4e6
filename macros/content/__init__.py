"""The content models: the one description of what each kind of data holds (pydantic, no I/O).

Every model forbids unknown keys, so a typo in a YAML key is an error. French descriptions are carried into
the JSON Schemas given to editors. One module per domain; shared field types live in `types`.
"""

from .blocs import Bloc, Encadre, Item, Note, Tableau
from .falc import PICTOGRAMMES, BlocFalc, Falc, ItemFalc, MotExplique
from .fiches import (
    GROUPES_FICHE,
    ICONES,
    PARTIES_FICHE,
    VALEUR_AJOUTEE,
    AutresExemples,
    CategorieHas,
    Complement,
    Fiche,
    GroupeFiche,
    PartieFiche,
    Section,
    ValeurAjoutee,
)
from .gabarits import CHAMP, CHAMP_ID, NATURES, Champ, Changement, Division, Gabarit, Partie, TableauGabarit
from .lexique import GroupeSynonymes, Reference, Sigle, Terme
from .pages import Atelier, Page, Principe, Raison
from .parcours import ETAPE_CIBLES, Etape, Orientation, Parcours, Reponse
from .redirections import ANCIEN, NOUVEAU, Redirection
from .sources import EDITORIAL, EDITORIAL_NOTE, Document, Source
from .tableaux import Colonne, TableauGroupe
from .temoignages import PROFIL_LABELS, PROFIL_VOISINS, PROFILS, Passage, Personne, Temoignage
from .types import (
    ALLOWED_SCHEMES,
    SLUG,
    CalendarDate,
    Model,
    PartialDate,
    Slug,
    Text,
    Url,
    Version,
    check_date,
    check_text,
    check_url,
)

__all__ = [
    "GROUPES_FICHE",
    "Colonne",
    "TableauGroupe",
    "PARTIES_FICHE",
    "VALEUR_AJOUTEE",
    "GroupeFiche",
    "PartieFiche",
    "ALLOWED_SCHEMES",
    "CHAMP",
    "EDITORIAL",
    "EDITORIAL_NOTE",
    "CHAMP_ID",
    "ETAPE_CIBLES",
    "ICONES",
    "PICTOGRAMMES",
    "NATURES",
    "PROFIL_LABELS",
    "PROFIL_VOISINS",
    "PROFILS",
    "SLUG",
    "Atelier",
    "AutresExemples",
    "Bloc",
    "CalendarDate",
    "CategorieHas",
    "Champ",
    "Changement",
    "Complement",
    "Division",
    "Document",
    "Encadre",
    "BlocFalc",
    "Etape",
    "Falc",
    "ItemFalc",
    "Fiche",
    "Gabarit",
    "GroupeSynonymes",
    "Item",
    "Model",
    "MotExplique",
    "Note",
    "Orientation",
    "Page",
    "Parcours",
    "PartialDate",
    "Partie",
    "Passage",
    "Personne",
    "Principe",
    "Raison",
    "ANCIEN",
    "NOUVEAU",
    "Redirection",
    "Reponse",
    "Reference",
    "Section",
    "Sigle",
    "Slug",
    "Source",
    "Tableau",
    "TableauGabarit",
    "Temoignage",
    "Terme",
    "Text",
    "Url",
    "ValeurAjoutee",
    "Version",
    "check_date",
    "check_text",
    "check_url",
]
