"""`python -m macros.data.schemas`: write one JSON Schema per kind of data file into schemas/.

The schemas are generated from the pydantic models (macros/content/), the one description of the
content, so they never drift: tests/test_schemas.py compares the committed files with fresh ones.
Each YAML file names its schema on its first line, for editors (VS Code + YAML extension, JetBrains…):

    # yaml-language-server: $schema=../../schemas/fiche.schema.json

Titles and descriptions are in French: a field's own description when the model has one, else the
wording below. `python -m macros.data.schemas --check` exits 1 when a committed schema is out of date.
"""

from __future__ import annotations

import argparse
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from .. import content as m
from .collections import COLLECTIONS, Collection

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# French title and description of each model (the class docstrings are for developers, in English).
MODELES: dict[str, tuple[str, str]] = {
    "Source": ("Source", "D'où vient ce contenu : le document, sa section et sa page."),
    "Document": ("Document source", "Un document cité comme source : guide, avis de la HAS, article…"),
    "Item": (
        "Puce",
        "Une puce de liste : un texte entre guillemets, ou un groupe « texte: » avec ses sous-puces, "
        "un lien, un renvoi à une fiche.",
    ),
    "Section": (
        "Section",
        "Une partie de fiche : un paragraphe d'introduction (texte), des puces (elements), "
        "un paragraphe qui suit la liste (apres).",
    ),
    "ValeurAjoutee": ("Valeur ajoutée", "Ce que la mission apporte à un public."),
    "Complement": ("Ressource en complément", "Un article, une page web ou un témoignage cité « en complément »."),
    "CategorieHas": ("Catégorie de la HAS", "La catégorie du catalogue des missions de la HAS qui correspond à la fiche."),
    "Fiche": ("Fiche-mission", "Une fiche-mission du guide « Usagers partenaires en santé : l'avenir du soin »."),
    "Personne": ("Personne", "Une personne qui témoigne."),
    "Passage": ("Passage", "Un paragraphe de témoignage : un récit ou une citation, jamais les deux."),
    "Temoignage": ("Témoignage", "Un témoignage, ou un exemple cité en complément, du guide."),
    "Tableau": ("Tableau", "Un tableau : sa légende, ses en-têtes et ses lignes."),
    "Bloc": (
        "Bloc de texte",
        "Un bloc de texte suivi : exactement un de paragraphe, liste, intertitre, encadre, citation, tableau.",
    ),
    "Encadre": ("Encadré", "Un encadré : un titre facultatif et ses blocs de texte."),
    "Note": ("Note de bas de page", "Une note de bas de page, numérotée comme dans la source."),
    "Page": ("Page de texte", "Une page de texte suivi : introduction, partenariat, conclusion, méthodologie…"),
    "Principe": ("Principe de la HAS", "Un des sept principes de l'avis n° 2-2023 de la HAS (section 3)."),
    "Raison": ("Raison de la HAS", "Une des cinq raisons de l'avis n° 2-2023 de la HAS (section 1)."),
    "Terme": ("Terme du lexique", "Un mot du lexique et sa définition, mot pour mot."),
    "Sigle": ("Sigle", "Un sigle employé dans les sources, et ce qu'il veut dire."),
    "Reference": ("Référence", "Une référence bibliographique ou législative, mot pour mot."),
    "Atelier": ("Atelier d'échanges de pratiques", "La synthèse d'un atelier d'échanges de pratiques du COPS Occitanie."),
    "BlocFalc": ("Bloc de texte facile à lire", "Un bloc de texte suivi, avec le pictogramme montré à côté."),
    "ItemFalc": (
        "Puce facile à lire",
        "Une puce d'une liste facile à lire ; elle peut mener à une autre page facile à lire.",
    ),
    "MotExplique": ("Mot expliqué", "Un mot difficile ou un sigle, et son explication en phrases courtes."),
    "Falc": (
        "Texte facile à lire (FALC)",
        "Le jumeau facile à lire et à comprendre d'une page, écrit depuis la source sans rien ajouter.",
    ),
    "Redirection": ("Redirection", "Une ancienne adresse qui doit continuer de fonctionner : elle mène à la nouvelle."),
    "Gabarit": (
        "Modèle de document",
        "Un modèle de document à télécharger (convention, attestation…) : affiché comme "
        "une page et produit en DOCX et ODT. Les blancs à remplir s'écrivent [[nom_du_champ]].",
    ),
    "Champ": ("Blanc à remplir", "Un blanc du modèle, déclaré une fois et écrit [[id]] partout où il apparaît."),
    "Changement": ("Changement", "Une entrée du journal des changements du modèle."),
    "TableauGabarit": (
        "Tableau du modèle",
        "Un tableau du modèle ; ses cellules peuvent contenir des blancs, et des "
        "lignes vides peuvent être ajoutées pour être remplies à la main.",
    ),
    "Partie": ("Partie", "Un bloc d'une division : exactement un de paragraphe, liste, intertitre, tableau, signatures."),
    "Division": ("Division", "Une division du modèle (préambule, article, clause, profil, section…), avec un id stable."),
    "Parcours": (
        "Parcours par besoin",
        "Un parcours de la page d'accueil (proposition de la rédaction) : pour qui, puis les fiches, principes, "
        "modèles et témoignages qui servent, dans l'ordre où on en a besoin, chacun avec une ligne qui dit pourquoi.",
    ),
    "Etape": (
        "Étape",
        "Un lien du parcours : exactement un de fiche, principe, raison, modele, temoignage, page ; et pourquoi.",
    ),
    "Orientation": (
        "Guide « Quelle fiche est pour moi ? »",
        "Quelques questions, chacune avec ses réponses ; chaque réponse mène à une fiche ou à une autre question.",
    ),
    "Reponse": ("Réponse", "Une réponse du guide : elle mène à une fiche, ou pose une autre question."),
    "GroupeSynonymes": (
        "Groupe de synonymes",
        "Des mots que la recherche du site traite comme équivalents, "
        "dans les deux sens (un sigle et son développement, des synonymes).",
    ),
}

