"""What a page's content gets once Markdown has made its HTML: the HAS text's citations linked, lexicon terms
explained (the easy definitions on easy-to-read pages — the page's own words first —, which also lose their
« ¶ » links), links that leave the
site marked. The same for every page, in the process that renders it: `MarksExtension` runs it as a Python-Markdown
postprocessor, `ContentMarks.apply` on any page's content."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

import lxml.etree
from lxml.html import HtmlElement
from markdown import Markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.postprocessors import Postprocessor  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

from ..content.kinds import KIND
from ..data.collections import SiteData
from . import citations, html_tree, links
from .falc import LEXICON_PATH, falc_path, is_falc_source
from .glossary import Glossary
from .kept import ROOT_CACHE, Kept, rooms_digest

LEXICON_SOURCE = KIND["lexique"].path  # the lexicon's page (the registry's), whose terms are explained already
KEPT = ROOT_CACHE / "marques"  # marked contents kept between builds (render/kept.py)
# The code marks depend on: this room's (glossary, citations, links, FALC twins) and the rooms below it.
CODE = ("render", "text", "data", "content")
HEADERLINK = './/a[contains(concat(" ", normalize-space(@class), " "), " headerlink ")]'


@dataclass(frozen=True)
class ContentMarks:
    site: SiteData
    glossary: Glossary
    glossary_falc: Glossary  # easy definitions only, for the easy-to-read pages
    citation_scopes: dict[str, str | None]  # pages with HAS text → heading their HAS text follows
    site_url: str | None
    kept: Path | None = KEPT  # where marked contents are kept between builds (None: every page marked anew)

    @functools.cached_property
    def _digest(self) -> str:
        """What every page's marks depend on besides its content, its source and its address: the glossaries (their
        entries and forms), the easy-to-read pages and their words, the pages citing the HAS, the site's address,
        the code and lxml."""
        digest = hashlib.sha256(f"{lxml.etree.LXML_VERSION!r}-{rooms_digest(CODE)}".encode())
        falc = [(falc_path(t), [(m.mot, m.explication) for m in t.mots]) for t in self.site.falc.values()]
        for glossary in (self.glossary, self.glossary_falc):
            shown = (glossary.lexicon_url, glossary.easy, glossary.page_words, glossary.entries, glossary.patterns)
            digest.update(repr(shown).encode())
        digest.update(repr((sorted(self.citation_scopes.items()), falc, self.site_url)).encode())
        return digest.hexdigest()

    def marked(self, html: str, src: str, url: str) -> str:
        """`apply`'s content, as an earlier build marked the same content of the same page (`kept`), or marked now
        and kept. Same inputs, same bytes: the cache only saves the time (tests/test_vitesse_rendu.py)."""
        kept = Kept(self.kept)
        key = hashlib.sha256("\0".join((self._digest, src, url, html)).encode()).hexdigest() + ".html"
        found = kept.get(key)
        if found is not None:
            return found.decode("utf-8")
        done = self.apply(html, src, url)[0]
        kept.put(key, done.encode("utf-8"))
        return done

    def apply(self, html: str, src: str, url: str) -> tuple[str, HtmlElement]:
        """The content of the page made from `src` (its source in docs/) at `url`, marked; and its tree."""
        tree = html_tree.parse(html)
        root = "../" * url.count("/")
        marked = 0
        if src in self.citation_scopes:  # the HAS text: « (note 22) », « (19, 28) » become links
            marked += citations.link_citations(tree, root, self.citation_scopes[src])
        if is_falc_source(self.site, src):
            # Easy-to-read pages: easy definitions only, and no « ¶ » (nor, then, « Copier le lien »).
            for anchor in tree.xpath(HEADERLINK):
                anchor.drop_tree()
                marked += 1
            if src != LEXICON_PATH:  # the page's own words first: one easy definition per word
                twin = next((t for t in self.site.falc.values() if falc_path(t) == src), None)
                glossary = self.glossary_falc.for_page(twin.mots) if twin else self.glossary_falc
                marked += glossary.annotate_tree(tree, root)
        elif src != LEXICON_SOURCE:  # the lexicon explains its terms already
            marked += self.glossary.annotate_tree(tree, root)
        marked += links.mark_external_tree(tree, self.site_url)
        return (html_tree.serialize(tree) if marked else html), tree


class MarksExtension(Extension):
    """The content marks as a Python-Markdown extension, so that they run while the engine renders each page, in
    its process. Any engine that renders with Python-Markdown registers it and says which page comes next with
    `at(src, url)` (`src`: the page's source inside docs/, `url`: its address from the site root) before
    converting it; the MkDocs adapter does it in `on_page_markdown`. Its postprocessor runs last (after the raw
    HTML is put back): it gets the page's whole content, as `ContentMarks.apply` expects it. (Extensions also run
    the postprocessors on bits of a page, the toc on each heading's name: those are left as they are; only the
    whole document, once the last tree processor has run, is marked.)"""

    def __init__(self, marks: ContentMarks) -> None:
        super().__init__()
        self.marks = marks
        self.page: tuple[str, str] | None = None
        self.whole = False  # the next postprocessor run gets the whole document

    def at(self, src: str, url: str) -> None:
        self.page, self.whole = (src, url), False

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 — Python-Markdown's name
        md.treeprocessors.register(_Whole(md, self), "up_content_marks_whole", -100)
        md.postprocessors.register(_MarksPostprocessor(md, self), "up_content_marks", 0)


class _Whole(Treeprocessor):
    """The last tree processor: what the postprocessors get next is the whole document."""

    def __init__(self, md: Markdown, extension: MarksExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        self.extension.whole = True


class _MarksPostprocessor(Postprocessor):
    def __init__(self, md: Markdown, extension: MarksExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        extension, page = self.extension, self.extension.page
        if page is None or not extension.whole:  # a heading's name, or a conversion that is no page
            return text
        extension.whole = False
        return extension.marks.marked(text, *page)
