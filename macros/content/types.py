"""Content models: types.

Every text of the data is one of three kinds, each a type that refuses what it may not hold:

- `PlainText` (titles, names, labels, headers): one line of text, shown as is, never read as Markdown or HTML;
  `Titre` is a bounded `PlainText` (the header, the menu and the one-page printed summary are laid out for it);
- `InlineText` (a bullet, a description, a table cell): inline Markdown only (bold, italics, links), no block
  (no list, heading, quote, code fence, table, blank line) — it is printed inside a paragraph or a list item;
- `BlockText` (a paragraph field): paragraphs and lists, but no heading (it would add a second h1 or cut the
  page's table of contents).

And every string of every model, whatever its type (`Model._no_html`), goes through `check_text`: no character
that a page, a feed or a document cannot hold (controls, non-characters, private use, bidi overrides), no HTML
(a « < » that starts a tag or a comment, even unclosed), no image, no link outside http, https, mailto and the
site's own pages.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

# Why an id is bounded: it becomes a folder of the site (/fiches/<id>/), file names (<id>.yml, <id>.docx, <id>.pdf,
# within a file system's 255 bytes) and a DOCX document's identifier (its core properties hold 255 characters at
# most: an id of 230 characters, prefixed « fiche-de-mission- », stopped the build with a traceback); 80 leaves
# room for every prefix (references.py checks the pre-filled mission sheets' own), the longest id has 44.
ID_MAX = 80
# Why a title is bounded: it is printed whole in the page's header, the menu, the breadcrumb, the citation and on
# the one-page printed summary of a sheet; the longest title of the data has 143 characters.
TITLE_MAX = 160
LIMIT_REASONS = {  # bound → (what is bounded, why)
    ID_MAX: (
        "identifiant",
        "un identifiant devient une adresse et un nom de fichier (.yml, .docx, .pdf), que Word et les disques limitent",
    ),
    TITLE_MAX: (
        "titre",
        "un titre s'affiche en entier dans l'en-tête, le menu, le fil d'Ariane et la fiche imprimée d'une page",
    ),
}

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[
    str,
    Field(
        pattern=SLUG,
        max_length=ID_MAX,
        description=f"Identifiant : minuscules, chiffres et tirets (ex. « pair-aidance »), {ID_MAX} caractères au plus.",
    ),
]

# Raw HTML and scripts never reach a page: a « < » that starts a tag, an end tag, a comment, a declaration or a
# processing instruction is refused, closed or not (the template's next « > » would close it).
_TAG = re.compile(r"<[/!?]?[a-zA-Z!?]|<\s*/?\s*[a-zA-Z!][^>]*>")
_LINK = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)")
# Reference-style link definitions (« [1]: https://… ») make links too: their target is checked the same way.
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.MULTILINE)
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
# A link inside the site leads to a page (a path ending with « / », or an anchor) or to a file the site publishes;
# never to a file of the project (../../mkdocs.yml) or of the machine (/etc/passwd).
_PUBLISHED = (".pdf", ".docx", ".odt", ".csv", ".xml", ".svg", ".png", ".zip", ".txt")
_INTERNAL = re.compile(r"^(?:(?:\.\./){0,3}(?:[a-z0-9][a-z0-9._-]*/)*|/(?:[a-z0-9][a-z0-9._-]*/)+)?(?:#[\w-]*)?$")
_INTERNAL_FILE = re.compile(r"^(?:\.\./){0,3}(?:[a-z0-9][a-z0-9_-]*/)*[a-z0-9][a-z0-9_.-]*$")

# Characters no page, feed or document may hold: control characters (other than tab and line breaks) cannot be
# written in XML (DOCX, ODT, the feed); non-characters and lone surrogates are not text; the private-use planes are
# used by the DOCX step to hide Markdown escapes; bidi overrides and isolates turn a text around on screen
# (« Trojan source »), so that a reviewer reads another text than the one published.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff\ue000-\uf8ff"
    "\U000f0000-\U0010ffff\u202a-\u202e\u2066-\u2069]"
)


def _character_problem(char: str) -> str:
    code = ord(char)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        what = "caractère de sens d'écriture interdit"
        why = "il retourne le texte à l'écran et cache ce qui sera publié"
    elif 0xE000 <= code <= 0xF8FF or code >= 0xF0000:
        what, why = "caractère à usage privé interdit", "aucune police ne l'affiche"
    else:
        what, why = "caractère invisible interdit", "il ne peut pas être écrit dans une page ou un document"
    return f"{what} (code U+{code:04X}) : {why} — supprimez-le ou retapez ce texte"


def _check_link(target: str) -> None:
    if target.startswith("//") or target.startswith("\\"):
        raise ValueError(f"lien « {target} » refusé — écrivez l'adresse complète, qui commence par https://")
    if ":" in target.split("/")[0]:
        if not target.startswith(ALLOWED_SCHEMES):
            raise ValueError(f"lien « {target} » refusé — seuls http, https, mailto et les liens internes sont permis")
        return
    path = target.split("#", 1)[0]
    if _INTERNAL.match(target) or (path.lower().endswith(_PUBLISHED) and _INTERNAL_FILE.match(path)):
        return
    raise ValueError(
        f"lien « {target} » refusé — un lien interne mène à une page du site, terminée par « / » "
        "(ex. ../lexique/ ou #activites), ou à un document publié (.pdf, .docx, .odt, .csv), jamais à un "
        "fichier du projet ou de l'ordinateur"
    )


def check_text(value: str) -> str:
    """Every string of the data: refuse forbidden characters, HTML, images and links with a forbidden target."""
    forbidden = _FORBIDDEN.search(value)
    if forbidden:
        raise ValueError(_character_problem(forbidden.group()))
    if "![" in value:
        raise ValueError("les images ne sont pas permises dans le texte — retirez « ![…](…) »")
    if "<!--" in value:
        raise ValueError(
            "le HTML n'est pas permis dans le texte (« <!-- » ouvre un commentaire qui cacherait la suite de la page) "
            "— retirez-le"
        )
    tag = _TAG.search(value)
    if tag:
        raise ValueError(
            f"le HTML n'est pas permis dans le texte (« {value[tag.start() :].split()[0][:20]} » commence une "
            "balise) — écrivez du texte simple ou du Markdown ; pour le signe « inférieur à », mettez une espace après « < »"
        )
    for target in _LINK.findall(value) + _LINK_DEF.findall(value):
        _check_link(target)
    return value


# --- the three kinds of text -------------------------------------------------------------------------------

_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)", re.MULTILINE)
_SETEXT = re.compile(r"\S[^\n]*\n {0,3}(?:=+|-{2,})[ \t]*$", re.MULTILINE)
_BLOCKS = (
    (_HEADING, "un titre Markdown (« # » en début de ligne)"),
    (re.compile(r"\n[ \t]*\n"), "une ligne vide (un second paragraphe)"),
    (re.compile(r"^ {0,3}>", re.MULTILINE), "une citation Markdown (« > » en début de ligne)"),
    (
        re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", re.MULTILINE),
        "une liste Markdown (« - », « * » ou « 1. » en début de ligne)",
    ),
    (re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE), "un bloc de code (« ``` » ou « ~~~ »)"),
    (re.compile(r"^ {0,3}\|", re.MULTILINE), "un tableau Markdown (« | » en début de ligne)"),
    (re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$", re.MULTILINE), "un trait de séparation (« --- »)"),
    (_SETEXT, "un titre Markdown souligné (« === » ou « --- » sous une ligne)"),
)


def check_plain(value: str) -> str:
    """A title, a name, a label: one line of text."""
    check_text(value)  # what no text may hold is said first: it is the graver mistake
    if "\n" in value or "\r" in value or "\t" in value:
        raise ValueError("un titre ou un nom tient sur une ligne — retirez les retours à la ligne et les tabulations")
    return value


def check_inline(value: str) -> str:
    """Text printed inside a paragraph or a bullet: inline Markdown only."""
    check_text(value)  # what no text may hold is said first: it is the graver mistake
    for pattern, what in _BLOCKS:
        if pattern.search(value):
            raise ValueError(
                f"ce champ est une phrase ou une puce : il ne peut pas contenir {what} — écrivez le texte sur une "
                "ligne ; pour une liste ou un autre paragraphe, ajoutez une puce ou un bloc"
            )
    return value


def check_block(value: str) -> str:
    """A paragraph field: no heading (the page has one h1, and its table of contents is made from its headings)."""
    check_text(value)  # what no text may hold is said first: it is the graver mistake
    for pattern, what in _BLOCKS[:1] + _BLOCKS[-1:]:
        if pattern.search(value):
            raise ValueError(
                f"un paragraphe ne peut pas contenir {what} : il ajouterait un titre à la page et couperait sa table "
                "des matières — retirez « # », ou faites-en un bloc « intertitre »"
            )
    return value


PlainText = Annotated[
    str,
    Field(min_length=1, max_length=2000, description="Texte simple sur une ligne (ni Markdown ni HTML)."),
    AfterValidator(check_plain),
]
Titre = Annotated[
    str,
    Field(
        min_length=1,
        max_length=TITLE_MAX,
        description=f"Titre : texte simple sur une ligne, {TITLE_MAX} caractères au plus (ni Markdown ni HTML).",
    ),
    AfterValidator(check_plain),
]
InlineText = Annotated[
    str,
    Field(
        min_length=1,
        max_length=20000,
        description="Texte d'un seul paragraphe ; le Markdown simple est permis (gras, italique, liens), "
        "ni liste, ni titre, ni ligne vide.",
    ),
    AfterValidator(check_inline),
]
BlockText = Annotated[
    str,
    Field(
        min_length=1,
        max_length=20000,
        description="Texte ; le Markdown simple est permis (gras, italique, liens, paragraphes, listes), sans titre « # ».",
    ),
    AfterValidator(check_block),
]
# The former name of the inline kind, for fields not yet sorted: the safer of the three that Markdown may hold.
Text = InlineText


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


class FieldProblem(ValueError):
    """A problem a model's own check finds in one of its fields: the message is placed at that field's line
    (« contenu[2].parties[0].paragraphe »), not at the item's first line."""

    def __init__(self, where: str, message: str):
        super().__init__(message)
        self.path: tuple[str | int, ...] = tuple(
            int(part[1:-1]) if part.startswith("[") else part for part in re.findall(r"\[\d+\]|[^.\[\]]+", where)
        )


def one_target(item: BaseModel, fields: Sequence[str], phrase: str) -> tuple[str, Any]:
    """The one (field, value) among `fields` that `item` names (a path's step, a search shortcut: an item by its
    id, or a page); else a French message beginning with `phrase` (« une étape nomme »)."""
    named = [(k, v) for k in fields if (v := getattr(item, k)) is not None]
    if len(named) != 1:
        raise ValueError(
            f"{phrase} une seule cible — écrivez exactement un de : {', '.join(fields)} "
            f"(ici : {', '.join(k for k, _ in named) or 'aucun'})"
        )
    return named[0]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)

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
            check_inline(check_text(cell))