# French titles of fields, by name (the default is the name with spaces).
TITRES: dict[str, str] = {
    "activites": "Activités",
    "acteurs": "Acteurs",
    "action": "Action",
    "ajout_has": "Ajout de la HAS",
    "ancre": "Ancre",
    "apres": "Après la liste",
    "auteur": "Auteur",
    "auteurs": "Auteurs",
    "autres_criteres": "Autres critères",
    "besoin_initial": "Besoin initial",
    "blocs": "Blocs de texte",
    "categorie": "Catégorie",
    "cible": "Page jumelle",
    "citation": "Citation",
    "competences": "Compétences",
    "contenu": "Contenu",
    "date": "Date",
    "definition": "Définition",
    "description": "Description",
    "developpement": "Développement",
    "document": "Document",
    "elements": "Puces",
    "en_complement": "En complément",
    "encadre": "Encadré",
    "entetes": "En-têtes",
    "evenement": "Événement",
    "exemples": "Exemples",
    "fiche": "Fiche",
    "fiches": "Fiches",
    "formation": "Formation",
    "has": "Catégorie de la HAS",
    "icone": "Icône",
    "id": "Identifiant",
    "intertitre": "Intertitre",
    "legende": "Légende",
    "lien": "Lien",
    "lieux": "Lieux",
    "lignes": "Lignes",
    "liste": "Liste",
    "modalites": "Modalités",
    "mot": "Mot",
    "mots": "Mots expliqués",
    "niveau": "Niveau",
    "nom": "Nom",
    "notes": "Notes",
    "numero": "Numéro",
    "ordonnee": "Liste numérotée",
    "organisateur": "Organisateur",
    "page": "Page",
    "paragraphe": "Paragraphe",
    "personnes": "Personnes",
    "pour": "Pour qui",
    "profils": "Profils",
    "accroche": "Accroche",
    "etapes": "Étapes",
    "pourquoi": "Pourquoi",
    "question": "Question",
    "reponses": "Réponses",
    "vers": "Vers la page",
    "principe": "Principe",
    "raison": "Raison",
    "modele": "Modèle",
    "recit": "Récit",
    "references": "Références",
    "reglementation": "Réglementation",
    "relu_par": "Relu par",
    "ressources": "Ressources",
    "resume": "Résumé",
    "role": "Rôle",
    "section": "Section",
    "sigle": "Sigle",
    "source": "Source",
    "source_citee": "Source citée",
    "sous_elements": "Sous-puces",
    "structure": "Structure",
    "tableau": "Tableau",
    "temoignage": "Témoignage",
    "terme": "Terme",
    "territoire": "Territoire",
    "texte": "Texte",
    "titre": "Titre",
    "type": "Type",
    "valeur_ajoutee": "Valeur ajoutée",
    "variantes": "Variantes",
    "video": "Vidéo",
    "explication": "Explication",
    "ancien": "Ancienne adresse",
    "nouveau": "Nouvelle adresse",
    "termes": "Termes équivalents",
}

