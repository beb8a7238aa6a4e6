"""A corpus of bad inputs: each gives one precise French message, `make check` exits 1, the build fails and
leaves `site/` untouched. Then property-based tests: whatever values the data holds, the check and the
build end with a message, never with a Python traceback.

Each case runs `python -m macros.check` and `python -m macros.build` on its own copy of the project; the
cases run a few at a time (they are independent processes), so the whole corpus takes about 30 s.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import mauvaises_entrees as corpus
from tests.conftest import ROOT, build_site, build_sites, copy_project, copy_small_project

pytestmark = pytest.mark.slow  # one build per bad input: run by `make test`, not by `make test-fast`

FICHE = "data/fiches/pair-aidance.yml"
TEMOIGNAGE = "data/temoignages/maurice-causse.yml"
SOURCES = "data/sources.yml"
MODELE = "data/modeles/attestation-participation.yml"
LINE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<rest>.+)$")
SENTINEL = "version précédente, qui doit rester en place"


# --- the corpus ------------------------------------------------------------------------------

Mutation = Callable[[Path], None]


def replace(rel: str, old: str, new: str) -> Mutation:
    def run(project: Path) -> None:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} absent de {rel} : le corpus doit suivre les données"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return run


def write(rel: str, content: str | bytes) -> Mutation:
    def run(project: Path) -> None:
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return run


def copy_as(rel: str, new_rel: str) -> Mutation:
    def run(project: Path) -> None:
        (project / new_rel).parent.mkdir(parents=True, exist_ok=True)
        (project / new_rel).write_bytes((project / rel).read_bytes())

    return run


def append(rel: str, text: str) -> Mutation:
    def run(project: Path) -> None:
        path = project / rel
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")

    return run


def indent_under(rel: str, key: str) -> Mutation:
    """The whole file moved under one key: a group where a list is expected."""

    def run(project: Path) -> None:
        path = project / rel
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text(f"{key}:\n" + "".join(f"  {line}\n" for line in lines), encoding="utf-8")

    return run


def both(*mutations: Mutation) -> Mutation:
    def run(project: Path) -> None:
        for mutation in mutations:
            mutation(project)

    return run


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Mutation
    message: str  # expected in the one new problem line
    file: str  # the file the message points at
    needle: str | None = None  # the message points at the first line holding this text (after the change)


ITEM = '    - "Favoriser le lien avec des pairs"'
TITRE = 'titre: "Pair-aidance associative"'

CASES = [
    # Malformed YAML
    Case(
        "tabulation",
        replace(FICHE, "\n  elements:\n", "\n\telements:\n"),
        "tabulation interdite — en YAML, indentez avec des espaces seulement",
        FICHE,
        "\telements:",
    ),
    Case("puce-mal-indentee", replace(FICHE, ITEM, ITEM[2:]), "indentation incorrecte", FICHE, ITEM[2:]),
    Case(
        "cle-trop-indentee", replace(FICHE, "\nnumero: 1", "\n  numero: 1"), "indentation incorrecte", FICHE, "  numero: 1"
    ),
    Case("guillemet-double-non-ferme", replace(FICHE, TITRE, TITRE[:-1]), "guillemet non fermé", FICHE, TITRE[:-1]),
    Case(
        "guillemet-simple-non-ferme",
        replace(FICHE, TITRE, "titre: 'Pair-aidance associative"),
        "guillemet non fermé",
        FICHE,
        "titre: 'Pair",
    ),
    Case("guillemet-non-ferme-dans-une-liste", replace(FICHE, ITEM, ITEM[:-1]), "guillemet non fermé", FICHE, ITEM[:-1]),
    Case(
        "texte-apres-guillemet",
        replace(FICHE, TITRE, 'titre: "Pair-aidance" associative'),
        "texte après le guillemet fermant",
        FICHE,
        'titre: "Pair-aidance" associative',
    ),
    Case(
        "guillemets-dans-guillemets",
        replace(FICHE, TITRE, 'titre: "Pair "aidance" associative"'),
        "texte après le guillemet fermant",
        FICHE,
        'titre: "Pair "aidance',
    ),
    Case(
        "deux-points-sans-guillemets",
        replace(FICHE, TITRE, "titre: Pair-aidance : associative"),
        "« : » inattendu",
        FICHE,
        "titre: Pair-aidance : associative",
    ),
    Case(
        "cle-en-double",
        replace(FICHE, "numero: 1\n", "numero: 1\nnumero: 2\n"),
        "clé « numero » en double (déjà à la ligne",
        FICHE,
        "numero: 2",
    ),
    Case(
        "tiret-sans-espace",
        replace(FICHE, ITEM, '    -"Favoriser le lien avec des pairs"'),
        "ligne incomplète",
        FICHE,
        '    -"Favoriser',
    ),
    Case("etoile-alias", replace(FICHE, TITRE, "titre: *Pair-aidance*"), "YAML y voit un alias", FICHE, "titre: *Pair"),
    Case(
        "alias-multiplicateur",
        replace(FICHE, "\nnumero: 1\n", "\nnumero: 1\nx: &a [1, 1]\ny: [*a, *a]\n"),
        "YAML y voit un alias",
        FICHE,
        "y: [*a",
    ),
    Case(
        "accolade-non-fermee",
        replace(FICHE, TITRE, "titre: {Pair-aidance"),
        "« { » ou « [ » non fermé",
        FICHE,
        "titre: {Pair",
    ),
    Case(
        "second-document",
        write("data/temoignages/deux.yml", "id: deux\n---\nid: trois\n"),
        "« --- » : un fichier contient un seul élément",
        "data/temoignages/deux.yml",
        "---",
    ),
    Case(
        "imbrication-infinie",
        replace(FICHE, TITRE, "titre: " + "[" * 200 + "]" * 200),
        "imbrication trop profonde",
        FICHE,
        "titre: [[[",
    ),
    # Wrong types
    Case(
        "nombre-en-texte",
        replace(FICHE, "numero: 1", 'numero: "un"'),
        "numero: nombre entier attendu",
        FICHE,
        'numero: "un"',
    ),
    Case(
        "liste-au-lieu-de-texte",
        replace(FICHE, TITRE, "titre: [Pair, aidance]"),
        "titre: texte attendu, mais YAML lit ici un groupe ou une liste",
        FICHE,
        "titre: [Pair",
    ),
    Case(
        "texte-au-lieu-de-liste",
        replace(FICHE, "\n  - maurice-causse\n", " maurice-causse\n"),
        "exemples: liste attendue",
        FICHE,
        "exemples: maurice-causse",
    ),
    Case(
        "vrai-faux",
        replace(TEMOIGNAGE, "video: true", 'video: "peut-être"'),
        "video: vrai/faux attendu",
        TEMOIGNAGE,
        "video:",
    ),
    Case(
        "valeur-non-permise",
        replace(TEMOIGNAGE, "type: temoignage", "type: temoin"),
        "type: valeur non permise « temoin » — choisissez parmi : 'temoignage' ou 'complement'",
        TEMOIGNAGE,
        "type: temoin",
    ),
    Case("puce-vide", replace(FICHE, ITEM, "    -"), "besoin_initial.elements[1]: valeur vide", FICHE, "    -\n"),
    Case(
        "date-impossible",
        replace(TEMOIGNAGE, 'date: "2020-02-04"', 'date: "2020-13-45"'),
        "date: date « 2020-13-45 » impossible",
        TEMOIGNAGE,
        "date:",
    ),
    # A date with the right shape that the calendar does not have: once passed `make check`, then killed the
    # build with a ValueError traceback in the documents (issue 13).
    Case(
        "date-impossible-journal-modele",
        replace(MODELE, 'date: "2026-11-22"', 'date: "2026-02-30"'),
        "journal[0].date: date « 2026-02-30 » impossible",
        MODELE,
        'date: "2026-02-30"',
    ),
    Case(
        "fichier-liste-au-lieu-de-groupe",
        write("data/fiches/liste.yml", "- id: liste\n- numero: 9\n"),
        "groupe de champs attendu",
        "data/fiches/liste.yml",
        "- id: liste",
    ),
    Case(
        "sources-pas-une-liste",
        indent_under(SOURCES, "sources"),
        "liste attendue — chaque élément commence par « - »",
        SOURCES,
    ),
    # Missing and unknown fields
    Case(
        "champ-manquant",
        replace(FICHE, '\ndescription: "L', '\n# description: "L'),
        "description: champ « description » manquant — ajoutez-le : La phrase qui résume la fiche.",
        FICHE,
    ),
    Case(
        "cle-inconnue",
        replace(FICHE, "\ntitre:", "\ntitr:"),
        "titr: clé inconnue « titr » — vouliez-vous écrire « titre » ?",
        FICHE,
        "titr:",
    ),
    Case(
        "cle-inconnue-imbriquee",
        replace(FICHE, ITEM, '    - texte: "Favoriser le lien"\n      fihce: recherche'),
        "besoin_initial.elements[1].fihce: clé inconnue « fihce » — vouliez-vous écrire « fiche » ?",
        FICHE,
        "fihce:",
    ),
    # Ids and references
    Case(
        "id-en-double",
        append(SOURCES, '- id: guide-up\n  titre: "Doublon"\n  auteurs: "X"\n  date: "2023"\n  description: "Y"\n'),
        "id « guide-up » déjà utilisé (data/sources.yml:",
        SOURCES,
        '- id: guide-up\n  titre: "Doublon"',
    ),
    Case(
        "id-different-du-fichier",
        copy_as(TEMOIGNAGE, "data/temoignages/autre-nom.yml"),
        "id: l'id « maurice-causse » diffère du nom du fichier « autre-nom »",
        "data/temoignages/autre-nom.yml",
        "id: maurice-causse",
    ),
    Case(
        "reference-cassee",
        replace(FICHE, "  - maurice-causse", "  - maurice-cause"),
        "témoignage « maurice-cause » introuvable — vouliez-vous écrire « maurice-causse » ? (ids valides : ",
        FICHE,
        "  - maurice-cause",
    ),
    Case(
        "fiche-inexistante",
        replace(TEMOIGNAGE, "fiche: pair-aidance", "fiche: nulle-part"),
        "fiche: fiche « nulle-part » introuvable — ids valides : ",
        TEMOIGNAGE,
        "fiche: nulle-part",
    ),
    Case(
        "document-source-inexistant",
        replace(FICHE, "source: {document: guide-up,", "source: {document: guide-x,"),
        "source.document: document « guide-x » introuvable — vouliez-vous écrire « guide-up » ?",
        FICHE,
        "source: {document: guide-x",
    ),
    Case(
        "page-de-docs-vers-donnee-absente",
        replace("docs/has/essentiel.md", 'page_texte("essentiel")', 'page_texte("essentiel-x")'),
        "« essentiel-x » introuvable : data/pages/essentiel-x.yml n'existe pas",
        "docs/has/essentiel.md",
        "essentiel-x",
    ),
    # Files
    Case(
        "fichier-vide",
        write("data/temoignages/vide.yml", ""),
        "fichier vide — écrivez son contenu",
        "data/temoignages/vide.yml",
    ),
    Case(
        "fichier-de-commentaires",
        write("data/temoignages/rien.yml", "# rien ici\n"),
        "fichier sans données",
        "data/temoignages/rien.yml",
    ),
    Case(
        "champ-enorme",
        replace(FICHE, ITEM, '    - "' + "x" * 25000 + '"'),
        "besoin_initial.elements[1].texte: texte trop long (25000 caractères, au plus 20000) — coupez-le",
        FICHE,
        '    - "xxx',
    ),
    Case(
        "fichier-enorme",
        write("data/temoignages/enorme.yml", "id: enorme\n# " + "x" * 1_100_000 + "\n"),
        "fichier trop gros (1100 Ko, au plus 1000 Ko)",
        "data/temoignages/enorme.yml",
    ),
    Case(
        "pas-utf8",
        write("data/temoignages/latin1.yml", 'id: latin1\ntitre: "Caussé"\n'.encode("latin-1")),
        "caractères illisibles (le fichier n'est pas en UTF-8) — enregistrez-le en UTF-8",
        "data/temoignages/latin1.yml",
        "titre",
    ),
    Case(
        "caractere-de-controle",
        replace(FICHE, TITRE, 'titre: "Pair\x07aidance"'),
        "caractère interdit (code U+0007",
        FICHE,
        'titre: "Pair',
    ),
    Case(
        "caractere-invisible-echappe",
        replace(FICHE, TITRE, 'titre: "Pair\\x1Faidance"'),
        "titre: caractère invisible interdit (code U+001F)",
        FICHE,
        'titre: "Pair\\x1F',
    ),
    Case(
        "fichier-hors-des-dossiers",
        write("data/divers.yml", "id: divers\n"),
        "fichier à un endroit inattendu, il n'est pas lu — placez-le dans l'un de : data/sources.yml, data/fiches/",
        "data/divers.yml",
    ),
    Case(
        "sous-dossier-inattendu",
        copy_as(FICHE, "data/fiches/brouillons/pair-aidance.yml"),
        "fichier à un endroit inattendu",
        "data/fiches/brouillons/pair-aidance.yml",
    ),
    Case(
        "mauvaise-extension",
        both(write("data/fiches/brouillons/.keep", ""), copy_as(FICHE, "data/fiches/copie.yaml")),
        "extension « .yaml » non lue — renommez le fichier en copie.yml",
        "data/fiches/copie.yaml",
    ),
    # Injection: Jinja and HTML/JS never reach a page
    Case(
        "jinja-sans-guillemets",
        replace(FICHE, TITRE, "titre: {{ config.site_name }}"),
        "titre: texte attendu, mais YAML lit ici un groupe",
        FICHE,
        "titre: {{",
    ),
    Case(
        "jinja-instruction-sans-guillemets",
        replace(FICHE, TITRE, 'titre: {% include "main.html" %}'),
        "un texte ne peut pas commencer par « % » sans guillemets",
        FICHE,
        "titre: {%",
    ),
    Case(
        "script",
        replace(FICHE, ITEM, "    - '<script>alert(1)</script>'"),
        "besoin_initial.elements[1].texte: le HTML n'est pas permis",
        FICHE,
        "<script>",
    ),
    Case(
        "attribut-evenement",
        replace(FICHE, TITRE, "titre: '<img src=x onerror=alert(1)>'"),
        "titre: le HTML n'est pas permis",
        FICHE,
        "<img",
    ),
    Case(
        "html-dans-une-liste-de-textes",
        replace(TEMOIGNAGE, 'nom: "Maurice Caussé"', 'nom: "<b onclick=alert(1)>Maurice</b>"'),
        "personnes[0].nom: le HTML n'est pas permis",
        TEMOIGNAGE,
        "<b onclick",
    ),
    Case(
        "lien-javascript",
        replace(FICHE, ITEM, "    - '[clic](javascript:alert(1))'"),
        "lien « javascript:alert(1) » refusé — seuls http, https, mailto et les liens internes sont permis",
        FICHE,
        "javascript:",
    ),
    Case(
        "lien-data",
        replace(FICHE, ITEM, "    - '[clic](data:text/html;base64,PHNjcmlwdD4=)'"),
        "lien « data:text/html;base64,PHNjcmlwdD4= » refusé",
        FICHE,
        "data:text",
    ),
    Case(
        "lien-sans-protocole",
        replace(FICHE, ITEM, "    - '[clic](//autre-site.example/)'"),
        "lien « //autre-site.example/ » refusé — écrivez l'adresse complète",
        FICHE,
        "//autre-site",
    ),
    Case(
        "lien-par-reference",
        replace(FICHE, ITEM, '    - "[clic][1]\\n\\n[1]: javascript:alert(1)"'),
        "lien « javascript:alert(1) » refusé",
        FICHE,
        "[clic][1]",
    ),
    Case(
        "adresse-javascript",
        replace(SOURCES, '  date: "2023"\n', '  date: "2023"\n  lien: "javascript:alert(1)"\n'),
        "[0].lien: adresse refusée — elle doit commencer par https://, http:// ou mailto:",
        SOURCES,
        'lien: "javascript',
    ),
    Case(
        "image",
        replace(FICHE, ITEM, "    - '![x](https://autre-site.example/x.png)'"),
        "les images ne sont pas permises",
        FICHE,
        "![x]",
    ),
]

# The cases kept as data (tests/mauvaises-entrees/): each refused one gives its message at its line.
CASES += [
    Case(e.name, e.apply, e.spec["message"], e.spec["fichier"], e.spec.get("ligne")) for e in corpus.entries() if not e.inert
]


@dataclass
class Outcome:
    project: Path
    check_code: int = -1
    check_err: str = ""
    build_code: int = -1
    build_err: str = ""
    new: list[str] = field(default_factory=list)
    site_files: list[tuple[str, str]] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)


def _run_check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "macros.check"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=120,
    )


def _check_in_process(data_dir: Path) -> tuple[int, str]:
    """`python -m macros.check data_dir`, in this process (its exit code is what `main` returns; an exception
    here would be a traceback there). Faster than a new Python for each of the many cases."""
    from macros.data import check

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = check.main([str(data_dir)])
    return code, err.getvalue()


def _problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if LINE.match(line)]


def _previous_site(out: Path) -> Path:
    out.mkdir()
    (out / "index.html").write_text(SENTINEL, encoding="utf-8")
    return out


def _built(outcome: Outcome, out: Path, build: subprocess.CompletedProcess[str]) -> None:
    outcome.build_code, outcome.build_err = build.returncode, build.stderr
    outcome.site_files = sorted((p.name, p.read_text(encoding="utf-8")) for p in out.iterdir())
    outcome.leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".site")]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    base = tmp_path_factory.mktemp("mauvaises-entrees")
    # Other people may be adding data while this runs: only problems that the case adds count.
    baseline = set(_problems(_check_in_process(copy_small_project(base / "_reference") / "data")[1]))
    results: dict[str, Outcome] = {}
    for case in CASES:  # each on a copy of the small project: the files the cases change are the real ones
        results[case.name] = Outcome(copy_small_project(base / case.name / "p"))
        case.mutate(results[case.name].project)
    # Builds are separate processes (forked from one Python, conftest.build_sites), two at a time, while this
    # thread runs the checks.
    outs = {c.name: _previous_site(base / c.name / "site") for c in CASES}
    with ThreadPoolExecutor(max_workers=1) as pool:
        builds = pool.submit(build_sites, [(results[c.name].project, outs[c.name]) for c in CASES])
        for case in CASES:
            outcome = results[case.name]
            outcome.check_code, outcome.check_err = _check_in_process(outcome.project / "data")
            outcome.new = [p for p in _problems(outcome.check_err) if p not in baseline]
        for case, build in zip(CASES, builds.result(), strict=True):
            _built(results[case.name], outs[case.name], build)
    return results


def line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8", errors="replace")
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gives_one_clear_message(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.name]
    assert "Traceback" not in outcome.check_err, outcome.check_err[-3000:]
    assert outcome.check_code == 1, outcome.check_err
    assert len(outcome.new) == 1, "\n".join(outcome.new) or outcome.check_err
    message = outcome.new[0]
    assert case.message in message, message
    where = LINE.match(message)
    assert where and where["file"] == case.file, message
    if case.needle is not None:
        assert int(where["line"]) == line_of(outcome.project / case.file, case.needle), message
    assert " — " in message, f"chaque message dit quoi faire : {message}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_stops_the_build_and_leaves_site_untouched(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.name]
    assert outcome.build_code != 0
    assert "Traceback" not in outcome.build_err, outcome.build_err[-3000:]
    assert outcome.new[0] in outcome.build_err, outcome.build_err[-3000:]
    assert "n'a pas été modifié" in outcome.build_err
    assert outcome.site_files == [("index.html", SENTINEL)]
    assert outcome.leftovers == []


def test_the_check_command_exit_codes(outcomes: dict[str, Outcome]) -> None:
    """The corpus calls `macros.check.main` in-process; here the real command, as `make check` runs it."""
    bad = _run_check(outcomes["cle-inconnue"].project)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "clé inconnue « titr » — vouliez-vous écrire « titre » ?" in bad.stderr
    assert bad.stderr.startswith(f"{len(_problems(bad.stderr))} erreur(s) dans les données :")
    assert _run_check(outcomes["cle-inconnue"].project.parent.parent / "_reference").returncode == 0


def test_mkdocs_itself_refuses_bad_data(outcomes: dict[str, Outcome], tmp_path: Path) -> None:
    """`make serve` and a bare `mkdocs build` load the data in our plugin (macros/site/plugin.py), which stops
    with the same message as `make check`."""
    project = outcomes["cle-inconnue"].project
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "s")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "titr: clé inconnue « titr » — vouliez-vous écrire « titre » ?" in result.stderr


def test_corpus_covers_the_issue() -> None:
    names = {c.name for c in CASES}
    assert len(CASES) >= 40
    for needed in (
        "tabulation",
        "puce-mal-indentee",
        "guillemet-double-non-ferme",
        "cle-en-double",
        "nombre-en-texte",
        "champ-manquant",
        "cle-inconnue",
        "id-en-double",
        "reference-cassee",
        "fichier-vide",
        "champ-enorme",
        "pas-utf8",
        "fichier-hors-des-dossiers",
        "jinja-sans-guillemets",
        "script",
        "lien-javascript",
    ):
        assert needed in names


# --- property-based: never a traceback ---------------------------------------------------------


def _paths(value: object, path: tuple = ()) -> list[tuple]:
    out = [path] if path else []
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _paths(child, path + (index,))
    return out


def _set(value: object, path: tuple, new: object) -> object:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _set(value[head], rest, new)}
    assert isinstance(value, list)
    return [(_set(v, rest, new) if i == head else v) for i, v in enumerate(value)]


def _original() -> dict:
    from macros.data.loader import read_yaml

    value, _ = read_yaml(ROOT / FICHE, FICHE)
    return value


ORIGINAL = _original()
PATHS = _paths(ORIGINAL)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            " ",
            "{{ x }}",
            "{% if %}",
            "<script>",
            "2020-02-30",
            "[a](javascript:b)",
            "pair-aidance",
            "x" * 20001,
            "- a",
            "\t",
            "\x00",
            "é" * 3,
            # issue 20: unclosed tags, comments, private use, bidi, local links, blocks
            "<meta http-equiv=refresh content=0;url=https://example.com/",
            "a <!-- b",
            "<img src=x onerror=alert(1)",
            "\U000f0001",
            "\ue000",
            "\u202e",
            "x" * 231,
            "[x](../../mkdocs.yml)",
            "a\n# Titre",
            "a\n\n- b",
            '=HYPERLINK("x")',
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)
MESSAGE = re.compile(r"^[^:\s]+:\d+:\d+: .+ — .+$")


def _dump(value: object) -> str:
    return "# yaml-language-server: $schema=../../schemas/fiche.schema.json\n" + yaml.safe_dump(
        value, allow_unicode=True, sort_keys=False, width=10_000
    )


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("proprietes") / "p")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Just the sheet, its sources and its testimonials: the same checks, ten times faster than all the data."""
    root = tmp_path_factory.mktemp("petit")
    for rel in [SOURCES, FICHE] + [
        f"data/temoignages/{p.name}"
        for p in sorted((ROOT / "data/temoignages").glob("*.yml"))
        if "\nfiche: pair-aidance\n" in p.read_text(encoding="utf-8")
    ]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes((ROOT / rel).read_bytes())
    return root


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(where=st.sampled_from(PATHS), value=VALUES)
def test_check_never_crashes_whatever_a_field_holds(small: Path, where: tuple, value: object) -> None:
    target = small / FICHE
    original = target.read_bytes()
    try:
        target.write_text(_dump(_set(ORIGINAL, where, value)), encoding="utf-8")
        code, err = _check_in_process(small / "data")
    finally:
        target.write_bytes(original)
    assert code in (0, 1)
    for line in err.splitlines()[1:]:
        assert MESSAGE.match(line), f"message hors format : {line!r}"
        assert "Input should" not in line and "Value error" not in line, line


