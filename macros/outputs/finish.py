"""The finishing pass: one plain pass over the files a site engine has written, once it has written them all.

For each page the engine wrote (`finish_bytes`, on every core: a pool of forked processes over the files):
the synonyms of its words in its keywords field (what the search index also searches), its « Télécharger le PDF »
link, the theme's script deferred, the security policy with the hashes of its inline scripts and styles, minified,
written once in place of the engine's; and what the search index gets of it, and the words its classes, ids and
attributes give the theme's style sheets. Then, for the whole site (`finish_site`): the PDFs first (made from the
pages as the engine wrote them, and from the data: the pages they read are finished after them), the search index
(Pagefind, fed each page as it is finished, in a fixed order: same pages, same bytes), the theme's style sheets trimmed to
the words of the pages. It returns what it did (`SiteDone`) and reads nothing of the engine: MkDocs calls it after
its build (macros/site/plugin.py), and so could any other engine, or a test (tests/test_finish.py).

Under `mkdocs serve` (`Options(finished=False)`) the pages stay as the engine wrote them: only the search index is
made (with the keywords in what it is given), and the PDFs' links when PDFs are asked for.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import logging
import pickle
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import minify_html
from lxml.html import HtmlElement
from lxml.html import builder as E

from ..data.collections import SiteData
from ..render import csp
from ..render.records import Records
from . import css_trim, pdf, search_index
from .cache import ContentCache, code_digest
from .workers import cores, fork_pool

# Where the keywords go (the field overrides/main.html would write from page.meta): last in <head>.
KEYWORDS = {"name": "keywords", "data-pagefind-meta": "motscles[content]"}
# Pages that are finished but not minified (the theme's error page, rendered from a template, not a page).
NOT_MINIFIED = ("404.html",)
# The seconds of the stage, for `python -m macros.build --durees` (as macros/site/generate.py logs its own).
DURATIONS = logging.getLogger("macros.durees")
# The code a finished page depends on: this pass and what it calls (csp, css_trim, search_index, pdf's link) are in
# these rooms; the minifier and the HTML parser by their versions.
PACKAGE = Path(__file__).resolve().parents[1]
CODE = (PACKAGE / "outputs", PACKAGE / "render")
# Fewer pages to finish than this (the others from the cache): finished here, a pool would cost more to start.
POOL_FROM = 16


@dataclass(frozen=True)
class Options:
    finished: bool = True  # deferred, with its policy, minified, its words gathered (not under `mkdocs serve`)
    policy: bool = True  # the Content-Security-Policy meta (not with `csp: false`, for tools that inject styles)
    pagefind: Path | None = None  # another Pagefind binary than the project's (the plugin's `pagefind` option)
    cache: bool = True  # finished pages kept in .cache/finition/, by what they are made from


@dataclass(frozen=True)
class PdfPlan:
    """The PDFs of a build (outputs/pdf): made from `site` and the pages of `records`, into `site_url`'s files."""

    site: SiteData
    records: Records
    site_url: str
    dates: dict[str, str] = field(default_factory=dict)  # page URL → ISO date of its last change (from git)
    site_name: str = ""  # as the PDFs say it: the engine's (mkdocs.yml's site_name)


@dataclass(frozen=True)
class FileDone:
    """One page once finished: its path in the site, the words it gives the style sheets, what the search index
    got of it (None: a page left out of the index) and its keywords (None likewise)."""

    path: str
    tokens: frozenset[str]
    indexed: str | None
    keywords: str | None


@dataclass(frozen=True)
class SiteDone:
    """What the finishing pass did: every page finished (by path), the search index folder, the PDFs (None when
    none were asked for) and the style sheets trimmed ({path: (bytes before, after)})."""

    pages: dict[str, FileDone]
    index: Path
    pdfs: pdf.Report | None
    sheets: dict[str, tuple[int, int]] = field(default_factory=dict)


def minify(html: str) -> str:
    """Smaller HTML, same document: attribute quotes, closing tags and the html/head tags are kept."""
    return minify_html.minify(
        html,
        keep_closing_tags=True,
        keep_html_and_head_opening_tags=True,
        keep_input_type_text_attr=True,
        minify_css=False,
        minify_js=False,
    )


@dataclass(frozen=True)
class Finished:
    """A page as written, the words its classes, ids and attributes give the theme's style sheets
    (css_trim.page_tokens), and what the search index gets of it (search_index.index_document, minified as the page
    is, so that Pagefind reads what is written; None without `indexed` or for a page it does not index)."""

    html: str
    tokens: set[str]
    indexed: str | None = None


