"""A site built by an engine that runs none of our MkDocs plugin's hooks (a plain `mkdocs build` of the staging
folder, as Zensical builds it) still has what readers use besides the text: the search finds its pages (Pagefind
indexes them with their kind), each page has its « Citer, partager, imprimer » block and its edit links, and the
lexicon's words are explained (« Définitions des mots de cette page ») through the Markdown extension such an
engine loads by name (macros/site/zensical_marks.py)."""

from __future__ import annotations

import json
import os
import posixpath
import subprocess
import sys
from pathlib import Path
from typing import Any

import lxml.html
import markdown  # type: ignore[import-untyped]
import pytest
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped]

from macros.outputs import finish, search_index
from macros.render.views import Here
from macros.site.generate import Generated, Options, project_config, stage
from tests.conftest import ROOT, markdown_extensions

SITE = "https://exemple.invalid/site/"


@pytest.fixture(scope="module")
def plain_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Generated, Path]:
    """The staging folder written by generate, built by MkDocs without any plugin, then finished (stage (c))."""
    folder = tmp_path_factory.mktemp("sans-greffon") / "etage"
    made = stage(ROOT, folder, Options(pdf=False))
    site = folder / "site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return made, site


pytestmark = pytest.mark.slow  # a build of the whole staging folder (about 10 s)


def test_pagefind_indexes_every_page_a_plain_build_writes(plain_build: tuple[Generated, Path]) -> None:
    made, site = plain_build
    expected = [path for path, facts in made.facts.items() if facts["up_recherche"]]  # what MkDocs' build indexes
    pages = finish.built_pages(site, made.context.files)
    done = finish.finish_site(
        ROOT, site, pages, finish.Options(finished=True, policy=True), search_index.synonym_groups(made.context.site)
    )
    indexed = [path for path, page in done.pages.items() if page.indexed is not None]
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert len(indexed) == entry["languages"]["fr"]["page_count"] == len(expected) > 80
    sheet = lxml.html.document_fromstring((site / "fiches" / "pair-aidance" / "index.html").read_bytes())
    (body,) = sheet.xpath("//*[@data-pagefind-body]")
    assert body.get("data-pagefind-filter") == "type:Fiche-mission"


def test_each_page_has_its_sharing_block_and_edit_links(plain_build: tuple[Generated, Path]) -> None:
    made, site = plain_build
    page = lxml.html.document_fromstring((site / "fiches" / "pair-aidance" / "index.html").read_bytes())
    (address,) = page.xpath("//aside[@class='up-partage']/p[starts-with(., 'Adresse permanente')]/a/@href")
    assert address == made.site_url + "fiches/pair-aidance/"
    (qr,) = page.xpath("//img[contains(@class, 'up-partage__qr')]/@src")
    assert (site / "fiches" / "pair-aidance" / qr).resolve().is_file()
    assert page.xpath("//a[contains(@href, '/issues/new?')]"), "« Signaler une erreur »"


class _Page:
    def __init__(self, path: str, url: str) -> None:
        self.path, self.url = path, url


class _Context(Extension):
    """What Zensical registers first in every page's Markdown: the page being rendered (its `rendering_context`)."""

    def __init__(self, page: _Page) -> None:
        super().__init__()
        self.page = page

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 — Python-Markdown's name
        processor: Any = type("ContextPreprocessor", (Preprocessor,), {"run": lambda self, lines: lines})(md)
        processor.page = self.page
        md.preprocessors.register(processor, "rendering_context", 0)


def _rendered(text: str, page: _Page | None) -> lxml.html.HtmlElement:
    extensions: list[Any] = [_Context(page)] if page else []
    html = markdown.markdown(
        text,
        extensions=[*extensions, "attr_list", "macros.site.zensical_marks"],
        extension_configs={"macros.site.zensical_marks": {"root": str(ROOT), "site_url": SITE}},
    )
    return lxml.html.fragment_fromstring(html, create_parent="div")


def test_an_engine_loading_the_marks_by_name_explains_the_lexicons_words() -> None:
    text = "Un patient partenaire participe aux décisions.\n"
    page = _rendered(text, _Page("conclusion.md", "conclusion/"))
    (term,) = page.xpath("//a[contains(@href, 'lexique/')]")
    # From the source file (docs/conclusion.md): Zensical rewrites it for the page's address (« ../lexique/… »).
    assert term.get("href").startswith("lexique/#")
    assert page.xpath("//*[contains(@class, 'up-definitions')]/p[1]")[0].text == "Définitions des mots de cette page"
    deeper = _rendered(text, _Page("fiches/recherche/index.md", "fiches/recherche/"))
    assert deeper.xpath("//a[contains(@href, 'lexique/')]/@href")[0].startswith("../../lexique/#")


def test_without_the_engines_page_the_marks_do_nothing() -> None:
    """Plain MkDocs has no rendering context: our plugin marks the page instead (no mark made twice)."""
    page = _rendered("Un patient partenaire participe aux décisions.\n", None)
    assert not page.xpath("//a") and not page.xpath("//*[contains(@class, 'up-definitions')]")


def test_for_zensical_html_links_are_written_from_the_source_file(plain_build: tuple[Generated, Path]) -> None:
    """Zensical reads a page's HTML links as it reads its Markdown links, from the source file (docs/x.md for the
    address x/); MkDocs leaves them as written, from the address. The staging folder for Zensical writes them from
    the source file: every pictogram of the easy-to-read pages is found from there, as every one is found from the
    address in the folder MkDocs builds."""
    made, _ = plain_build
    extensions = markdown_extensions()
    for source_links in (False, True):
        staged = made.staged_pages(project_config(ROOT).raw, source_links=source_links)
        files = {*staged, *(p for p in made.docs), *made.files}
        pictograms = 0
        for path, text in staged.items():
            if not path.endswith("facile-a-lire.md"):
                continue
            html = markdown.markdown(text.split("\n---\n", 1)[1], extensions=extensions)
            base = posixpath.dirname(path) if source_links else Here(path).url.rstrip("/")
            for src in lxml.html.fragment_fromstring(html, create_parent="div").xpath("//img/@src"):
                target = posixpath.normpath(posixpath.join(base, src))
                assert target in files and not target.startswith(".."), (source_links, path, src)
                pictograms += 1
        assert pictograms > 100