YAML_NOISE = st.text(alphabet=list("\t\"'-:#{}[]&*!|>%@` \nxé\\"), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(position=st.floats(min_value=0, max_value=1), noise=YAML_NOISE)
def test_check_never_crashes_on_broken_yaml(small: Path, position: float, noise: str) -> None:
    target = small / FICHE
    original = target.read_bytes()
    text = original.decode("utf-8")
    at = int(position * len(text))
    try:
        target.write_text(text[:at] + noise + text[at:], encoding="utf-8")
        code, err = _check_in_process(small / "data")
    finally:
        target.write_bytes(original)
    assert code in (0, 1)
    for line in err.splitlines()[1:]:
        assert MESSAGE.match(line), f"message hors format : {line!r}"


def _get(value: object, path: tuple) -> object:
    for part in path:
        value = value[part]  # type: ignore[index]
    return value


STRING_PATHS = [p for p in PATHS if isinstance(_get(ORIGINAL, p), str) and p[-1] not in ("id", "icone", "categorie")]


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(where=st.sampled_from(STRING_PATHS), value=st.text(min_size=1, max_size=80))
def test_build_never_crashes_whatever_a_text_holds(
    scratch: Path, tmp_path_factory: pytest.TempPathFactory, where: tuple, value: str
) -> None:
    target = scratch / FICHE
    original = target.read_bytes()
    out = tmp_path_factory.mktemp("site") / "site"
    try:
        target.write_text(_dump(_set(ORIGINAL, where, value)), encoding="utf-8")
        result = build_site(scratch, out)
    finally:
        target.write_bytes(original)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 1), result.stderr[-3000:]
