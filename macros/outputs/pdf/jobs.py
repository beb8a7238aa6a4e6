"""What each PDF is made from (its job: name and self-contained HTML), from the pages and the data, and
the « Télécharger le PDF » link written on each page.

A `Recipe` says what one or more jobs are made from (the built pages' bytes, the records' titles, the dates,
the data items, the QR codes) without making their HTML: run.py looks its digest up first, and makes the HTML
only of the PDFs whose inputs changed."""

from __future__ import annotations

import base64
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml.html import HtmlElement
from lxml.html import builder as E

from ... import content as c
from ...content.kinds import DOCS_PAGES, GUIDE_PDF, PDF_FOLDER, fiche_title, pdf_name, url_of
from ...data.collections import SiteData
from ...render.records import Records
from ...render.templates import render
from ...render.views import Views
from ..documents.tree import inline, size_label
from ..sharing import qr_path, qr_svg
from .engine import Job, Result
from .extract import Colophon, Meta, Page, by_class, extract_page, first

FOLDER = PDF_FOLDER
log = logging.getLogger("mkdocs.plugins.usagers")
GUIDE = GUIDE_PDF
AUTHORED = ("fiche", "principe")  # kinds whose PDF names the authors of their source document
HANDOUTS = ("resume--", "affiche--")  # a sheet's one-page handouts, by the prefix of their names (pdf_name)
GUIDE_PAGE = "imprimer/"  # the printable guide's page: it links to the guide's PDF
GUIDE_PARTS_BEFORE = ("introduction", "partenariat")  # pages of content/kinds.py DOCS_PAGES
GUIDE_PARTS_AFTER = ("conclusion",)
# A summary names the first items of each list, the first sub-items of each item, and how many more the sheet
# has; it is made with the most that still fits one page (`Job.fallbacks`, searched by `engine.first_fitting`).
SUMMARY_LIMITS = tuple(
    (items, subs, tight) for items, subs in ((4, 3), (3, 3), (3, 2), (2, 2), (2, 1), (1, 1)) for tight in (False, True)
)  # (items per list, sub-items per item, tighter type: 10 pt instead of 10.5)


# The kind a page's PDF says it is, on its cover line, by the page's kind in the registry (content/kinds.py).
PDF_LABEL = {"fiche": "Fiche-missions", "principe": "Principe de la HAS", "falc": "Facile à lire et à comprendre"}
GUIDE_LABEL = "Le guide"


@dataclass
class Inputs:
    site: SiteData
    site_dir: Path
    site_url: str
    pages: dict[str, str] = field(default_factory=dict)  # pages given as text (else read from site_dir)
    given_records: Records | None = None  # the build's page records (made from the data when not given)
    dates: dict[str, str] = field(default_factory=dict)  # page URL → ISO date of its last change (from git)
    # The pages the engine writes (their URLs), when they are given in `pages` as it writes them (early.py) rather
    # than read from site_dir once written: a page not given yet is one to wait for.
    built: frozenset[str] | None = None
    site_name: str = ""  # the site's name as the PDFs say it: the engine's (mkdocs.yml's site_name)

    @functools.cached_property
    def records(self) -> Records:
        return self.given_records if self.given_records is not None else Views(self.site, self.site_url).records

    def html(self, url: str) -> str:
        if url in self.pages:
            return self.pages[url]
        return (self.site_dir / url / "index.html").read_text(encoding="utf-8")

    def page_bytes(self, url: str) -> bytes:
        """The page as built, as bytes: what its digest is made of."""
        if url in self.pages:
            return self.pages[url].encode()
        return (self.site_dir / url / "index.html").read_bytes()

    def exists(self, url: str) -> bool:
        if self.built is not None:
            return url in self.built
        return url in self.pages or (self.site_dir / url / "index.html").is_file()

    def author(self, url: str) -> str:
        """The authors of the source document of a sheet or principle (its record's item); the site for the rest
        (FALC is ours)."""
        record = self.records.by_url(url)
        if record is not None and record.kind.name in AUTHORED and getattr(record.item, "source", None) is not None:
            doc = self.site.sources.get(record.item.source.document)
            if doc is not None:
                return str(doc.auteurs)
        return self.site_name

    def qr(self, url: str) -> str:
        """The QR code of the page at `url` as a data: URI: the site's own (qr/…, written before the pages are
        built, see sharing.qr_files), made here only where the site has none."""
        written = self.site_dir / qr_path(url)
        target = self.site_url + url
        svg = written.read_bytes() if written.is_file() else qr_svg(target, f"QR code : {target}")
        return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")

    def qr_source(self, url: str) -> bytes:
        """What `qr` is made from: the site's file, or the address its code would be made for."""
        written = self.site_dir / qr_path(url)
        return written.read_bytes() if written.is_file() else f"à faire : {self.site_url}{url}".encode()

    def page_inputs(self, url: str) -> list[bytes | str]:
        """All that `page(url)` reads (with the code, in the recipes' salt): the page's bytes, its record's title
        and kind, its date, its author, its QR code, the site's address."""
        record = self.records.by_url(url)
        kind = f"{record.kind.name} {record.kind.falc}" if record is not None else ""
        title = record.title if record is not None else ""
        date = self.dates.get(url) or ""
        return [
            url,
            self.page_bytes(url),
            title,
            kind,
            date,
            self.author(url),
            self.qr_source(url),
            self.site_url,
            self.site_name,
        ]

    def page(self, url: str, **options: Any) -> Page:
        record = self.records.by_url(url)
        falc, title = (record.kind.falc, record.title) if record is not None else (None, "")
        date = self.dates.get(url)
        html = self.html(url)
        return extract_page(
            html, url, self.site_url, self.author(url), self.qr(url), title=title, date=date, falc=falc, **options
        )


