"""Trim the weight of every page, after the build: style sheet rules that no page can use, and a
render-blocking script.

Material's main style sheet (about 140 KB, 23 KB compressed, render-blocking) styles every component the theme
offers: code blocks, tabs, admonitions, annotations, tags, versions, blog, dozens of colour palettes… This site
uses a few. After the build, `trim_css` keeps a selector only if every class, id and attribute it names
appears somewhere in the built HTML (the words of each page, gathered by the plugin as the page is written)
or JavaScript (Material's own script included, since it adds classes at run time), and writes the smaller
sheet in place of the theme's: no page is read or written again. The sheet keeps the theme's name, which is
the theme's fingerprint: like assets/site.css, a reader's browser may keep the previous version for as long
as the host's cache allows (10 minutes on GitHub Pages).

It is conservative: what is inside :not(), :is(), :where() or :has() is never a reason to drop a selector, and
@font-face, @keyframes and other at-rules are kept whole. A component that content starts using later (a table,
an admonition) keeps its rules at the next build, because its classes then appear in the HTML.
"""

from __future__ import annotations

import functools
import pickle
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import lxml.html
import rjsmin
import tinycss2
from lxml.html import HtmlElement

from .cache import ContentCache, code_digest

TOKEN = re.compile(r"[A-Za-z0-9_-]+")
CLASS_OR_ID = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")
ATTRIBUTE = re.compile(r"""\[\s*([\w-]+)\s*(?:([~|^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]+))\s*(?:[is]\s*)?)?\]""")
GROUPING_AT_RULES = {"media", "supports", "container", "layer", "document"}
# Style sheets of the theme to trim, under site/assets/stylesheets/.
SHEETS = ("main.*.min.css", "palette.*.min.css")
# Material's script names the classes of every component it can drive. Those of components that this
# configuration leaves off do not count (unless a page's HTML has them): class prefix → what turns it on.
OFF_UNLESS = {
    "md-tooltip": "content.tooltips",
    "md-annotation": "content.code.annotate",
    "md-code__": "content.code.copy",
    "md-version": "extra.version",
    "md-tag": "plugin:tags",
    "md-status": "plugin:blog",
    "md-source__fact": "never (the repository facts are not fetched: no repository widget in overrides/partials/header.html)",
    "tabbed-": "markdown:pymdownx.tabbed",
    "footnote": "markdown:footnotes",
    "hll": "markdown:pymdownx.highlight",
    "highlight": "markdown:pymdownx.highlight",
}
# Scripts whose words are not class names: search languages and segmenters, loaded by the search worker.
NOT_CLASS_SOURCES = ("lunr", "wordcut", "tinyseg", "search.")


def _is_on(switch: str, config: dict | None) -> bool:
    if config is None:
        return True
    kind, _, name = switch.partition(":")
    if kind == "plugin":
        return any(key.split("/")[-1] == name for key in (config.get("plugins") or {}))
    if kind == "markdown":
        return name in (config.get("markdown_extensions") or [])
    if switch == "extra.version":
        return bool((config.get("extra") or {}).get("version"))
    if switch.startswith("never"):
        return False
    return switch in ((config.get("theme") or {}).get("features") or [])


def page_tokens(doc: HtmlElement) -> set[str]:
    """The words of a built page's tree that a selector may name: the name of every attribute and the words of its
    value (classes, ids, data-…, roles), and the words of its inline scripts, which may add classes. (Not its text:
    a selector names no word of it.) Each distinct value is read once: most are the menu's classes, many times."""
    tokens: set[str] = set()
    for element in doc.iter():
        tokens.update(element.keys())
    values = set(doc.xpath("//@*", smart_strings=False))
    values.update(doc.xpath("//script/text()", smart_strings=False))
    tokens.update(TOKEN.findall(" ".join(values)))
    return tokens


def file_tokens(content: bytes) -> set[str]:
    """`page_tokens` of a page made as a file (a redirect page)."""
    return page_tokens(lxml.html.document_fromstring(content))


