"""Terms and acronyms explained where they appear, generated from the lexicon at build time.

The first occurrence of each term or acronym in a page's main text becomes a link to its lexicon
entry, described by a tooltip (`role="tooltip"`, tied with `aria-describedby`): reachable by keyboard,
announced by screen readers. Headings, links, code, buttons and navigation are never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from .loader import SiteData

SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "abbr", "script", "style", "nav", "button",
        "label", "caption", "th", "dt", "summary", "svg", "select", "option", "textarea", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
MAX_DEFINITION = 220
_TAG = re.compile(r"(<[^>]+>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
LETTER = "A-Za-zÀ-ÖØ-öø-ÿœŒæÆ0-9"


@dataclass(frozen=True)
class Entry:
    key: str  # lexicon anchor
    label: str  # what the tooltip names
    definition: str


def _plural_pattern(form: str) -> str:
    """A term in any case, each word with an optional plural ending: « représentant des usager(s) »."""
    parts = []
    for word in form.split():
        base = re.escape(word)
        parts.append(base + ("(?:s|x)?" if len(word) >= 3 and word[-1] not in "sx" else ""))
    return r"[\s\u00a0]+".join(parts)


def _short(text: str) -> str:
    text = " ".join(re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", text).split())
    return text if len(text) <= MAX_DEFINITION else text[: MAX_DEFINITION - 1].rsplit(" ", 1)[0] + " …"


class Glossary:
    def __init__(self, site: SiteData, lexicon_url: str = "lexique/"):
        self.lexicon_url = lexicon_url
        self.entries: dict[str, Entry] = {}
        patterns: list[tuple[str, str, bool]] = []  # (regex, entry key, case-sensitive)
        for term in site.lexique.values():
            key = f"t:{term.id}"
            self.entries[key] = Entry(term.id, term.terme, _short(term.definition))
            for form in {term.terme, *term.variantes}:
                patterns.append((_plural_pattern(form), key, False))
        for sigle in site.sigles.values():
            key = f"s:{sigle.sigle}"
            anchor = sigle.terme or f"sigle-{sigle.sigle.lower()}"
            self.entries[key] = Entry(anchor, sigle.sigle, _short(sigle.developpement))
            patterns.append((re.escape(sigle.sigle), key, True))
        patterns.sort(key=lambda p: -len(p[0]))
        self._keys: list[str] = []
        alternatives = []
        for n, (pattern, key, sensitive) in enumerate(patterns):
            self._keys.append(key)
            body = pattern if sensitive else f"(?i:{pattern})"
            alternatives.append(f"(?P<g{n}>{body})")
        # A hyphen joins words: « aidants » inside « pairs-aidants » is not the term « aidant ».
        self._regex = (re.compile(rf"(?<![{LETTER}-])(?:{'|'.join(alternatives)})(?![{LETTER}-])")
                       if alternatives else None)

    def tooltip_texts(self) -> list[str]:
        """The text of every tooltip, as a reader (or the search index) sees it: « ETP : Éducation… »."""
        return [f"{entry.label} : {entry.definition}" for entry in self.entries.values()]

    def annotate(self, html: str, root: str) -> str:
        """Mark the first occurrence of each entry in `html`; `root` is the relative path to the site root."""
        if self._regex is None:
            return html
        seen: set[str] = set()
        counter = 0
        out: list[str] = []
        skip_depth = 0
        stack: list[str] = []
        for chunk in _TAG.split(html):
            if chunk.startswith("<"):
                match = _TAG_NAME.match(chunk)
                if match and not chunk.startswith("<!"):
                    closing, name = match.group(1) == "/", match.group(2).lower()
                    if closing:
                        if name in stack:
                            while stack:
                                top = stack.pop()
                                if top in SKIP or top == "skip":
                                    skip_depth -= 1
                                if top == name:
                                    break
                    elif name not in VOID and not chunk.endswith("/>"):
                        marker = name if name in SKIP else ("skip" if "up-nogloss" in chunk else name)
                        if marker in SKIP or marker == "skip":
                            skip_depth += 1
                        stack.append(marker)
                out.append(chunk)
                continue
            if skip_depth or not chunk.strip():
                out.append(chunk)
                continue

            def replace(match: re.Match[str]) -> str:
                nonlocal counter
                key = self._keys[int(match.lastgroup[1:])]
                if key in seen:
                    return match.group(0)
                seen.add(key)
                counter += 1
                entry = self.entries[key]
                ident = f"up-def-{counter}"
                return (f'<a class="up-terme" href="{root}{self.lexicon_url}#{escape(entry.key)}" '
                        f'aria-describedby="{ident}">{match.group(0)}</a>'
                        f'<span class="up-infobulle" role="tooltip" id="{ident}">'
                        f"{escape(entry.label)} : {escape(entry.definition)}</span>")

            out.append(self._regex.sub(replace, chunk))
        return "".join(out)
