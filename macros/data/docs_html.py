"""What the HTML of a hand-written page (docs/*.md) may hold: its Markdown converted as the engine converts it (raw
HTML passes through Markdown), then read with lxml. A pull request that writes a script, a style, a frame, a
redirect (« <meta http-equiv> »), an event handler (« onclick »), a « javascript: » or « data: » link, or a file
from another site (« <img src="https://…"> ») in a page is told by `make check` at its line and stops the build:
the site's pages show only what the site itself makes. Links to other sites stay allowed (« [texte](https://…) »):
they are marked as leaving the site by the content marks.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import markdown
from lxml import etree

from .problems import Problem

# Elements that run code, style the page, load something from elsewhere, or send the reader elsewhere.
FORBIDDEN_TAGS = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "meta", "link", "base", "svg",
     "math", "template", "noscript", "portal", "audio", "video", "source", "track", "picture"}
)  # fmt: skip
# Attributes that hold an address: a link may lead to another site (href), what the page loads may not (the rest).
LINK_ATTRIBUTES = frozenset({"href"})
LOAD_ATTRIBUTES = frozenset({"src", "srcset", "action", "formaction", "poster", "data", "background", "cite"})
LINK_SCHEMES = frozenset({"", "http", "https", "mailto", "tel"})
ADVICE = (
    "une page du site ne montre que ce que le site fait lui-même : retirez-le (un lien vers un autre site s'écrit "
    "« [texte](https://…) », une image se met dans docs/assets/)"
)


def _line_of(source: str, needle: str) -> int:
    """The line of the first place `needle` is written in the page (1 if it is not found as written)."""
    at = source.find(needle)
    if at < 0:
        at = source.lower().find(needle.lower())
    return source.count("\n", 0, at) + 1 if at >= 0 else 1


def html_problems(rel: str, source: str, body: str) -> list[Problem]:
    """The problems of a page's HTML (`source`: the file's text, for the lines; `body`: its Markdown without front
    matter)."""
    html = markdown.markdown(body)
    if not html.strip():
        return []
    problems = []
    for element in lxml.html.fragments_fromstring(f"<div>{html}</div>")[0].iter():
        if not isinstance(element.tag, str):  # a comment or a processing instruction: not shown
            continue
        tag = element.tag.lower()
        if tag in FORBIDDEN_TAGS:
            problems.append(Problem(rel, _line_of(source, f"<{tag}"), 1, "", f"« <{tag}> » : {ADVICE}"))
            continue
        for name, value in element.attrib.items():
            name = name.lower()
            what = _attribute_problem(tag, name, value)
            if what:
                needle = value if name in LINK_ATTRIBUTES | LOAD_ATTRIBUTES and value else name
                problems.append(Problem(rel, _line_of(source, needle), 1, "", f"« {what} » : {ADVICE}"))
    return problems


def _attribute_problem(tag: str, name: str, value: str) -> str:
    """What is wrong with one attribute, or ""."""
    if name.startswith("on") or name in ("style", "srcdoc", "http-equiv"):
        return f"<{tag} {name}=…>"
    if name in LINK_ATTRIBUTES | LOAD_ATTRIBUTES:
        for address in value.split(",") if name == "srcset" else [value]:
            parts = urlsplit(address.strip().split(" ")[0])
            scheme = parts.scheme.lower()
            if scheme not in LINK_SCHEMES or (name in LOAD_ATTRIBUTES and (scheme or parts.netloc)):
                return f'<{tag} {name}="{value}">'
    return ""


# The files docs/ may hold besides its pages: what the site's pages show or load (images, fonts, style sheets, its
# scripts). An HTML or XML page there would be published as it is, outside every check.
ASSET_SUFFIXES = frozenset(
    {".md", ".css", ".js", ".png", ".svg", ".txt", ".woff2", ".woff", ".jpg", ".jpeg", ".webp", ".gif", ".ico"}
)
# What an SVG image may not hold: opened on its own, it is a document of the site, where a script would run.
SVG_FORBIDDEN = frozenset({"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"})
XLINK = "{http://www.w3.org/1999/xlink}href"


def asset_problems(root: Path, docs: Path, files: Mapping[str, bytes]) -> list[Problem]:
    """The files of docs/ that are not pages nor assets, and the SVG images that hold code or load from elsewhere
    (`files`: every file of docs/, path inside it → bytes, as project_files.read_docs reads them)."""
    problems = []
    for inside, data in files.items():
        path = docs / inside
        rel = path.relative_to(root).as_posix()
        if path.suffix.lower() not in ASSET_SUFFIXES:
            problems.append(
                Problem(
                    rel,
                    1,
                    1,
                    "",
                    f"« {path.suffix or path.name} » : docs/ ne contient que des pages en Markdown (.md) et ce qu'elles "
                    "montrent (images .png .jpg .svg…, polices, feuilles de style) — écrivez la page en Markdown, ou "
                    "retirez ce fichier",
                )
            )
        elif path.suffix.lower() == ".svg":
            problems += _svg_problems(rel, data)
    return problems


def _svg_problems(rel: str, data: bytes) -> list[Problem]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except (etree.XMLSyntaxError, ValueError) as exc:
        return [Problem(rel, 1, 1, "", f"image SVG illisible ({exc}) — enregistrez-la de nouveau depuis votre logiciel")]
    problems = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        what = ""
        if name in SVG_FORBIDDEN:
            what = f"<{name}>"
        elif name == "style" and "@import" in (element.text or ""):
            what = "<style> @import"
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname
            if local.lower().startswith("on"):
                what = what or f"<{name} {local}=…>"
            elif (attribute == XLINK or local == "href") and not value.startswith("#"):
                what = what or f'<{name} href="{value}">'
        if what:
            line = element.sourceline or 1
            problems.append(
                Problem(
                    rel,
                    line,
                    1,
                    "",
                    f"« {what} » : une image SVG du site ne contient ni script, ni code, ni fichier d'un autre site "
                    "(ouverte seule, elle serait une page du site) — retirez-le, ou exportez l'image en SVG simple",
                )
            )
    return problems
