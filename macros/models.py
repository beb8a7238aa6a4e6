"""Typed models of the content: the one description of what each kind of data holds.

Every model forbids unknown keys, so a typo in a YAML key is an error. French
descriptions are carried into the JSON Schema given to editors.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG, description="Identifiant : minuscules, chiffres et tirets (ex. « pair-aidance »).")]
Text = Annotated[str, Field(min_length=1, max_length=20000, description="Texte ; le Markdown simple est permis (gras, italique, liens).")]

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
        raise ValueError(f"caractère invisible interdit (code U+{ord(control.group()):04X}) — supprimez-le ou "
                         "retapez ce texte")
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
                for text in (item if isinstance(item, list) else [item]):
                    if isinstance(text, str):
                        try:
                            check_text(text)
                        except ValueError as exc:
                            raise ValueError(f"élément n° {n} : {exc}") from None
        return value


Url = Annotated[str, Field(description="Adresse web complète (https://…) ou mailto:.")]


class Source(Model):
    """Where a piece of content comes from."""

    document: Slug = Field(description="Identifiant du document source (voir data/sources.yml).")
    section: Text = Field(description="Partie du document : titre ou numéro de section.")
    page: int | None = Field(default=None, ge=1, description="Page du document source, si connue.")


class Document(Model):
    """A source document."""

    id: Slug
    titre: Text
    auteurs: Text
    date: str = Field(description="Date de publication, texte (AAAA ou AAAA-MM-JJ).")
    description: Text
    lien: Url | None = None

    _url = field_validator("lien")(lambda v: v if v is None else check_url(v))


class Item(Model):
    """One bullet of a list; may hold a sub-list."""

    texte: Text = Field(description="Le texte de la puce, mot pour mot.")
    sous_elements: list[Item] = Field(default_factory=list, description="Puces de second niveau.")
    fiche: Slug | None = Field(default=None, description="Fiche-mission à laquelle renvoie cette puce (« confer fiche-missions n°… »).")
    lien: Url | None = Field(default=None, description="Lien web associé à la puce.")
    ajout_has: bool = Field(default=False, description="Vrai si l'activité est ajoutée par le catalogue de la HAS (absente du guide).")
    source: Source | None = Field(default=None, description="Source propre à cette puce, si elle diffère de celle de la section.")

    _url = field_validator("lien")(lambda v: v if v is None else check_url(v))

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"texte": data} if isinstance(data, str) else data


class Section(Model):
    """A section of a sheet: an optional paragraph, a list, an optional closing paragraph."""

    texte: Text | None = Field(default=None, description="Paragraphe d'introduction de la section.")
    elements: list[Item] = Field(default_factory=list, description="Les puces de la section, dans l'ordre du document.")
    apres: Text | None = Field(default=None, description="Paragraphe qui suit la liste.")
    source: Source | None = Field(default=None, description="Source propre à la section, si elle diffère de celle de la fiche.")

    @model_validator(mode="after")
    def _not_empty(self) -> Section:
        if not self.texte and not self.elements:
            raise ValueError("section vide — donnez un « texte » ou des « elements »")
        return self


class ValeurAjoutee(Model):
    pour: Text = Field(description="Le public concerné, tel que le guide l'écrit (ex. « Pour l'usager partenaire »).")
    elements: list[Item] = Field(min_length=1)


class Complement(Model):
    """An « en complément » resource: an article, a page, or a testimonial."""

    titre: Text | None = Field(default=None, description="Titre de la ressource, mot pour mot.")
    description: Text | None = Field(default=None, description="Nature et auteur de la ressource.")
    lien: Url | None = None
    temoignage: Slug | None = Field(default=None, description="Identifiant d'un témoignage (data/temoignages) si la ressource en est un.")

    _url = field_validator("lien")(lambda v: v if v is None else check_url(v))

    @model_validator(mode="after")
    def _one_kind(self) -> Complement:
        if not self.titre and not self.temoignage:
            raise ValueError("ni titre ni témoignage — donnez un « titre » ou un « temoignage »")
        return self


class CategorieHas(Model):
    categorie: Literal["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"] = Field(description="Numéro de la catégorie du catalogue des missions de la HAS.")
    titre: Text
    source: Source
    activites: list[Item] = Field(min_length=1, description="Les activités de la catégorie HAS, mot pour mot ; « ajout_has: true » sur celles que le guide n'a pas.")


ICONES = Literal["pair-aidance", "etp", "soins", "formation", "recherche", "ethique", "representation", "autre"]


class Fiche(Model):
    """A mission sheet (fiche-missions) of the guide."""

    id: Slug = Field(description="Identifiant de la fiche ; c'est aussi son adresse /fiches/<id>/ et le nom du fichier.")
    numero: int = Field(ge=1, description="Numéro de la fiche dans le guide.")
    titre: Text
    description: Text = Field(description="La phrase qui résume la fiche.")
    icone: ICONES = "autre"
    source: Source
    besoin_initial: Section
    action: Section
    activites: Section
    lieux: Section
    territoire: Section | None = None
    acteurs: Section
    formation: Section
    ressources: Section | None = None
    reglementation: Section | None = None
    modalites: Section | None = Field(default=None, description="« Modalités d'intervention », quand la fiche en donne.")
    competences: Section
    autres_criteres: Section | None = Field(default=None, description="« Autres critères (pré-requis) », quand la fiche en donne.")
    valeur_ajoutee: list[ValeurAjoutee] = Field(min_length=1)
    exemples: list[Slug] = Field(default_factory=list, description="Identifiants des témoignages qui illustrent la fiche.")
    en_complement: list[Complement] = Field(default_factory=list)
    has: CategorieHas


PROFILS = Literal["patient", "proche-aidant", "professionnel", "representant-usagers", "chercheur"]


class Personne(Model):
    nom: Text
    role: Text | None = None
    structure: Text | None = None
    profil: PROFILS = Field(description="patient, proche-aidant, professionnel, representant-usagers ou chercheur.")


class Passage(Model):
    """One paragraph of a testimonial: a narrative (recit) or a quote (citation), never both."""

    recit: Text | None = None
    citation: Text | None = Field(default=None, description="Citation, mot pour mot, sans guillemets.")
    auteur: Text | None = Field(default=None, description="Nom de la personne citée, si le témoignage en a plusieurs.")

    @model_validator(mode="after")
    def _one(self) -> Passage:
        if (self.recit is None) == (self.citation is None):
            raise ValueError("passage incomplet ou double — donnez soit « recit », soit « citation »")
        return self


class Temoignage(Model):
    """A testimonial, or an « en complément » example, of the guide."""

    id: Slug
    type: Literal["temoignage", "complement"] = Field(description="« temoignage » (exemple développé) ou « complement » (exemple cité en complément).")
    fiche: Slug = Field(description="La fiche-mission qu'il illustre.")
    titre: Text = Field(description="La phrase de présentation du guide, mot pour mot.")
    personnes: list[Personne] = Field(min_length=1)
    evenement: Text | None = None
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="Date, texte AAAA-MM-JJ.")
    video: bool = Field(default=False, description="Vrai si le guide signale une vidéo (« Voir le témoignage »).")
    source: Source
    contenu: list[Passage] = Field(default_factory=list)

    _date = field_validator("date")(check_date)


class Tableau(Model):
    legende: Text = Field(description="Titre du tableau (ex. « Tableau 1. … »).")
    entetes: list[Text] = Field(min_length=1, description="Les en-têtes de colonnes.")
    lignes: list[list[str]] = Field(min_length=1, description="Les lignes ; chaque ligne a autant de cellules que d'en-têtes.")

    @model_validator(mode="after")
    def _rect(self) -> Tableau:
        for n, row in enumerate(self.lignes, 1):
            if len(row) != len(self.entetes):
                raise ValueError(f"la ligne {n} a {len(row)} cellules au lieu de {len(self.entetes)} — "
                                 "donnez une cellule par en-tête (\"\" pour une cellule vide)")
            for cell in row:
                check_text(cell)
        return self


class Bloc(Model):
    """One block of running text: exactly one of paragraphe, liste, intertitre, encadre, citation, tableau."""

    paragraphe: Text | None = None
    liste: list[Item] | None = None
    ordonnee: bool = Field(default=False, description="Liste numérotée.")
    intertitre: Text | None = Field(default=None, description="Titre d'une sous-partie.")
    ancre: Slug | None = Field(default=None, description="Ancre stable de l'intertitre (#ancre) ; obligatoire avec « intertitre ».")
    niveau: Literal[2, 3, 4] = Field(default=2, description="Niveau de l'intertitre (2, 3 ou 4).")
    encadre: Encadre | None = None
    citation: Text | None = None
    auteur: Text | None = None
    tableau: Tableau | None = None
    source: Source | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Bloc:
        kinds = [k for k in ("paragraphe", "liste", "intertitre", "encadre", "citation", "tableau") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("bloc vide ou double — un bloc contient exactement un de : paragraphe, liste, intertitre, "
                             "encadre, citation, tableau")
        if self.intertitre is not None and self.ancre is None:
            raise ValueError("intertitre sans ancre — ajoutez une « ancre » (ex. ancre: secret-professionnel)")
        return self


class Encadre(Model):
    titre: Text | None = None
    blocs: list[Bloc] = Field(min_length=1)


class Note(Model):
    numero: int = Field(ge=1, description="Numéro de la note de bas de page dans le document source.")
    texte: Text


class Page(Model):
    """A page of running text: introduction, partnership, conclusion, methodology, reasons…"""

    id: Slug
    titre: Text
    resume: Text | None = Field(default=None, description="Une phrase qui dit de quoi parle la page.")
    source: Source
    blocs: list[Bloc] = Field(min_length=1)
    notes: list[Note] = Field(default_factory=list, description="Notes de bas de page, numérotées comme dans la source.")
    references: list[int] = Field(default_factory=list, description="Numéros des références bibliographiques de la HAS citées.")


class Principe(Page):
    """One of the seven principles of the HAS guide (section 3)."""

    numero: Literal["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"]
    fiches: list[Slug] = Field(default_factory=list, description="Les fiches-missions que ce principe concerne le plus.")


class Raison(Page):
    """One of the five reasons of the HAS guide (section 1)."""

    numero: Literal["1.1", "1.2", "1.3", "1.4", "1.5"]


class Terme(Model):
    """A term of the lexicon."""

    id: Slug
    terme: Text
    variantes: list[str] = Field(default_factory=list, description="Autres formes à reconnaître dans les textes (pluriel, féminin…).")
    definition: Text = Field(description="La définition, mot pour mot.")
    source_citee: Text | None = Field(default=None, description="La source que le guide cite pour cette définition.")
    notes: list[Text] = Field(default_factory=list)
    source: Source


class Sigle(Model):
    """An acronym used in the sources."""

    sigle: Annotated[str, Field(min_length=2, max_length=20)]
    developpement: Text
    terme: Slug | None = Field(default=None, description="Identifiant du terme du lexique correspondant, s'il existe.")


class Reference(Model):
    """A bibliographic or legislative reference."""

    id: Slug
    numero: int | None = Field(default=None, ge=1, description="Numéro dans la liste de la HAS.")
    document: Slug = Field(description="Le document qui donne cette référence.")
    categorie: Literal["bibliographie", "legislation"] = "bibliographie"
    texte: Text = Field(description="La référence, mot pour mot.")
    lien: Url | None = None

    _url = field_validator("lien")(lambda v: v if v is None else check_url(v))


class Atelier(Page):
    """A COPS practice workshop synthesis."""

    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    organisateur: Text

    _date = field_validator("date")(check_date)


Bloc.model_rebuild()


class MotExplique(Model):
    mot: Text = Field(description="Le mot difficile ou le sigle, tel qu'il apparaît dans le texte.")
    explication: Text = Field(description="Son explication, en phrases courtes.")


class Falc(Model):
    """An easy-to-read (FALC) twin of a page, written from the source without adding facts."""

    id: Slug = Field(description="Identifiant : <type>-<cible> (ex. fiche-pair-aidance) ; c'est le nom du fichier.")
    type: Literal["fiche", "principe", "raison", "page"] = Field(description="Le genre de page dont ce texte est le jumeau.")
    cible: Slug = Field(description="L'identifiant de la page jumelle (ex. pair-aidance), ou « accueil ».")
    titre: Text
    blocs: list[Bloc] = Field(min_length=1, description="Le texte facile à lire : paragraphes courts, listes, intertitres.")
    mots: list[MotExplique] = Field(default_factory=list, description="Les mots difficiles et les sigles, expliqués.")
    relu_par: list[Text] = Field(default_factory=list, description="Noms des personnes qui ont relu ce texte FALC (laisser vide s'il n'a pas été relu).")

    @model_validator(mode="after")
    def _id(self) -> Falc:
        if self.id != f"{self.type}-{self.cible}":
            raise ValueError(f"id incohérent — l'id doit être « {self.type}-{self.cible} » (type-cible)")
        return self


# --- Redirections (permanent links) ---

class Redirection(Model):
    """An old address that must keep working: it sends the reader to the new one."""

    ancien: Annotated[str, Field(pattern=r"^[a-z0-9/_-]+/$", description="Ancienne adresse, sans le domaine, terminée par / (ex. fiches/ancienne-fiche/).")]
    nouveau: Annotated[str, Field(pattern=r"^[a-z0-9/_#-]*$", description="Nouvelle adresse, sans le domaine (ex. fiches/pair-aidance/ ou fiches/pair-aidance/#activites).")]



# --- Modèles à télécharger (templates) ---

CHAMP_ID = r"^[a-z][a-z0-9_]*$"
# A blank in a template's text: [[nom_du_champ]]. Anything between [[ and ]] is read as a blank.
CHAMP = re.compile(r"\[\[([^\[\]]*)\]\]")


class Champ(Model):
    """A blank of a template, named once and written [[id]] wherever it appears in the text."""

    id: Annotated[str, Field(pattern=CHAMP_ID, description="Nom du champ : minuscules, chiffres et « _ » (ex. nom_etablissement). Dans les textes du modèle, il s'écrit [[nom_etablissement]].")]
    libelle: Text = Field(description="Ce qu'il faut écrire à cet endroit, mot pour mot comme le document source l'indique entre parenthèses, sans les parenthèses (ex. « nom de l'établissement »). Il s'affiche « ………… (nom de l'établissement) », surligné.")
    aide: Text | None = Field(default=None, description="Précision pour la personne qui remplit le document, si le libellé ne suffit pas.")


class Changement(Model):
    """One entry of a template's change log."""

    version: Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?$", description="Numéro de version (ex. 1.0).")]
    date: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="Date du changement, texte AAAA-MM-JJ.")]
    changement: Text = Field(description="Ce qui a changé, en une phrase.")