def used_tokens(site_dir: Path, html: set[str], config: dict | None = None) -> set[str]:
    """Every word of the built HTML (`html`, gathered page by page as they are written) and of the site's
    scripts, less the classes of components left off."""
    scripts: set[str] = set()
    for path in site_dir.rglob("*.js"):
        # Not the search index's scripts: they name no class of the theme, and they are being written meanwhile.
        if path.relative_to(site_dir).parts[0] == "pagefind":
            continue
        if path.is_file() and not path.name.startswith(NOT_CLASS_SOURCES):
            scripts.update(TOKEN.findall(path.read_text(encoding="utf-8", errors="ignore")))
    off = tuple(prefix for prefix, switch in OFF_UNLESS.items() if not _is_on(switch, config))
    return html | {t for t in scripts if not t.startswith(off)}


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [p.strip() for p in parts if p.strip()]


def _without_arguments(selector: str) -> str:
    """Drop the arguments of functional pseudo-classes: :not(.a) matches pages without .a."""
    out, depth = [], 0
    for char in selector:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


def selector_is_used(selector: str, tokens: set[str]) -> bool:
    bare = _without_arguments(selector)
    for match in ATTRIBUTE.finditer(bare):
        name, operator = match.group(1), match.group(2)
        if name not in tokens:
            return False
        value = next((g for g in match.groups()[2:] if g is not None), "")
        if operator in ("=", "~=") and not all(t in tokens for t in TOKEN.findall(value)):
            return False
    bare = ATTRIBUTE.sub("", bare)
    return all(name in tokens for name in CLASS_OR_ID.findall(bare))


def _rules(nodes: Iterable, tokens: set[str]) -> str:
    out = []
    for node in nodes:
        if node.type == "qualified-rule":
            kept = [s for s in _split_selectors(tinycss2.serialize(node.prelude)) if selector_is_used(s, tokens)]
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(node.content) + "}")
        elif node.type == "at-rule":
            head = "@" + node.at_keyword + tinycss2.serialize(node.prelude)
            if node.content is None:
                out.append(head + ";")
            elif node.lower_at_keyword in GROUPING_AT_RULES:
                inner = _rules(tinycss2.parse_rule_list(node.content, skip_whitespace=True, skip_comments=True), tokens)
                if inner:
                    out.append(head.rstrip() + "{" + inner + "}")
            else:
                out.append(head + "{" + tinycss2.serialize(node.content) + "}")
    return "".join(out)


# A sheet read once for every trim of it (`rule_table`): each entry is a rule with the words each of its selectors
# needs and its text, an at-rule without block (its text), a grouping at-rule (its head and its own entries), or
# another at-rule kept whole (its text). Trimming it is then a test of sets per selector: no parsing.
Selectors = tuple[tuple[str, frozenset[str]], ...]
Entry = tuple[str, Any, Any]


def _needed(selector: str) -> frozenset[str]:
    """The words a selector needs in the pages (all of them) to be kept: `selector_is_used` as one set."""
    bare = _without_arguments(selector)
    needed: set[str] = set()
    for match in ATTRIBUTE.finditer(bare):
        needed.add(match.group(1))
        value = next((g for g in match.groups()[2:] if g is not None), "")
        if match.group(2) in ("=", "~="):
            needed.update(TOKEN.findall(value))
    needed.update(CLASS_OR_ID.findall(ATTRIBUTE.sub("", bare)))
    return frozenset(needed)


def _table(nodes: Iterable) -> list[Entry]:
    out: list[Entry] = []
    for node in nodes:
        if node.type == "qualified-rule":
            selectors = tuple((s, _needed(s)) for s in _split_selectors(tinycss2.serialize(node.prelude)))
            out.append(("rule", selectors, "{" + tinycss2.serialize(node.content) + "}"))
        elif node.type == "at-rule":
            head = "@" + node.at_keyword + tinycss2.serialize(node.prelude)
            if node.content is None:
                out.append(("text", head + ";", None))
            elif node.lower_at_keyword in GROUPING_AT_RULES:
                inner = tinycss2.parse_rule_list(node.content, skip_whitespace=True, skip_comments=True)
                out.append(("group", head.rstrip(), _table(inner)))
            else:
                out.append(("text", head + "{" + tinycss2.serialize(node.content) + "}", None))
    return out


