"""Content models: types."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[
    str, Field(pattern=SLUG, description="Identifiant : minuscules, chiffres et tirets (ex. « pair-aidance »).")
]
Text = Annotated[
    str, Field(min_length=1, max_length=20000, description="Texte ; le Markdown simple est permis (gras, italique, liens).")
]

# Raw HTML and scripts never reach a page: text holding tags is refused.
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_LINK = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)")
# Reference-style link definitions (« [1]: https://… ») make links too: their target is checked the same way.
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.MULTILINE)
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


# Control characters (other than tab and line breaks) cannot be written in HTML, XML, DOCX or ODT.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def check_text(value: str) -> str:
    """Refuse HTML tags and links with a forbidden scheme in a text field."""
    control = _CONTROL.search(value)
    if control:
        raise ValueError(
            f"caractère invisible interdit (code U+{ord(control.group()):04X}) — supprimez-le ou retapez ce texte"
        )
    if "![" in value:
        raise ValueError("les images ne sont pas permises dans le texte — retirez « ![…](…) »")
    if _TAG.search(value):
        raise ValueError("le HTML n'est pas permis dans le texte — écrivez du texte simple ou du Markdown")
    for target in _LINK.findall(value) + _LINK_DEF.findall(value):
        if target.startswith("//") or target.startswith("\\"):
            raise ValueError(f"lien « {target} » refusé — écrivez l'adresse complète, qui commence par https://")
        if ":" in target.split("/")[0] and not target.startswith(ALLOWED_SCHEMES):
            raise ValueError(f"lien « {target} » refusé — seuls http, https, mailto et les liens internes sont permis")
    return value


def check_date(value: str | None) -> str | None:
    """A date written AAAA, AAAA-MM or AAAA-MM-JJ must exist in the calendar (no month 13, no 31 April)."""
    if value is None:
        return value
    parts = value.split("-")
    try:
        if len(parts) == 3:
            datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
        elif len(parts) == 2 and not 1 <= int(parts[1]) <= 12:
            raise ValueError
    except ValueError:
        raise ValueError(f"date « {value} » impossible — écrivez une date qui existe, AAAA-MM-JJ (ex. 2023-07-13)") from None
    return value


def check_url(value: str) -> str:
    if not value.startswith(("http://", "https://", "mailto:")):
        raise ValueError("adresse refusée — elle doit commencer par https://, http:// ou mailto:")
    return value


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_html(cls, value: Any) -> Any:
        if isinstance(value, str):
            return check_text(value)
        if isinstance(value, list):  # lists of texts (notes, variantes, entetes, rows…) are checked item by item
            for n, item in enumerate(value, 1):
                for text in item if isinstance(item, list) else [item]:
                    if isinstance(text, str):
                        try:
                            check_text(text)
                        except ValueError as exc:
                            raise ValueError(f"élément n° {n} : {exc}") from None
        return value


def _check_day(value: str) -> str:
    checked = check_date(value)
    assert checked is not None
    return checked


# Shared field types: each carries its own check, so a model only names the type.
Url = Annotated[str, AfterValidator(check_url), Field(description="Adresse web complète (https://…) ou mailto:.")]
CalendarDate = Annotated[
    str,
    Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="Date, texte AAAA-MM-JJ (ex. 2023-07-13)."),
    AfterValidator(_check_day),
]
PartialDate = Annotated[
    str,
    Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="Date, texte AAAA, AAAA-MM ou AAAA-MM-JJ."),
    AfterValidator(_check_day),
]
Version = Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?$", description="Numéro de version (ex. 1.0).")]


def check_rows(headers: list[str], rows: list[list[str]]) -> None:
    """A table's rows: one cell per header, each a text that may be shown (the one check of every table)."""
    for n, row in enumerate(rows, 1):
        if len(row) != len(headers):
            raise ValueError(
                f"la ligne {n} a {len(row)} cellules au lieu de {len(headers)} — "
                'donnez une cellule par en-tête ("" pour une cellule vide)'
            )
        for cell in row:
            check_text(cell)
