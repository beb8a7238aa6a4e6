"""The adapter's decisions, without MkDocs: options per command, the PDF plan, the error site of `mkdocs serve`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from macros.data.loader import DataError
from macros.data.problems import Problem
from macros.site import serve_errors
from macros.site.adapter import AdapterOptions, page_addresses

ROOT = Path(__file__).resolve().parents[1]


def test_the_preview_makes_no_pdf_and_no_policy_meta_unless_asked() -> None:
    assert AdapterOptions().pdfs and AdapterOptions().policy
    assert not AdapterOptions(serving=True).pdfs and not AdapterOptions(serving=True).policy
    assert AdapterOptions(preview_pdf=True, serving=True).pdfs
    assert not AdapterOptions(pdf=False).pdfs and not AdapterOptions(csp=False).policy
    finishing = AdapterOptions(pagefind="bin/pf", serving=True).finishing()
    assert (finishing.finished, finishing.policy, finishing.pagefind) == (False, False, Path("bin/pf"))
    assert AdapterOptions.of({"pdf": False, "pagefind": None}, serving=False) == AdapterOptions(pdf=False)


def test_a_page_knows_its_qr_code_and_permanent_address() -> None:
    assert page_addresses("https://exemple.org/", "fiches/recherche/") == {
        "up_qr": "../../qr/fiches--recherche.svg",
        "up_url": "https://exemple.org/fiches/recherche/",
    }


def test_a_data_error_shows_at_every_address_the_preview_had(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for page in ("index.md", "a-propos.md", "fiches/index.md", "has/essentiel.md"):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text("# x\n", encoding="utf-8")
    error = DataError([Problem("data/fiches/x.yml", 3, 5, "titre", "champ manquant — ajoutez-le")])
    shown = serve_errors.error_files(docs, ["fiches/recherche/"], error)
    assert sorted(shown) == [
        "a-propos/index.html",
        "fiches/index.html",
        "fiches/recherche/index.html",
        "has/essentiel/index.html",
        "index.html",
    ]
    page = shown["fiches/recherche/index.html"].decode("utf-8")
    assert "data/fiches/x.yml" in page and "ligne 3, colonne 5" in page and "ajoutez-le" in page


def test_docs_with_a_link_are_not_listed_while_the_data_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    assert serve_errors.empty_docs(tmp_path) is None
    (tmp_path / "docs" / "ailleurs").symlink_to(tmp_path.parent)
    empty = serve_errors.empty_docs(tmp_path)
    assert empty is not None and empty.is_dir() and not any(empty.iterdir())


def test_the_adapter_decides_without_mkdocs() -> None:
    """adapter.py and serve_errors.py import no MkDocs: another engine's adapter calls them as they are."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('mkdocs', 'material'): raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import macros.site.adapter, macros.site.serve_errors\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_the_plugin_is_a_thin_adapter() -> None:
    lines = (ROOT / "macros" / "site" / "plugin.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 170, f"plugin.py: {len(lines)} lines — move what is not adapting MkDocs to adapter.py"


def test_the_theme_links_to_the_registrys_addresses() -> None:
    """The addresses the templates link to are those of the pages the build makes (records, site map, news)."""
    from macros.data.loader import load_site
    from macros.render.views import Views
    from macros.site.addresses import theme_addresses

    records = Views(load_site(ROOT / "data", ROOT / "docs"), "https://exemple.org/").records
    urls = {r.url for r in records}
    addresses = theme_addresses()
    assert addresses["facile_a_lire"] in urls and addresses["lexique"] in urls
    assert all(r.url.startswith(addresses["parcours"]) for r in records if r.kind.name == "parcours")
    assert (addresses["plan_du_site"], addresses["nouveautes"]) == ("plan-du-site/", "nouveautes/")


def test_no_theme_template_types_an_address_the_registry_knows() -> None:
    """overrides/: a page of the registry is linked through `config.extra.up_adresses`, never typed in."""
    from macros.site.addresses import theme_addresses

    typed = []
    for template in sorted((ROOT / "overrides").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for address in theme_addresses().values():
            for quote in "'\"":
                if f"{quote}{address}{quote}" in text or f"/{address}{quote}" in text:
                    typed.append(f"{template.relative_to(ROOT)}: {address}")
    assert not typed, typed