def page_urls(inp: Inputs) -> list[str]:
    """The pages that have a PDF of their own (their kind's outputs, content/kinds.py: sheets, principles, the
    easy-to-read pages) and were built, in the order of the records."""
    return [r.url for r in inp.records if "pdf" in r.outputs and inp.exists(r.url)]


def pdf_sources(records: Records) -> dict[str, str]:
    """Each PDF made from one page record (its page's, a sheet's handouts) → the data file its text comes from (the
    record's), which the build names when that PDF has a problem (checks.problems_of)."""
    sources = {pdf_name(r.url): r.source for r in records if "pdf" in r.outputs}
    for r in records:
        if r.kind.name == "fiche":
            sources |= {pdf_name(r.url, prefix): r.source for prefix in HANDOUTS}
    return sources


def print_document(template: str, **context: Any) -> str:
    """A print template of templates/pdf/ rendered (those that name the site are given its `site_name`)."""
    return str(render(f"pdf/{template}", **context))


def page_job(inp: Inputs, url: str) -> Job:
    page = inp.page(url)
    html = print_document(
        "page.html",
        site_name=inp.site_name,
        meta=page.meta,
        content=page.content,
        colophon_data=page.colophon,
        kind=_label(inp, url),
        body_class="falc" if page.falc else "",
    )
    return Job(pdf_name(url), html)


def _label(inp: Inputs, url: str) -> str:
    record = inp.records.by_url(url)
    return PDF_LABEL.get(record.kind.name, GUIDE_LABEL) if record is not None else GUIDE_LABEL


def guide_parts(records: Records) -> list[str]:
    """The pages the whole guide is made of, in its order (their URLs: the registry's)."""
    sheets = [r.url for r in records if r.kind.name == "fiche"]  # in the order of their numbers
    return [
        *(url_of(DOCS_PAGES[p]) for p in GUIDE_PARTS_BEFORE),
        *sheets,
        *(url_of(DOCS_PAGES[p]) for p in GUIDE_PARTS_AFTER),
    ]


def guide_job(inp: Inputs) -> Job:
    """The whole guide: a cover, the contents with page numbers, each part on a new page."""
    urls = [u for u in guide_parts(inp.records) if inp.exists(u)]
    anchors = {u: u.strip("/").replace("/", "-") for u in urls}
    local = {inp.site_url + u: a for u, a in anchors.items()}
    parts = [(anchors[u], inp.page(u, prefix=anchors[u] + "--", shift=1, local=local)) for u in urls]
    dated = [p for _, p in parts if p.meta.date]
    latest = max(dated, key=lambda p: p.meta.date or "") if dated else None
    address = inp.site_url + GUIDE_PAGE
    guide = inp.site.sources.get("guide-up")
    meta = Meta(
        title=f"{inp.site_name} : le guide",
        author=str(guide.auteurs) if guide else inp.site_name,
        subject="Introduction, partenariat, les fiches-missions et la conclusion du guide.",
        date=latest.meta.date if latest else None,
        keywords=("usagers partenaires", "fiches-missions", "partenariat en santé"),
    )
    cover = {
        "subtitle": "Introduction, le partenariat en santé, les fiches-missions et la conclusion",
        "sources": [f"{s.titre} ({s.auteurs}, {s.date})" for s in inp.site.sources.values()],
        "date_text": latest.colophon.date_text if latest else "",
        "address": address,
        "qr": inp.qr(GUIDE_PAGE),
        "qr_alt": f"QR code qui mène à la version en ligne du guide : {address}",
    }
    items = [{"anchor": a, "title": p.meta.title, "content": p.content, "colophon": p.colophon} for a, p in parts]
    return Job(
        GUIDE, print_document("guide.html", site_name=inp.site_name, meta=meta, parts=items, cover=cover, body_class="guide")
    )


