"""PDFs of the site: each sheet, principle and easy-to-read page, the whole guide, and per sheet a one-page
summary and a QR poster (the trainer's handouts). Independent of MkDocs.

Pages' PDFs are made from the pages as built (their <article>, in print templates of
macros/templates/pdf/): the PDF holds the very text of the page. Handouts are made from the data. Then each
page gets its « Télécharger en PDF (n pages, size) » link, written into its HTML with lxml, in the same pass.
"""

from __future__ import annotations

import base64
import importlib.util
import logging
import os
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
from lxml.html import builder as E
from markupsafe import Markup

from ...data.collections import SiteData
from ...render.templates import render
from ..documents.tree import inline, taille_fr
from ..sharing import qr_svg
from ..workers import cores
from .engine import Job, Result, build_all, is_cached, pdf_cache, render_job, start_pool, warm_up
from .extract import SITE_NAME, Colophon, Meta, Page, by_class, extract_page, first

FOLDER = "pdf"
log = logging.getLogger("mkdocs.plugins.usagers")
GUIDE = f"{FOLDER}/guide-complet.pdf"
GUIDE_PAGE = "imprimer/"  # the printable guide's page: it links to the guide's PDF
GUIDE_PARTS_BEFORE = ("introduction/", "partenariat/")
GUIDE_PARTS_AFTER = ("conclusion/",)
SUMMARY_SUB_ITEMS = 4  # a summary names the first sub-items of an item, then « … »: the sheet has them all
SUMMARY_PARTS = (
    ("Pourquoi ?", ("besoin_initial", "action")),
    ("Comment ?", ("activites",)),
    ("Où ?", ("lieux", "territoire")),
    ("Qui ?", ("acteurs",)),
)


def pdf_name(url: str, prefix: str = "") -> str:
    """« fiches/recherche/ » → « pdf/fiches--recherche.pdf » (summary: prefix « resume-- », poster « affiche-- »)."""
    return f"{FOLDER}/{prefix}{url.strip('/').replace('/', '--')}.pdf"


def qr_data_uri(target: str) -> str:
    svg = qr_svg(target, f"QR code : {target}")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def kind_of(url: str) -> str:
    if "facile-a-lire" in url:
        return "Facile à lire et à comprendre"
    return {"fiches": "Fiche-missions", "principes": "Principe de la HAS"}.get(url.split("/")[0], "Le guide")


@dataclass
class Inputs:
    site: SiteData
    site_dir: Path
    site_url: str
    pages: dict[str, str] = field(default_factory=dict)  # pages as built, before they are written (PdfRun)

    def html(self, url: str) -> str:
        if url in self.pages:
            return self.pages[url]
        return (self.site_dir / url / "index.html").read_text(encoding="utf-8")

    def exists(self, url: str) -> bool:
        return url in self.pages or (self.site_dir / url / "index.html").is_file()

    def author(self, url: str) -> str:
        """The authors of the source document of a sheet or principle; the site for the rest (FALC is ours)."""
        parts = url.strip("/").split("/")
        if len(parts) == 2 and parts[0] in ("fiches", "principes"):
            item = getattr(self.site, parts[0]).get(parts[1])
            if item is not None and getattr(item, "source", None) is not None:
                doc = self.site.sources.get(item.source.document)
                if doc is not None:
                    return str(doc.auteurs)
        return SITE_NAME

    def page(self, url: str, **options: Any) -> Page:
        return extract_page(
            self.html(url), url, self.site_url, self.author(url), qr_data_uri(self.site_url + url), **options
        )


def page_urls(inp: Inputs) -> list[str]:
    """Sheets, principles and the easy-to-read pages that were built."""
    urls = [f"fiches/{f.id}/" for f in inp.site.fiches_in_order()]
    urls += [f"principes/{p}/" for p in sorted(inp.site.principes)]
    falc = sorted(
        p.parent.relative_to(inp.site_dir).as_posix() + "/" for p in inp.site_dir.glob("**/facile-a-lire/index.html")
    )
    return [u for u in urls + falc if inp.exists(u)]


def _document(template: str, **context: Any) -> str:
    return str(render(f"pdf/{template}", site_name=SITE_NAME, **context))