def rule_table(css: str) -> list[Entry]:
    """A style sheet's rules, read once, for `trim_table` with any words (the same text as `_rules` keeps)."""
    return _table(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True))


def trim_table(table: list[Entry], tokens: set[str] | frozenset[str]) -> str:
    """The sheet of `table` with the selectors whose words are all in `tokens` (`_rules`, without parsing)."""
    out = []
    for kind, head, body in table:
        if kind == "rule":
            kept = [selector for selector, needed in head if needed <= tokens]
            if kept:
                out.append(",".join(kept) + body)
        elif kind == "group":
            inner = trim_table(body, tokens)
            if inner:
                out.append(head + "{" + inner + "}")
        else:
            out.append(head)
    return "".join(out)


def table_of(css: str, cache: ContentCache | None = None) -> list[Entry]:
    """`rule_table` of a sheet, kept in `cache` by its text (a build reads Material's sheet once; `prepare_sheets`
    reads it ahead, on a core MkDocs leaves idle)."""
    made = (cache or ContentCache(None)).get_or_make(
        [css], ".regles", lambda: pickle.dumps(rule_table(css), pickle.HIGHEST_PROTOCOL)
    )
    return pickle.loads(made)  # noqa: S301 — written just above, or by an earlier build, in the project's own cache


def _trimmed_bytes(css: str, tokens: set[str], cache: ContentCache | None = None) -> bytes:
    return trim_table(table_of(css, cache), tokens).encode("utf-8")


class _Everything(set[str]):
    def __contains__(self, item: object) -> bool:
        return True


# Our own sheets: every rule is kept (some match attributes that scripts set, which no page spells out), only
# comments and runs of blanks go. Under site/, same name (pages and tests refer to it).
OWN_SHEETS = ("assets/site.css", "assets/recherche.css", "assets/tableaux.css")
# Our own scripts (docs/assets/*.js): comments and blanks go too (rjsmin), the code stays as written.
OWN_SCRIPTS = "assets/*.js"


def _squeeze(nodes: Iterable) -> list[Any]:
    """Runs of blanks become one space, in blocks too; comments go."""
    out: list[Any] = []
    for node in nodes:
        if node.type == "comment":
            continue
        if node.type == "whitespace":
            if out and out[-1].type == "whitespace":
                continue
            node = tinycss2.ast.WhitespaceToken(node.source_line, node.source_column, " ")
        elif node.type in ("() block", "[] block", "{} block"):
            node.content = _squeeze(node.content)
        out.append(node)
    return out


def minify_stylesheet(css: str) -> str:
    """The same rules, without comments and blanks (a third of our sheet, compressed)."""
    nodes = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)

    def squeeze_rules(rules: Iterable) -> None:
        for node in rules:
            if node.type in ("qualified-rule", "at-rule"):
                node.prelude = _squeeze(node.prelude)
                if node.content is not None:
                    node.content = _squeeze(node.content)

    squeeze_rules(nodes)
    return _rules(nodes, _Everything())


def css_cache(project: Path) -> ContentCache:
    """`.cache/css/`, salted with this module (the trimming rules)."""
    return ContentCache(project / ".cache" / "css", salt=code_digest(Path(__file__).parent, "css_trim.py"))


def _minified_bytes(css: str) -> bytes:
    return minify_stylesheet(css).encode("utf-8")


def prepare_sheets(theme_dirs: Iterable[Path], docs_dir: Path, cache: ContentCache) -> None:
    """Ahead of the finishing pass (macros/site/ahead.py, while the engine renders the pages): the theme's sheets
    read (`table_of`), ours and our scripts minified, into `cache`, by their text. `trim_css` and `minify_own_css`
    then find them there; a file that differs in the site (or a preparation cut short) is only made again."""
    for folder in theme_dirs:
        for pattern in SHEETS:
            for sheet in sorted((folder / "assets" / "stylesheets").glob(pattern)):
                table_of(sheet.read_text(encoding="utf-8"), cache)
    for rel in OWN_SHEETS:
        if (docs_dir / rel).is_file():
            css = (docs_dir / rel).read_text(encoding="utf-8")
            cache.get_or_make([css], ".min.css", functools.partial(_minified_bytes, css))
    for script in sorted(docs_dir.glob(OWN_SCRIPTS)):
        js = script.read_text(encoding="utf-8")
        cache.get_or_make([js], ".min.js", functools.partial(_minified_script, js))


