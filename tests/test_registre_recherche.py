"""What search is told of each page comes from the registry (macros/content/kinds.py): the kind's label and
weight, which pages list others (their words weigh half) and which are left out. On the small in-memory fixture
of tests/test_registre.py: no build."""

from __future__ import annotations

import pytest

from macros.content import kinds
from macros.outputs.search_index import page_search
from macros.render import records as records_module
from macros.render.records import page_records
from tests.test_registre import _item, _views


def test_pages_that_repeat_others_are_left_out() -> None:
    records = page_records(_views())
    assert page_search("temoignages/fiche-pair-aidance/", records) is None  # all on temoignages/ and the sheet
    assert page_search("imprimer/", records) is None  # the whole guide on one page
    assert page_search("plan-du-site/", records) is None  # lists every page


def test_a_kind_says_its_label_and_weight() -> None:
    records = page_records(_views())
    assert page_search("fiches/pair-aidance/", records) == {"type": "Fiche-mission", "poids": None}
    assert page_search("modeles/attestation/", records) == {"type": "Modèle", "poids": 0.5}
    assert page_search("fiches/pair-aidance/facile-a-lire/", records) == {"type": "Facile à lire", "poids": 0.7}
    assert page_search("has/essentiel/", records) == {"type": "Page", "poids": None}


def test_listings_weigh_half() -> None:
    records = page_records(_views())
    for url in ("", "fiches/", "principes/", "modeles/", "ateliers/", "kit-formateur/", "temoignages/"):
        assert page_search(url, records)["poids"] == 0.5, url  # type: ignore[index]
    assert page_search("temoignages/profil-proche-aidant/", records)["poids"] == 0.5  # type: ignore[index]
    # The easy-to-read twin of a kind's listing lists too; the easy-to-read home is a page of its own.
    assert page_search("principes/facile-a-lire/", records)["poids"] == 0.5  # type: ignore[index]
    assert page_search("facile-a-lire/", records)["poids"] == 0.7  # type: ignore[index]


def test_a_new_kind_brings_its_own_search_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new kind is one entry of the registry: its listing page weighs half, its pages are labelled and weighed
    as it says, with no list of URLs to edit elsewhere."""
    outil = kinds.Kind(
        "outil",
        "outils/{id}/index.md",
        "Modèle",
        view="fiche_page",
        items=lambda views: [("grille", _item("grille", titre="Grille"))],
        source="data/outils",
        listing="outils/index.md",
    )
    cache = kinds.Kind(
        "cache",
        "caches/{id}.md",
        view="fiche_page",
        items=lambda views: [("x", _item("x", titre="X"))],
        source="data/caches",
        search=kinds.LEFT_OUT,
    )
    monkeypatch.setattr(records_module, "KINDS", (*kinds.KINDS, outil, cache))
    records = page_records(_views())
    assert page_search("outils/grille/", records) == {"type": "Modèle", "poids": 0.5}
    assert page_search("outils/", records) == {"type": "Page", "poids": 0.5}
    assert page_search("caches/x/", records) is None