class TableauModele(Model):
    """A table of a template; its cells may hold blanks; empty rows can be added for the reader to fill."""

    legende: Text = Field(description="Titre du tableau, lu aussi par les lecteurs d'écran.")
    entetes: list[Text] = Field(min_length=1, description="Les en-têtes de colonnes.")
    lignes: list[list[str]] = Field(default_factory=list, description="Lignes déjà écrites ; chaque ligne a autant de cellules que d'en-têtes ; une cellule peut contenir des [[champs]].")
    lignes_vides: int = Field(default=0, ge=0, le=40, description="Nombre de lignes vides à ajouter, à remplir à la main.")
    pied: list[str] | None = Field(default=None, description="Dernière ligne (ex. total), autant de cellules que d'en-têtes.")

    @model_validator(mode="after")
    def _rect(self) -> TableauModele:
        rows = list(self.lignes) + ([self.pied] if self.pied is not None else [])
        for n, row in enumerate(rows, 1):
            if len(row) != len(self.entetes):
                raise ValueError(f"la ligne {n} a {len(row)} cellules au lieu de {len(self.entetes)} — "
                                 "donnez une cellule par en-tête (\"\" pour une cellule vide)")
            for cell in row:
                check_text(cell)
        if not self.lignes and not self.lignes_vides:
            raise ValueError("tableau vide — donnez des « lignes » ou un nombre de « lignes_vides »")
        return self


