"""Open data made faster (macros/outputs/sharing.py): each collection's JSON written once (tout.json nests the same
texts) and kept by its content, the JSON Schemas kept by the models' code. The files are byte for byte those of
`json.dumps(…, indent=1)` of the whole, with or without what was kept, and a change of one item changes its files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from macros.content.kinds import OPEN_DATA
from macros.data.collections import COLLECTIONS
from macros.data.loader import load_site
from macros.outputs import sharing
from macros.outputs.cache import ContentCache

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://exemple.org/"


@pytest.fixture(scope="module")
def site() -> Any:
    return load_site(ROOT / "tests" / "donnees-mini" / "data")


def _expected(site: Any) -> dict[str, bytes]:
    """What open data was before: every file written whole by json.dumps(indent=1)."""
    files: dict[str, bytes] = {}
    everything: dict[str, Any] = {"site": SITE_URL, "licence": "voir la page « Données ouvertes »"}
    for coll in COLLECTIONS:
        dumped = [item.model_dump(mode="json") for item in getattr(site, coll.name).values()]
        files[f"{OPEN_DATA}/{coll.name}.json"] = sharing._json(dumped)
        schema = coll.model.model_json_schema()
        defs = schema.pop("$defs", {})
        whole = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": coll.name, "type": "array"}
        files[f"{OPEN_DATA}/{coll.name}.schema.json"] = sharing._json({**whole, "items": schema, "$defs": defs})
        everything[coll.name] = dumped
    files[f"{OPEN_DATA}/tout.json"] = sharing._json(everything)
    return files


def test_open_data_is_what_json_dumps_writes_with_or_without_what_was_kept(site: Any, tmp_path: Path) -> None:
    expected = _expected(site)
    cache = ContentCache(tmp_path / "kept", salt="essai")
    for made in (
        sharing.open_data_files(site, SITE_URL),
        sharing.open_data_files(site, SITE_URL, cache),
        sharing.open_data_files(site, SITE_URL, cache),
    ):
        assert {path: data for path, data in made.items() if path.endswith(".json")} == expected
    assert cache.hits > 0


def test_a_changed_item_changes_its_files_and_tout_json(site: Any, tmp_path: Path) -> None:
    cache = ContentCache(tmp_path / "kept", salt="essai")
    before = sharing.open_data_files(site, SITE_URL, cache)
    changed = type(site)(**{**vars(site)})
    terme = next(iter(site.lexique.values()))
    tricky = 'Une ligne\nune autre\r\n« guillemets » \u2028 \\ " fin'
    changed.lexique = {**site.lexique, terme.id: terme.model_copy(update={"definition": tricky})}
    after = sharing.open_data_files(changed, SITE_URL, cache)
    assert after.keys() == before.keys()
    differ = sorted(path for path in before if before[path] != after[path])
    assert differ == [f"{OPEN_DATA}/lexique.csv", f"{OPEN_DATA}/lexique.json", f"{OPEN_DATA}/tout.json"]
    assert json.loads(after[f"{OPEN_DATA}/tout.json"])["lexique"][0]["definition"] == tricky
    assert {p: d for p, d in after.items() if p.endswith(".json")} == _expected(changed)


@pytest.mark.parametrize(
    "value",
    [[], {}, [[]], [{"a": []}], [{"a": {"b": [1, 2.5, None, True]}}], [{"texte": 'a\nb\u2028c\td « » \\ "'}]],
)
def test_a_nested_text_is_written_as_json_dumps_writes_it(value: Any) -> None:
    texts = [("x", sharing._indented(value, ContentCache(None))), ("y", sharing._indented([value], ContentCache(None)))]
    assert sharing._nested(texts) == json.dumps({"x": value, "y": [value]}, ensure_ascii=False, indent=1)