# French descriptions of fields that have none in the models: "Model.field" first, then "field".
DESCRIPTIONS: dict[str, str] = {
    "id": "Identifiant : minuscules sans accent, chiffres et tirets ; c'est aussi le nom du fichier (sans .yml).",
    "Document.id": "Identifiant du document, cité par « source: {document: …} » (minuscules, chiffres, tirets).",
    "Reference.id": "Identifiant unique de la référence (minuscules, chiffres, tirets).",
    "titre": "Le titre, mot pour mot.",
    "auteurs": "Les auteurs du document, tels qu'ils sont écrits.",
    "description": "Ce qu'est le document, en une ou deux phrases.",
    "lien": "Adresse web complète (https://…) ou mailto:.",
    "source": 'Le document source, sa section et sa page : « source: {document: …, section: "…", page: … } ».',
    "icone": "Pictogramme de la carte de la fiche.",
    "besoin_initial": "Section « Besoin initial ».",
    "action": "Section « Action ».",
    "activites": "Section « Activités » : la liste des activités de la mission.",
    "lieux": "Section « Lieux ».",
    "territoire": "Section « Territoire », si la fiche en a une.",
    "acteurs": "Section « Acteurs ».",
    "formation": "Section « Formation ».",
    "ressources": "Section « Ressources », si la fiche en a une.",
    "reglementation": "Section « Réglementation », si la fiche en a une.",
    "modalites": "Section « Modalités ».",
    "competences": "Section « Compétences ».",
    "valeur_ajoutee": "« Valeur ajoutée » : un groupe par public (pour, elements).",
    "en_complement": "Ressources citées « en complément » : articles, pages, témoignages.",
    "has": "La catégorie correspondante du catalogue des missions de la HAS.",
    "ValeurAjoutee.elements": "Les puces de ce public, dans l'ordre du document.",
    "CategorieHas.titre": "Le titre de la catégorie de la HAS, mot pour mot.",
    "nom": "Prénom et nom, tels que le guide les écrit.",
    "role": "Rôle ou fonction de la personne.",
    "structure": "Association, établissement ou organisme de la personne.",
    "personnes": "Les personnes qui témoignent (au moins une).",
    "evenement": "L'événement où le témoignage a été recueilli, s'il y en a un.",
    "contenu": "Les paragraphes du témoignage : « recit » ou « citation ».",
    "recit": "Paragraphe de récit, mot pour mot.",
    "citation": "Citation, mot pour mot, sans guillemets (le site les ajoute).",
    "Bloc.auteur": "Auteur de la citation, si elle en a un.",
    "paragraphe": "Un paragraphe, mot pour mot ; le Markdown simple est permis.",
    "liste": "Une liste de puces.",
    "encadre": "Un encadré (titre facultatif et blocs).",
    "tableau": "Un tableau (legende, entetes, lignes).",
    "Encadre.titre": "Titre de l'encadré, s'il en a un.",
    "blocs": "Les blocs de texte de la page, dans l'ordre de la source.",
    "Note.texte": "Le texte de la note, mot pour mot.",
    "numero": "Le numéro, tel que la source le donne.",
    "terme": "Le terme, tel que le lexique l'écrit.",
    "notes": "Notes qui complètent la définition.",
    "sigle": "Le sigle, en capitales (ex. « ETP »).",
    "developpement": "Ce que veut dire le sigle, en toutes lettres.",
    "organisateur": "Qui a organisé l'atelier.",
    "Atelier.date": "Date de l'atelier, texte AAAA-MM-JJ.",
    "Reference.categorie": "« bibliographie » (ouvrages, articles) ou « legislation » (lois, décrets).",
}


