"""The last step of every built page, on the second core: the page as written, and the search index.

MkDocs makes each page's content on the first core (`on_page_content`: the plugin hands it over), then, once
every content is made (`on_env`), lays each page out in the theme (`on_post_page`: the plugin hands the page over
and goes on with the next one). A worker process, forked when the build starts, marks each content
(render/content_marks.py: citations, lexicon terms, links that leave the site) and finds the synonyms of its words
while MkDocs makes the next ones, and hands both back before the layout (the theme writes the synonyms in the
page's keywords field); then it gives each page its last touches — the theme's script deferred, the security
policy with the hashes of its inline scripts and styles, minified —, feeds it to the search index (Pagefind, which
it runs) and keeps its words for trimming the theme's style sheets. Each finished page is written
over MkDocs' draft once the next page arrives: by then MkDocs has written that draft. At the end of the build it
writes the index. The pages are handled one at a time in the build's order, so the index gets the same bytes from
build to build.

`PageFinisher(..., worker=False)` does the same in the build's own process (one core, or a test).
"""

from __future__ import annotations

import functools
import multiprocessing
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import lxml.html
import minify_html

from ..render import csp
from ..render.content_marks import ContentMarks
from . import css_trim, search_index


@dataclass(frozen=True)
class Marked:
    """A content as the worker hands it back: marked, and the synonyms of its words (None: a page not indexed)."""

    html: str
    keywords: str | None


@dataclass(frozen=True)
class Options:
    finished: bool = True  # deferred, with its policy, minified, its words gathered (not under `mkdocs serve`)
    policy: bool = True  # the Content-Security-Policy meta (not with `csp: false`, for tools that inject styles)
    pagefind: Path | None = None  # another Pagefind binary than the project's (the plugin's `pagefind` option)


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


def finish_page(output: str, policy: bool = True, minified: bool = True, indexed: bool = False) -> Finished:
    """The page as written: the theme's script deferred, the policy with the hashes of its inline scripts and styles
    (the minifier leaves their text as it is: minify_js/minify_css off, so the hashes hold), minified. Its tree is
    parsed once, for all three."""
    doc = lxml.html.document_fromstring(output)
    css_trim.defer_theme_script(doc)
    if policy:
        csp.apply_tree(doc)
    html = csp.serialize_document(doc)
    given = search_index.index_document(doc) if indexed else None
    if minified:
        html, given = minify(html), minify(given) if given is not None else None
    return Finished(html, css_trim.page_tokens(doc), given)


class _Work:
    """The finishing of one build's pages, wherever it runs. A finished page is written over MkDocs' draft once
    the next page arrives (or the end): by then MkDocs has written that draft."""

    def __init__(self, root: Path, site_dir: Path, options: Options, groups: list[list[str]], marks: ContentMarks) -> None:
        self.site_dir, self.options, self.groups, self.marks = site_dir, options, groups, marks
        self.indexer = search_index.PagefindIndexer(root, options.pagefind)
        self.tokens: set[str] = set()
        self.pending: tuple[str, str] | None = None
        self.indexed: set[str] = set()  # the pages the search index gets

    def content(self, path: str, src: str, url: str, html: str, indexed: bool) -> Marked:
        """The page's content, marked, and the synonyms of its words when it is `indexed` (else None)."""
        marked, tree = self.marks.apply(html, src, url)
        if not indexed:
            return Marked(marked, None)
        self.indexed.add(path)
        return Marked(marked, search_index.keywords(tree, self.groups))

    def page(self, path: str, output: str) -> None:
        self._write_pending()
        indexed = path in self.indexed
        if self.options.finished:
            finished = finish_page(output, self.options.policy, indexed=indexed)
            self.pending = (path, finished.html)
            self.tokens |= finished.tokens
            given = finished.indexed
        else:  # the preview: the page as MkDocs wrote it
            given = search_index.index_document(lxml.html.document_fromstring(output)) if indexed else None
        if given is not None:
            self.indexer.add(path, given)

    def _write_pending(self) -> None:
        if self.pending is not None:
            path, html = self.pending
            (self.site_dir / path).write_bytes(html.encode("utf-8", errors="xmlcharrefreplace"))  # as MkDocs writes
            self.pending = None

    def pages_done(self) -> set[str]:
        self._write_pending()
        return self.tokens

    def end(self) -> None:
        try:
            self.indexer.write(self.site_dir)  # the search index, site/pagefind/
        finally:
            self.indexer.close()

    def close(self) -> None:
        self.indexer.close()


