"""« Nouveautés »: the content changes of the site (data/ and docs/), from git, as a page and an Atom feed.

Both are made from the commits read once per build (`BuildContext.changes`), so the same commit gives the same
bytes: no build time anywhere, the feed's date is its newest entry's. Outside git there is no history: the page
says so and the feed has no entries.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.meta import get_data

from ..render.templates import render
from ..text.french import date_fr
from .edit_links import Change
from .pages import GeneratedPage, url_of

PAGE = "nouveautes.md"
FEED = "nouveautes.xml"
COUNT = 40  # changes listed on the page and in the feed
ATOM = "http://www.w3.org/2005/Atom"
NO_DATE = "1970-01-01T00:00:00Z"
CONTENT = ("data/", "docs/")
NOT_CONTENT = ("docs/assets/",)


@dataclass(frozen=True)
class Shown:
    """A page of the site, for the list of what a change touched."""

    path: str  # source path inside docs/, e.g. "fiches/pair-aidance/index.md"
    title: str

    @property
    def url(self) -> str:  # from the site root, e.g. "fiches/pair-aidance/"
        return url_of(self.path)


@dataclass(frozen=True)
class Nouveaute:
    change: Change
    pages: tuple[Shown, ...]
    files: tuple[str, ...]  # the content files it changed


def page_sources(docs_dir: Path, docs_folder: str, generated: list[GeneratedPage]) -> dict[str, list[Shown]]:
    """Source file or folder (from the project root) → the pages made from it."""
    found: dict[str, list[Shown]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        _, meta = get_data(path.read_text(encoding="utf-8"))
        title = str(meta.get("title") or rel)
        found.setdefault(f"{docs_folder}/{rel}", []).append(Shown(rel, title))
        if isinstance(meta.get("source_donnees"), str):
            found.setdefault(meta["source_donnees"].strip(), []).append(Shown(rel, title))
    for page in generated:
        if page.source:
            found.setdefault(page.source, []).append(Shown(page.path, page.title))
    return found


def _pages_of(name: str, sources: dict[str, list[Shown]]) -> list[Shown]:
    if name in sources:
        return sources[name]
    folder = name.rsplit("/", 1)[0]
    return sources.get(folder, [])


def content_changes(changes: list[Change], sources: dict[str, list[Shown]], count: int = COUNT) -> list[Nouveaute]:
    """The last `count` commits that changed the content, with the pages they touched, newest first."""
    found = []
    for change in changes:
        files = tuple(f for f in change.files if f.startswith(CONTENT) and not f.startswith(NOT_CONTENT))
        if not files:
            continue
        pages: list[Shown] = []
        for name in files:
            for shown in _pages_of(name, sources):
                if shown not in pages:
                    pages.append(shown)
        found.append(Nouveaute(change, tuple(pages), files))
        if len(found) == count:
            break
    return found


def page_markdown(nouveautes: list[Nouveaute]) -> str:
    body = render("nouveautes.md", nouveautes=nouveautes, date_fr=date_fr, flux=FEED)
    return f"---\ntitle: Nouveautés\nsource_donnees: data\n---\n\n{body}\n"


def atom_feed(nouveautes: list[Nouveaute], site_url: str, site_name: str) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of the content changes."""
    base = site_url.rstrip("/") + "/"
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "fr"})
    sub(feed, "id", f"{base}nouveautes/")
    sub(feed, "title", f"Nouveautés — {site_name}")
    sub(feed, "subtitle", "Les dernières modifications des contenus du site (fiches, principes, lexique…).")
    sub(feed, "updated", nouveautes[0].change.when if nouveautes else NO_DATE)
    sub(feed, "link", rel="self", type="application/atom+xml", href=f"{base}{FEED}")
    sub(feed, "link", rel="alternate", type="text/html", href=f"{base}nouveautes/")
    author = sub(feed, "author")
    sub(author, "name", site_name)
    for item in nouveautes:
        entry = sub(feed, "entry")
        sub(entry, "id", f"{base}nouveautes/#modification-{item.change.commit[:12]}")
        sub(entry, "title", item.change.subject or "Modification")
        sub(entry, "updated", item.change.when)
        first = item.pages[0].url if item.pages else "nouveautes/"
        sub(entry, "link", rel="alternate", type="text/html", href=f"{base}{first}")
        for shown in item.pages[1:12]:
            sub(entry, "link", rel="related", type="text/html", href=f"{base}{shown.url}", title=shown.title)
        touched = " ; ".join(p.title for p in item.pages[:12]) or ", ".join(item.files[:12])
        if len(item.pages) > 12:
            touched += f" et {len(item.pages) - 12} autres"
        sub(entry, "summary", f"{date_fr(item.change.day)} — pages modifiées : {touched}.", type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
