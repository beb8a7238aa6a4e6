"""External links in page content: marked as such, and opened safely.

Every link to another site gets `rel="noopener noreferrer"`, the class `up-lien-externe`, a visible
arrow (hidden from screen readers) and the words « (site externe) » for screen readers. Links stay in
the same tab: the reader decides where to open them.
"""

from __future__ import annotations

import html as html_lib
from urllib.parse import urlparse

from lxml.html import HtmlElement
from lxml.html import builder as E

CLASS = "up-lien-externe"
REL = "noopener noreferrer"


def is_external(href: str, site_host: str | None) -> bool:
    parsed = urlparse(html_lib.unescape(href).strip())
    return parsed.scheme.lower() in ("http", "https") and (parsed.hostname or "") != (site_host or "")


def mark_external_tree(container: HtmlElement, site_url: str | None) -> int:
    """Mark every link inside `container` that leaves the site; return how many were marked."""
    host = urlparse(site_url or "").hostname
    count = 0
    for link in container.iter("a"):
        classes = (link.get("class") or "").split()
        if CLASS in classes or not is_external(link.get("href") or "", host):
            continue
        link.set("class", " ".join([*classes, CLASS]))
        link.set("rel", REL)
        link.append(E.SPAN("↗", {"class": "up-lien-externe__icone", "aria-hidden": "true"}))
        link.append(E.SPAN(" (site externe)", {"class": "up-visually-hidden"}))
        count += 1
    return count
