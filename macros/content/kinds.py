"""The registry of page kinds: what a sheet, a principle, a FALC page… is, declared once.

Each `Kind` says where its pages are (a source path pattern inside docs/, whose URL is `url_of` it), how its
title reads, which view of macros/render/views.py renders it, how search labels and weighs it and which site-map
group lists it, which files are made from it (outputs), and whether its pages are in the menu. The list of page
records of a build (macros/render/records.py) is made from it; navigation, site map, search, FALC paths and
citations read the records, never parse a URL nor rebuild a title.

Also here: `ID_MACROS`, the macros of docs/*.md whose first argument is an id, and the collection it names —
read by the data check (macros/data/docs_check.py) and by the views: a macro listed here is a view, and its id is
checked by `make check`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .temoignages import PROFIL_LABELS

FALC_NAME = "facile-a-lire"  # an easy-to-read twin is published under its original's URL, in this folder
LEXICON_TITLE = "Les mots expliqués"  # the easy-to-read lexicon's


# Where the files made for pages are, in the site (outputs/sharing.py and outputs/pdf write them, the views link them).
OPEN_DATA = "donnees"
QR_FOLDER = "qr"
PDF_FOLDER = "pdf"
GUIDE_PDF = f"{PDF_FOLDER}/guide-complet.pdf"


def pdf_name(url: str, prefix: str = "") -> str:
    """« fiches/recherche/ » → « pdf/fiches--recherche.pdf » (summary: prefix « resume-- », poster « affiche-- »)."""
    return f"{PDF_FOLDER}/{prefix}{url.strip('/').replace('/', '--')}.pdf"


def qr_path(url: str) -> str:
    """Where the QR code of a page URL (« fiches/pair-aidance/ ») is written in the site."""
    name = url.strip("/").removeprefix(".").replace("/", "--") or "accueil"  # the home page's file URL is « ./ »
    return f"{QR_FOLDER}/{name}.svg"


def url_of(path: str) -> str:
    """The directory URL of a source path: « fiches/x/index.md » → « fiches/x/ », « has/essentiel.md » → « has/essentiel/ »."""
    return path.removesuffix("index.md") if path.endswith("index.md") else path.removesuffix(".md") + "/"


@dataclass(frozen=True)
class Section:
    """A label of search results and a group of the site map (with its anchor there); `weight`: of its pages' words
    in search (None: Pagefind's default). A long template or a short easy-to-read page outranks the sheet it serves
    on a rare word: measured, 0.5 and 0.7."""

    label: str
    anchor: str
    weight: float | None = None


# In the order of the site map.
SECTIONS: tuple[Section, ...] = (
    Section("Fiche-mission", "fiches-missions"),
    Section("Principe", "principes"),
    Section("Raison", "raisons"),
    Section("Facile à lire", "facile-a-lire", 0.7),
    Section("Modèle", "modeles", 0.5),
    Section("Témoignage", "temoignages"),
    Section("Lexique", "lexique"),
    Section("Page", "pages"),
)
PAGE = "Page"  # the label of a page of no other kind

# How search treats a page: its words weigh as its kind says (INDEXED); they weigh half, so that the pages it lists
# come first (LISTING: a page whose text is a list of other pages); or it is left out (LEFT_OUT: it repeats, word
# for word, text found elsewhere, or lists every page).
INDEXED, LISTING, LEFT_OUT = "indexed", "listing", "left out"
LISTING_WEIGHT = 0.5

# Hand-written pages (docs/) that show a page of data/pages (or, for « accueil », the home the FALC home is the
# twin of): id → source path of the page. Read for the FALC twins' places and for the pages citing the HAS.
DOCS_PAGES = {
    "accueil": "index.md",
    "partenariat": "partenariat.md",
    "essentiel": "has/essentiel.md",
    "contexte-methode": "has/contexte-methode.md",
    "missions-has": "has/missions-has.md",
    "participants": "has/participants.md",
    "principes-introduction": "principes/index.md",
    "raisons-introduction": "raisons/index.md",
    "introduction": "introduction.md",
    "conclusion": "conclusion.md",
    "methodologie": "methodologie.md",
}

# Pages every build makes, of no kind (macros/site/pages.py, macros/site/nouveautes.py): source paths.
SITE_MAP = "plan-du-site/index.md"
NEWS = "nouveautes.md"
BUILT_PAGES = (SITE_MAP, NEWS)

# Hand-written pages (docs/) of no kind that the theme links on every page (header, footer): source paths.
SETTINGS_PAGE = "parametres-affichage.md"
ACCESSIBILITY_PAGE = "accessibilite.md"
TRAINER_KIT = "kit-formateur.md"
OPEN_DATA_PAGE = "donnees-ouvertes.md"

# Pages (source path) of no kind's listing that search treats apart: the home page and the trainer kit list the
# other pages; the whole guide on one page for printing repeats the sheets; the site map lists every page.
DOCS_SEARCH = {
    "index.md": LISTING,
    TRAINER_KIT: LISTING,
    "imprimer.md": LEFT_OUT,
    SITE_MAP: LEFT_OUT,
}


def fiche_title(fiche: Any) -> str:
    """« Fiche 3 : Pair-aidance… »: how a sheet is named everywhere (menu, links, PDFs, citations)."""
    return f"Fiche {fiche.numero} : {fiche.titre}"


def _numbered(item: Any) -> str:
    return f"{item.numero} {item.titre}"


def _title(item: Any) -> str:
    return str(item.titre)


def _by(key: Callable[[Any], Any], collection: str) -> Callable[[Any], list[tuple[str, Any]]]:
    """The items of a collection of the data, in the order `key` gives."""

    def items(views: Any) -> list[tuple[str, Any]]:
        return [(item.id, item) for item in sorted(getattr(views.site, collection).values(), key=key)]

    return items


def _none(views: Any) -> list[tuple[str, Any]]:
    return []


@dataclass(frozen=True)
class Kind:
    """A kind of page. `path` is formatted with the item's id (`{id}`) and, for a FALC twin, the URL of its
    original (`{original}`). `view` renders one page: a method of Views, called with the page's `root`, then the
    id — positionally (`argument` None), as that keyword, or not at all (`argument` ""). `items` lists the
    items that have a page, in the order of the menu; `source` is the file they are edited in (empty: the item's
    own YAML file). A kind that is not `generated` has hand-written pages (docs/) that show its items. `search`: how
    search treats its pages (INDEXED, LISTING, LEFT_OUT); `listing`: the hand-written page (source path) that lists
    its pages, a LISTING for search, as is that page's easy-to-read twin."""

    name: str
    path: str
    label: str = PAGE
    collection: str = ""
    view: str = ""
    argument: str | None = None
    title: Callable[[Any], str] = _title
    items: Callable[[Any], Iterable[tuple[str, Any]]] = _none
    source: str = ""
    menu: bool = True
    falc: bool = False  # the easy-to-read layout: no menu, no table of contents
    outputs: frozenset[str] = frozenset({"html"})
    generated: bool = True
    places: dict[str, str] | None = None  # hand-written pages: id → source path (then `path` is not read)
    search: str = INDEXED
    listing: str = ""

    @property
    def twin(self) -> bool:
        """Whether its pages are easy-to-read twins, placed under their original's URL."""
        return "{original}" in self.path

    def path_for(self, ident: str, original: str = "") -> str:
        if self.places is not None:
            return self.places[ident]
        return self.path.format(id=ident, original=original)

    def path_of(self, ident: str, item: Any) -> str:
        """Source path of the page of this item (a FALC twin's is under its original's URL)."""
        return self.path_for(ident, url_of(original_path(item)) if self.twin else "")


KINDS: tuple[Kind, ...] = (
    Kind(
        "fiche",
        "fiches/{id}/index.md",
        "Fiche-mission",
        "fiches",
        "fiche_page",
        title=fiche_title,
        items=_by(lambda f: f.numero, "fiches"),
        outputs=frozenset({"html", "pdf", "summary", "poster", "docx", "odt", "open data"}),
        listing="fiches/index.md",
    ),
    Kind(
        "principe",
        "principes/{id}/index.md",
        "Principe",
        "principes",
        "principe_page",
        title=_numbered,
        items=_by(lambda p: p.numero, "principes"),
        outputs=frozenset({"html", "pdf", "open data"}),
        listing="principes/index.md",
    ),
    Kind(
        "raison",
        "raisons/{id}/index.md",
        "Raison",
        "raisons",
        "raison_page",
        title=_numbered,
        items=_by(lambda r: r.numero, "raisons"),
        outputs=frozenset({"html", "open data"}),
        listing="raisons/index.md",
    ),
    Kind(
        "atelier",
        "ateliers/{id}/index.md",
        PAGE,
        "ateliers",
        "atelier_page",
        items=_by(lambda a: a.date, "ateliers"),
        listing="ateliers/index.md",
    ),
    Kind(
        "temoignages-fiche",
        "temoignages/fiche-{id}.md",
        "Témoignage",
        "fiches",
        "temoignages_liste",
        argument="fiche",
        title=lambda f: f"Témoignages — fiche {f.numero} : {f.titre}",
        items=_by(lambda f: f.numero, "fiches"),
        source="data/temoignages",
        menu=False,
        search=LEFT_OUT,  # the testimonies of one sheet: all on temoignages/ and on the sheet
    ),
    Kind(
        "temoignages-profil",
        "temoignages/profil-{id}.md",
        "Témoignage",
        view="temoignages_liste",
        argument="profil",
        title=lambda label: f"Témoignages — {label}",
        items=lambda views: PROFIL_LABELS.items(),
        source="data/temoignages",
        menu=False,
        search=LISTING,  # indexed all the same: « aidant » must bring the carers' testimonies
    ),
    Kind(
        "falc",
        "{original}" + FALC_NAME + ".md",
        "Facile à lire",
        "falc",
        "falc_page",
        title=lambda t: f"{t.titre} (facile à lire)",
        items=_by(lambda t: t.id, "falc"),
        menu=False,
        falc=True,
        outputs=frozenset({"html", "pdf"}),
    ),
    Kind(
        "falc-mots",
        FALC_NAME + "/mots.md",  # the easy-to-read lexicon: the terms that have a `definition_facile`
        PAGE,
        view="falc_lexique",
        argument="",
        title=lambda title: f"{title} (facile à lire)",
        items=lambda views: [("mots", LEXICON_TITLE)],
        source="data/lexique",
        menu=False,
        falc=True,
    ),
    Kind(
        "parcours",
        "parcours/{id}/index.md",
        PAGE,
        "parcours",
        "parcours_page",
        # A path that only points to a page (« vers ») has no page of its own.
        items=lambda views: [(p.id, p) for p in views.site.parcours_in_order() if p.etapes],
        menu=False,
    ),
    Kind(
        "modele",
        "modeles/{id}/index.md",
        "Modèle",
        "modeles",
        "modele_page",
        title=lambda entry: entry.modele.titre,
        # Every template in the order of the downloads page, a pre-filled sheet after its blank one.
        items=lambda views: [(e.modele.id, e) for e in views.entries],
        source="{data_file}",
        outputs=frozenset({"html", "docx", "odt"}),
        listing="modeles/index.md",
    ),
    # Hand-written pages (docs/) that have a kind of their own.
    Kind(
        "page",
        "",
        PAGE,
        "pages",
        "page_texte",
        items=lambda views: [(k, p) for k, p in views.site.pages.items() if k in DOCS_PAGES],
        generated=False,
        places=DOCS_PAGES,
    ),
    Kind(
        "lexique",
        "lexique/index.md",
        "Lexique",
        view="lexique",
        argument="",
        title=lambda _: "Lexique",
        items=lambda views: [("lexique", None)],
        source="data/lexique",
        generated=False,
    ),
    Kind(
        "temoignages",
        "temoignages/index.md",
        "Témoignage",
        view="temoignages_liste",
        argument="",
        title=lambda _: "Témoignages",
        items=lambda views: [("temoignages", None)],
        source="data/temoignages",
        generated=False,
        search=LISTING,
    ),
)
KIND = {k.name: k for k in KINDS}


def original_path(twin: Any) -> str:
    """Source path of the page a FALC text is the twin of."""
    if twin.type == "page":
        return DOCS_PAGES.get(twin.cible, f"{twin.cible}.md")
    return KIND[twin.type].path_for(twin.cible)


def falc_path(twin: Any) -> str:
    """Source path of the twin: beside its original, under the original's URL (…/facile-a-lire/)."""
    return KIND["falc"].path_for(twin.id, url_of(original_path(twin)))


# The macros of docs/*.md whose first argument is an id: the views of the kinds of the data (page_texte shows a
# data page in a hand-written one), and a FALC page by its own id.
ID_MACROS = {k.view: k.collection for k in KINDS if k.view and k.collection and k.argument is None}
