"""The search's shortcuts (« Accès direct ») are data (data/raccourcis.yml), not theme code: an editor who names a
page or an item that does not exist is told so by `make check`, at the line, in French; the addresses the theme
links come from the registry (macros/content/kinds.py), whatever the shortcut names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from macros.content import Raccourci
from macros.data import check
from macros.data.loader import load_site
from macros.render.views import Views

ROOT = Path(__file__).resolve().parent.parent


def _project(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """A copy of data/ and docs/ where `old` in data/raccourcis.yml is replaced with `new`; and its line."""
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shortcuts = tmp_path / "data" / "raccourcis.yml"
    text = shortcuts.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    shortcuts.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path / "data", line


def _check(data: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """What `make check` prints about the data folder, and that it fails."""
    assert check.main([str(data)]) == 1
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("data/")]


def test_a_shortcut_to_a_page_that_does_not_exist_fails_make_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, line = _project(tmp_path, "page: temoignages/profil-proche-aidant/", "page: temoignages/profil-proches/")
    messages = _check(data, capsys)
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"data/raccourcis.yml:{line}:3: [2].page: la page « temoignages/profil-proches/ »")
    assert "n'existe pas dans le site — " in messages[0] and "écrivez l'adresse d'une page existante" in messages[0]


def test_a_shortcut_to_an_item_that_does_not_exist_fails_make_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, line = _project(tmp_path, "principe: reconnaissance-financiere", "principe: juste-remuneration")
    messages = _check(data, capsys)
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"data/raccourcis.yml:{line}:3: [3].principe: principe « juste-remuneration » introuvable")


def test_a_shortcut_names_one_target_and_its_required_words_are_among_its_words() -> None:
    base = {"id": "x", "titre": "Un lien", "mots": ["payer", "argent"]}
    with pytest.raises(ValidationError, match="une seule cible"):
        Raccourci.model_validate({**base, "page": "lexique/", "principe": "reconnaissance-financiere"})
    with pytest.raises(ValidationError, match="une seule cible"):
        Raccourci.model_validate(base)
    with pytest.raises(ValidationError, match="« salaire » est dans « requis » mais pas dans « mots »"):
        Raccourci.model_validate({**base, "page": "lexique/", "requis": ["salaire"]})
    with pytest.raises(ValidationError, match="n'est pas un mot seul"):
        Raccourci.model_validate({**base, "page": "lexique/", "mots": ["proche aidant"]})


def test_the_words_are_compared_as_the_search_compares_the_query() -> None:
    """The search folds the query (docs/assets/recherche.js `fold`): an editor may write accents and capitals."""
    shortcut = Raccourci.model_validate(
        {"id": "x", "titre": "Un lien", "page": "lexique/", "mots": ["Rémunération", "défraiement", "œuvre"]}
    )
    assert shortcut.mots == ["remuneration", "defraiement", "oeuvre"]


def test_the_theme_gets_each_shortcut_with_the_registrys_address() -> None:
    views = Views(load_site(ROOT / "data", ROOT / "docs"), "https://exemple.org/")
    shortcuts = {s["titre"]: s for s in views.search_shortcuts}
    paid = shortcuts["Être payé : le principe de juste reconnaissance financière"]
    assert paid["address"] == views.records.url_for("principe", "reconnaissance-financiere")
    assert paid["requis"].split() and set(paid["requis"].split()) <= set(paid["mots"].split())
    pages = {r.url for r in views.records} | {"lexique/"}
    assert all(s["address"] in pages for s in views.search_shortcuts), views.search_shortcuts
