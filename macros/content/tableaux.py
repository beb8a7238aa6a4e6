"""Content models: a table whose column headers are grouped (Tableau 1 of the HAS opinion)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import Field, model_validator

from .types import Model, Text

# A header's call to a footnote, « (note 16) »: made a link once, in the header itself, never in the copies of the
# header that each stacked cell shows on a phone.
_NOTE_CALL = re.compile(r"\s*\(note \d+\)")


class Colonne(Model):
    """A column header: a group of columns (with « colonnes ») or one column (its cell's « elements »)."""

    titre: Text = Field(description="L'en-tête, mot pour mot.")
    colonnes: list[Colonne] = Field(
        default_factory=list, description="Les colonnes que cet en-tête regroupe, dans l'ordre du document."
    )
    elements: list[Text] = Field(
        default_factory=list, description="Le contenu de la cellule sous cet en-tête (colonne sans sous-colonnes)."
    )

    @model_validator(mode="after")
    def _group_or_column(self) -> Colonne:
        if self.colonnes and self.elements:
            raise ValueError("« colonnes » et « elements » à la fois — un en-tête regroupe des colonnes ou a un contenu")
        return self

    def leaves(self) -> list[Colonne]:
        return [f for c in self.colonnes for f in c.leaves()] if self.colonnes else [self]

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.colonnes), default=0)


@dataclass(frozen=True)
class HeaderCell:
    """One header cell as laid out: its id (for the cells' « headers »), spans and scope."""

    column: Colonne
    ident: str
    colspan: int
    rowspan: int
    ids: tuple[str, ...]  # the ids of its own header and of the groups above it
    titles: tuple[str, ...]  # the same headers' words


class TableauGroupe(Model):
    """A table with grouped column headers and one row of content: shown as a table, stacked on a phone."""

    legende: Text = Field(description="Titre du tableau, mot pour mot (ex. « Tableau 1. … ») ; montré au-dessus.")
    colonnes: list[Colonne] = Field(min_length=1, description="Les en-têtes du premier niveau.")

    def header_rows(self, prefix: str) -> list[list[HeaderCell]]:
        """The header rows: a group spans its columns; a column above the last row reaches down to it."""
        depth = max(c.depth() for c in self.colonnes)
        rows: list[list[HeaderCell]] = [[] for _ in range(depth)]
        counter = iter(range(1, 10_000))

        def place(col: Colonne, level: int, above: tuple[str, ...], titles: tuple[str, ...]) -> None:
            ident = f"{prefix}-{next(counter)}"
            ids, header_titles = (*above, ident), (*titles, _NOTE_CALL.sub("", col.titre))
            rowspan = 1 if col.colonnes else depth - level
            rows[level].append(HeaderCell(col, ident, len(col.leaves()), rowspan, ids, header_titles))
            for sub in col.colonnes:
                place(sub, level + 1, ids, header_titles)

        for col in self.colonnes:
            place(col, 0, (), ())
        return rows

    def cells(self, prefix: str) -> list[HeaderCell]:
        """The content row: one cell per column, with the header cells above it."""
        return [c for row in self.header_rows(prefix) for c in row if not c.column.colonnes]


Colonne.model_rebuild()
