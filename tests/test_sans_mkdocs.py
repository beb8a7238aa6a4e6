"""The content pipeline runs without MkDocs: reading and checking the data, rendering a page, finishing it.

`make lint` forbids the import statically (pyproject.toml, import-linter); this runs it, in a process where any
import of MkDocs or of its theme fails, so that an import hidden in a function is caught too."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = """
import sys
sys.modules["mkdocs"] = None  # any `import mkdocs…` now raises ImportError
sys.modules["material"] = None
from pathlib import Path
import lxml.html
from macros.data.loader import load_site
from macros.render.views import Views
from macros.outputs.finish import finish_tree
import macros.data.check
site = load_site(Path("data"))
fiche = site.fiches_in_order()[0]
markup = Views(site, "https://exemple.org/").fiche_page("../../", fiche.id)
page = "<!doctype html><html lang=fr><head><title>t</title></head><body><article>" + str(markup) + "</article></body></html>"
finished = finish_tree(lxml.html.document_fromstring(page))
text = lxml.html.document_fromstring(finished.html).text_content()
assert fiche.titre.split()[0] in text, text[:200]
print("ok", fiche.id, len(finished.html))
"""


def test_data_views_and_finish_run_with_mkdocs_unimportable() -> None:
    run = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("ok ")
