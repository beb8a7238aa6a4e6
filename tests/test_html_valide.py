"""Every built page is valid HTML for the Nu HTML Checker (vnu-jar, pinned in package.json), but for one error of
the theme that we leave: Material puts `autocomplete="off"` on its two checkbox toggles (`__drawer`, `__search`)
so that browsers do not restore them checked; vnu allows `autocomplete` on text-like inputs only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # about 20 s for the whole site: `make test`, not `make test-fast`

VNU = Path(os.environ.get("VNU_JAR", ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"))
THEME_TOGGLES = ("data-md-toggle=drawer", "data-md-toggle=search", 'data-md-toggle="drawer"', 'data-md-toggle="search"')


def _is_theme_autocomplete(message: dict) -> bool:
    """The one known error of the theme: `autocomplete` on Material's own drawer and search checkboxes."""
    return "“autocomplete”" in message.get("message", "") and any(
        toggle in message.get("extract", "") for toggle in THEME_TOGGLES
    )


def _vnu(folder: Path) -> list[dict]:
    if shutil.which("java") is None or not VNU.exists():
        if os.environ.get("UP_REQUIRE_BROWSER"):
            pytest.fail(f"java ou vnu.jar introuvable ({VNU}) alors que la validation HTML est obligatoire (CI)")
        pytest.skip(f"java ou vnu.jar introuvable ({VNU}) : « npm ci » et « apt-get install default-jre-headless »")
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(done.stderr or '{"messages": []}')["messages"]


def test_every_page_is_valid_html(site_dir: Path) -> None:
    messages = _vnu(site_dir)
    pages = list(site_dir.rglob("*.html"))
    assert len(pages) > 90
    checked = {m.get("url", "") for m in messages}
    ours = [
        f"{m.get('url', '').split('/site/')[-1]}:{m.get('firstColumn')}: {m['message']} — {m.get('extract', '')!r}"
        for m in messages
        if not _is_theme_autocomplete(m)
    ]
    assert not ours, f"{len(ours)} erreur(s) HTML :\n" + "\n".join(ours[:40])
    # the exception is the theme's only: if Material drops it, this test says so and the exception can go
    assert checked, "vnu a-t-il vu les pages ? (le thème devrait au moins y laisser son autocomplete)"


def test_the_checker_sees_our_mistakes(tmp_path: Path) -> None:
    """The test can fail: a duplicate id and a label pointing to a missing control are both reported."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<p id="sigle-epop">a</p><p id="sigle-epop">b</p>'
        '<label for="__toc">Table des matières</label></body></html>',
        encoding="utf-8",
    )
    found = " ".join(m["message"] for m in _vnu(tmp_path))
    assert "Duplicate ID" in found and "“for” attribute" in found