def page_job(inp: Inputs, url: str) -> Job:
    page = inp.page(url)
    html = _document(
        "page.html",
        meta=page.meta,
        content=page.content,
        colophon_data=page.colophon,
        kind=kind_of(url),
        body_class="falc" if page.falc else "",
    )
    return Job(pdf_name(url), html)


def guide_parts(site: SiteData) -> list[str]:
    """The pages the whole guide is made of, in its order."""
    return [*GUIDE_PARTS_BEFORE, *(f"fiches/{f.id}/" for f in site.fiches_in_order()), *GUIDE_PARTS_AFTER]


def guide_job(inp: Inputs) -> Job:
    """The whole guide: a cover, the contents with page numbers, each part on a new page."""
    urls = [u for u in guide_parts(inp.site) if inp.exists(u)]
    anchors = {u: u.strip("/").replace("/", "-") for u in urls}
    local = {inp.site_url + u: a for u, a in anchors.items()}
    parts = [(anchors[u], inp.page(u, prefix=anchors[u] + "--", shift=1, local=local)) for u in urls]
    dated = [p for _, p in parts if p.meta.date]
    latest = max(dated, key=lambda p: p.meta.date or "") if dated else None
    address = inp.site_url + GUIDE_PAGE
    guide = inp.site.sources.get("guide-up")
    meta = Meta(
        title=f"{SITE_NAME} : le guide",
        author=str(guide.auteurs) if guide else SITE_NAME,
        subject="Introduction, partenariat, les fiches-missions et la conclusion du guide.",
        date=latest.meta.date if latest else None,
        keywords=("usagers partenaires", "fiches-missions", "partenariat en santé"),
    )
    cover = {
        "subtitle": "Introduction, le partenariat en santé, les fiches-missions et la conclusion",
        "sources": [f"{s.titre} ({s.auteurs}, {s.date})" for s in inp.site.sources.values()],
        "date_text": latest.colophon.date_text if latest else "",
        "address": address,
        "qr": qr_data_uri(address),
        "qr_alt": f"QR code qui mène à la version en ligne du guide : {address}",
    }
    items = [{"anchor": a, "title": p.meta.title, "content": p.content, "colophon": p.colophon} for a, p in parts]
    return Job(GUIDE, _document("guide.html", meta=meta, parts=items, cover=cover, body_class="guide"))


def _item_text(item: Any) -> str:
    """A list item as one line; its first sub-items follow, after a colon if needed."""
    subs = item.sous_elements
    sous = " ; ".join(_item_text(s) for s in subs[:SUMMARY_SUB_ITEMS]) + (" …" if len(subs) > SUMMARY_SUB_ITEMS else "")
    if not sous:
        return str(item.texte)
    return f"{item.texte} {sous}" if str(item.texte).rstrip().endswith(":") else f"{item.texte} : {sous}"


def _section(section: Any) -> dict[str, Any] | None:
    if section is None:
        return None
    return {
        "texte": inline(section.texte) if section.texte else [],
        "elements": [inline(_item_text(e)) for e in section.elements],
        "apres": inline(section.apres) if section.apres else [],
    }