def _item_text(item: Any, subs_limit: int) -> str:
    """A list item as one line; its first sub-items follow, after a colon if needed, then how many more."""
    subs = item.sous_elements
    shown = " ; ".join(_item_text(s, subs_limit) for s in subs[:subs_limit])
    more = len(subs) - min(len(subs), subs_limit)
    if more:
        shown += (" ; " if shown else "") + f"et {more} autre" + ("s" if more > 1 else "")
    if not shown:
        return str(item.texte)
    return f"{item.texte} {shown}" if str(item.texte).rstrip().endswith(":") else f"{item.texte} : {shown}"


def _summary_part(title: str, section: Any, address: str, limits: tuple[int, int]) -> dict[str, Any]:
    """A part of the sheet in the summary: its text, its first items, and « + n autres points » with the address
    of the part on the site when the list is shortened."""
    items, subs = limits
    elements = list(getattr(section, "elements", []))
    more = len(elements) - min(len(elements), items)
    return {
        "title": title,
        "texte": inline(section.texte) if getattr(section, "texte", None) else [],
        "elements": [inline(_item_text(e, subs)) for e in elements[:items]],
        "apres": inline(section.apres) if getattr(section, "apres", None) else [],
        # « + 3 autres points sur la fiche en ligne », a link to the part on the site (whose address is written
        # once, under the sheet's description: ten times in full, it took a third of the page).
        "reste": (f"+ {more} autre" + ("s points" if more > 1 else " point") + " sur la fiche en ligne") if more else "",
        "lien": address,
    }


def summary_groups(fiche: Any, permalink: str, limits: tuple[int, int]) -> list[dict[str, Any]]:
    """Every group of the sheet as its page shows them (content.GROUPES_FICHE, then « Valeur ajoutée »), with
    the parts the sheet has."""
    groups: list[dict[str, Any]] = []
    for group in c.GROUPES_FICHE:
        parts = []
        for part in group.parties:
            section = getattr(fiche, part.champ)
            if section is None:
                continue
            title = getattr(fiche, part.champ_titre) if part.champ_titre else part.titre
            parts.append(_summary_part(title, section, f"{permalink}#{part.ancre}", limits))
        if parts:
            groups.append({"title": group.titre, "parts": parts})
    value = c.VALEUR_AJOUTEE
    groups.append(
        {
            "title": value.titre,
            "parts": [_summary_part(v.pour, v, f"{permalink}#{value.ancre}", limits) for v in getattr(fiche, value.champ)],
        }
    )
    return groups


