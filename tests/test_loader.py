"""The loader: valid data loads; each kind of broken input gives one precise French message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.data.loader import DataError, load_site

ROOT = Path(__file__).resolve().parent.parent
FICHE = "data/fiches/pair-aidance.yml"
TEMOIGNAGE = "data/temoignages/maurice-causse.yml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def edit(root: Path, rel: str, old: str, new: str) -> Path:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_site(root / "data")
    return [str(p) for p in info.value.problems]


def test_real_data_is_valid() -> None:
    site = load_site(ROOT / "data")
    assert [f.numero for f in site.fiches_in_order()] == list(range(1, len(site.fiches) + 1))
    assert len(site.fiches) >= 7


def test_unknown_key_names_file_line_and_nearest_key(data: Path) -> None:
    path = edit(data, FICHE, "\ntitre:", "\ntitr:")
    line = line_of(path, "titr:")
    found = problems(data)
    # One mistake, one message: no second « champ « titre » manquant » for the same typo.
    assert found == [f"{FICHE}:{line}:1: titr: clé inconnue « titr » — vouliez-vous écrire « titre » ?"]


def test_missing_field(data: Path) -> None:
    edit(data, FICHE, "description: \"L'entraide", "# description: \"L'entraide")
    found = problems(data)
    assert any(
        p.startswith(f"{FICHE}:") and ": description: champ « description » manquant — ajoutez-le" in p for p in found
    ), found


def test_wrong_type(data: Path) -> None:
    path = edit(data, FICHE, "numero: 1", 'numero: "un"')
    line = line_of(path, 'numero: "un"')
    assert problems(data) == [f"{FICHE}:{line}:1: numero: nombre entier attendu — écrivez un nombre sans guillemets (ex. 3)"]


def test_nested_path_and_line(data: Path) -> None:
    path = edit(data, FICHE, '    - "Bénévolat"', '    - texte: "Bénévolat"\n      fihce: recherche')
    line = line_of(path, "fihce:")
    assert problems(data) == [
        f"{FICHE}:{line}:7: modalites.elements[0].fihce: clé inconnue « fihce » — vouliez-vous écrire « fiche » ?"
    ]


def test_duplicate_key(data: Path) -> None:
    path = edit(data, FICHE, "numero: 1\n", "numero: 1\nnumero: 2\n")
    line = line_of(path, "numero: 2")
    assert problems(data) == [
        f"{FICHE}:{line}:1: numero: clé « numero » en double (déjà à la ligne {line - 1}) — gardez une seule de ces deux clés"
    ]


def test_tab(data: Path) -> None:
    path = edit(data, FICHE, "\n  elements:\n", "\n\telements:\n")
    line = line_of(path, "\telements:")
    assert problems(data) == [f"{FICHE}:{line}:1: tabulation interdite — en YAML, indentez avec des espaces seulement"]


def test_bad_indentation(data: Path) -> None:
    edit(data, FICHE, '    - "Favoriser le lien avec des pairs"', '  - "Favoriser le lien avec des pairs"')
    found = problems(data)
    assert len(found) == 1 and found[0].startswith(f"{FICHE}:")
    assert "indentation incorrecte" in found[0]


def test_unclosed_quote(data: Path) -> None:
    edit(data, FICHE, 'titre: "Pair-aidance associative"', 'titre: "Pair-aidance associative')
    found = problems(data)
    assert len(found) == 1 and found[0].startswith(f"{FICHE}:")
    assert "guillemet non fermé" in found[0] or "indentation" in found[0] or "« : » inattendu" in found[0]


def test_dangling_reference_lists_valid_ids(data: Path) -> None:
    path = edit(data, FICHE, "  - maurice-causse", "  - maurice-cause")
    line = line_of(path, "  - maurice-cause")
    found = problems(data)
    assert len(found) == 1 and found[0].startswith(
        f"{FICHE}:{line}:5: exemples[0]: témoignage « maurice-cause » introuvable — vouliez-vous écrire « maurice-causse » ? "
        "(ids valides : "
    ), found
    assert "maurice-causse, " in found[0] or found[0].endswith("maurice-causse)")


def test_dangling_sheet_reference_from_testimonial(data: Path) -> None:
    path = edit(data, TEMOIGNAGE, "fiche: pair-aidance", "fiche: pair-aidance-x")
    line = line_of(path, "fiche: pair-aidance-x")
    found = problems(data)
    assert len(found) == 1 and found[0].startswith(
        f"{TEMOIGNAGE}:{line}:1: fiche: fiche « pair-aidance-x » introuvable — vouliez-vous écrire « pair-aidance » ? "
        "(ids valides : "
    ), found


def test_duplicate_id(data: Path) -> None:
    (data / "data/sources.yml").write_text(
        (data / "data/sources.yml").read_text(encoding="utf-8")
        + '- id: guide-up\n  titre: "Doublon"\n  auteurs: "X"\n  date: "2023"\n  description: "Y"\n',
        encoding="utf-8",
    )
    line = line_of(data / "data/sources.yml", 'titre: "Doublon"') - 1
    found = problems(data)
    assert found == [
        f"data/sources.yml:{line}:3: [5].id: id « guide-up » déjà utilisé (data/sources.yml:3) — choisissez un id unique"
    ]


def test_id_must_match_file_name(data: Path) -> None:
    shutil.copy(data / TEMOIGNAGE, data / "data/temoignages/autre-nom.yml")
    found = problems(data)
    assert any(p.startswith("data/temoignages/autre-nom.yml:") and "diffère du nom du fichier" in p for p in found)


def test_duplicate_sheet_number(data: Path) -> None:
    other = next(p for p in sorted((data / "data/fiches").glob("*.yml")) if p.stem != "pair-aidance")
    edit(data, f"data/fiches/{other.name}", f"numero: {other.read_text().split('numero: ')[1].split()[0]}\n", "numero: 1\n")
    found = problems(data)
    assert any("numéro 1 déjà pris" in p for p in found), found


def test_empty_file_and_not_utf8_and_misplaced_file(data: Path) -> None:
    (data / "data/temoignages/vide.yml").write_text("", encoding="utf-8")
    (data / "data/temoignages/latin1.yml").write_bytes('titre: "Caussé"\n'.encode("latin-1"))
    (data / "data/divers.yml").write_text("id: x\n", encoding="utf-8")
    found = problems(data)
    assert "data/temoignages/vide.yml:1:1: fichier vide — écrivez son contenu ou supprimez le fichier" in found
    assert (
        "data/temoignages/latin1.yml:1:1: caractères illisibles (le fichier n'est pas en UTF-8) — enregistrez-le en UTF-8"
        in found
    )
    assert any(p.startswith("data/divers.yml:1:1: fichier à un endroit inattendu") for p in found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<script>alert(1)</script>", "le HTML n'est pas permis"),
        ("[clic](javascript:alert(1))", "lien « javascript:alert(1) » refusé"),
        ("![image](https://example.org/x.png)", "les images ne sont pas permises"),
    ],
)
def test_html_and_unsafe_links_are_refused(data: Path, text: str, expected: str) -> None:
    path = edit(data, FICHE, '"Favoriser le lien avec des pairs"', f"'{text}'")
    line = line_of(path, text)
    found = problems(data)
    assert len(found) == 1 and found[0].startswith(f"{FICHE}:{line}:7: besoin_initial.elements[1]"), found
    assert expected in found[0]


def test_every_error_of_a_run_is_listed(data: Path) -> None:
    edit(data, FICHE, "numero: 1", 'numero: "un"')
    edit(data, TEMOIGNAGE, "fiche: pair-aidance", "fiche: nulle-part")
    found = problems(data)
    assert len(found) == 2


def test_dates_stay_strings(data: Path) -> None:
    edit(data, TEMOIGNAGE, 'date: "2020-02-04"', "date: 2020-02-04")
    site = load_site(data / "data")
    assert site.temoignages["maurice-causse"].date == "2020-02-04"


def test_template_blank_syntax_in_a_sheet_is_refused(data: Path) -> None:
    path = edit(data, FICHE, '"Favoriser le lien avec des pairs"', '"Favoriser [[nom]] le lien"')
    line = line_of(path, "[[nom]]")
    found = problems(data)
    assert len(found) == 1 and found[0].startswith(f"{FICHE}:{line}:")
    assert "« [[ » ou « ]] » dans une fiche" in found[0] and "fiche de mission pré-remplie" in found[0]


def docs_problems(root: Path) -> list[str]:
    """The problems of the docs/ pages only (the paths of data/parcours also miss the pages not written here)."""
    return [p for p in problems(root) if p.startswith("docs/")]


def test_docs_pages_are_read_as_templates(data: Path) -> None:
    """A docs/ page's macro calls are found by Jinja's parser: not in a raw block or a comment. Its front matter's
    title is read as a template too (only « nombre » may count there: pages.page_titles), with its own message."""
    docs = data / "docs"
    docs.mkdir()
    (docs / "page.md").write_text(
        "---\ntitle: \"{{ fiche_page('x') }} {% pas fermé\"\nrender_macros: true\n---\n\n"
        '{% raw %}{{ fiche_page("brute") }} {% if %}{% endraw %}\n{# {{ fiche_page("commentee") }} #}\n'
        'Deux : {{ fiche_page("recherche") }} et {{ fiche_page("recherch") }}\n'
        '{{ temoignages_liste(profil="patient", fiche="pair-aidanse") }}\n',
        encoding="utf-8",
    )
    found = docs_problems(data)
    assert [p.split(" — ")[0] for p in found] == [
        "docs/page.md:2:8: title: le titre ne se lit pas comme un modèle : chaque « {{ » doit être fermé par « }} »",
        "docs/page.md:8:56: « recherch » introuvable : data/fiches/recherch.yml n'existe pas",
        "docs/page.md:9:47: « pair-aidanse » introuvable : data/fiches/pair-aidanse.yml n'existe pas",
    ]
    assert "vouliez-vous écrire « recherche » ?" in found[1]


def test_a_docs_page_that_is_not_a_template_says_where(data: Path) -> None:
    docs = data / "docs"
    docs.mkdir()
    (docs / "titre.md").write_text("---\ntitle: T\nrender_macros: true\n---\n\n# T\n\n## Section {#ancre}\n", "utf-8")
    (docs / "ouvert.md").write_text('---\nrender_macros: true\n---\n{{ fiche_page("recherche")\n\nsuite\n', "utf-8")
    # Not rendered by the macros plugin (mkdocs.yml: render_by_default: false): its braces are only text.
    (docs / "texte.md").write_text("---\ntitle: T\n---\n\n## Section {#ancre}\n", encoding="utf-8")
    found = docs_problems(data)
    assert len(found) == 2, found
    assert found[0].startswith("docs/ouvert.md:6:1: la page ne se lit pas comme un modèle de macros : vérifiez les")
    assert found[1].startswith("docs/titre.md:8:1: la page ne se lit pas comme un modèle de macros : « {# » ouvre")
    assert "{% raw %}" in found[1]
