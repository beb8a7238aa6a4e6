"""A page's HTML content as a tree (lxml), for the passes that mark it: parse once, serialize once."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import lxml.html
from lxml.html import HtmlElement

# Elements whose text no pass marks (glossary, citations): links and headings, code, controls and their
# labels, navigation, the document's title, what is not text.
NOT_MARKED = frozenset(
    {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "nav", "button", "label"}
    | {"summary", "svg", "title", "textarea", "select", "option"}
)


def parse(html: str) -> HtmlElement:
    """The fragment inside a <div> container (the container itself is not serialized)."""
    return lxml.html.fragment_fromstring(html, create_parent="div") if html.strip() else lxml.html.Element("div")


def serialize(container: HtmlElement) -> str:
    head = escape(container.text or "", quote=False)
    return head + "".join(lxml.html.tostring(child, encoding="unicode", method="html") for child in container)


class Pieces:
    """A text node cut into text and new elements: `text()` and `add()` in order, then `result()`."""

    def __init__(self) -> None:
        self._out: list[str | HtmlElement] = [""]

    def text(self, value: str) -> None:
        last = self._out[-1]
        if isinstance(last, str):
            self._out[-1] = last + value
        else:
            last.tail = (last.tail or "") + value

    def add(self, element: HtmlElement) -> None:
        self._out.append(element)

    def result(self) -> list[str | HtmlElement] | None:
        """None when nothing was added (the text stays as it is)."""
        return self._out if len(self._out) > 1 else None


def replace_text(
    container: HtmlElement, split: Callable[[str], list[str | HtmlElement] | None], enter: Callable[[HtmlElement], bool]
) -> None:
    """Put `split(text)` in place of each text node of `container`, in document order, wherever it returns pieces
    ([text before, element, element…], the rest of the text in the elements' tails). Elements for which `enter`
    is false are not walked into (the text after them is); the elements added are never walked again."""
    made: set[HtmlElement] = set()

    def place(text: str, parent: HtmlElement, at: int) -> str | None:
        pieces = split(text)
        if pieces is None:
            return None
        for n, node in enumerate(pieces[1:]):
            assert isinstance(node, HtmlElement)
            made.add(node)
            parent.insert(at + n, node)
        head = pieces[0]
        return head if isinstance(head, str) else ""

    def walk(el: HtmlElement) -> None:
        if el.text:
            head = place(el.text, el, 0)
            if head is not None:
                el.text = head
        for child in list(el):
            if not isinstance(child.tag, str) or child in made:  # comments; what this walk added
                continue
            if enter(child):
                walk(child)
            if child.tail:
                head = place(child.tail, el, el.index(child) + 1)
                if head is not None:
                    child.tail = head

    walk(container)
