"""Content models: gabarits."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .blocs import Item, Note
from .sources import Source
from .types import CalendarDate, FieldProblem, InlineText, Model, PlainText, Slug, Titre, Version, check_rows
from .walk import Ref

# --- Modèles à télécharger (templates) ---

# The blank mission sheet from which each sheet's pre-filled mission sheet is made (macros/outputs/documents/tree.py):
# its id and title prefix the sheet's own (« fiche-de-mission-pair-aidance »).
FICHE_DE_MISSION = "fiche-de-mission"
CHAMP_ID = r"^[a-z][a-z0-9_]*$"
# A blank in a template's text: [[nom_du_champ]]. Anything between [[ and ]] is read as a blank.
CHAMP = re.compile(r"\[\[([^\[\]]*)\]\]")


class Champ(Model):
    """A blank of a template, named once and written [[id]] wherever it appears in the text."""

    id: Annotated[
        str,
        Field(
            pattern=CHAMP_ID,
            description="Nom du champ : minuscules, chiffres et « _ » (ex. nom_etablissement). Dans les textes du modèle, il s'écrit [[nom_etablissement]].",
        ),
    ]
    libelle: PlainText = Field(
        description="Ce qu'il faut écrire à cet endroit, mot pour mot comme le document source l'indique entre parenthèses, sans les parenthèses (ex. « nom de l'établissement »). Il s'affiche « ………… (nom de l'établissement) », surligné."
    )
    aide: InlineText | None = Field(
        default=None, description="Précision pour la personne qui remplit le document, si le libellé ne suffit pas."
    )


class Changement(Model):
    """One entry of a template's change log."""

    version: Version
    date: CalendarDate = Field(description="Date du changement, texte AAAA-MM-JJ.")
    changement: InlineText = Field(description="Ce qui a changé, en une phrase.")


class TableauGabarit(Model):
    """A table of a template; its cells may hold blanks; empty rows can be added for the reader to fill."""

    legende: PlainText = Field(description="Titre du tableau, lu aussi par les lecteurs d'écran.")
    entetes: list[PlainText] = Field(min_length=1, description="Les en-têtes de colonnes.")
    lignes: list[list[str]] = Field(
        default_factory=list,
        description="Lignes déjà écrites ; chaque ligne a autant de cellules que d'en-têtes ; une cellule peut contenir des [[champs]].",
    )
    lignes_vides: int = Field(default=0, ge=0, le=40, description="Nombre de lignes vides à ajouter, à remplir à la main.")
    pied: list[str] | None = Field(
        default=None, description="Dernière ligne (ex. total), autant de cellules que d'en-têtes."
    )

    @model_validator(mode="after")
    def _rect(self) -> TableauGabarit:
        check_rows(self.entetes, list(self.lignes) + ([self.pied] if self.pied is not None else []))
        if not self.lignes and not self.lignes_vides:
            raise ValueError("tableau vide — donnez des « lignes » ou un nombre de « lignes_vides »")
        return self