def minify_own_css(site_dir: Path, cache: ContentCache | None = None) -> dict[str, tuple[int, int]]:
    """Minify our own style sheets in place, and our own scripts (`minify_own_scripts`: the build calls this one
    function for both); return {path: (bytes before, bytes after)}. `cache`: the minified files kept by their
    text."""
    cache = cache or ContentCache(None)
    sizes = {}
    for rel in OWN_SHEETS:
        sheet = site_dir / rel
        if sheet.is_file():
            css = sheet.read_text(encoding="utf-8")
            small = cache.get_or_make([css], ".min.css", functools.partial(_minified_bytes, css))
            sheet.write_bytes(small)
            sizes[rel] = (len(css.encode()), len(small))
    sizes.update(minify_own_scripts(site_dir, cache))
    return sizes


def _minified_script(js: str) -> bytes:
    return rjsmin.jsmin(js).encode("utf-8")


def minify_own_scripts(site_dir: Path, cache: ContentCache | None = None) -> dict[str, tuple[int, int]]:
    """Our scripts (docs/assets/*.js) without their comments and blanks, in place: the home page's search and links
    scripts weigh 2.9 KB less compressed. Only comments and blanks go (rjsmin keeps strings, regular expressions and
    every statement as written), so the scripts' words that name classes stay for `used_tokens`."""
    cache = cache or ContentCache(None)
    sizes = {}
    for script in sorted(site_dir.glob(OWN_SCRIPTS)):
        js = script.read_text(encoding="utf-8")
        small = cache.get_or_make([js], ".min.js", functools.partial(_minified_script, js))
        script.write_bytes(small)
        sizes[f"assets/{script.name}"] = (len(js.encode()), len(small))
    return sizes


def trim_css(
    site_dir: Path, html_tokens: set[str], config: Any = None, cache: ContentCache | None = None
) -> dict[str, tuple[int, int]]:
    """Trim the theme's style sheets in `site_dir`, in place; return {path: (bytes before, bytes after)}.

    `config`: the MkDocs configuration, to know which components are on (None: count them all as on).
    `cache`: trimmed sheets kept by their sheet and the words of the site that the sheet names (all a trim
    depends on), so that a build whose pages use the same classes parses no CSS.
    `html_tokens`: the words of every built page (`page_tokens`)."""
    cache = cache or ContentCache(None)
    folder = site_dir / "assets" / "stylesheets"
    if not folder.is_dir():
        return {}
    tokens = used_tokens(site_dir, html_tokens, config)
    sizes: dict[str, tuple[int, int]] = {}
    for pattern in SHEETS:
        for sheet in sorted(folder.glob(pattern)):
            css = sheet.read_text(encoding="utf-8")
            named = "\n".join(sorted(tokens & set(TOKEN.findall(css))))
            trimmed = cache.get_or_make([css, named], ".css", functools.partial(_trimmed_bytes, css, tokens, cache))
            sheet.write_bytes(trimmed)
            sizes[f"assets/stylesheets/{sheet.name}"] = (len(css.encode()), len(trimmed))
    return sizes


# Material's script is the last thing in <body>, but without `defer` the browser still waits for it before the
# first paint of a long page (Lighthouse: « render-blocking », about 0.6 s on a phone). Deferred, it runs after
# the page is parsed and before DOMContentLoaded, which is when Material starts (watchDocument); the inline
# scripts before it (#__config, partials/up/recherche.html) still run first.
BUNDLE = ("assets/javascripts/bundle.", ".min.js")


def defer_theme_script(doc: HtmlElement) -> None:
    """On a page's tree: the theme's script, deferred."""
    for script in doc.iter("script"):
        src = script.get("src") or ""
        if BUNDLE[0] in src and src.endswith(BUNDLE[1]):
            script.set("defer", "")
