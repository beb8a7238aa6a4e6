"""The running headers and footers of a tagged PDF as artifacts (PDF/UA-1, 7.8: page headers and footers are
pagination artifacts, not content).

WeasyPrint 70 marks the text of the pages' margin boxes (running title, address, « page n / N ») as tagged
content whose structure elements it leaves out of the document's structure tree (its source says that putting
them in the tree as artifacts needs PDF 2.0): a checker finds marked content that belongs to no element of the
tree, and a reader of the content stream may hear « page 3 / 52 » amid the text. `finisher` runs as WeasyPrint
finishes the PDF (`write_pdf(finisher=…)`, before it is compressed and written): each such marked sequence
becomes an /Artifact of type /Pagination, and its orphan element leaves the parent tree."""

from __future__ import annotations

from typing import Any


def _number(reference: Any) -> int | None:
    """« 12 0 R » → 12."""
    if isinstance(reference, bytes) and reference.endswith(b" 0 R"):
        return int(reference.split()[0])
    if isinstance(reference, str) and reference.endswith(" 0 R"):
        return int(reference.split()[0])
    return None


def finisher(document: Any, pdf: Any) -> None:
    import pydyf

    objects = {obj.number: obj for obj in pdf.objects if getattr(obj, "number", None) is not None}
    root = objects.get(_number(pdf.catalog.get("StructTreeRoot")))
    if root is None:
        return
    reachable: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        kids = node.get("K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            n = _number(kid)
            if n is not None and n not in reachable and isinstance(objects.get(n), dict):
                reachable.add(n)
                todo.append(objects[n])
    nums = objects[_number(root["ParentTree"])]["Nums"]
    lost: dict[int, set[int]] = {}  # page index → MCIDs whose element is outside the tree
    for i in range(0, len(nums) - 1, 2):
        if isinstance(nums[i + 1], list):
            elements = nums[i + 1]
            orphans = {mcid for mcid, ref in enumerate(elements) if _number(ref) not in reachable}
            for mcid in orphans:
                elements[mcid] = "null"
            if orphans:
                lost[nums[i]] = orphans
    pages = pdf.pages["Kids"]  # pydyf writes them « 6, 0, 'R', 8, 0, 'R'… »
    for index, orphans in lost.items():
        page = objects[pages[3 * index]]
        stream = objects[_number(page["Contents"])]
        items = stream.stream
        for j, item in enumerate(items[:-1]):
            if isinstance(item, dict) and item.get("MCID") in orphans and items[j + 1] == b"BDC" and j > 0:
                items[j - 1] = "/Artifact"
                items[j] = pydyf.Dictionary({"Type": "/Pagination"})
