"""A difficult word of an easy-to-read text, a lexicon term and an acronym are printed at the start of a line of
Markdown (the easy-to-read pages' word lists, /facile-a-lire/mots/): « # Titre » there would be a heading, « - x » a
list. Their fields refuse what Markdown reads as a block (found by tests/test_proprietes_textes.py's random texts);
the site's own words stay valid."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from macros.content.falc import MotExplique
from macros.content.lexique import Sigle, Terme
from tests.conftest import ROOT


def _refused(model: Any, **fields: str) -> str:
    with pytest.raises(ValidationError) as info:
        model(**fields)
    return str(info.value)


@pytest.mark.parametrize("start", ["# Titre", "- puce", "1. premier", "> citation", "| a |", "---"])
def test_a_word_that_markdown_reads_as_a_block_is_refused(start: str) -> None:
    assert "ne peut pas contenir" in _refused(MotExplique, mot=start, explication="Une explication.")


def test_a_lexicon_term_and_an_acronym_too() -> None:
    assert "un titre Markdown" in _refused(Terme, id="x", terme="# Titre", definition="Définition.")
    assert "une liste Markdown" in _refused(Sigle, sigle="- AB", developpement="A B")


def test_the_sites_words_are_valid() -> None:
    from macros.data.loader import load_site

    site = load_site(ROOT / "data")
    assert site.lexique and site.sigles and any(t.mots for t in site.falc.values())
