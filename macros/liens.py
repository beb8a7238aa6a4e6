"""External links in page content: marked as such, and opened safely.

Every link to another site gets `rel="noopener noreferrer"`, the class `up-lien-externe`, a visible
arrow (hidden from screen readers) and the words « (site externe) » for screen readers. Links stay in
the same tab: the reader decides where to open them.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlparse

_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)
_HREF = re.compile(r'\bhref="([^"]*)"')
_CLASS = re.compile(r'\bclass="([^"]*)"')
_REL = re.compile(r'\s\brel="[^"]*"')
MARK = ('<span class="up-lien-externe__icone" aria-hidden="true">↗</span>'
        '<span class="up-visually-hidden"> (site externe)</span>')
CLASS = "up-lien-externe"
REL = "noopener noreferrer"


def is_external(href: str, site_host: str | None) -> bool:
    parsed = urlparse(html_lib.unescape(href).strip())
    return parsed.scheme.lower() in ("http", "https") and (parsed.hostname or "") != (site_host or "")


def mark_external(html: str, site_url: str | None) -> str:
    """Mark every link of `html` that leaves the site."""
    host = urlparse(site_url or "").hostname

    def one(match: re.Match[str]) -> str:
        attrs, inner = match.group(1), match.group(2)
        href = _HREF.search(attrs)
        if not href or not is_external(href.group(1), host) or CLASS in attrs:
            return match.group(0)
        attrs = _REL.sub("", attrs)
        if _CLASS.search(attrs):
            attrs = _CLASS.sub(lambda c: f'class="{c.group(1)} {CLASS}"', attrs, count=1)
        else:
            attrs += f' class="{CLASS}"'
        return f'<a{attrs} rel="{REL}">{inner}{MARK}</a>'

    return _LINK.sub(one, html)