def finish_tree(doc: HtmlElement, policy: bool = True, minified: bool = True, indexed: bool = False) -> Finished:
    """A page's tree as written: the theme's script deferred, the policy with the hashes of its inline scripts and
    styles (the minifier leaves their text as it is: minify_js/minify_css off, so the hashes hold), minified."""
    css_trim.defer_theme_script(doc)
    if policy:
        csp.apply_tree(doc)
    html = csp.serialize_document(doc)
    given = search_index.index_document(doc) if indexed else None
    if minified:
        html, given = minify(html), minify(given) if given is not None else None
    return Finished(html, css_trim.page_tokens(doc), given)


def add_keywords(doc: HtmlElement, groups: list[list[str]]) -> str | None:
    """The synonyms and acronyms of the words of the part of the page the search index reads (its
    data-pagefind-body), as the last field of its <head> when there are any; None for a page the index leaves out."""
    body = doc.xpath("//*[@data-pagefind-body]")
    if not body:
        return None
    words = search_index.keywords(body[0], groups)
    head = doc.find("head")
    if words and head is not None:
        head.append(E.META(KEYWORDS, content=words))
    return words


def finish_bytes(
    data: bytes, path: str, options: Options, groups: list[list[str]], link: pdf.Link | None
) -> tuple[FileDone, bytes | None]:
    """One page as the engine wrote it (`data`; `path`: its file in the site, « fiches/recherche/index.html »),
    finished: what it did, and the bytes to write in its place (None: left as written). `link`: its PDF's. Under
    `mkdocs serve` (not `options.finished`) the page is written again only for a link."""
    doc = lxml.html.document_fromstring(data)
    words = add_keywords(doc, groups)
    indexed = words is not None
    if link is not None:
        pdf.add_link(doc, link.target, link.label)
    html: str | None = None
    if options.finished:
        done = finish_tree(doc, options.policy, minified=path not in NOT_MINIFIED, indexed=indexed)
        html, given, tokens = done.html, done.indexed, frozenset(done.tokens)
    else:
        if link is not None:
            html = lxml.html.tostring(doc, doctype="<!DOCTYPE html>", encoding="unicode")
        given, tokens = (search_index.index_document(doc) if indexed else None), frozenset()
    written = html.encode("utf-8", errors="xmlcharrefreplace") if html is not None else None  # as MkDocs writes
    return FileDone(path, tokens, given, words), written


def finish_cache(root: Path) -> ContentCache:
    """Finished pages kept between builds (`.cache/finition/`), keyed by the engine's bytes of the page, its path,
    the policy asked, the synonym groups, its PDF link, and the code that finishes it: a page MkDocs wrote as last
    time is not parsed, marked, hashed and minified again. Same key, same bytes (tests/test_vitesse_rendu.py)."""
    versions = [importlib.metadata.version("minify_html"), repr(lxml.etree.LXML_VERSION), repr(lxml.etree.LIBXML_VERSION)]
    return ContentCache(root / ".cache" / "finition", salt="-".join([*(code_digest(f) for f in CODE), *versions]))


@dataclass(frozen=True)
class _Work:
    """What finishing any page of a build needs (sent once to each of the pool's processes)."""

    site_dir: Path
    options: Options
    groups: list[list[str]]
    cache: ContentCache | None  # None: every page finished anew (`mkdocs serve`, `Options(cache=False)`)
    groups_key: str = ""

    def parts(self, path: str, data: bytes, link: pdf.Link | None) -> list[bytes | str]:
        """The cache key's parts of one page (what its finished bytes are made from)."""
        shown = [link.target, link.label] if link is not None else []
        return [path, data, f"policy={self.options.policy}", self.groups_key, *shown]


def _kept(work: _Work, paths: Sequence[str], links: Mapping[str, pdf.Link]) -> tuple[dict[str, FileDone], list[str]]:
    """The pages finished as they were by an earlier build (written now from the cache), and those left to finish."""
    if work.cache is None:
        return {}, list(paths)
    kept: dict[str, FileDone] = {}
    left = []
    for path in paths:
        file = work.site_dir / path
        found = work.cache.get(work.parts(path, file.read_bytes(), links.get(url_of_file(path))), ".pickle")
        if found is None:
            left.append(path)
            continue
        html, done = pickle.loads(found)  # noqa: S301 — written by _finish_one, in the project's own cache
        if html is not None:
            file.write_bytes(html)
        kept[path] = done
    return kept, left


