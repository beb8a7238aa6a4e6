"""A hand-written page that renders its macros (docs/*.md, `render_macros: true`) may hold, between « {{ » and
« }} », only a macro of the site called with values written as they are, or a setting of mkdocs.yml read by name:
a hostile pull request that writes Jinja code in a page (an attribute of a value, a filter, a statement) is told by
`make check` at its line and the build stops before any page is rendered, so the code never runs. Generate's own
renderings of pages and titles are sandboxed too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import SecurityError

from macros.data.docs_check import _ENV, _code_problems
from macros.data.docs_html import asset_problems, html_problems
from macros.data.project_files import read_docs
from macros.site.pages import title_text
from tests.conftest import copy_small_project

PAYLOAD = '{{ cycler.__init__.__globals__.os.popen("touch %s").read() }}'


def _told(body: str) -> list[str]:
    return [f"{p.line}: {p.message}" for p in _code_problems("docs/page.md", _ENV.parse(body))]


@pytest.mark.parametrize(
    "code",
    [
        PAYLOAD % "/tmp/x",
        "{{ config.__class__ }}",
        "{{ config.plugins }}",
        '{{ fiche_page("a") | attr("__class__") }}',
        "{{ fiche_page(config.extra) }}",
        '{{ fiche_page(*["a"]) }}',
        "{{ lipsum.__globals__ }}",
        "{{ self }}",
        "{% set x = 1 %}",
        "{% for i in range(9) %}{{ i }}{% endfor %}",
        '{% include "x.html" %}',
    ],
)
def test_code_in_a_page_is_told_at_its_line(code: str) -> None:
    told = _told(f"# Titre\n\nTexte.\n{code}\n")
    assert told and all(t.startswith("4: « {") for t in told), told
    assert "{% raw %}" in told[0]


@pytest.mark.parametrize(
    "allowed",
    [
        '{{ fiche_page("pair-aidance") }}',
        '{{ temoignages_liste(profil="patient", fiche="recherche") }}',
        '{{ nombre("raison") | capitalize }} raisons',
        "{{ config.extra.contact_email }}",
        "{% raw %}{{ cycler.__init__ }}{% endraw %}",
        "{# {{ cycler.__init__ }} #}",
        "Texte sans macro",
    ],
)
def test_macros_settings_and_raw_text_are_allowed(allowed: str) -> None:
    assert _told(f"# Titre\n\n{allowed}\n") == []


def test_a_title_is_rendered_in_a_sandbox() -> None:
    """Even if a title escaped the check, its template could not reach Python's internals."""
    with pytest.raises(SecurityError):
        title_text("{{ cycler.__init__.__globals__ }}", views=object())  # type: ignore[arg-type]


def test_a_hostile_page_stops_the_build_before_its_code_runs(tmp_path: Path) -> None:
    project = copy_small_project(tmp_path / "projet")
    witness = tmp_path / "execute"
    page = project / "docs" / "principes" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + PAYLOAD % witness + "\n", encoding="utf-8")
    line = page.read_text(encoding="utf-8").splitlines().index(PAYLOAD % witness) + 1
    built = subprocess.run([sys.executable, "-m", "macros.build", "--sans-pdf"], cwd=project, capture_output=True, text=True)
    assert built.returncode != 0
    assert f"docs/principes/index.md:{line}:1: « {{{{ … }}}} » : une page ne peut appeler que les macros" in built.stderr
    assert not witness.exists()
    assert not (project / "site").exists()


