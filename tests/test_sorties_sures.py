"""Nothing outside the project is read or written, and every output is safe for the tool that opens it.

Issue 20, items 2 and 3: symbolic links and special files under data/, docs/ and overrides/ are refused before
anything is read (`make check` and the build); the redirects registry writes inside the site only and its loops,
dead targets and shadowed pages are errors; the open-data CSVs hold no spreadsheet formula (read back by
LibreOffice); characters XML 1.0 forbids never make a DOCX, an ODT or a QR code ill-formed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros.data.loader import DataError, load_site
from tests.conftest import ROOT, build_site, copy_project

SECRET = "UP_SECRET_A_NE_PAS_PUBLIER"


def data_copy(tmp_path: Path) -> Path:
    """data/ and docs/ of the project, copied: enough for load_site (make check)."""
    project = tmp_path / "projet"
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, project / name)
    return project


def problems_of(project: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_site(project / "data")
    return [str(p) for p in caught.value.problems]


# --- symbolic links and special files ---------------------------------------------------------------------------


def test_un_fichier_de_donnees_lie_hors_du_projet_est_refuse(tmp_path: Path) -> None:
    project = data_copy(tmp_path)
    outside = tmp_path / "ailleurs.yml"
    outside.write_text((project / "data/lexique/aidant.yml").read_text(encoding="utf-8").replace(
        "id: aidant", "id: terme-d-ailleurs"), encoding="utf-8")
    (project / "data/lexique/terme-d-ailleurs.yml").symlink_to(outside)
    problems = problems_of(project)
    assert len(problems) == 1, problems
    assert problems[0].startswith("data/lexique/terme-d-ailleurs.yml:1:1: lien symbolique refusé")
    assert "remplacez le lien par une copie" in problems[0]


def test_une_page_liee_a_l_environnement_est_refusee_sans_etre_lue(tmp_path: Path) -> None:
    project = data_copy(tmp_path)
    (project / "docs/environnement.md").symlink_to("/proc/self/environ")
    (project / "docs/assets/ailleurs").symlink_to(tmp_path, target_is_directory=True)
    problems = problems_of(project)
    assert [p.split(": ", 1)[0] for p in problems] == ["docs/assets/ailleurs:1:1", "docs/environnement.md:1:1"]
    assert all("lien symbolique refusé" in p for p in problems)


def test_un_tube_nomme_ne_bloque_pas_la_verification(tmp_path: Path) -> None:
    """A named pipe would block any reader for ever: `make check` names it at once."""
    project = data_copy(tmp_path)
    os.mkfifo(project / "docs/bloque.md")
    run = subprocess.run([sys.executable, "-m", "macros.check", str(project / "data")], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "docs/bloque.md:1:1: ce n'est ni un fichier ni un dossier" in run.stderr


def test_un_nom_de_fichier_invisible_ou_balise_est_refuse(tmp_path: Path) -> None:
    project = data_copy(tmp_path)
    (project / "docs/a\x1bpropos.md").write_text("# À propos\n", encoding="utf-8")
    (project / "docs/<img src=x>.md").write_text("# Image\n", encoding="utf-8")
    problems = problems_of(project)
    assert len(problems) == 2, problems
    assert problems[0].startswith("docs/<img src=x>.md:1:1: nom de fichier refusé : il contient « < », « > »")
    assert problems[1].startswith("docs/a\\x1bpropos.md:1:1: nom de fichier refusé : il contient U+001B")


@pytest.mark.slow
def test_la_construction_ne_publie_pas_ce_qu_un_lien_designe(tmp_path: Path) -> None:
    """The build stops before MkDocs reads docs/: the linked file's text is in no output, the old site stays."""
    project = copy_project(tmp_path / "projet")
    secret = tmp_path / "secret.md"
    secret.write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    (project / "docs/secret.md").symlink_to(secret)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("ancien site", encoding="utf-8")
    run = build_site(project, out)
    assert run.returncode != 0
    assert "docs/secret.md:1:1: lien symbolique refusé" in run.stdout + run.stderr
    assert (out / "index.html").read_text(encoding="utf-8") == "ancien site"
    leaked = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink() and p != secret
              and SECRET.encode() in p.read_bytes()]
    assert leaked == []


# --- the redirects registry -------------------------------------------------------------------------------------

REDIRECTIONS = "data/redirections.yml"


def redirect_problems(tmp_path: Path, *lines: str) -> list[str]:
    project = data_copy(tmp_path)
    path = project / REDIRECTIONS
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return problems_of(project)


