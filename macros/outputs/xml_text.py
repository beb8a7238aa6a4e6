"""Text made safe for the files people open with other tools: XML 1.0 (DOCX, ODT, SVG) and spreadsheets (CSV).

Defence in depth: `make check` already refuses invisible control characters in the data's text fields, but a
value may come from elsewhere (SITE_URL, a file name, a field a check forgot). Every XML writer of the project
passes its text through `xml_safe`, every CSV writer its cells through `csv_cell`.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel

# Characters XML 1.0 does not allow (§ 2.2 Char): C0 controls but tab and line breaks, lone surrogates, U+FFFE/F.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Unicode's last private use planes (U+F0000–U+10FFFF): never a glyph a reader could see, and the documents use
# them internally while they read Markdown (documents/tree.py): taken out of what documents are made from.
_PRIVATE_PLANES = re.compile("[\U000f0000-\U0010ffff]")
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, « CSV injection »).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (a DOCX, ODT or SVG with one of them does not open)."""
    return _NOT_XML.sub("", text)


def document_text(text: str) -> str:
    """`text` as a document (DOCX, ODT) may hold it: XML-safe, without private use planes 15 and 16."""
    return _PRIVATE_PLANES.sub("", xml_safe(text))


def document_safe(value: T) -> T:
    """A copy of `value` (a model, list, dict, text…) with every text in it passed through `document_text`."""
    result: Any
    if isinstance(value, str):
        result = document_text(value)
    elif isinstance(value, BaseModel):
        fields = {name: getattr(value, name) for name in type(value).model_fields}
        cleaned = {name: document_safe(v) for name, v in fields.items()}
        changed = {name: v for name, v in cleaned.items() if v is not fields[name] and v != fields[name]}
        result = value.model_copy(update=changed) if changed else value
    elif isinstance(value, list):
        result = [document_safe(v) for v in value]
    elif isinstance(value, tuple):
        result = tuple(document_safe(v) for v in value)
    elif isinstance(value, dict):
        result = {document_safe(k): document_safe(v) for k, v in value.items()}
    else:
        result = value
    return result  # type: ignore[no-any-return]


def csv_cell(value: str) -> str:
    """A CSV cell that no spreadsheet reads as a formula: one starting with = + - @ tab or CR gets a leading « ' »
    (the OWASP rule), which spreadsheets show as text and do not print."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
