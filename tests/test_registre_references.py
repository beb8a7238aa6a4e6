"""Every collection whose model lists HAS references (a `references` field) is checked, found from the models,
not from a hand-kept tuple: the workshops' were not (« principes », « raisons », « pages » only)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.data import citations
from macros.data.collections import COLLECTIONS
from macros.data.loader import load_site
from macros.data.problems import DataError

ROOT = Path(__file__).resolve().parent.parent


def test_the_collections_with_references_come_from_the_models() -> None:
    with_field = {coll.name for coll in COLLECTIONS if "references" in coll.model.model_fields}
    assert set(citations.REFERENCING) == with_field
    assert {"principes", "raisons", "pages", "ateliers"} <= with_field


def test_a_workshop_listing_an_unknown_has_reference_is_refused(tmp_path: Path) -> None:
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    workshop = tmp_path / "data" / "ateliers" / "agir-avec-medico-social-2024.yml"
    text = workshop.read_text(encoding="utf-8")
    lines = text.count("\n")
    workshop.write_text(text + "references: [3, 999]\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_site(tmp_path / "data")
    messages = [str(p) for p in error.value.problems]
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"data/ateliers/agir-avec-medico-social-2024.yml:{lines + 1}:"), messages
    assert "référence n° 999 introuvable — les références de la HAS vont de 1 à" in messages[0]