def test_the_real_pages_hold_no_code() -> None:
    from macros.data.docs_check import _renders_macros, _template_text

    root = Path(__file__).resolve().parents[1] / "docs"
    for path in sorted(root.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if _renders_macros(text):
            assert _code_problems(str(path), _ENV.parse(_template_text(text)[0])) == [], path


def test_jinja_itself_would_run_the_payload(tmp_path: Path) -> None:
    """What the check stops is real: an unsandboxed Jinja (mkdocs-macros') runs it."""
    witness = tmp_path / "execute"
    jinja2.Environment().from_string(PAYLOAD % witness).render()  # noqa: S701
    assert witness.exists()


@pytest.mark.parametrize(
    ("markdown_text", "told"),
    [
        ("<script>alert(1)</script>", "« <script> »"),
        ('<meta http-equiv="refresh" content="0;url=https://ailleurs.example">', "« <meta> »"),
        ('<iframe src="https://ailleurs.example"></iframe>', "« <iframe> »"),
        ("<style>body { display: none }</style>", "« <style> »"),
        ('<img src="https://ailleurs.example/pixel.png" alt="">', '« <img src="https://ailleurs.example/pixel.png"> »'),
        ('<img src="x.png" alt="" onerror="alert(2)">', "« <img onerror=…> »"),
        ('<p style="color: red">Texte</p>', "« <p style=…> »"),
        ("[lien](javascript:alert(3))", '« <a href="javascript:alert(3)"> »'),
        ("[lien](data:text/html,<script>alert(4)</script>)", "« <a href="),
        ('<form action="https://ailleurs.example/"><button>Envoyer</button></form>', "« <form action="),
    ],
)
def test_html_that_runs_redirects_or_loads_from_elsewhere_is_told_at_its_line(markdown_text: str, told: str) -> None:
    body = f"# Titre\n\nTexte.\n\n{markdown_text}\n"
    found = html_problems("docs/page.md", "---\ntitle: T\n---\n\n" + body, body)
    assert found, markdown_text
    assert str(found[0]).startswith(f"docs/page.md:9:1: {told}"), [str(p) for p in found]


@pytest.mark.parametrize(
    "markdown_text",
    [
        "[Défenseur des droits](https://www.defenseurdesdroits.fr)",
        "[écrire](mailto:contact@exemple.org) ou [appeler](tel:+33100000000)",
        "[la fiche](../fiches/pair-aidance/index.md#pourquoi)",
        '<p class="up-note" id="note">Une note.</p>',
        '<form id="up-reglages" hidden><label><input type="radio" name="theme" value="0"> Clair</label></form>',
        "![Une image du site](../assets/icones/falc/has.svg)",
        "Du code : `<script>alert(1)</script>`",
    ],
)
def test_the_pages_own_html_links_and_images_are_allowed(markdown_text: str) -> None:
    body = f"# Titre\n\n{markdown_text}\n"
    assert html_problems("docs/page.md", body, body) == []


def test_a_page_with_a_redirect_stops_the_build(tmp_path: Path) -> None:
    project = copy_small_project(tmp_path / "projet")
    page = project / "docs" / "accessibilite.md"
    page.write_text(
        page.read_text(encoding="utf-8") + '\n<meta http-equiv="refresh" content="0;url=https://ailleurs.example">\n',
        encoding="utf-8",
    )
    built = subprocess.run([sys.executable, "-m", "macros.build", "--sans-pdf"], cwd=project, capture_output=True, text=True)
    assert built.returncode != 0 and "docs/accessibilite.md:" in built.stderr and "« <meta> »" in built.stderr
    assert not (project / "site").exists()


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


@pytest.mark.parametrize(
    ("svg", "told"),
    [
        (f"{SVG_HEAD}\n<script>alert(1)</script></svg>", "2:1: « <script> »"),
        (f'{SVG_HEAD}\n<rect width="1" height="1" onload="alert(2)"/></svg>', "2:1: « <rect onload=…> »"),
        (f'{SVG_HEAD}\n<image href="https://ailleurs.example/x.png"/></svg>', '2:1: « <image href="https://'),
        (f'{SVG_HEAD}\n<a xlink:href="javascript:alert(3)"><rect/></a></svg>', '2:1: « <a href="javascript:'),
        (f"{SVG_HEAD}\n<foreignObject><p>x</p></foreignObject></svg>", "2:1: « <foreignObject> »"),
        (f"{SVG_HEAD}\n<style>@import url(https://ailleurs.example/x.css);</style></svg>", "2:1: « <style> @import »"),
    ],
)
def test_an_svg_image_with_code_or_a_file_from_elsewhere_is_told(tmp_path: Path, svg: str, told: str) -> None:
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "assets" / "image.svg").write_text(svg, encoding="utf-8")
    found = [str(p) for p in asset_problems(tmp_path, docs, read_docs(docs))]
    assert len(found) == 1 and found[0].startswith(f"docs/assets/image.svg:{told}"), found


def test_only_pages_and_what_they_show_may_be_in_docs(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "ailleurs.html").write_text('<meta http-equiv="refresh" content="0;url=https://x.example">', "utf-8")
    (docs / "page.md").write_text("# Page\n", "utf-8")
    (docs / "assets" / "icone.svg").write_text(f'{SVG_HEAD}<use href="#a"/><path d="M0 0h1"/></svg>', "utf-8")
    (docs / "assets" / "site.css").write_text("body { color: black }", "utf-8")
    (docs / ".cache").mkdir()
    (docs / ".cache" / "x.bin").write_bytes(b"\0")  # hidden: engines leave it out
    found = [str(p) for p in asset_problems(tmp_path, docs, read_docs(docs))]
    assert len(found) == 1 and found[0].startswith("docs/ailleurs.html:1:1: « .html » : docs/ ne contient que"), found


def test_the_real_docs_folder_holds_only_pages_and_plain_assets() -> None:
    root = Path(__file__).resolve().parents[1]
    assert asset_problems(root, root / "docs", read_docs(root / "docs")) == []
