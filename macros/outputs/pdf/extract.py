"""The printable part of a built page: its <article>, cleaned of what only a screen uses, with its metadata.

A page's PDF reuses the page as built (same text, same glossary, same links), so the PDF and the page can
never say different things. Everything here works on an lxml tree: no regex over HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

import lxml.html
from lxml.html import HtmlElement
from markupsafe import Markup

from ...content.kinds import FALC_NAME
from ...text.french import date_fr

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

# Parts of a built page that only make sense on a screen: (element, class).
SCREEN_ONLY_PARTS = (
    ("a", "headerlink"),
    ("button", "up-copier"),
    ("div", "up-definitions"),  # the lexicon definitions of the page (hidden on screen too)
    ("*", "up-jumeau-bloc"),
    ("nav", "up-ariane"),
    ("nav", "up-sommaire-fiche"),
    ("nav", "up-suite"),
    ("p", "up-vers-falc"),
    ("aside", "up-partage"),
    ("div", "up-modifier"),
    ("*", "up-visually-hidden"),
    ("*", "up-lien-externe__icone"),
    ("*", "up-pdf"),
    ("*", "up-actions"),
    ("div", "up-fin"),
    ("p", "up-retour-haut"),
    ("p", "up-verification"),  # « Contenu vérifié le … »: in the colophon
)
SCREEN_ONLY = ", ".join(["#contenu", *(f"{t.strip('*')}.{c}" for t, c in SCREEN_ONLY_PARTS)])  # as CSS, for tests


def by_class(tag: str, cls: str, scope: str = ".//") -> str:
    """XPath of the elements `tag` (or * for any) that have the class `cls`."""
    return f"{scope}{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"


def text_of(node: HtmlElement | None) -> str:
    return " ".join(node.text_content().split()) if node is not None else ""


def first(root: HtmlElement, xpath: str) -> HtmlElement | None:
    found = root.xpath(xpath)
    return found[0] if found else None


def inner_html(node: HtmlElement) -> str:
    return (node.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in node)


@dataclass(frozen=True)
class Meta:
    """The PDF's metadata: title, author, subject, language, date of the content's version."""

    title: str
    author: str
    subject: str
    date: str | None  # ISO date (the PDF's dates); None: « version non datée »
    lang: str = "fr"
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Colophon:
    """The block at the end of a document: permanent address, its QR code, source and version."""

    permalink: str
    qr: str  # data: URI of the SVG
    qr_alt: str
    date_text: str  # « 22 novembre 2026 », or "" when the content has no date
    title: str = ""  # for « Pour citer ce document »
    source: str = ""
    twin: str = ""  # « Version facile à lire : <address> », or the way back
    review: str = ""  # « Contenu vérifié le … — prochaine vérification avant le … », or ""


@dataclass(frozen=True)
class Page:
    url: str  # site-relative, « fiches/recherche/ »
    meta: Meta
    content: Markup
    colophon: Colophon
    falc: bool


def _strip_screen_parts(article: HtmlElement) -> None:
    screen_only = " | ".join([".//*[@id='contenu']", *(by_class(t, c) for t, c in SCREEN_ONLY_PARTS)])
    for node in article.xpath(screen_only):
        node.drop_tree()  # its tail text stays
    for term in article.xpath(by_class("a", "up-terme")):  # lexicon terms: the bubble is gone, the word stays
        term.drop_tag()


def _fix_links(article: HtmlElement, page_url: str, site_url: str, prefix: str, local: dict[str, str]) -> None:
    """Absolute addresses; in a combined document, links to its own parts stay inside. Links that leave the
    site get the class « externe » and their address written after them."""
    for link in article.xpath(".//a[@href]"):
        href = link.get("href", "")
        if href.startswith("#"):
            link.set("href", f"#{prefix}{href[1:]}")
            continue
        target, fragment = urldefrag(urljoin(page_url, href))
        if target in local:
            link.set("href", f"#{local[target]}--{fragment}" if fragment else f"#{local[target]}")  # ids: prefix
        else:
            address = f"{target}#{fragment}" if fragment else target
            link.set("href", address)
            if not target.startswith(site_url) and text_of(link) != target:
                link.set("class", f"{link.get('class', '')} externe".strip())
                _write_address_after(link, address)


def _write_address_after(link: HtmlElement, address: str) -> None:
    """« label (address) »: the address in the text after the link, not in it (CSS generated content inside a
    link became a second link inside the first in the tagged PDF, an error for PDF/UA checkers)."""
    note = lxml.html.Element("span", {"class": "adresse-externe"})
    note.text = f" ({address})"
    note.tail, link.tail = link.tail, None
    link.addnext(note)


def _colophon(root: HtmlElement, permalink: str, title: str, qr: str, date: str | None, falc: bool) -> Colophon:
    """Address, QR code, source and version of a built page (the page's own date, not the site's: a commit
    elsewhere changes no PDF, so the cache keeps them)."""
    img = first(root, by_class("aside", "up-partage", "//") + "//img")
    sources = root.xpath(by_class("p", "up-source", "//article//"))
    twin = first(root, by_class("a", "up-jumeau", "//article//"))
    twin_url = urljoin(permalink, twin.get("href", "")) if twin is not None else ""
    label = "Version complète" if falc else "Version facile à lire et à comprendre"
    return Colophon(
        permalink=permalink,
        qr=qr,
        qr_alt=img.get("alt", "") if img is not None else f"QR code qui mène à cette page : {permalink}",
        date_text=text_of(first(root, by_class("div", "up-modifier", "//") + "//time")) or (date_fr(date) if date else ""),
        title=title,
        source=text_of(sources[-1]) if sources else "",
        twin=f"{label} : {twin_url}" if twin_url else "",
        review=text_of(first(root, by_class("p", "up-verification", "//"))),
    )


def _subject(article: HtmlElement) -> str:
    lead = first(article, by_class("p", "up-chapeau"))
    text = text_of(lead if lead is not None else first(article, ".//p"))
    return text if len(text) <= 250 else text[:247].rsplit(" ", 1)[0] + " …"


def extract_page(
    page_html: str,
    url: str,
    site_url: str,
    author: str,
    qr: str,
    *,
    title: str = "",
    prefix: str = "",
    shift: int = 0,
    local: dict[str, str] | None = None,
    date: str | None = None,
    falc: bool | None = None,
) -> Page:
    """The printable part of a built page, with its metadata and colophon.

    `prefix` and `shift` are for the whole guide: ids get the prefix, headings go down `shift` levels, and
    links to the pages in `local` (absolute address → anchor) point inside the document. `title`: the page's, from
    its record (the URL when it has none). `date`: the ISO date of the
    page's last change, for a page that does not show it (the easy-to-read pages); `falc`: the page is an
    easy-to-read one (its record's kind says it; None: its address says it)."""
    falc = FALC_NAME in url.split("/") if falc is None else falc
    root = lxml.html.document_fromstring(page_html)
    article = first(root, "//article")
    if article is None:
        raise ValueError(f"{url} : la page construite n'a pas d'<article>")
    page_url = urljoin(site_url, url)
    title = title or url
    when = first(root, by_class("div", "up-modifier", "//") + "//time[@datetime]")
    date = when.get("datetime") if when is not None else date
    colophon = _colophon(root, page_url, title, qr, date, falc)
    _strip_screen_parts(article)
    _fix_links(article, page_url, site_url, prefix, local or {})
    if prefix:
        for node in article.xpath(".//*[@id]"):
            node.set("id", f"{prefix}{node.get('id')}")
    if shift:
        for heading in article.xpath(" | ".join(f".//{h}" for h in HEADINGS)):
            heading.tag = f"h{min(int(heading.tag[1]) + shift, 6)}"
        heading = first(article, " | ".join(f".//{h}" for h in HEADINGS))
        if heading is not None:  # in the guide, a part's heading says what it is (« Fiche 5 : … »)
            heading.text, heading[:] = title, []
    meta = Meta(title=title, author=author, subject=_subject(article), date=date, lang=root.get("lang", "fr"))
    return Page(url=url, meta=meta, content=Markup(inner_html(article)), colophon=colophon, falc=falc)
