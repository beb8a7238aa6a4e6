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
from .schema_texts import DESCRIPTIONS, MODELES, TITRES

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _annotated_description(annotated: Any) -> str | None:
    for meta in getattr(annotated, "__metadata__", ()):
        if getattr(meta, "description", None):
            return meta.description
    return None


# Descriptions carried by the shared types (Text, Slug, Url): they say how to write, not what to write.
_GENERIC = {
    d
    for d in (
        _annotated_description(t)
        for t in (m.PlainText, m.Titre, m.InlineText, m.BlockText, m.Slug, m.Url, m.CalendarDate, m.PartialDate, m.Version)
    )
    if d
}


def kind_of(coll: Collection) -> str:
    """The schema name of a collection's files: the collection for list files, else the model."""
    return coll.schema or (coll.name if coll.many else coll.model.__name__.lower())


def _models() -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    for value in vars(m).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__.startswith(m.__name__ + "."):
            found[value.__name__] = value
    for coll in COLLECTIONS:  # models not re-exported by macros.content (content/suivi.py)
        found.setdefault(coll.model.__name__, coll.model)
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