def address_parts(url: str) -> list[str]:
    """An address to type, without « https:// », cut after each « / » so that it wraps at a slash."""
    parts = url.split("://", 1)[-1].split("/")
    return [p + "/" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def sheet_handouts(inp: Inputs, fiche: Any) -> list[Job]:
    jobs: list[Job] = []
    url = inp.records.url_for("fiche", fiche.id)
    if inp.exists(url):
        built = inp.page(url)
        heading = fiche_title(fiche)
        doc = inp.site.sources[fiche.source.document]
        where = fiche.source
        permalink = inp.site_url + url
        colophon = Colophon(
            permalink=permalink,
            qr=built.colophon.qr,
            qr_alt=f"QR code qui mène à la fiche en ligne : {permalink}",
            date_text=built.colophon.date_text,
            source=f"Source : {doc.titre} ({doc.auteurs}), {where.section}" + (f", p. {where.page}." if where.page else "."),
        )
        for label, prefix in (("résumé", "resume--"), ("affiche", "affiche--")):
            meta = Meta(
                title=f"{heading} — {label}", author=str(doc.auteurs), subject=str(fiche.description), date=built.meta.date
            )
            if prefix == "resume--":
                versions = [  # the fullest first
                    print_document(
                        "resume.html",
                        site_name=inp.site_name,
                        meta=meta,
                        fiche={
                            "heading": heading,
                            "description": inline(fiche.description),
                            "adresse": address_parts(permalink),
                            "lien": permalink,
                            "groups": summary_groups(fiche, permalink, (items, subs)),
                        },
                        colophon_data=colophon,
                        body_class="serre" if tight else "",
                    )
                    for items, subs, tight in SUMMARY_LIMITS
                ]
                # A tight version that takes two pages says that every version before it does too.
                bounds = tuple(n for n, (*_, tight) in enumerate(SUMMARY_LIMITS) if tight)
                jobs.append(Job(pdf_name(url, prefix), versions[0], tuple(versions[1:]), bounds))
                continue
            else:
                html = print_document(
                    "affiche.html",
                    site_name=inp.site_name,
                    meta=meta,
                    heading=heading,
                    description=inline(fiche.description),
                    kind=PDF_LABEL["fiche"],
                    qr=colophon.qr,
                    qr_alt=colophon.qr_alt,
                    date_text=colophon.date_text,
                    address_parts=address_parts(permalink),
                    body_class="",
                )
            jobs.append(Job(pdf_name(url, prefix), html))
    return jobs


def all_jobs(inp: Inputs) -> list[Job]:
    return [job for recipe in recipes(inp) for job in recipe.make()]


@dataclass(frozen=True)
class Recipe:
    """What the PDFs `names` are made from (`inputs`: bytes and text, whose digest is their cache key with the
    code's, gathered when first asked for), the pages they read (`reads`: their URLs, all of which must be given
    before), and how their jobs are made (`make`: the print HTML, only when those inputs changed)."""

    names: tuple[str, ...]
    reads: tuple[str, ...]
    gather: Callable[[], tuple[bytes | str, ...]] = field(repr=False, compare=False)
    make: Callable[[], list[Job]] = field(repr=False, compare=False)

    @functools.cached_property
    def inputs(self) -> tuple[bytes | str, ...]:
        return self.gather()


def recipes(inp: Inputs) -> list[Recipe]:
    """Every PDF of the site, in the order of `all_jobs`: each page's, the guide, each sheet's handouts."""
    pages = [
        Recipe(
            (pdf_name(u),),
            (u,),
            functools.partial(lambda u: ("page", *inp.page_inputs(u)), u),
            functools.partial(lambda u: [page_job(inp, u)], u),
        )
        for u in page_urls(inp)
    ]
    parts = tuple(u for u in guide_parts(inp.records) if inp.exists(u))
    guide = Recipe(
        (GUIDE,),
        parts,
        lambda: (
            "guide",
            *(part for u in parts for part in inp.page_inputs(u)),
            *(s.model_dump_json() for s in inp.site.sources.values()),
            inp.qr_source(GUIDE_PAGE),
        ),
        lambda: [guide_job(inp)],
    )
    handouts = []
    for fiche in inp.site.fiches_in_order():
        url = inp.records.url_for("fiche", fiche.id)
        if not inp.exists(url):
            continue
        document = inp.site.sources[fiche.source.document]
        handouts.append(
            Recipe(
                (pdf_name(url, "resume--"), pdf_name(url, "affiche--")),
                (url,),
                functools.partial(
                    lambda u, f, d: ("handouts", *inp.page_inputs(u), f.model_dump_json(), d.model_dump_json()),
                    url,
                    fiche,
                    document,
                ),
                functools.partial(lambda f: sheet_handouts(inp, f), fiche),
            )
        )
    return [*pages, guide, *handouts]


# --- The links on the pages ----------------------------------------------------------------------------


def link_label(result: Result) -> str:
    pages = f"{result.pages} page" + ("s" if result.pages > 1 else "")
    return f"Télécharger le PDF ({pages}, {size_label(len(result.pdf))})"


def add_link(root: HtmlElement, target: str, label: str) -> None:
    """« Télécharger le PDF (n pages, size) » (`label`: `link_label`), on a built page's tree: a button of the
    page's heading block (DESIGN.md), first in its row of actions (`.up-actions`, made after the one-sentence
    summary, or the title, when the page has none). The finishing pass (outputs/finish.py) calls it on the tree it
    finishes, before the page is minified and written once."""
    article = first(root, "//article")
    if article is None:
        return
    for old in article.xpath(by_class("*", "up-pdf")):
        old.drop_tree()
    row = first(article, by_class("div", "up-actions"))
    if row is None:
        anchor = first(article, by_class("p", "up-chapeau"))
        anchor = anchor if anchor is not None else first(article, ".//h1")
        row = E.DIV(E.CLASS("up-actions"), {"data-pagefind-ignore": "all"})
        if anchor is not None:
            anchor.addnext(row)
        else:
            article.append(row)
        twin = first(article, by_class("p", "up-jumeau-bloc"))
        if twin is not None:  # « Version facile à lire » joins the row
            row.append(twin)
    link = E.A(label, E.CLASS("up-bouton"), href=target, type="application/pdf", download="")
    row.insert(0, E.P(link, E.CLASS("up-pdf"), {"data-pagefind-ignore": "all"}))