def address_parts(url: str) -> list[str]:
    """An address to type, without « https:// », cut after each « / » so that it wraps at a slash."""
    parts = url.split("://", 1)[-1].split("/")
    return [p + "/" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def handout_jobs(inp: Inputs) -> list[Job]:
    """Per sheet, from its data: a one-page summary and a QR poster; the date is the sheet page's."""
    return [job for fiche in inp.site.fiches_in_order() for job in sheet_handouts(inp, fiche)]


def sheet_handouts(inp: Inputs, fiche: Any) -> list[Job]:
    jobs: list[Job] = []
    url = f"fiches/{fiche.id}/"
    if inp.exists(url):
        built = inp.page(url)
        heading = f"Fiche {fiche.numero} : {fiche.titre}"
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
                parts = [
                    {"title": title, "blocs": [b for b in (_section(getattr(fiche, k)) for k in keys) if b]}
                    for title, keys in SUMMARY_PARTS
                ]
                data = {"heading": heading, "description": inline(fiche.description), "parts": parts}
                html = _document("resume.html", meta=meta, fiche=data, colophon_data=colophon, body_class="")
            else:
                html = _document(
                    "affiche.html",
                    meta=meta,
                    heading=heading,
                    description=inline(fiche.description),
                    kind="Fiche-missions",
                    qr=colophon.qr,
                    qr_alt=colophon.qr_alt,
                    date_text=colophon.date_text,
                    address_parts=address_parts(permalink),
                    body_class="",
                )
            jobs.append(Job(pdf_name(url, prefix), html))
    return jobs


def all_jobs(inp: Inputs) -> list[Job]:
    return [*(page_job(inp, u) for u in page_urls(inp)), guide_job(inp), *handout_jobs(inp)]


# --- The links on the pages ----------------------------------------------------------------------------


def link_label(result: Result) -> str:
    pages = f"{result.pages} page" + ("s" if result.pages > 1 else "")
    return f"Télécharger en PDF ({pages}, {taille_fr(len(result.pdf))})"


def add_link(page_file: Path, target: str, result: Result) -> None:
    """« Télécharger en PDF (n pages, size) » in the page's « Citer, partager, imprimer » block (or at the end
    of its article), written with lxml."""
    root = lxml.html.document_fromstring(page_file.read_text(encoding="utf-8"))
    place = first(root, by_class("aside", "up-partage", "//"))
    place = place if place is not None else first(root, "//article")
    if place is None:
        return
    for old in place.xpath(by_class("p", "up-pdf")):
        old.drop_tree()
    link = E.A(link_label(result), href=target, type="application/pdf", download="")
    place.append(E.P(link, E.CLASS("up-pdf")))
    page_file.write_text(lxml.html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode"), encoding="utf-8")


@dataclass
class Report:
    results: dict[str, Result]
    seconds: float

    @property
    def made(self) -> list[str]:
        return [name for name, r in self.results.items() if not r.cached]


class PdfRun:
    """The PDFs of one build, on `workers` processes forked when the build starts (they load WeasyPrint and
    its fonts while MkDocs renders the pages). The whole guide, by far the longest (≈ 4 s), starts as soon as
    its pages are built (the plugin builds them first); the rest after the build (`finish`); every PDF whose
    HTML is unchanged comes from the cache."""

    def __init__(self, site: SiteData, site_dir: Path, site_url: str, project: Path, built: set[str], workers: int):
        self.inp = Inputs(site, site_dir, site_url)
        self.cache = pdf_cache(project)
        self.waiting = {u for u in guide_parts(site) if u in built}  # the guide's pages not recorded yet
        self.recorded: list[str] = []  # pages recorded before the guide could start
        self.sent: set[str] = set()  # names of the jobs sent to the workers
        self.early: dict[str, Future[tuple[bytes, int]]] = {}  # job's HTML → its PDF being made
        self.pool = start_pool(workers) if workers > 1 else None
        self.ready = [self.pool.submit(warm_up) for _ in range(workers)] if self.pool else []
        self.start = time.perf_counter()

    def page_built(self, url: str, source: str) -> None:
        """A page's source (`page_source`), as soon as it is made. The guide is sent to a worker first, once
        all its pages are there; then each page's own PDF and, for a sheet, its handouts."""
        if not wanted(url, self.inp.site):
            return
        self.inp.pages[url] = source
        self.waiting.discard(url)
        self.recorded.append(url)
        if self.waiting or self.pool is None:
            return
        if GUIDE not in self.sent:
            self._send(guide_job(self.inp))
        for done in self.recorded:
            if has_own_pdf(done, self.inp.site):
                self._send(page_job(self.inp, done))
            fiche = self.inp.site.fiches.get(done.removeprefix("fiches/").strip("/")) if done.count("/") == 2 else None
            for job in sheet_handouts(self.inp, fiche) if done.startswith("fiches/") and fiche is not None else []:
                self._send(job)
        self.recorded = []

    def _send(self, job: Job) -> None:
        self.sent.add(job.name)
        if self.pool is not None and not is_cached(job, self.cache):
            self.early[job.html] = self.pool.submit(render_job, job)

    def finish(self, site_dir: Path) -> Report:
        """Every PDF into site_dir/pdf/, and its « Télécharger en PDF » link on its page."""
        try:
            for ready in self.ready:
                ready.result()
            results = build_all(all_jobs(self.inp), self.cache, self.pool, self.early)
        except (ImportError, OSError) as exc:
            log.info(
                "PDF non faits : WeasyPrint ne démarre pas (%s) — pip install -r requirements.txt ; Pango du système.", exc
            )
            return Report({}, time.perf_counter() - self.start)
        finally:
            self.close()
        for name, result in results.items():
            out = site_dir / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(result.pdf)
        links = {pdf_name(u): u for u in page_urls(self.inp)} | {GUIDE: GUIDE_PAGE}
        for name, url in links.items():
            page_file = site_dir / url / "index.html"
            if name in results and page_file.is_file():
                add_link(page_file, "../" * url.count("/") + name, results[name])
        return Report(results, time.perf_counter() - self.start)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def has_own_pdf(url: str, site: SiteData) -> bool:
    """The pages that have a PDF of their own (as page_urls lists them): sheets, principles, easy-to-read pages."""
    parts = url.strip("/").split("/")
    if len(parts) == 2 and parts[0] in ("fiches", "principes"):
        return parts[1] in getattr(site, parts[0])
    return parts[-1:] == ["facile-a-lire"]


def wanted(url: str, site: SiteData) -> bool:
    """The pages a PDF is made from: those with their own, and the guide's parts."""
    return has_own_pdf(url, site) or url in guide_parts(site)


def page_source(title: str, content: str, date: str | None, date_fr: str | None) -> str:
    """What a page's PDF is made from, as soon as its HTML is made (macros/templates/pdf/source.html)."""
    return _document("source.html", title=title, content=Markup(content), date=date, date_fr=date_fr)


def available() -> bool:
    """WeasyPrint is installed (`pip install -r requirements.txt`); the workers import it, with Pango."""
    return importlib.util.find_spec("weasyprint") is not None


def asked(serving: bool) -> bool:
    """PDFs in every build, but not under `mkdocs serve` unless UP_PDF=1: they never slow the editors' loop."""
    return os.environ.get("UP_PDF", "0" if serving else "1") == "1"


def start(site: SiteData, site_dir: Path, site_url: str, project: Path, serving: bool, built: set[str]) -> PdfRun | None:
    """The PDFs of this build (`built`: the URLs of its pages), or None, with a note saying why there are none."""
    if not asked(serving):
        return None
    if not available():
        log.info("PDF non faits : WeasyPrint manque (pip install -r requirements.txt ; Pango du système).")
        return None
    return PdfRun(site, site_dir, site_url, project, built, workers=cores())


def finish(run: PdfRun, site_dir: Path) -> Report:
    report = run.finish(site_dir)
    log.info(
        "PDF : %d faits, %d repris du cache, en %.1f s",
        len(report.made),
        len(report.results) - len(report.made),
        report.seconds,
    )
    return report


def write_pdfs(site: SiteData, site_dir: Path, site_url: str, project: Path, workers: int = 2) -> Report:
    """Every PDF of a built site into site_dir/pdf/ (from the cache when unchanged), and its link on its page."""
    return PdfRun(site, site_dir, site_url, project, set(), workers).finish(site_dir)


def handouts(site: SiteData, easy_pages: Sequence[tuple[str, str]]) -> Sequence[tuple[str, str]]:
    """What the trainer kit lists: (label, path in the site) of every PDF, in reading order (no sizes: the
    kit is written before the PDFs are made)."""
    out = [("Le guide complet", GUIDE)]
    for f in site.fiches_in_order():
        url = f"fiches/{f.id}/"
        out += [
            (f"Fiche {f.numero} : {f.titre}", pdf_name(url)),
            (f"Fiche {f.numero} : résumé d'une page à distribuer", pdf_name(url, "resume--")),
            (f"Fiche {f.numero} : affiche avec QR code", pdf_name(url, "affiche--")),
        ]
    out += [(f"Facile à lire : {title}", pdf_name(url)) for title, url in easy_pages]
    return out


__all__ = ["start", "finish", "PdfRun", "Report", "write_pdfs", "handouts", "all_jobs", "Inputs", "pdf_name", "GUIDE"]