class Partie(Model):
    """One block inside a division: exactly one of paragraphe, liste, intertitre, tableau, signatures."""

    paragraphe: InlineText | None = Field(
        default=None, description="Un paragraphe, mot pour mot ; les blancs s'écrivent [[nom_du_champ]]."
    )
    liste: list[Item] | None = Field(
        default=None, description="Une liste à puces ; chaque puce peut contenir des [[champs]] et des sous-puces."
    )
    ordonnee: bool = Field(default=False, description="Liste numérotée.")
    cases: bool = Field(default=False, description="Liste à cocher : chaque puce commence par une case ☐.")
    intertitre: Titre | None = Field(default=None, description="Sous-titre à l'intérieur de la division (ex. « Missions »).")
    tableau: TableauGabarit | None = None
    signatures: list[PlainText] | None = Field(
        default=None,
        description="Blocs de signature, un par signataire, dans l'ordre (ex. « Le représentant légal de l'association »).",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Partie:
        kinds = [k for k in ("paragraphe", "liste", "intertitre", "tableau", "signatures") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(
                "partie vide ou double — une partie contient exactement un de : paragraphe, liste, "
                "intertitre, tableau, signatures"
            )
        if (self.ordonnee or self.cases) and self.liste is None:
            raise ValueError("« ordonnee » ou « cases » sans liste — ne les employez qu'avec « liste »")
        return self


NATURES = Literal["note", "preambule", "article", "clause", "profil", "section", "annexe", "signatures"]


class Division(Model):
    """A division of a template (preamble, article, clause, profile, section…), with a stable id."""

    id: Slug = Field(
        description="Identifiant stable de la division : c'est son ancre (#id) sur la page web ; ne le changez pas d'une version à l'autre."
    )
    nature: NATURES = Field(
        default="section",
        description="note (explication qui accompagne le modèle, hors du document à remplir), preambule, article, clause, profil, section, annexe ou signatures.",
    )
    numero: PlainText | None = Field(
        default=None, description="Numéro tel que le document l'écrit (ex. « Article 1er »), s'il y en a un."
    )
    titre: Titre | None = Field(
        default=None,
        description="Titre de la division, mot pour mot ; peut manquer si le document source n'en donne pas (il faut alors un « numero »).",
    )
    parties: list[Partie] = Field(min_length=1, description="Le contenu de la division, dans l'ordre du document.")
    source: Source | None = Field(
        default=None, description="Source propre à cette division, si elle diffère de celle du modèle."
    )

    @model_validator(mode="after")
    def _named(self) -> Division:
        if not self.numero and not self.titre:
            raise ValueError("division sans nom — donnez un « titre » ou un « numero »")
        return self


class Gabarit(Model):
    """A downloadable template (« modèle à télécharger »): shown as a page and generated as DOCX and ODT.

    Blanks to fill are named fields: declared once in `champs`, written [[id]] in any text.
    """

    id: Slug = Field(
        description="Identifiant du modèle ; c'est le nom du fichier, son adresse /modeles/<id>/ et le nom des fichiers <id>.docx et <id>.odt."
    )
    ordre: int = Field(
        default=100, ge=1, description="Place du modèle dans la liste des modèles à télécharger (1 = en premier)."
    )
    titre: Titre = Field(description="Titre du document.")
    objet: InlineText = Field(description="À quoi sert ce modèle, en une ou deux phrases.")
    public: InlineText = Field(description="À qui il s'adresse.")
    version: Version = Field(
        description="Version actuelle (ex. 1.0) ; c'est la version de la première entrée du « journal »."
    )
    journal: list[Changement] = Field(
        min_length=1,
        description="Journal des changements, du plus récent au plus ancien. La date de la première entrée date aussi les fichiers produits (mêmes données, mêmes octets).",
    )
    source: Source = Field(description="Le document d'où vient le texte du modèle.")
    redige_par: Literal["redaction"] | None = Field(
        default=None,
        description="« redaction » quand le texte du modèle est écrit par la rédaction du site, d'après ses sources "
        "(aucun document source ne le donne tel quel) : le modèle est alors montré comme « proposition de la "
        "rédaction », avec « Rédigé d'après : » au lieu de « Source : ».",
    )
    autres_sources: list[Source] = Field(
        default_factory=list, description="Autres documents qui donnent le même texte ou qui le justifient."
    )
    fiches: list[Annotated[Slug, Ref("fiches")]] = Field(
        default_factory=list, description="Fiches-missions qui renvoient vers ce modèle."
    )
    principes: list[Annotated[Slug, Ref("principes")]] = Field(
        default_factory=list, description="Principes de la HAS qui renvoient vers ce modèle."
    )
    champs: list[Champ] = Field(
        default_factory=list,
        description="Les blancs à remplir, chacun déclaré une fois ; tout [[champ]] non déclaré ici est refusé.",
    )
    contenu: list[Division] = Field(
        min_length=1,
        description="Les divisions du modèle, dans l'ordre du document (préambule, articles, clauses, annexes, signatures…).",
    )
    notes: list[Note] = Field(
        default_factory=list,
        description="Notes de bas de page, numérotées comme dans la source ; le texte y renvoie par « (note N) ».",
    )

    def texts(self) -> list[tuple[str, str]]:
        """Every text of the template that may hold blanks, with where it is (« contenu[2].parties[0].paragraphe »)."""
        out: list[tuple[str, str]] = []

        def items(values: list[Item], where: str) -> None:
            for i, item in enumerate(values):
                out.append((f"{where}[{i}].texte", item.texte))
                items(item.sous_elements, f"{where}[{i}].sous_elements")

        for d, div in enumerate(self.contenu):
            for p, part in enumerate(div.parties):
                where = f"contenu[{d}].parties[{p}]"
                for key in ("paragraphe", "intertitre"):
                    if getattr(part, key) is not None:
                        out.append((f"{where}.{key}", getattr(part, key)))
                if part.liste is not None:
                    items(part.liste, f"{where}.liste")
                if part.tableau is not None:
                    t = part.tableau
                    for r, row in enumerate(list(t.lignes) + ([t.pied] if t.pied is not None else [])):
                        out.extend((f"{where}.tableau.lignes[{r}][{c}]", cell) for c, cell in enumerate(row))
                for s, sig in enumerate(part.signatures or []):
                    out.append((f"{where}.signatures[{s}]", sig))
        return out

    @model_validator(mode="after")
    def _coherent(self) -> Gabarit:
        if self.journal[0].version != self.version:
            raise ValueError(
                f"la version « {self.version} » diffère de celle de la première entrée du journal "
                f"(« {self.journal[0].version} ») — le journal va du plus récent au plus ancien"
            )
        for name, values in (("division", [d.id for d in self.contenu]), ("champ", [c.id for c in self.champs])):
            seen = [v for i, v in enumerate(values) if v in values[:i]]
            if seen:
                raise ValueError(f"{name} « {seen[0]} » en double — chaque id doit être unique dans le modèle")
        for d in self.contenu:
            if d.id == "titre" or d.id.startswith("modele-"):
                raise ValueError(f"division « {d.id} » : cet id est réservé à la page du modèle — choisissez-en un autre")
        declared = {c.id for c in self.champs}
        used: set[str] = set()
        for where, text in self.texts():
            for name in CHAMP.findall(text):
                if not re.fullmatch(CHAMP_ID, name):
                    raise FieldProblem(
                        where,
                        f"blanc « [[{name}]] » mal écrit — un nom de champ s'écrit en minuscules, "
                        "chiffres et « _ » (ex. [[nom_etablissement]])",
                    )
                if name not in declared:
                    raise FieldProblem(
                        where,
                        f"blanc « [[{name}]] » non déclaré — ajoutez-le à « champs » "
                        f"(id: {name}, libelle: …) ou corrigez son nom",
                    )
                used.add(name)
            if "[[" in CHAMP.sub("", text) or "]]" in CHAMP.sub("", text):
                raise FieldProblem(where, "« [[ » ou « ]] » sans blanc complet — écrivez [[nom_du_champ]]")
        unused = [(n, c.id) for n, c in enumerate(self.champs) if c.id not in used]
        if unused:
            raise FieldProblem(
                f"champs[{unused[0][0]}].id",
                f"champ « {unused[0][1]} » déclaré mais jamais employé — écrivez [[{unused[0][1]}]] dans le texte "
                "ou retirez-le de « champs »",
            )
        return self