def _annotated_description(annotated: Any) -> str | None:
    for meta in getattr(annotated, "__metadata__", ()):
        if getattr(meta, "description", None):
            return meta.description
    return None


# Descriptions carried by the shared types (Text, Slug, Url): they say how to write, not what to write.
_GENERIC = {
    d for d in (_annotated_description(t) for t in (m.Text, m.Slug, m.Url, m.CalendarDate, m.PartialDate, m.Version)) if d
}


def kind_of(coll: Collection) -> str:
    """The schema name of a collection's files: the collection for list files, else the model."""
    return coll.schema or (coll.name if coll.many else coll.model.__name__.lower())


def schema_ref(coll: Collection) -> str:
    """The `$schema=` path written on the first line of the collection's files (relative to the file)."""
    depth = coll.pattern.count("/") + 1
    return "../" * depth + f"schemas/{kind_of(coll)}.schema.json"


def first_line(coll: Collection) -> str:
    return f"# yaml-language-server: $schema={schema_ref(coll)}"


def _models() -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    for value in vars(m).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__.startswith(m.__name__ + "."):
            found[value.__name__] = value
    return found


def _model_text(model: type[BaseModel]) -> tuple[str, str]:
    if model.__name__ in MODELES:
        return MODELES[model.__name__]
    doc = (model.__doc__ or "").strip().splitlines()
    return model.__name__, doc[0] if doc else model.__name__


def _describe(model: type[BaseModel], obj: dict[str, Any]) -> None:
    title, description = _model_text(model)
    obj["title"] = title
    obj["description"] = description
    for name, prop in (obj.get("properties") or {}).items():
        prop["title"] = TITRES.get(name, name.replace("_", " ").capitalize())
        prop["description"] = _description(model, name, prop["title"])


def _description(model: type[BaseModel], name: str, title: str) -> str:
    info = model.model_fields.get(name)
    own = info.description if info else None
    specific = DESCRIPTIONS.get(f"{model.__name__}.{name}") or DESCRIPTIONS.get(name)
    if own in _GENERIC and specific:  # « Texte ; le Markdown… » says how, the entry says what
        return f"{specific} {own}" if own != specific else own
    return own or specific or f"{title}."


def _expects(annotation: Any) -> str:
    """What a value of this type looks like, in words."""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType) and args:
        return _expects(args[0])
    if origin is typing.Literal:
        return "une valeur parmi : " + ", ".join(str(a) for a in typing.get_args(annotation))
    if origin is list:
        inner = args[0] if args else None
        if inner in (m.Item, m.ItemFalc):
            return 'une liste de puces, une ligne « - "texte" » par puce'
        return "une liste, une ligne « - » par élément"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        required = [n for n, f in annotation.model_fields.items() if f.is_required()]
        optional = [n for n, f in annotation.model_fields.items() if not f.is_required()]
        parts = [f"obligatoires : {', '.join(required)}"] if required else []
        parts += [f"facultatifs : {', '.join(optional)}"] if optional else []
        return f"un groupe de champs indentés dessous ({' ; '.join(parts)})"
    if annotation is bool:
        return "true ou false"
    if annotation is int:
        return "un nombre entier, sans guillemets"
    return "un texte entre guillemets doubles"


