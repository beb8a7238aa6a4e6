"""The Content-Security-Policy of every page: one source for its directives, written into each page's <head>.

No inline script runs unless it is named: the finishing pass (outputs/finish.py, and the plugin's
`on_post_template` for 404.html) reads the final,
minified HTML with lxml, hashes the text of each inline script (sha256, as the browser does) and writes the
policy in a `<meta http-equiv="Content-Security-Policy">` placed first in <head>, before any script. Whatever
adds an inline script (the theme, our partials, another search engine) is covered without a list to keep.

The preview (`make serve`, site/preview.py) sends the same policy as a header of every page it serves, computed
the same way on the page as served: MkDocs' live-reload script, inline, is hashed like the theme's, and it only
asks the same server (`connect-src 'self'`).

Styles: the built pages hold no inline style (no `<style>`, no `style="…"`) and the theme changes styles
through the CSSOM only (allowed by CSP), so `style-src 'self'` holds; inline styles that do appear are hashed
the same way (`<style>` elements; a `style` attribute would need `'unsafe-hashes'` and is refused instead).
"""

from __future__ import annotations

import base64
import hashlib

import lxml.html
from lxml.html import HtmlElement

DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'self'"],
    # 'wasm-unsafe-eval': the search (Pagefind, assets/recherche.js) compiles its own WebAssembly, served from
    # 'self' (pagefind/wasm.fr.pagefind). It allows WebAssembly compilation only, not eval() or new Function().
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
# Types that browsers run as script; any other type (application/json…) is data, which CSP does not govern.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}


def source_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(script_hashes: list[str] | None = None, style_hashes: list[str] | None = None) -> str:
    extra = {"script-src": script_hashes or [], "style-src": style_hashes or []}
    parts = []
    for name, sources in DIRECTIVES.items():
        named = list(dict.fromkeys(extra.get(name, [])))
        parts.append(" ".join([name, *sources, *named]))
    return "; ".join(parts)


def inline_scripts(doc: HtmlElement) -> list[str]:
    """The text of every inline script the browser would run."""
    return [
        script.text or ""
        for script in doc.iter("script")
        if script.get("src") is None and (script.get("type") or "").strip().lower() in SCRIPT_TYPES
    ]


def inline_styles(doc: HtmlElement) -> list[str]:
    return [style.text or "" for style in doc.iter("style")]


def page_policy(doc: HtmlElement) -> str:
    """The policy of one page (a whole page's lxml tree): the site's directives and the hashes of its own inline
    scripts and styles."""
    return policy([source_hash(text) for text in inline_scripts(doc)], [source_hash(text) for text in inline_styles(doc)])


def served_policy(html: bytes) -> str:
    """The policy of a page as a server sends it (`make serve`: MkDocs' live-reload script included)."""
    return page_policy(lxml.html.document_fromstring(html.decode("utf-8", errors="replace")))


def apply_tree(doc: HtmlElement) -> None:
    """Give the document (a whole page's lxml tree) its policy: the hashes of its own inline scripts and styles,
    as the first element of <head> after the charset."""
    head = doc.find("head")
    if head is None:
        return
    for old in head.findall("meta"):
        if (old.get("http-equiv") or "").lower() == "content-security-policy":
            head.remove(old)
    meta = lxml.html.Element("meta", {"http-equiv": "Content-Security-Policy", "content": page_policy(doc)})
    charset = next((m for m in head.findall("meta") if m.get("charset") is not None), None)
    head.insert(head.index(charset) + 1 if charset is not None else 0, meta)


def apply(html: str) -> str:
    """The page with its policy (see apply_tree)."""
    doc = lxml.html.document_fromstring(html)
    if doc.find("head") is None:
        return html
    apply_tree(doc)
    return serialize_document(doc)


def serialize_document(doc: HtmlElement) -> str:
    return lxml.html.tostring(doc, encoding="unicode", method="html", doctype="<!doctype html>")
