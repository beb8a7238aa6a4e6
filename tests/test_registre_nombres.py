"""Counts shown to readers come from the data: « Les sept fiches-missions » in docs/*.md is the `nombre` macro over
the page records, so that adding a sheet's YAML file makes it « huit ». On a small in-memory site: no build, no
data folder read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2

from macros.data.collections import COLLECTIONS
from macros.data.docs_check import check_docs, get_data
from macros.render.views import MACRO_NAMES, Views

ROOT = Path(__file__).resolve().parent.parent


def _fiche(n: int) -> SimpleNamespace:
    return SimpleNamespace(id=f"fiche-{n}", numero=n, titre=f"Fiche numéro {n}")


def _views(sheets: int) -> Views:
    """Views over a site of `sheets` sheets, five principles and three reasons (only what the records read)."""
    fiches = {f.id: f for f in map(_fiche, range(1, sheets + 1))}
    principes = {f"p{n}": SimpleNamespace(id=f"p{n}", numero=f"3.{n}", titre=f"Principe {n}") for n in range(5)}
    raisons = {f"r{n}": SimpleNamespace(id=f"r{n}", numero=f"1.{n}", titre=f"Raison {n}") for n in range(3)}
    items = {"fiches": fiches, "principes": principes, "raisons": raisons}
    files = {(coll, i): (f"data/{coll}/{i}.yml", ()) for coll, of in items.items() for i in of}
    empty: dict[str, dict[str, Any]] = {
        coll.name: {} for coll in COLLECTIONS
    }  # the other collections (a new kind's too) are empty
    site = SimpleNamespace(**(empty | items), parcours_in_order=lambda: [], files=files)
    entry = SimpleNamespace(modele=SimpleNamespace(id="attestation", titre="Attestation"), data_file="data/modeles/a.yml")
    return Views(site, "/", entries=[entry])  # type: ignore[arg-type, list-item]


def _page_text(rel: str, views: Views) -> str:
    """A docs/*.md page as the macros plugin renders it: `nombre` is the view, the other macros show nothing."""
    body, _ = get_data((ROOT / "docs" / rel).read_text(encoding="utf-8"))
    macros: dict[str, Callable[..., str]] = {name: (lambda *args, **kwargs: "") for name in MACRO_NAMES}
    macros["nombre"] = lambda sorte: views.nombre("", sorte)
    return jinja2.Environment().from_string(body).render(**macros)


def test_an_eighth_sheet_makes_the_pages_say_huit() -> None:
    seven, eight = _views(7), _views(8)
    for rel, sentence in [
        ("fiches/index.md", "# Les {} fiches-missions"),
        ("index.md", "## Les {} fiches-missions"),
        ("imprimer.md", "Les {} fiches-missions sur une seule page"),
    ]:
        assert sentence.format("sept") in _page_text(rel, seven), rel
        assert sentence.format("huit") in _page_text(rel, eight), rel
        assert "sept" not in _page_text(rel, eight), rel


def test_principles_and_reasons_are_counted_too() -> None:
    views = _views(7)
    assert "# Les cinq principes de la HAS" in _page_text("principes/index.md", views)
    raisons = _page_text("raisons/index.md", views)
    assert "# Trois raisons qui fondent" in raisons and "## Les trois raisons" in raisons


def test_no_count_is_written_by_hand_in_the_pages() -> None:
    """The counts of the data's pages are never words typed in docs/*.md (nor in the theme's templates)."""
    counted = ("fiches-missions", "principes", "raisons")
    words = ("deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")
    found = []
    for path in [*(ROOT / "docs").rglob("*.md"), *(ROOT / "overrides").rglob("*.html")]:
        body, _ = get_data(path.read_text(encoding="utf-8"))  # titles in front matter are checked apart
        text = body.casefold()
        found += [f"{path.name}: {w} {n}" for w in words for n in counted if f"{w} {n}" in text]
    assert not found, found


def test_an_unknown_kind_is_a_french_message_at_its_place(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text(
        '---\ntitle: Essai\nrender_macros: true\n---\n\n# Les {{ nombre("fiches") }} fiches\n', encoding="utf-8"
    )
    site = SimpleNamespace()
    problems = [str(p) for p in check_docs(site, tmp_path, docs_dir=docs)]  # type: ignore[arg-type]
    assert len(problems) == 1, problems
    assert problems[0].startswith("docs/page.md:6:18:"), problems
    assert "« fiches » n'est pas une sorte de page — vouliez-vous écrire « fiche » ?" in problems[0]


def test_no_count_is_written_by_hand_in_a_title() -> None:
    """A title in a page's front matter counts with `nombre` too (generate renders it, tests/test_titres_compte.py):
    a count typed there in words would lie once a principle is added."""
    from macros.text.french import in_words

    counted = ("fiches-missions", "principes", "raisons")
    words = {in_words(n) for n in range(2, 21)}
    found, counting = [], []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        _, meta = get_data(path.read_text(encoding="utf-8"))
        title = str(meta.get("title", ""))
        said = title.casefold().split()
        found += [f"{path.name}: {w} {n}" for w, n in zip(said, said[1:]) if w in words and n in counted]
        if '{{ nombre("' in title:
            counting.append(path.relative_to(ROOT / "docs").as_posix())
    assert not found, found
    assert {"principes/index.md", "raisons/index.md"} <= set(counting), counting