def last_line() -> int:
    return len((ROOT / REDIRECTIONS).read_text(encoding="utf-8").rstrip("\n").splitlines())


@pytest.mark.parametrize(
    ("ancien", "attendu"),
    [
        ("/tmp/ailleurs/", "l'adresse commence par « / »"),
        ("fiches/../../../ailleurs/", "« . » et « .. » ne sont pas permis"),
        ("fiches//fiche-9/", "dossier vide (« // »)"),
        ("fiches/fiche-9", "l'adresse d'une page se termine par « / »"),
    ],
)
def test_une_ancienne_adresse_reste_dans_le_site(tmp_path: Path, ancien: str, attendu: str) -> None:
    problems = redirect_problems(tmp_path, f'- ancien: "{ancien}"', "  nouveau: fiches/pair-aidance/")
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{REDIRECTIONS}:{last_line() + 1}:3: [8].ancien: {attendu}"), problems[0]


def test_une_boucle_de_redirections_est_refusee(tmp_path: Path) -> None:
    problems = redirect_problems(tmp_path, "- ancien: aller/", "  nouveau: retour/", "- ancien: retour/",
                                 "  nouveau: aller/#haut")
    n = last_line()
    assert problems == [
        f"{REDIRECTIONS}:{n + 2}:3: [8].nouveau: boucle de redirections : aller/ → retour/ → aller/ — faites mener "
        "« nouveau » à une page qui existe",
        f"{REDIRECTIONS}:{n + 4}:3: [9].nouveau: boucle de redirections : retour/ → aller/ → retour/ — faites mener "
        "« nouveau » à une page qui existe",
    ]


def test_une_redirection_vers_une_page_absente_est_refusee(tmp_path: Path) -> None:
    problems = redirect_problems(tmp_path, "- ancien: fiches/fiche-8/", "  nouveau: fiches/pair-aidanse/#activites")
    assert problems == [
        f"{REDIRECTIONS}:{last_line() + 2}:3: [8].nouveau: la page « fiches/pair-aidanse/ » n'existe pas dans le "
        "site — vouliez-vous écrire « fiches/pair-aidance/ » ? écrivez l'adresse d'une page existante, sans le "
        "domaine (ex. fiches/pair-aidance/)"
    ]


@pytest.mark.parametrize("ancien", ["fiches/pair-aidance/", "lexique/", "modeles/fiche-de-mission-recherche/"])
def test_une_redirection_ne_cache_pas_une_vraie_page(tmp_path: Path, ancien: str) -> None:
    problems = redirect_problems(tmp_path, f"- ancien: {ancien}", "  nouveau: principes/")
    assert problems == [
        f"{REDIRECTIONS}:{last_line() + 1}:3: [8].ancien: « {ancien} » est une page du site : cette redirection la "
        "remplacerait et la page disparaîtrait — supprimez cette redirection, ou corrigez l'ancienne adresse"
    ]


def test_les_pages_connues_sans_mkdocs_sont_celles_que_fait_la_construction() -> None:
    """The pages `make check` knows from data/ and docs/ are those the build makes (macros/site/pages.py)."""
    from macros.data.site_pages import data_pages, docs_pages, url_of
    from macros.outputs.documents import FORMATS, chemin
    from macros.site.context import BuildContext

    site = load_site(ROOT / "data")
    context = BuildContext(ROOT, site, "/", "non datée")
    context.views.sizes.update(  # the downloads' sizes: the documents are not made here
        {chemin(e.modele.id, kind): 0 for e in context.views.entrees for kind, _ in FORMATS})
    made = {url_of(page.path) for page in context.make_pages()}
    assert data_pages(site) == made
    assert {"", "fiches/", "lexique/", "principes/"} <= docs_pages(ROOT / "docs")


@pytest.mark.slow
def test_la_construction_n_ecrit_rien_hors_du_site(tmp_path: Path) -> None:
    """`ancien: /absolute/dir/` used to make the build write an index.html there."""
    project = copy_project(tmp_path / "projet")
    outside = tmp_path / "dehors"
    path = project / REDIRECTIONS
    path.write_text(path.read_text(encoding="utf-8") + f'- ancien: "{outside}/"\n  nouveau: lexique/\n',
                    encoding="utf-8")
    run = build_site(project, tmp_path / "site")
    assert run.returncode != 0
    assert "[8].ancien: l'adresse commence par « / »" in run.stdout + run.stderr
    assert not outside.exists()
