"""Site search on Pagefind, build side: what each page tells the index, and the indexing itself.

- `page_search(url, records)`: whether a page is indexed, the kind shown on its results (Fiche-mission, Principe…)
  and the weight of its text (listing pages weigh less, so that the sheets, principles and reasons they list come
  first). The plugin puts it in page.meta["up_recherche"]; overrides/main.html writes it as data-pagefind-*
  attributes on the content wrapper.
- `keywords(content, groups)`: the synonyms and acronyms of the words a page's content holds (data/synonymes.yml,
  data/sigles.yml), found by the finishing pass (outputs/finish.py) in the part of each built page the index
  reads, and written as a `<meta data-pagefind-meta="motscles[content]">`, last in <head>, which Pagefind searches
  but never shows in excerpts.
- `PagefindIndexer`: the pinned Pagefind (package.json, node_modules/.bin/pagefind) as a service, fed each page by
  the finishing pass; it writes site/pagefind/, loaded by the browser only
  at the first query (docs/assets/recherche.js). Same site, same bytes.

Measured on our typical queries before the move (tests/test_search.py): Pagefind already folds accents and
stems French, so no normalisation of our own is left.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import lxml.html
from lxml.html import HtmlElement
from lxml.html import builder as E

from ..content.kinds import LEFT_OUT, LISTING, LISTING_WEIGHT, SECTIONS
from ..data.collections import SiteData
from ..render import html_tree
from ..render.records import Records

# The binary, relative to the project root; the plugin's `pagefind` option (a path) replaces it (finish.Options).
PAGEFIND = Path("node_modules") / ".bin" / "pagefind"
# The weight of each kind's words (macros/content/kinds.py SECTIONS: Modèle 0.5, Facile à lire 0.7, measured).
# Which pages are left out of the index, and which list other pages (their words weigh LISTING_WEIGHT, so that the
# pages they list rank first), is said by the registry too (Kind.search, Kind.listing, DOCS_SEARCH), read through
# the page records (`Records.search_role`).
KIND_WEIGHT = {s.label: s.weight for s in SECTIONS if s.weight is not None}
# Left out of the indexed text (besides the lexicon bubbles, marked data-pagefind-ignore by the glossary):
# the ¶ anchors of headings and the link to the easy-to-read twin (made by Markdown extensions), the sheet's
# contents and previous/next links, the filters and the alphabet (navs), the source line.
EXCLUDED = ("a.headerlink", "p.up-jumeau-bloc", "nav", "p.up-source")
# Elements that make a block of their own: their text is a word apart from what comes before and after. The built
# pages are minified (no whitespace between tags), so without a space « <dt>MDPH</dt><dd>Maison…</dd> » would be
# read, indexed and shown in excerpts as « MDPHMaison… ».
BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt", "figcaption"}
    | {"figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p"}
    | {"pre", "section", "summary", "table", "td", "th", "tr", "ul", "img", "button", "label", "option"}
)
# Block elements whose words Pagefind glues to the next block's (measured: a glossary's <dt>/<dd>).
INLINE_TO_PAGEFIND = ("dl", "dt", "dd", "figcaption", "summary", "caption")
# What Pagefind writes and the site does not use (its own UIs, the playground).
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "playground",
    "wasm.unknown.pagefind",
)  # every page is in French (lang="fr"): only wasm.fr.pagefind is read

KINDS = tuple(s.label for s in SECTIONS)


def kind(url: str, records: Records) -> str:
    """The kind of the page at `url` (« fiches/pair-aidance/ »): its record's, or « Page »."""
    return records.label_of(url)


def synonym_groups(site: SiteData) -> list[list[str]]:
    """The groups of words that mean the same: data/synonymes.yml, then each acronym with its expansion."""
    groups = [list(g.termes) for g in site.synonymes.values()]
    known = {t.casefold() for g in groups for t in g}
    for sigle in site.sigles.values():
        if sigle.sigle.casefold() not in known:
            groups.append([sigle.sigle, sigle.developpement])
    return groups


WORD = re.compile(r"(?:[a-z0-9]+['’])?([a-z0-9]+)")  # a word, without the elided article before it (« l’ »)
COMBINING = re.compile("[\u0300-\u036f]")  # the accents of French letters, once decomposed (NFD)


def _fold(text: str) -> str:
    return COMBINING.sub("", unicodedata.normalize("NFD", text.lower().replace("œ", "oe")))


def _tokens(text: str) -> list[str]:
    """Words without case, accents, elision or final s/x: enough to tell whether a page holds a term."""
    return [w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in WORD.findall(_fold(text))]


def _positions(words: list[str]) -> dict[str, list[int]]:
    """Where each word stands in a page: a term is then looked for only where its first word is."""
    where: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        where.setdefault(word, []).append(i)
    return where


