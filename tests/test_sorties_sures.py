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
