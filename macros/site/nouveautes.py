"""« Nouveautés »: what changed for readers, from the journal data/nouveautes.yml, as a page, an Atom feed and the
history at the end of each page.

The journal is data, written in French for readers and validated like all data (`make check`); commit messages
are never shown (they are written for developers, in English). Every text of the journal, and every title and
file name shown with it, is plain text: the page's list is an HTML block of an autoescaped template (Markdown
never reads it: `[x](javascript:…)` stays those characters), and the feed is written by an XML serializer after
the characters XML 1.0 does not allow are taken out (`xml_text`). The same data gives the same bytes: no build
time anywhere, the feed's date is its newest entry's.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

from ..content.kinds import NEWS
from ..content.suivi import Nouveaute
from ..data.docs_check import get_data
from ..render.templates import render
from ..render.views import Here
from ..text.french import date_fr, oneline
from .pages import GeneratedPage, url_of

PAGE = NEWS  # the page's source path (the registry's)
FEED = "nouveautes.xml"
COUNT = 40  # entries listed on the page and in the feed
HISTORY = 3  # entries shown at the end of each page
LINKED = 6  # pages named with one entry (the others are counted)
ATOM = "http://www.w3.org/2005/Atom"
NO_DATE = "1970-01-01T00:00:00Z"

# XML 1.0 § 2.2 Char: tab, line breaks, and U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF. The rest (C0
# controls such as ESC and form feed, surrogates, U+FFFE/U+FFFF) cannot be written in XML, even as a reference.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# C1 controls and Unicode's line and paragraph separators: allowed in XML, but a reader sees a break or nothing.
_BREAKS = re.compile("[\x7f-\x9f\u2028\u2029]")


def xml_text(value: str) -> str:
    """`value` as one line of plain text that any XML parser reads: every control character (a form feed, ESC…)
    becomes a space, so that no character is lost between two words and the text is never cut."""
    return oneline(_BREAKS.sub(" ", _NOT_XML.sub(" ", value)))


@dataclass(frozen=True)
class Shown:
    """A page of the site, for the list of what an entry concerns."""

    path: str  # source path inside docs/, e.g. "fiches/pair-aidance/index.md"
    title: str

    @property
    def url(self) -> str:  # from the site root, e.g. "fiches/pair-aidance/"
        return url_of(self.path)


@dataclass(frozen=True)
class Annonce:
    """One entry of the journal, with the pages its files make (and the files that make no page)."""

    entry: Nouveaute
    pages: tuple[Shown, ...]
    files: tuple[str, ...]  # named in the entry, making no page of their own (shown as plain text)

    @property
    def anchor(self) -> str:  # its id in the page (prefixed: the page has ids of its own, « contenu »…)
        return f"nouveaute-{self.entry.id}"

    @property
    def when(self) -> str:  # RFC 3339, for the feed: the day, at midnight UTC
        return f"{self.entry.date}T00:00:00Z"


def page_sources(
    docs: Mapping[str, str], docs_folder: str, generated: list[GeneratedPage], titles: Mapping[str, str]
) -> dict[str, list[Shown]]:
    """Source file or folder (from the project root) → the pages made from it; `docs`: the Markdown of docs/
    (path inside it → text, read once by the generate stage), `docs_folder`: docs/ from the project root, `titles`:
    the hand-written pages' titles, decided once (pages.page_titles: counts in words)."""
    found: dict[str, list[Shown]] = {}
    for rel, text in sorted(docs.items()):
        _, meta = get_data(text)
        title = titles.get(rel) or rel
        found.setdefault(f"{docs_folder}/{rel}", []).append(Shown(rel, title))
        if isinstance(meta.get("source_donnees"), str):
            found.setdefault(meta["source_donnees"].strip(), []).append(Shown(rel, title))
    for page in generated:
        if page.source:
            found.setdefault(page.source, []).append(Shown(page.path, page.title))
    return found


def _pages_of(name: str, sources: dict[str, list[Shown]]) -> list[Shown]:
    """The pages made from a file: its own, or, for a file of a folder shown whole (data/lexique), the folder's."""
    if name in sources:
        return sources[name]
    folder = name.rsplit("/", 1)[0]
    return sources.get(folder, [])


def journal(entries: list[Nouveaute], sources: dict[str, list[Shown]], count: int = COUNT) -> list[Annonce]:
    """The last `count` entries, newest first (entries of one day in the journal's order), with their pages."""
    found = []
    for entry in sorted(entries, key=lambda e: e.date, reverse=True)[:count]:
        pages: list[Shown] = []
        files: list[str] = []
        for name in entry.fichiers:
            made = _pages_of(name, sources)
            if not made:
                files.append(name)
            for shown in made:
                if shown not in pages:
                    pages.append(shown)
        found.append(Annonce(entry, tuple(pages), tuple(files)))
    return found


def history_of(annonces: list[Annonce], src_path: str, count: int = HISTORY) -> list[Annonce]:
    """The last `count` entries that concern a page (its source path inside docs/), newest first."""
    return [a for a in annonces if any(p.path == src_path for p in a.pages)][:count]


def page_markdown(annonces: list[Annonce], here: type[Here] = Here) -> str:
    """The « Nouveautés » page (`here`: how its links are written, pages.SourceHere for an engine that rewrites
    them)."""
    body = render(
        "nouveautes.md",
        annonces=annonces,
        texte=xml_text,
        flux=FEED,
        liees=LINKED,
        root=here(PAGE).root,
        link_to=here(PAGE).link,
    )
    return f"---\ntitle: Nouveautés\nsource_donnees: data/nouveautes.yml\n---\n\n{body}\n"


def atom_feed(annonces: list[Annonce], site_url: str, site_name: str) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of the journal: every text through `xml_text`, then ElementTree's escaping."""
    base = site_url.rstrip("/") + "/"
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
        if text is not None:
            el.text = xml_text(text)
        return el

    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "fr"})
    sub(feed, "id", f"{base}nouveautes/")
    sub(feed, "title", f"Nouveautés — {site_name}")
    sub(feed, "subtitle", "Ce qui change sur le site pour ses lecteurs (fiches, principes, lexique, pages…).")
    sub(feed, "updated", annonces[0].when if annonces else NO_DATE)
    sub(feed, "link", rel="self", type="application/atom+xml", href=f"{base}{FEED}")
    sub(feed, "link", rel="alternate", type="text/html", href=f"{base}nouveautes/")
    author = sub(feed, "author")
    sub(author, "name", site_name)
    for item in annonces:
        entry = sub(feed, "entry")
        sub(entry, "id", f"{base}nouveautes/#{item.anchor}")
        sub(entry, "title", item.entry.titre)
        sub(entry, "updated", item.when)
        sub(entry, "link", rel="alternate", type="text/html", href=f"{base}nouveautes/#{item.anchor}")
        for shown in item.pages[:LINKED]:
            sub(entry, "link", rel="related", type="text/html", href=f"{base}{shown.url}", title=shown.title)
        summary = f"{date_fr(item.entry.date)} — {item.entry.titre}"
        if item.entry.details:
            summary += f" {item.entry.details}"
        if item.pages:
            touched = " ; ".join(p.title for p in item.pages[:LINKED])
            more = len(item.pages) - LINKED
            summary += f" Pages concernées : {touched}{f' et {more} autres' if more > 0 else ''}."
        sub(entry, "summary", summary, type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
