"""What a page's content gets once Markdown has made its HTML: the HAS text's citations linked, lexicon terms
explained (the easy definitions on easy-to-read pages — the page's own words first —, which also lose their
« ¶ » links), links that leave the
site marked. The same for every page, wherever it runs (the worker of outputs/finish.py, during the build)."""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from ..data.collections import SiteData
from . import citations, html_tree, links
from .falc import LEXICON_PATH, falc_path, is_falc_source
from .glossary import Glossary

HEADERLINK = './/a[contains(concat(" ", normalize-space(@class), " "), " headerlink ")]'


@dataclass(frozen=True)
class ContentMarks:
    site: SiteData
    glossary: Glossary
    glossary_falc: Glossary  # easy definitions only, for the easy-to-read pages
    citation_scopes: dict[str, str | None]  # pages with HAS text → heading their HAS text follows
    site_url: str | None

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
        elif not src.startswith("lexique/"):
            marked += self.glossary.annotate_tree(tree, root)
        marked += links.mark_external_tree(tree, self.site_url)
        return (html_tree.serialize(tree) if marked else html), tree