def _finish_all(pool: Any, work: _Work, paths: Sequence[str], links: Mapping[str, pdf.Link]) -> Iterable[FileDone]:
    """`finish_bytes` of each of `paths`, written in place and kept in the cache, on the pool's processes (or here,
    without a pool), in their order."""
    one = functools.partial(_finish_one, work, dict(links))
    if pool is None:
        return map(one, paths)
    return pool.map(one, paths, chunksize=max(1, len(paths) // (8 * cores())))


def _finish_one(work: _Work, links: dict[str, pdf.Link], path: str) -> FileDone:
    file = work.site_dir / path
    data = file.read_bytes()
    link = links.get(url_of_file(path))
    done, html = finish_bytes(data, path, work.options, work.groups, link)
    if html is not None:
        file.write_bytes(html)
    if work.cache is not None:
        work.cache.put(work.parts(path, data, link), ".pickle", pickle.dumps((html, done), pickle.HIGHEST_PROTOCOL))
    return done


def _write_index(
    root: Path,
    site_dir: Path,
    options: Options,
    cache: ContentCache | None,
    given: list[tuple[str, str]],
    indexer: search_index.PagefindIndexer | None,
) -> tuple[Path, search_index.PagefindIndexer | None]:
    """Pagefind's index of the pages `given` (path, what it indexes), in site_dir/pagefind/: as the cache kept it
    for the same pages in the same order and the same Pagefind, or written by `indexer` (started here if None), then
    kept. Returns the folder, and the indexer to close."""
    binary = search_index.require_pagefind(root, options.pagefind)
    native = search_index.native_binary(root) if options.pagefind is None else None
    ran = [f"{b}:{b.stat().st_size}:{b.stat().st_mtime_ns}" for b in (binary, native) if b is not None]
    parts = [*ran, *(f"{path}\n{html}" for path, html in given)]
    bundle = site_dir / "pagefind"
    if indexer is None:
        kept = cache.get(parts, ".index") if cache is not None else None
        if kept is not None:
            if bundle.exists():  # as Pagefind replaces it
                shutil.rmtree(bundle)
            for name, data in pickle.loads(kept).items():  # noqa: S301 — written below, in the project's own cache
                (bundle / name).parent.mkdir(parents=True, exist_ok=True)
                (bundle / name).write_bytes(data)
            return bundle, None
        indexer = search_index.PagefindIndexer(root, options.pagefind)
        for path, html in given:
            indexer.add(path, html)
    index = indexer.write(site_dir)
    if cache is not None:
        files = {p.relative_to(index).as_posix(): p.read_bytes() for p in sorted(index.rglob("*")) if p.is_file()}
        cache.put(parts, ".index", pickle.dumps(files, pickle.HIGHEST_PROTOCOL))
    return index, indexer


def _copied(site_dir: Path, done: Mapping[str, FileDone]) -> list[Path]:
    """The pages the engine copied as files (the redirects): every HTML file but those finished and the index's."""
    found = ((p, p.relative_to(site_dir).as_posix()) for p in sorted(site_dir.rglob("*.html")))
    return [p for p, rel in found if rel not in done and not rel.startswith("pagefind/")]


def _sheets(
    root: Path, site_dir: Path, done: Mapping[str, FileDone], copied: list[Path], theme: Any
) -> dict[str, tuple[int, int]]:
    """The theme's style sheets trimmed to the words of every page (those finished, and those the engine `copied`),
    ours minified: {path: (bytes before, after)}."""
    began = time.perf_counter()
    tokens: set[str] = set().union(*(d.tokens for d in done.values()))
    for other in copied:
        tokens |= css_trim.file_tokens(other.read_bytes())
    cache = css_trim.css_cache(root)
    sheets = css_trim.trim_css(site_dir, tokens, theme, cache)
    sheets.update(css_trim.minify_own_css(site_dir, cache))
    DURATIONS.info("finition : feuilles de style", extra={"seconds": time.perf_counter() - began})
    return sheets


def _in_order(paths: Sequence[str], kept: Mapping[str, FileDone], finishing: Iterable[FileDone]) -> Iterator[FileDone]:
    """Each of `paths` once finished, in their order: from the cache (`kept`) or as `finishing` gives the others."""
    rest = iter(finishing)
    for path in paths:
        yield kept[path] if path in kept else next(rest)


def url_of_file(path: str) -> str:
    """The address of a page's file from the site root: « fiches/a/index.html » → « fiches/a/ »."""
    return path.removesuffix("index.html")


def built_pages(site_dir: Path, copied: Iterable[str] = ()) -> list[str]:
    """The pages an engine wrote into `site_dir` (their paths there, sorted): every HTML file but the search
    index's and those it only `copied` (files made from data: the redirect pages)."""
    skip = set(copied)
    found = (p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    return sorted(p for p in found if p not in skip and not p.startswith("pagefind/"))


def finish_site(
    root: Path,
    site_dir: Path,
    pages: Sequence[str],
    options: Options,
    groups: list[list[str]],
    pdfs: PdfPlan | None = None,
    theme: Any = None,
) -> SiteDone:
    """Finish the `pages` the engine wrote into `site_dir` (their paths there), on every core; make the PDFs
    (`pdfs`: None for none), the search index and, for a finished build, trim the theme's style sheets (`theme`:
    the engine's configuration, which says which of the theme's components are on; css_trim). `root`: the project
    (its Pagefind, its caches). Raises search_index.PagefindError, pdf.PdfError (French)."""
    start = time.perf_counter()
    held = pdf.pages_read(pdfs.site, pdfs.records) if pdfs is not None else set()
    first = [p for p in pages if url_of_file(p) not in held]
    last = [p for p in pages if url_of_file(p) in held]
    search_index.require_pagefind(root, options.pagefind)  # before any page is touched
    cache = finish_cache(root) if options.finished and options.cache else None
    work = _Work(site_dir, options, groups, cache, json.dumps(groups, ensure_ascii=False))
    kept, left = _kept(work, first, {})  # a page the engine wrote as last time: as it was finished then
    # On every core for a build with pages to finish; under `mkdocs serve` (indexing only, behind the preview), or
    # when the cache holds nearly every page, in this process.
    pool = fork_pool(cores()) if options.finished and cores() > 1 and len(left) >= POOL_FROM else None
    indexer: search_index.PagefindIndexer | None = None
    done: dict[str, FileDone] = {}
    given: list[tuple[str, str]] = []  # what the index gets, page by page, in order
    try:
        finishing = _finish_all(pool, work, left, {})  # on the pool, meanwhile:
        # Pagefind starts once the pool's processes are forked: none holds its input open (it stops when it ends).
        # When the cache gave every page, it starts only if the index it kept is not that of these pages.
        if cache is None or left:
            indexer = search_index.PagefindIndexer(root, options.pagefind)
        report = None
        if pdfs is not None:  # from the pages as the engine wrote them: those are finished after
            began = time.perf_counter()
            report = pdf.make_pdfs(
                pdfs.site, pdfs.records, site_dir, pdfs.site_url, root, pdfs.dates, site_name=pdfs.site_name
            )
            DURATIONS.info("finition : PDF", extra={"seconds": time.perf_counter() - began})
        links = report.links if report is not None else {}
        kept_last, left_last = _kept(work, last, links)
        # The pool, if any, was forked before Pagefind started; without one, the last pages are finished here.
        batches = (
            _in_order(first, kept, finishing),
            _in_order(last, kept_last, _finish_all(pool, work, left_last, links)),
        )
        for batch in batches:
            for page in batch:  # in the order of `pages` (each batch's): same pages, same index
                done[page.path] = page
                if page.indexed is not None:
                    given.append((page.path, page.indexed))
                    if indexer is not None:
                        indexer.add(page.path, page.indexed)
        # The theme's style sheets are trimmed on another thread while Pagefind writes the index in its process.
        with ThreadPoolExecutor(max_workers=1) as thread:
            # (The files to read are listed first: Pagefind is about to write its folder.)
            copied = _copied(site_dir, done) if options.finished else []
            trimming = thread.submit(_sheets, root, site_dir, done, copied, theme) if options.finished else None
            began = time.perf_counter()
            index, indexer = _write_index(root, site_dir, options, cache, given, indexer)
            DURATIONS.info("finition : écriture de l'index", extra={"seconds": time.perf_counter() - began})
            sheets = trimming.result() if trimming is not None else {}
    finally:
        if indexer is not None:
            indexer.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    DURATIONS.info("finition", extra={"seconds": time.perf_counter() - start})
    return SiteDone({p: done[p] for p in pages}, index, report, sheets)
