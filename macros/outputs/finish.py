"""The last step of every built page, on the second core: the page as written, and the search index.

MkDocs renders a page on the first core and hands its content (`on_page_content`), then the whole page
(`on_post_page`), to the plugin, which passes them here and goes on with the next page. A worker process, forked
when the build starts, finds the synonyms of the words of the content, then gives the page its last touches — its
keywords field filled in, the theme's script deferred, the security policy with the hashes of its inline scripts
and styles, minified — feeds it to the search index (Pagefind, which it runs) and keeps its words for trimming the
theme's style sheets. At the end
of the build it writes the index and hands back the finished pages, which the plugin writes over MkDocs' drafts.
The pages are handled one at a time in the build's order, so the index gets the same bytes from build to build.

`PageFinisher(..., worker=False)` does the same in the build's own process (one core, or a test).
"""

from __future__ import annotations

import multiprocessing
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import lxml.html
import minify_html

from ..render import csp
from . import css_trim, search_index


@dataclass(frozen=True)
class Options:
    finished: bool = True  # deferred, with its policy, minified, its words gathered (not under `mkdocs serve`)
    policy: bool = True  # the Content-Security-Policy meta (not with UP_CSP=0, for tools that inject styles)


@dataclass
class Finished:
    """What the build gets back: the finished pages (their path in site/ → HTML) and their words."""

    pages: dict[str, str] = field(default_factory=dict)
    tokens: set[str] = field(default_factory=set)


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


def finish_page(output: str, policy: bool = True, minified: bool = True, keywords: str | None = None) -> str:
    """The page as written: its keywords field filled in (when `keywords` is given), the theme's script deferred,
    the policy with the hashes of its inline scripts and styles (the minifier leaves their text as it is:
    minify_js/minify_css off, so the hashes hold), minified."""
    doc = lxml.html.document_fromstring(output)
    if keywords is not None:
        search_index.fill_keywords(doc, keywords)
    css_trim.defer_theme_script(doc)
    if policy:
        csp.apply_tree(doc)
    html = csp.serialize_document(doc)
    return minify(html) if minified else html


def keywords_only(output: str, keywords: str) -> str:
    """The page with its keywords field filled in, nothing else changed (`mkdocs serve`)."""
    doc = lxml.html.document_fromstring(output)
    search_index.fill_keywords(doc, keywords)
    return csp.serialize_document(doc)


class _Work:
    """The finishing of one build's pages, wherever it runs."""

    def __init__(self, root: Path, options: Options, groups: list[list[str]]) -> None:
        self.options, self.groups = options, groups
        self.indexer = search_index.PagefindIndexer(root)
        self.keywords: dict[str, str] = {}  # page → its synonyms, from its content
        self.done = Finished()

    def content(self, path: str, html: str) -> None:
        self.keywords[path] = search_index.keywords(html, self.groups)

    def page(self, path: str, output: str, indexed: bool) -> None:
        words = self.keywords.pop(path, None)
        html = output
        if self.options.finished:
            html = finish_page(output, self.options.policy, keywords=words)
        elif words is not None:
            html = keywords_only(output, words)
        if html is not output:
            self.done.pages[path] = html
        if self.options.finished:
            self.done.tokens |= css_trim.page_tokens(html)
        if indexed:
            self.indexer.add(path, html)

    def end(self, site_dir: Path) -> None:
        try:
            self.indexer.write(site_dir)  # the search index, site/pagefind/
        finally:
            self.indexer.close()

    def close(self) -> None:
        self.indexer.close()


def _serve(root: Path, options: Options, groups: list[list[str]], inbox: Any, outbox: Connection) -> None:
    """The worker: pages from `inbox` until the end message (the site folder); then it hands back the finished
    pages, writes the search index and says so (or hands back its error)."""
    work: _Work | None = None
    try:
        work = _Work(root, options, groups)
        while (message := inbox.get())[0] != "end":
            getattr(work, message[0])(*message[1:])  # "content" or "page"
        outbox.send(("pages", work.done))
        work.end(Path(message[1]))
        outbox.send(("index", None))
    except search_index.PagefindError as exc:
        outbox.send(("pagefind", str(exc)))
    except Exception:  # noqa: BLE001 — any failure reaches the build, with its traceback
        outbox.send(("error", traceback.format_exc()))
    finally:
        if work is not None:
            work.close()


class PageFinisher:
    """The build's side: `content` of each indexed page once MkDocs has made it, `add` each page as MkDocs writes it;
    once every page is written, `pages`, then `wait_index`. `groups`: the synonym groups
    (search_index.synonym_groups)."""

    def __init__(self, root: Path, options: Options, groups: list[list[str]], worker: bool = True) -> None:
        search_index.require_pagefind(root)
        self.options = options
        self._work: _Work | None = None
        self._process: Any = None
        self._site_dir = Path()
        if not worker:
            self._work = _Work(root, options, groups)
            return
        context = multiprocessing.get_context("fork")
        self._inbox = context.Queue()  # its feeding thread writes: adding a page never waits for the worker
        self._results, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_serve, args=(root, options, groups, self._inbox, sender), daemon=True)
        self._process.start()
        sender.close()

    def content(self, path: str, html: str) -> None:
        """The content of an indexed page (its HTML as on_page_content makes it): its keywords are found from it."""
        if self._work is not None:
            self._work.content(path, html)
        else:
            self._inbox.put(("content", path, html))

    def add(self, path: str, output: str, indexed: bool) -> None:
        """One page as MkDocs made it (`path`: its file in site/); `indexed`: the search index gets it."""
        if self._work is not None:
            self._work.page(path, output, indexed)
        else:
            self._inbox.put(("page", path, output, indexed))

    def pages(self, site_dir: Path) -> Finished:
        """Every page is added: the finished pages and their words. The search index is then written into
        site_dir/pagefind/ while the build goes on (`wait_index`). Raises PagefindError (French)."""
        if self._work is not None:
            self._site_dir = site_dir
            return self._work.done
        self._inbox.put(("end", str(site_dir)))
        return self._answer("pages")

    def wait_index(self) -> None:
        """The search index is written (and the worker stopped). Raises PagefindError (French)."""
        try:
            if self._work is not None:
                self._work.end(self._site_dir)
            else:
                self._answer("index")
        finally:
            self.close()

    def _answer(self, expected: str) -> Any:
        try:
            kind, value = self._results.recv()
        except EOFError:
            kind, value = "pagefind", "le processus qui finit les pages s'est arrêté sans répondre"
        if kind == expected:
            return value
        self.close()
        if kind == "error":
            raise RuntimeError(f"échec de la finition des pages :\n{value}")
        raise search_index.PagefindError(value)

    def close(self) -> None:
        """Stop the worker (after `end`, or when the build failed)."""
        if self._work is not None:
            self._work.close()
        if self._process is not None:
            # Once the worker has answered, it has read every page; if it failed or the build stopped, what is
            # still queued is dropped (waiting to write it to a worker that no longer reads would never end).
            self._inbox.cancel_join_thread()
            self._inbox.close()
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join()
            self._process = None
