"""A page's HTML content as a tree (lxml), for the passes that mark it: parse once, serialize once."""

from __future__ import annotations

from html import escape

import lxml.html
from lxml.html import HtmlElement


def parse(html: str) -> HtmlElement:
    """The fragment inside a <div> container (the container itself is not serialized)."""
    return lxml.html.fragment_fromstring(html, create_parent="div") if html.strip() else lxml.html.Element("div")


def serialize(container: HtmlElement) -> str:
    head = escape(container.text or "", quote=False)
    return head + "".join(lxml.html.tostring(child, encoding="unicode", method="html") for child in container)
