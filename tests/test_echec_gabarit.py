"""A template error in a page stops the build with a message that says where, and site/ is kept — never a silent
exit code (mkdocs-macros' on_error_fail exits the process after logging)."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.site import build


def test_a_template_error_is_said_and_the_old_site_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Accueil\n\n{{ 1 // 0 }}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Essai\nplugins:\n  - macros:\n      on_error_fail: true\n", encoding="utf-8"
    )
    out = tmp_path / "site"
    out.mkdir()
    (out / "ancien.html").write_text("ancien", encoding="utf-8")

    code = build.build(out, tmp_path / "mkdocs.yml")

    err = capsys.readouterr().err
    assert code == 1
    assert "ZeroDivisionError" in err or "division" in err, err
    assert "index.md" in err, err
    assert "erreur de gabarit" in err
    assert (out / "ancien.html").read_text(encoding="utf-8") == "ancien"