def _contains(words: list[str], where: dict[str, list[int]], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return n > 0 and any(tuple(words[i : i + n]) == needle for i in where.get(needle[0], ()))


def _is_acronym(term: str) -> bool:
    return len(term) <= 6 and term.isupper()


@lru_cache(maxsize=4096)
def _term_tokens(term: str) -> tuple[str, ...]:
    return tuple(_tokens(term))


def synonyms_for(text: str, groups: list[list[str]]) -> list[str]:
    """The other terms of every group one of whose terms `text` holds. Acronyms are matched as written (« RU »
    is not « ru »), other terms without case, accents or plural."""
    page = _tokens(text)
    where = _positions(page)
    capitals = set(re.findall(r"\b[A-Z][A-Za-z0-9]{1,7}\b", text))
    added: list[str] = []
    for terms in groups:
        present = [t for t in terms if (t in capitals if _is_acronym(t) else _contains(page, where, _term_tokens(t)))]
        if present:
            added += [t for t in terms if t not in present and t not in added]
    return added


def _xpath(selector: str) -> str:
    """« tag.class » (the only form EXCLUDED uses) as an XPath."""
    tag, _, name = selector.partition(".")
    test = f"[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]" if name else ""
    return f"descendant-or-self::{tag or '*'}{test}"


def indexed_text(content: str | HtmlElement) -> str:
    """The text of a page's content (HTML, or its tree from render/html_tree.parse, or the element of a built page
    the index reads) as the index reads it: without what it leaves out. The tree is read, never changed."""
    tree = html_tree.parse(content) if isinstance(content, str) else content
    ignored = "descendant-or-self::*[@data-pagefind-ignore]"
    left_out = set(tree.xpath(" | ".join((ignored, *map(_xpath, EXCLUDED)))))
    parts: list[str] = []

    def walk(element: HtmlElement) -> None:
        if element.text and isinstance(element.tag, str):  # not a comment's text
            parts.append(element.text)
        for child in element:
            if child not in left_out:
                walk(child)
            if child.tag in BLOCKS:
                parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(tree)
    return " ".join("".join(parts).split())


def page_search(url: str, records: Records) -> dict[str, Any] | None:
    """What the page tells the index (page.meta["up_recherche"]), or None for a page left out of it."""
    role = records.search_role(url)
    if role == LEFT_OUT or url.endswith(".html"):
        return None
    label = kind(url, records)
    return {"type": label, "poids": LISTING_WEIGHT if role == LISTING else KIND_WEIGHT.get(label)}


def keywords(content: str | HtmlElement, groups: list[list[str]]) -> str:
    """The synonyms and acronyms of the words a page's content holds, as its keywords field says them."""
    return " ; ".join(synonyms_for(indexed_text(content), groups))


def index_document(doc: HtmlElement) -> str | None:
    """What Pagefind is given of a page (a whole page's tree, left as it is): the <html> element's attributes (the
    language), the fields of <head> meant for it (data-pagefind-meta) and the element it indexes (data-pagefind-body);
    None for a page without one. It indexes the same words, titles, filters and fields as from the whole page, in
    less time (the menus are most of a page's HTML), and no longer takes a picture of the menu or the footer as the
    page's image (its automatic « image » field, which the site never shows)."""
    body = doc.xpath("//*[@data-pagefind-body]")
    if not body:
        return None
    fields = [copy.deepcopy(meta) for meta in doc.xpath("/html/head/*[@data-pagefind-meta]")]
    indexed = copy.deepcopy(body[0])
    indexed.tail = None
    _space_blocks(indexed)
    page = E.HTML(dict(doc.attrib), E.HEAD(*fields), E.BODY(indexed))
    return lxml.html.tostring(page, encoding="unicode", method="html", doctype="<!doctype html>")


def _space_blocks(tree: HtmlElement) -> None:
    """Blocks Pagefind reads as inline, in the copy it is given, made paragraphs: it then keeps their words apart
    (« MDPH Maison départementale… », not « MDPHMaison… »; the page is minified, no whitespace between tags)."""
    for element in tree.iter(*INLINE_TO_PAGEFIND):
        element.tag = "div" if element.tag == "dl" else "p"


def pagefind_binary(root: Path, binary: Path | None = None) -> Path:
    return root / binary if binary is not None else root / PAGEFIND


# Node's names of this machine (os.arch(), process.platform): npm installs Pagefind's binary for it under
# node_modules/@pagefind/<platform>-<arch>/bin/ (node_modules/pagefind/lib/resolveBinary.js).
_NODE_ARCH = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def native_binary(root: Path) -> Path | None:
    """The project's Pagefind binary itself, as its npm wrapper (node_modules/.bin/pagefind, a Node script) finds it
    and runs it: started directly, the build spares a Node process (80 ms); None where it is not found."""
    arch = _NODE_ARCH.get(platform.machine().lower())
    if arch is None or sys.platform == "win32":
        return None
    folder = root / "node_modules" / "@pagefind" / f"{sys.platform}-{arch}" / "bin"
    return next((folder / name for name in ("pagefind_extended", "pagefind") if (folder / name).is_file()), None)


def require_pagefind(root: Path, binary: Path | None = None) -> Path:
    """The Pagefind binary (`binary`: another one than the project's, relative to `root` or absolute);
    PagefindError (French: what to do) when it is missing."""
    binary = pagefind_binary(root, binary)
    if not binary.exists():
        raise PagefindError(
            f"Pagefind est introuvable ({binary}) : la recherche du site en a besoin. "
            "Lancez « npm ci » (ou « make install ») à la racine du projet."
        )
    return binary


class PagefindError(RuntimeError):
    """Pagefind is missing or failed: the message says, in French, what to do."""


class PagefindIndexer:
    """The pinned Pagefind run as a service (`pagefind --service`, the protocol of its Node API: base64 JSON
    messages ended by « , »), fed each page as soon as the finishing pass (outputs/finish.py) has finished it: it
    indexes in its own process while the next pages are finished, and writes site/pagefind/ at the end. Pages are
    added in a fixed order, so the same sources give the same bytes (tests/test_reproductible.py)."""

    def __init__(self, root: Path, binary: Path | None = None) -> None:
        given = binary
        binary = require_pagefind(root, binary)
        if given is None:  # the project's: its binary without the Node wrapper around it
            binary = native_binary(root) or binary
        self._stderr = tempfile.TemporaryFile()  # never a pipe nobody reads
        self._process = subprocess.Popen(
            [str(binary), "--service"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr
        )
        self._replies: dict[int, dict[str, Any]] = {}
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._last_id = 0
        self._index = self._ask({"type": "NewIndex", "config": {"exclude_selectors": list(EXCLUDED)}})["index_id"]

    def _send(self, payload: dict[str, Any]) -> int:
        self._last_id += 1
        message = json.dumps({"message_id": self._last_id, "payload": payload}).encode("utf-8")
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._failure("le service s'est arrêté") from None
        return self._last_id

    def _read(self) -> None:
        assert self._process.stdout is not None
        pending = b""
        while chunk := os.read(self._process.stdout.fileno(), 1 << 16):
            *messages, pending = (pending + chunk).split(b",")
            with self._arrived:
                for raw in messages:
                    reply = json.loads(base64.b64decode(raw))
                    self._replies[reply.get("message_id", -1)] = reply["payload"]
                self._arrived.notify_all()
        with self._arrived:
            self._replies.setdefault(-1, {"type": "Error", "message": "fin du service"})
            self._arrived.notify_all()

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one message and wait for its answer (a stopped service or an error raises PagefindError)."""
        asked = self._send(payload)
        with self._arrived:
            self._arrived.wait_for(lambda: asked in self._replies or -1 in self._replies, timeout=300)
        reply = self._replies.get(asked) or self._replies.get(-1) or {"type": "Error", "message": "pas de réponse"}
        errors = [r for r in self._replies.values() if r.get("type") == "Error"]
        if errors:
            raise self._failure("; ".join(str(e.get("message")) for e in errors))
        return reply

    def _failure(self, what: str) -> PagefindError:
        self.close()
        self._stderr.seek(0)
        stderr = self._stderr.read().decode("utf-8", "replace")
        return PagefindError(f"Pagefind n'a pas pu indexer le site ({what}) :\n{stderr}")

    def add(self, path: str, html: str) -> None:
        """One page (`path`: its file in site/, « fiches/recherche/index.html »), as `index_document` gives it;
        its answer is read later."""
        self._send({"type": "AddFile", "index_id": self._index, "file_path": path, "file_contents": html})

    def write(self, site_dir: Path) -> Path:
        """Write the index into site_dir/pagefind/ (replaced), without the parts the site does not use."""
        bundle = site_dir / "pagefind"
        if bundle.exists():
            shutil.rmtree(bundle)
        self._ask({"type": "WriteFiles", "index_id": self._index, "output_path": str(bundle.resolve())})
        self.close()
        if not (bundle / "pagefind.js").exists():
            raise PagefindError(f"Pagefind n'a pas écrit {bundle / 'pagefind.js'}")
        for name in UNUSED:
            path = bundle / name
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        return bundle

    def close(self) -> None:
        """Stop the service (after writing, or when the build failed). It stops at the end of its input, but a
        process forked meanwhile (the PDF workers) holds that input open too: then it is told to stop."""
        if self._process.poll() is None:
            if self._process.stdin is not None:
                self._process.stdin.close()
            try:
                self._process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                self._process.terminate()
                self._process.wait()
