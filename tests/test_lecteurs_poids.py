"""The home page no heavier than when issue 22 was filed (73.7 KB compressed, on load), measured as tests/bench.py
does (« Poids de la page d'accueil »: Chromium, a gzip server, an empty cache); our own scripts and style sheets
served without their comments and blanks (macros/outputs/css_trim.py), and still working; no rule of our sheets
left for elements that no page has."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
import tinycss2

from macros.outputs import css_trim

ROOT = Path(__file__).resolve().parents[1]
# The home page's weight on load when the issue was filed, gzip, in bytes (bench/rapport.md, « transféré »).
HOME_BUDGET = 73_700
OWN_SHEETS = ("site.css", "recherche.css", "tableaux.css")


def test_home_page_is_no_heavier_than_when_the_issue_was_filed(site_dir: Path, browser) -> None:
    from tests import bench

    seen: list = []
    with bench.serve(site_dir) as base:
        tab = browser.new_page()
        # An empty cache, as a first visit (other tests of the run may have loaded these files).
        tab.context.new_cdp_session(tab).send("Network.setCacheDisabled", {"cacheDisabled": True})
        tab.on("requestfinished", lambda request: seen.append(request))
        tab.goto(base + "/", wait_until="networkidle")
        tab.wait_for_timeout(500)
        weight = bench._tally(seen, site_dir, base)
        tab.close()
    total = weight["total"]["gzip"]
    heaviest = ", ".join(f"{f['url']} {f['gzip']}" for f in weight["fichiers"][:6])
    assert total <= HOME_BUDGET, f"accueil : {total} o compressés au chargement (> {HOME_BUDGET}) ; {heaviest}"


def test_our_scripts_are_served_without_comments_and_still_parse(site_dir: Path) -> None:
    node = shutil.which("node")
    for source in sorted((ROOT / "docs/assets").glob("*.js")):
        served = site_dir / "assets" / source.name
        text = served.read_text(encoding="utf-8")
        assert len(text) < 0.8 * source.stat().st_size, f"{source.name} n'est pas minifié"
        assert "\n  " not in text, f"{source.name} garde ses indentations"
        if node:
            result = subprocess.run([node, "--check", str(served)], capture_output=True, text=True)
            assert result.returncode == 0, f"{source.name} minifié ne se lit plus : {result.stderr}"


def test_a_minified_script_does_the_same(tmp_path: Path) -> None:
    node = shutil.which("node")
    if not node:
        pytest.skip("node introuvable")
    script = """/* A comment, then code whose strings and regular expressions look like comments. */
var s = "a /* not a comment */ b"; // a line comment
var r = /\\/\\*x/g;   /* another */
console.log(s, "a/*x".replace(r, "!"), 2 / 1 / 2);
"""
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets/essai.js").write_text(script, encoding="utf-8")
    before = subprocess.run([node, "-e", script], capture_output=True, text=True).stdout
    sizes = css_trim.minify_own_scripts(tmp_path)
    small = (tmp_path / "assets/essai.js").read_text(encoding="utf-8")
    assert sizes["assets/essai.js"][1] < sizes["assets/essai.js"][0]
    assert "A comment" not in small and "another" not in small
    assert (
        subprocess.run([node, "-e", small], capture_output=True, text=True).stdout
        == before
        == "a /* not a comment */ b a! 1\n"
    )


def _selectors(nodes) -> list[tuple[int, str]]:
    out = []
    for node in nodes:
        if node.type == "qualified-rule":
            out += [(node.source_line, s) for s in css_trim._split_selectors(tinycss2.serialize(node.prelude))]
        elif node.type == "at-rule" and node.content is not None and node.lower_at_keyword in css_trim.GROUPING_AT_RULES:
            out += _selectors(tinycss2.parse_rule_list(node.content, skip_whitespace=True, skip_comments=True))
    return out


def test_no_rule_of_our_sheets_is_for_elements_no_page_has(site_dir: Path) -> None:
    """Every selector of our sheets names classes, ids and attributes that some built page or script has (the
    display settings' data-up-* attributes are set by the head script, from the names its meta tag lists)."""
    tokens: set[str] = set()
    for path in site_dir.rglob("*.html"):
        if path.parts[len(site_dir.parts)] == "pagefind":
            continue
        doc = lxml.html.document_fromstring(path.read_bytes())
        tokens |= css_trim.page_tokens(doc)
        for meta in doc.xpath("//meta[@name='up-reglages']/@content"):
            tokens |= {f"data-up-{name}" for name in meta.split()}
    tokens = css_trim.used_tokens(site_dir, tokens)
    tokens |= {"up-pdf"}  # the PDF button, written by the PDF step (absent from a build without PDFs)
    tokens |= {"up-modifier__date"}  # the last change's date, from git (absent from a copy without history)
    dead = []
    for name in OWN_SHEETS:
        css = (ROOT / "docs/assets" / name).read_text(encoding="utf-8")
        nodes = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
        dead += [
            f"docs/assets/{name}:{line}: {sel}"
            for line, sel in _selectors(nodes)
            if not css_trim.selector_is_used(sel, tokens)
        ]
    assert not dead, "règles pour des éléments qu'aucune page n'a :\n" + "\n".join(dead)