def field_help(model: type[BaseModel], name: str) -> str:
    """What a missing field must hold: its French description and the shape of its value."""
    info = model.model_fields.get(name)
    if info is None:
        return ""
    title = TITRES.get(name, name.replace("_", " ").capitalize())
    text = _description(model, name, title).rstrip()
    return f"{text}{'' if text.endswith(('.', '»', ')')) else '.'} Valeur attendue : {_expects(info.annotation)}."


_ITEM_REF = {"$ref": "#/$defs/Item"}
_ITEM_OR_TEXT = {
    "anyOf": [
        {"type": "string", "minLength": 1, "maxLength": 20000, "description": "Le texte de la puce, mot pour mot."},
        _ITEM_REF,
    ]
}


def _items_may_be_text(node: Any) -> Any:
    """A bullet may be written as a plain string (Item._from_string, also for ItemFalc): say so in the schema."""
    if isinstance(node, dict):
        if node in (_ITEM_REF, {"$ref": "#/$defs/ItemFalc"}):
            either = json.loads(json.dumps(_ITEM_OR_TEXT))
            either["anyOf"][1] = dict(node)
            return either
        return {k: _items_may_be_text(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_items_may_be_text(v) for v in node]
    return node


def schema_for(coll: Collection) -> dict[str, Any]:
    """The JSON Schema of one data file of `coll`."""
    models = _models()
    if coll.many:
        raw = TypeAdapter(list[coll.model]).json_schema(ref_template="#/$defs/{model}")  # type: ignore[name-defined]
    else:
        raw = coll.model.model_json_schema(ref_template="#/$defs/{model}")
    defs = raw.pop("$defs", {})
    for name, obj in defs.items():
        if name in models:
            _describe(models[name], obj)
    title, description = _model_text(coll.model)
    where = f"data/{coll.pattern}"
    if coll.many:
        raw["title"] = f"{title} — liste ({where})"
        raw["description"] = (
            f"Le fichier {where} : une liste ; chaque élément commence par « - » et suit le modèle "
            f"« {title} ». {description}"
        )
        raw["minItems"] = 1
    else:
        _describe(coll.model, raw)
        raw["description"] = f"Un fichier {where} : {description[0].lower()}{description[1:]}"
    out: dict[str, Any] = {"$schema": DRAFT, **raw}
    if defs:
        out["$defs"] = dict(sorted(defs.items()))
    return _items_may_be_text(out)


def render(coll: Collection) -> str:
    return json.dumps(schema_for(coll), ensure_ascii=False, indent=2) + "\n"


def generate() -> dict[str, str]:
    """File name → content, for every kind of data file."""
    out: dict[str, str] = {}
    for coll in COLLECTIONS:
        out[f"{kind_of(coll)}.schema.json"] = render(coll)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Écrit les schémas JSON des fichiers de données dans schemas/.")
    parser.add_argument("--check", action="store_true", help="ne rien écrire ; échouer si un schéma n'est pas à jour")
    args = parser.parse_args(argv)
    fresh = generate()
    stale = [
        name
        for name, text in fresh.items()
        if not (SCHEMAS / name).exists() or (SCHEMAS / name).read_text(encoding="utf-8") != text
    ]
    if args.check:
        for name in stale:
            print(f"schemas/{name}: pas à jour — lancez « make schemas » puis validez le fichier", file=sys.stderr)
        return 1 if stale else 0
    SCHEMAS.mkdir(exist_ok=True)
    for name, text in fresh.items():
        (SCHEMAS / name).write_text(text, encoding="utf-8")
    print(f"{len(fresh)} schémas écrits dans schemas/ ({len(stale)} modifiés).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
