"""Citations of the HAS text made into links, on the page's HTML tree.

« (note 22) » links to the note of the same page (`#note-22`), which links back to its call; each number of
« (19, 28, 44) » links to its entry on the references page (`references/#has-19`), and the first citation of a
number on a page carries the anchor (`#cite-has-19`) that the references page links back to. The numbers are
found with the same pattern as the check of the data (macros/data/citations.py), in text nodes only.
"""

from __future__ import annotations

from lxml.html import HtmlElement
from lxml.html import builder as E

from ..data import citations
from . import html_tree

SKIP = html_tree.NOT_MARKED
REFERENCES = "references/"
# Sections of a page that quote the references themselves (« Références citées ») or the page's source: their
# numbers in brackets are issue numbers and dates of the references, not citations.
NOT_CITING = {"references", "source"}


def note_anchor(n: int) -> str:
    return f"note-{n}"


def cite_anchor(n: int) -> str:
    return f"cite-has-{n}"


class _Walk:
    def __init__(self, root: str):
        self.root = root
        self.seen_refs: set[int] = set()
        self.calls: dict[int, int] = {}  # note number → how many calls so far
        self.count = 0

    def element(self, el: HtmlElement) -> None:
        html_tree.replace_text(
            el, self.split, lambda child: child.tag not in SKIP and "up-infobulle" not in (child.get("class") or "")
        )

    def split(self, text: str) -> list | None:
        found = citations.find(text)
        if not found:
            return None
        pieces = html_tree.Pieces()
        add_text = pieces.text
        last = 0

        for citation in found:
            if citation.note is not None:
                n = citation.note
                self.calls[n] = self.calls.get(n, 0) + 1
                ident = f"appel-{note_anchor(n)}" + (f"-{self.calls[n]}" if self.calls[n] > 1 else "")
                add_text(text[last : citation.start] + "(")
                pieces.add(E.A(f"note {n}", {"class": "up-appel-note", "href": f"#{note_anchor(n)}", "id": ident}))
                add_text(")")
                last = citation.end
                self.count += 1
                continue
            add_text(text[last : citation.parts[0].start])
            for i, part in enumerate(citation.parts):
                if i:
                    add_text(text[citation.parts[i - 1].end : part.start])
                first = part.numbers[0]
                # The link's name says what the number is (« référence 19 ») and keeps the visible number in it.
                label = "référence " if len(part.numbers) == 1 else "références "
                attrs = {"class": "up-citation", "href": f"{self.root}{REFERENCES}#has-{first}"}
                if first not in self.seen_refs:
                    attrs["id"] = cite_anchor(first)
                # « (6-8) »: 7 and 8 are cited here too; the references page links back to them, so they get an
                # anchor of their own (an empty span before the link).
                for inner in part.numbers[1:]:
                    if inner not in self.seen_refs:
                        pieces.add(E.SPAN({"id": cite_anchor(inner), "class": "up-ancre"}))
                self.seen_refs.update(part.numbers)
                link = E.A(E.SPAN(label, {"class": "up-visually-hidden"}), attrs)
                link[0].tail = text[part.start : part.end]
                pieces.add(link)
                self.count += 1
            last = citation.parts[-1].end
        add_text(text[last:])
        return pieces.result()


def link_citations(container: HtmlElement, root: str, after: str | None = None) -> int:
    """Link the citations of the HAS text inside `container`: all of it, or only what follows the heading whose id
    is `after` (a sheet's HAS catalogue), up to the next heading of its level. Return how many links were made."""
    walk = _Walk(root)
    if after is None:
        skipping = False
        for child in container:
            if not isinstance(child.tag, str):
                continue
            if child.tag in ("h1", "h2"):
                skipping = child.get("id") in NOT_CITING
            if not skipping and child.tag not in SKIP:
                walk.element(child)
    else:
        heading = next((h for h in container.iter("h2", "h3") if h.get("id") == after), None)
        if heading is None:
            return 0
        for sibling in heading.itersiblings():
            if isinstance(sibling.tag, str) and sibling.tag in ("h1", "h2", "h3")[: int(heading.tag[1])]:
                break
            if isinstance(sibling.tag, str) and sibling.tag not in SKIP:
                walk.element(sibling)
    _back_links(container, walk.calls)
    return walk.count


def _back_links(container: HtmlElement, calls: dict[int, int]) -> None:
    """Each note that is called gets a link back to (its first) call."""
    for item in container.iter("li"):
        ident = item.get("id") or ""
        if not ident.startswith("note-") or not ident[5:].isdigit() or int(ident[5:]) not in calls:
            continue
        n = int(ident[5:])
        if len(item):
            item[-1].tail = (item[-1].tail or "") + " "
        else:
            item.text = (item.text or "") + " "
        item.append(
            E.A(
                "Retour au texte",
                E.SPAN(f" (appel de la note {n})", {"class": "up-visually-hidden"}),
                {"class": "up-retour-note", "href": f"#appel-{note_anchor(n)}"},
            )
        )