def _serve(make: Callable[[], _Work], inbox: Any, outbox: Connection) -> None:
    """The worker: contents (each sent back marked) and pages from `inbox` until the end message; then it says the
    pages are written (with their words), writes the search index and says so (or hands back its error)."""
    work: _Work | None = None
    try:
        work = make()
        while (message := inbox.get())[0] != "end":
            if message[0] == "content":
                outbox.send(("content", message[1], work.content(*message[1:])))
            else:
                work.page(*message[1:])
        outbox.send(("pages", work.pages_done()))
        work.end()
        outbox.send(("index", None))
    except search_index.PagefindError as exc:
        outbox.send(("pagefind", str(exc)))
    except Exception:  # noqa: BLE001 — any failure reaches the build, with its traceback
        outbox.send(("error", traceback.format_exc()))
    finally:
        if work is not None:
            work.close()


class PageFinisher:
    """The build's side: `content` of each page as MkDocs makes it (`marked` gives back those already marked,
    `all_marked` waits for the rest), `add` each page as MkDocs writes it; once every page is written, `pages`
    (their words), then `wait_index`. `site_dir`: where MkDocs writes the site; `groups`: the synonym groups
    (search_index.synonym_groups); `marks`: what the contents get."""

    def __init__(
        self,
        root: Path,
        site_dir: Path,
        options: Options,
        groups: list[list[str]],
        marks: ContentMarks,
        worker: bool = True,
    ) -> None:
        search_index.require_pagefind(root, options.pagefind)
        make = functools.partial(_Work, root, site_dir, options, groups, marks)
        self._work: _Work | None = None
        self._process: Any = None
        self._waiting: set[str] = set()  # contents handed over, not marked yet
        self._back: dict[str, Marked] = {}  # contents marked, not yet taken
        self._answers: list[tuple[str, Any]] = []
        if not worker:
            self._work = make()
            return
        context = multiprocessing.get_context("fork")
        self._inbox = context.Queue()  # its feeding thread writes: adding a page never waits for the worker
        self._results, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_serve, args=(make, self._inbox, sender), daemon=True)
        self._process.start()
        sender.close()

    def content(self, path: str, src: str, url: str, html: str, indexed: bool) -> None:
        """The content of a page as on_page_content gets it (`path`: its file in site/, `src`: its source in docs/,
        `url`: its address); `indexed`: the search index gets the page."""
        if self._work is not None:
            self._back[path] = self._work.content(path, src, url, html, indexed)
        else:
            self._waiting.add(path)
            self._inbox.put(("content", path, src, url, html, indexed))

    def marked(self) -> dict[str, Marked]:
        """The contents marked since the last call (by page file), without waiting."""
        while self._process is not None and self._results.poll():
            self._receive()
        back, self._back = self._back, {}
        return back

    def all_marked(self) -> dict[str, Marked]:
        """The contents not taken yet, once every content handed over is marked."""
        while self._waiting:
            self._receive()
        back, self._back = self._back, {}
        return back

    def add(self, path: str, output: str) -> None:
        """One page as MkDocs made it (`path`: its file in site/); the search index gets it if its content said so."""
        if self._work is not None:
            self._work.page(path, output)
        else:
            self._inbox.put(("page", path, output))

    def pages(self) -> set[str]:
        """Every page is added: once they are all written, their words. The search index is then written into
        site/pagefind/ while the build goes on (`wait_index`). Raises PagefindError (French)."""
        if self._work is not None:
            return self._work.pages_done()
        self._inbox.put(("end",))
        return self._answer("pages")

    def wait_index(self) -> None:
        """The search index is written (and the worker stopped). Raises PagefindError (French)."""
        try:
            if self._work is not None:
                self._work.end()
            else:
                self._answer("index")
        finally:
            self.close()

    def _receive(self) -> None:
        try:
            kind, *value = self._results.recv()
        except EOFError:
            kind, value = "pagefind", ["le processus qui finit les pages s'est arrêté sans répondre"]
        if kind == "content":
            self._back[value[0]] = value[1]
            self._waiting.discard(value[0])
        elif kind in ("pages", "index"):
            self._answers.append((kind, value[0]))
        else:
            self.close()
            if kind == "error":
                raise RuntimeError(f"échec de la finition des pages :\n{value[0]}")
            raise search_index.PagefindError(value[0])

    def _answer(self, expected: str) -> Any:
        while not self._answers:
            self._receive()
        kind, value = self._answers.pop(0)
        assert kind == expected, (kind, expected)
        return value

    def close(self) -> None:
        """Stop the worker (after `wait_index`, or when the build failed)."""
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
