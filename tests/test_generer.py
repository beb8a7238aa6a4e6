"""Stage (a), generate (macros/site/generate.py): it runs with MkDocs unimportable, and writes a staging folder that
any engine can build — every Markdown link of every page, hand-written or made from data, leads to a file of the
folder, relative to the page's source file (no « /x/index.md » that only MkDocs reads from the docs root)."""

from __future__ import annotations

import json
import posixpath
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import markdown  # type: ignore[import-untyped]
import pytest
import yaml
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

from macros.data.docs_check import get_data
from macros.render.views import Here
from tests.conftest import ROOT, markdown_extensions

# In a process where importing MkDocs or its theme fails: generate, then write the staging folder (argv[1]).
SCRIPT = """
import json, sys
sys.modules["mkdocs"] = None
sys.modules["material"] = None
from pathlib import Path
from macros.site.generate import Options, generate, project_config
config = project_config(Path("."))
made = generate(Path("."), config.docs_dir, config.site_url, Options(pdf=False, workers=1), nav=config.nav,
                site_name=config.site_name)
made.write(Path(sys.argv[1]), config.raw)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("mkdocs", "material") and sys.modules[m] is not None)
print(json.dumps({"pages": len(made.pages), "files": len(made.files), "docs": len(made.docs), "loaded": loaded}))
"""

# mkdocs.yml's Markdown extensions: a link is what the engine's converter makes a link of.
EXTENSIONS = markdown_extensions()


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("etage") / "etage"
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return folder, json.loads(run.stdout.strip().splitlines()[-1])


class _Links(Treeprocessor):
    """The targets of the links and images Markdown makes (raw HTML blocks are not Markdown's: left out)."""

    def __init__(self, md: markdown.Markdown, found: list[str]) -> None:
        super().__init__(md)
        self.found = found

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            target = element.get("href") if element.tag == "a" else element.get("src") if element.tag == "img" else None
            if target is not None:
                self.found.append(target)


def markdown_links(text: str) -> list[str]:
    found: list[str] = []
    md = markdown.Markdown(extensions=EXTENSIONS)
    md.treeprocessors.register(_Links(md, found), "liens", 0)  # after the others: every link is made
    md.convert(get_data(text)[0])
    return found


def test_generate_runs_and_stages_with_mkdocs_unimportable(staged: tuple[Path, dict[str, object]]) -> None:
    folder, summary = staged
    assert summary["loaded"] == []
    assert summary["pages"] and summary["files"] and summary["docs"]
    docs = folder / "docs"
    assert (docs / "fiches" / "pair-aidance" / "index.md").is_file()  # a page made from data
    assert (docs / "index.md").is_file() and (docs / "assets" / "site.css").is_file()  # docs/ itself
    assert (docs / "qr" / "accueil.svg").is_file() and (docs / "nouveautes.xml").is_file()  # files made from data
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "fiches/pair-aidance/index.md" in json.dumps(config["nav"])  # the navigation names the generated pages
    assert "plugins" not in config  # neither ours nor mkdocs-macros: the macros are rendered


def test_every_markdown_link_of_the_staging_folder_leads_to_a_staged_file(
    staged: tuple[Path, dict[str, object]],
) -> None:
    docs = staged[0] / "docs"
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    assert len(pages) > 90
    checked, broken, absolute = 0, [], []
    for page in pages:
        text = (docs / page).read_text(encoding="utf-8")
        assert "{{" not in get_data(text)[0], f"{page}: a macro left unrendered"
        for target in markdown_links(text):
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:  # another site, mailto:, or an anchor of the page
                continue
            if parts.path.startswith("/"):
                absolute.append(f"{page} → {target}")
                continue
            checked += 1
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
            if path.startswith("..") or not (docs / path).is_file():
                broken.append(f"{page} → {target}")
    assert not absolute, absolute[:10]
    assert not broken, broken[:10]
    assert checked > 500  # the sheets alone link each other, the principles, the templates…


def test_every_published_address_is_a_page_or_a_file_of_the_staging_folder(
    staged: tuple[Path, dict[str, object]],
) -> None:
    """The staging folder holds the whole site: each address of tests/urls-publiees.txt is a staged page (or a
    redirect page), or a staged file — whatever engine builds it, nothing published is left out."""
    docs = staged[0] / "docs"
    staged_files = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    page_urls = {Here(path).url for path in staged_files if path.endswith(".md")}
    published = (ROOT / "tests" / "urls-publiees.txt").read_text(encoding="utf-8").splitlines()
    paths = {urlsplit(line).path.lstrip("/") for line in published if line and not line.startswith("#")}
    missing = sorted(
        p for p in paths if not (p in page_urls or f"{p}index.html" in staged_files or (p and p in staged_files))
    )
    # Made by the engine or the finish stage, not from data: the search index and the site map of MkDocs.
    missing = [p for p in missing if not p.startswith(("pagefind/", "sitemap.xml", "search/", "assets/javascripts/"))]
    assert len(paths) > 90
    assert not missing, missing[:10]


def test_a_markdown_link_is_relative_to_the_source_file_not_to_the_address() -> None:
    # docs/imprimer.md is at imprimer/ in the site, but its Markdown is read from the docs root
    assert Here("imprimer.md").link("fiches/x/index.md#has") == "fiches/x/index.md#has"
    assert Here("imprimer.md").root == "../"
    assert Here("fiches/x/index.md").link("fiches/y/index.md") == "../y/index.md"
    assert Here("temoignages/fiche-x.md").link("modeles/a.docx") == "../modeles/a.docx"
    assert Here("temoignages/fiche-x.md").root == "../../"
    assert Here("index.md").link("index.md#quelle-fiche") == "index.md#quelle-fiche"


def test_the_macros_work_without_our_plugin_as_zensical_calls_them() -> None:
    """Zensical's macros shim (and mkdocs-macros' pluglet mode): `env.conf` a plain dict, no plugin loaded,
    `page.path` the source path; the views come from a context define_env makes itself."""
    from macros import define_env

    registered: dict[str, object] = {}
    env = SimpleNamespace(
        conf={"docs_dir": "docs", "site_url": "https://exemple.org/", "plugins": {"macros": {"config": {}}}},
        project_dir=str(ROOT),
        page=SimpleNamespace(path="imprimer.md", url="imprimer/", meta={}),
        macro=lambda function, name: registered.__setitem__(name, function),
    )
    define_env(env)
    guide = str(registered["guide_imprimable"]())  # type: ignore[operator]
    links = markdown_links(guide)
    # imprimer.md is read from the docs root, though its address is imprimer/: no « ../ » before its links
    assert "principes/index.md" in {link.partition("#")[0] for link in links}, links[:5]
    env.page = SimpleNamespace(path="fiches/index.md", url="fiches/", meta={})
    cartes = str(registered["fiches_cartes"]())  # type: ignore[operator]
    assert 'href="../fiches/pair-aidance/"' in cartes  # an HTML link: from the page's address


def test_writing_the_staging_folder_never_empties_another_folder(tmp_path: Path) -> None:
    from macros.site.generate import _empty_staging

    (tmp_path / "notes.txt").write_text("à garder", encoding="utf-8")
    with pytest.raises(ValueError, match="pas un dossier de mise en scène"):
        _empty_staging(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "à garder"
    earlier = tmp_path / "etage"
    (earlier / "docs").mkdir(parents=True)
    (earlier / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    _empty_staging(earlier)
    assert not earlier.exists()
