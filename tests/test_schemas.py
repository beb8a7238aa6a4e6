"""The JSON Schemas given to editors: committed, up to date with the models, named by every data file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from macros.data import schemas
from macros.data.loader import COLLECTIONS, read_yaml

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schemas_match_the_models() -> None:
    fresh = schemas.generate()
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schemas").glob("*.schema.json")}
    stale = sorted(name for name, text in fresh.items() if committed.get(name) != text)
    assert not stale, f"schémas pas à jour : {stale} — lancez « make schemas » et validez schemas/"
    assert set(committed) == set(fresh), f"schémas en trop : {sorted(set(committed) - set(fresh))}"


def test_one_schema_per_kind_of_data_file() -> None:
    kinds = {schemas.kind_of(c) for c in COLLECTIONS}
    for kind in (
        "fiche",
        "temoignage",
        "principe",
        "raison",
        "page",
        "terme",
        "sigles",
        "references",
        "atelier",
        "falc",
        "sources",
    ):
        assert kind in kinds
    assert len(kinds) == len(COLLECTIONS)


def _first_line(coll) -> str:
    """The line naming the collection's JSON Schema (relative to the file), for the editors' YAML extension."""
    depth = coll.pattern.count("/") + 1
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{schemas.kind_of(coll)}.schema.json"


@pytest.mark.parametrize("coll", COLLECTIONS, ids=[c.name for c in COLLECTIONS])
def test_every_data_file_names_its_schema_on_its_first_line(coll) -> None:
    for path in sorted((ROOT / "data").glob(coll.pattern)):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == _first_line(coll), f"{path.relative_to(ROOT)} : la 1re ligne doit être « {_first_line(coll)} »"
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == ROOT / "schemas" / f"{schemas.kind_of(coll)}.schema.json" and target.exists()


@pytest.mark.parametrize("coll", COLLECTIONS, ids=[c.name for c in COLLECTIONS])
def test_every_data_file_passes_its_schema(coll) -> None:
    """What an editor sees in VS Code agrees with `make check`: valid data is valid for the schema too."""
    schema = json.loads((ROOT / "schemas" / f"{schemas.kind_of(coll)}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for path in sorted((ROOT / "data").glob(coll.pattern)):
        value, located = read_yaml(path, path.name)
        assert not located.problems, located.problems
        errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(value)]
        assert not errors, f"{path.relative_to(ROOT)} : {errors}"


def _objects(node: object):
    if isinstance(node, dict):
        if "properties" in node:
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


@pytest.mark.parametrize("coll", COLLECTIONS, ids=[c.name for c in COLLECTIONS])
def test_schemas_forbid_unknown_keys_and_describe_every_field_in_french(coll) -> None:
    schema = schemas.schema_for(coll)
    assert schema["$schema"].startswith("https://json-schema.org/draft/2020-12")
    assert schema["title"] and schema["description"]
    for obj in _objects(schema):
        assert obj.get("additionalProperties") is False, obj.get("title")
        assert obj.get("title") and obj.get("description"), obj
        for name, prop in obj["properties"].items():
            assert prop.get("title") and prop.get("description"), f"{obj['title']}.{name}"
            assert "Input should" not in prop["description"]


def test_a_typo_is_caught_by_the_schema_too() -> None:
    coll = next(c for c in COLLECTIONS if c.name == "fiches")
    validator = Draft202012Validator(schemas.schema_for(coll))
    value, _ = read_yaml(ROOT / "data/fiches/pair-aidance.yml", "x")
    value["titr"] = value.pop("titre")
    messages = [e.message for e in validator.iter_errors(value)]
    assert any("titr" in m for m in messages) and any("titre" in m for m in messages), messages


def test_a_bullet_may_be_plain_text_or_a_group() -> None:
    coll = next(c for c in COLLECTIONS if c.name == "fiches")
    validator = Draft202012Validator(schemas.schema_for(coll))
    value, _ = read_yaml(ROOT / "data/fiches/pair-aidance.yml", "x")
    value["besoin_initial"] = {"elements": ["texte simple", {"texte": "groupe", "sous_elements": ["sous-puce"]}]}
    assert not list(validator.iter_errors(value))
    value["besoin_initial"] = {"elements": [3]}
    assert list(validator.iter_errors(value))


def test_missing_field_message_says_what_it_holds() -> None:
    from macros import content as m

    text = schemas.field_help(m.Fiche, "besoin_initial")
    assert "Besoin initial" in text and "groupe de champs" in text and "elements" in text
    assert "nombre entier" in schemas.field_help(m.Fiche, "numero")
    assert "temoignage, complement" in schemas.field_help(m.Temoignage, "type")


def test_check_mode_of_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schemas, "SCHEMAS", tmp_path)
    assert schemas.main(["--check"]) == 1
    assert schemas.main([]) == 0
    assert schemas.main(["--check"]) == 0