class Partie(Model):
    """One block inside a division: exactly one of paragraphe, liste, intertitre, tableau, signatures."""

    paragraphe: Text | None = Field(default=None, description="Un paragraphe, mot pour mot ; les blancs s'écrivent [[nom_du_champ]].")
    liste: list[Item] | None = Field(default=None, description="Une liste à puces ; chaque puce peut contenir des [[champs]] et des sous-puces.")
    ordonnee: bool = Field(default=False, description="Liste numérotée.")
    cases: bool = Field(default=False, description="Liste à cocher : chaque puce commence par une case ☐.")
    intertitre: Text | None = Field(default=None, description="Sous-titre à l'intérieur de la division (ex. « Missions »).")
    tableau: TableauModele | None = None
    signatures: list[Text] | None = Field(default=None, description="Blocs de signature, un par signataire, dans l'ordre (ex. « Le représentant légal de l'association »).")

    @model_validator(mode="after")
    def _exactly_one(self) -> Partie:
        kinds = [k for k in ("paragraphe", "liste", "intertitre", "tableau", "signatures") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("partie vide ou double — une partie contient exactement un de : paragraphe, liste, "
                             "intertitre, tableau, signatures")
        if (self.ordonnee or self.cases) and self.liste is None:
            raise ValueError("« ordonnee » ou « cases » sans liste — ne les employez qu'avec « liste »")
        return self


NATURES = Literal["note", "preambule", "article", "clause", "profil", "section", "annexe", "signatures"]


class Division(Model):
    """A division of a template (preamble, article, clause, profile, section…), with a stable id."""

    id: Slug = Field(description="Identifiant stable de la division : c'est son ancre (#id) sur la page web ; ne le changez pas d'une version à l'autre.")
    nature: NATURES = Field(default="section", description="note (explication qui accompagne le modèle, hors du document à remplir), preambule, article, clause, profil, section, annexe ou signatures.")
    numero: Text | None = Field(default=None, description="Numéro tel que le document l'écrit (ex. « Article 1er »), s'il y en a un.")
    titre: Text | None = Field(default=None, description="Titre de la division, mot pour mot ; peut manquer si le document source n'en donne pas (il faut alors un « numero »).")
    parties: list[Partie] = Field(min_length=1, description="Le contenu de la division, dans l'ordre du document.")
    source: Source | None = Field(default=None, description="Source propre à cette division, si elle diffère de celle du modèle.")

    @model_validator(mode="after")
    def _named(self) -> Division:
        if not self.numero and not self.titre:
            raise ValueError("division sans nom — donnez un « titre » ou un « numero »")
        return self


class Modele(Model):
    """A downloadable template (« modèle à télécharger »): shown as a page and generated as DOCX and ODT.

    Blanks to fill are named fields: declared once in `champs`, written [[id]] in any text.
    """

    id: Slug = Field(description="Identifiant du modèle ; c'est le nom du fichier, son adresse /modeles/<id>/ et le nom des fichiers <id>.docx et <id>.odt.")
    ordre: int = Field(default=100, ge=1, description="Place du modèle dans la liste des modèles à télécharger (1 = en premier).")
    titre: Text = Field(description="Titre du document.")
    objet: Text = Field(description="À quoi sert ce modèle, en une ou deux phrases.")
    public: Text = Field(description="À qui il s'adresse.")
    version: Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?$", description="Version actuelle (ex. 1.0) ; c'est la version de la première entrée du « journal ».")]
    journal: list[Changement] = Field(min_length=1, description="Journal des changements, du plus récent au plus ancien. La date de la première entrée date aussi les fichiers produits (mêmes données, mêmes octets).")
    source: Source = Field(description="Le document d'où vient le texte du modèle.")
    autres_sources: list[Source] = Field(default_factory=list, description="Autres documents qui donnent le même texte ou qui le justifient.")
    fiches: list[Slug] = Field(default_factory=list, description="Fiches-missions qui renvoient vers ce modèle.")
    principes: list[Slug] = Field(default_factory=list, description="Principes de la HAS qui renvoient vers ce modèle.")
    champs: list[Champ] = Field(default_factory=list, description="Les blancs à remplir, chacun déclaré une fois ; tout [[champ]] non déclaré ici est refusé.")
    contenu: list[Division] = Field(min_length=1, description="Les divisions du modèle, dans l'ordre du document (préambule, articles, clauses, annexes, signatures…).")
    notes: list[Note] = Field(default_factory=list, description="Notes de bas de page, numérotées comme dans la source ; le texte y renvoie par « (note N) ».")

    def textes(self) -> list[tuple[str, str]]:
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
    def _coherent(self) -> Modele:
        if self.journal[0].version != self.version:
            raise ValueError(f"la version « {self.version} » diffère de celle de la première entrée du journal "
                             f"(« {self.journal[0].version} ») — le journal va du plus récent au plus ancien")
        for name, values in (("division", [d.id for d in self.contenu]), ("champ", [c.id for c in self.champs])):
            seen = [v for i, v in enumerate(values) if v in values[:i]]
            if seen:
                raise ValueError(f"{name} « {seen[0]} » en double — chaque id doit être unique dans le modèle")
        for d in self.contenu:
            if d.id == "titre" or d.id.startswith("modele-"):
                raise ValueError(f"division « {d.id} » : cet id est réservé à la page du modèle — choisissez-en un autre")
        declared = {c.id for c in self.champs}
        used: set[str] = set()
        for where, text in self.textes():
            for name in CHAMP.findall(text):
                if not re.fullmatch(CHAMP_ID, name):
                    raise ValueError(f"{where} : blanc « [[{name}]] » mal écrit — un nom de champ s'écrit en minuscules, "
                                     "chiffres et « _ » (ex. [[nom_etablissement]])")
                if name not in declared:
                    raise ValueError(f"{where} : blanc « [[{name}]] » non déclaré — ajoutez-le à « champs » "
                                     f"(id: {name}, libelle: …) ou corrigez son nom")
                used.add(name)
            if "[[" in CHAMP.sub("", text) or "]]" in CHAMP.sub("", text):
                raise ValueError(f"{where} : « [[ » ou « ]] » sans blanc complet — écrivez [[nom_du_champ]]")
        unused = [c.id for c in self.champs if c.id not in used]
        if unused:
            raise ValueError(f"champ « {unused[0]} » déclaré mais jamais employé — écrivez [[{unused[0]}]] dans le texte "
                             "ou retirez-le de « champs »")
        return self


# --- Synonymes de la recherche ---

class GroupeSynonymes(Model):
    """A group of words the search treats as one: an acronym and its expansion, synonyms, variants."""

    id: Slug = Field(description="Identifiant du groupe (minuscules, chiffres, tirets), ex. « etp ».")
    termes: list[Annotated[str, Field(min_length=2, max_length=80)]] = Field(
        min_length=2, description="Les mots ou expressions équivalents (au moins deux), ex. « ETP », "
                                  "« éducation thérapeutique ». Le singulier suffit : pluriels, féminins, accents "
                                  "et élisions sont reconnus par la recherche.")
