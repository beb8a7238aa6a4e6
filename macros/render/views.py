"""What each page shows, rendered from the data through the templates — without MkDocs.

`Views` is made once per build from the validated data. Each public method is one view (one page or one
block of a hand-written page); it takes the page's relative path to the site root (`root`) and returns
Markdown with HTML inside, ready for the Markdown converter. The MkDocs adapter (macros/site/) exposes the
same methods as macros for docs/*.md, and uses them for the pages it generates from data.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from typing import Any

from markupsafe import Markup

from .. import content as c
from ..content.kinds import GUIDE_PDF, ID_MACROS, KINDS, OPEN_DATA, SECTIONS, fiche_title, pdf_name, qr_path, url_of
from ..data import citations
from ..data.collections import SiteData
from ..outputs import documents
from ..text.french import in_words, sort_key
from ..text.readability import sentences_of
from . import falc, index_mots, records
from .glossary import sigle_anchors
from .settings import REGLAGES
from .templates import render

HAS_AVIS = citations.HAS_AVIS
# A menu longer than this is no help to a reader, and repeating it on every page makes the site grow with the
# square of its content: past this many pages, a section's menu shows only its index page, which lists them all.
MENU_MAX = 30
# The kinds of pages, in the order of the site map, with the anchor of their section there.
SITE_MAP_ANCHORS = {s.label: s.anchor for s in SECTIONS}
RETENIR = "Que doit-on retenir"  # the title the HAS gives its summary boxes


@dataclass(frozen=True)
class Here:
    """The page a view is rendered for, by its source path inside docs/ (« fiches/pair-aidance/index.md »,
    « imprimer.md »). Its two kinds of links differ: a Markdown link is relative to the SOURCE file (any engine
    resolves `](../x/index.md)` from there: imprimer.md is at depth 0 though its address is imprimer/), an HTML
    link to the page's ADDRESS (`root`, « ../ » once per folder of its directory URL)."""

    source: str

    @classmethod
    def at_depth(cls, root: str) -> Here:
        """A page whose source is as deep as its address (« x/index.md »), from its `root` (« ../../ »)."""
        return cls("x/" * root.count("../") + "index.md")

    @property
    def url(self) -> str:
        """The page's directory address from the site root (« fiches/x/ », « imprimer/ », « » for index.md)."""
        return url_of(self.source)

    @property
    def root(self) -> str:
        """The way up from the page's address to the site root, for HTML links (« ../../ »)."""
        return "../" * self.url.count("/")

    def link(self, target: str) -> str:
        """A Markdown link from this page to `target`, a source path or file path inside docs/ with its anchor
        (« fiches/x/index.md#has », « modeles/x.docx »): « ../x/index.md#has »."""
        path, mark, anchor = target.partition("#")
        return posixpath.relpath(path, posixpath.dirname(self.source) or ".") + mark + anchor


@dataclass
class Views:
    site: SiteData
    site_url: str
    entries: list[documents.Entry] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)  # generated files (open data, documents): path → bytes
    pages: dict[str, int] = field(default_factory=dict)  # the templates' PDFs: path → number of pages
    pdfs_made: bool = True  # False under `mkdocs serve` (no PDF in the preview): pages then say so
    # Called once before `sizes` and `pages` are first read, while the documents are still being made (generate.py
    # renders the other pages meanwhile); None once they are there.
    files_ready: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        if not self.entries:
            self.entries = documents.entries(self.site)

    @cached_property
    def records(self) -> records.Records:
        """The page records of the build (macros/render/records.py), made once."""
        return records.page_records(self)

    @cached_property
    def search_shortcuts(self) -> list[dict[str, str]]:
        """The search's « Accès direct » links (data/raccourcis.yml), for the theme (`config.extra`): text,
        address from the site root (the registry's: a page record's, or the page address the data names), and
        the words that show each, folded and joined by spaces as docs/assets/recherche.js reads them."""
        shortcuts = []
        for shortcut in self.site.raccourcis.values():
            field_, value = shortcut.cible
            if field_ == "page":
                address = value
            elif field_ == "parcours" and self.site.parcours[value].vers:  # a path that only leads to one page
                address = str(self.site.parcours[value].vers)
            else:
                address = self.records.url_for(field_, value)
            shortcuts.append(
                {
                    "titre": shortcut.titre,
                    "address": address,
                    "mots": " ".join(shortcut.mots),
                    "requis": " ".join(shortcut.requis),
                }
            )
        return shortcuts

    def nombre(self, root: Here | str, sorte: str) -> str:
        """How many pages of a kind of content/kinds.py the site has, in words, for the text of docs/*.md:
        « Les {{ nombre("fiche") }} fiches-missions » reads « Les sept fiches-missions » (adding a sheet's YAML file
        makes it « huit »). Its argument is checked by `make check` (data/docs_check.py)."""
        return in_words(sum(1 for r in self.records if r.kind.name == sorte))

    def _show(self, template: str, root: Here | str, **context: Any) -> Markup:
        """The template rendered for the page `root` (a Here; a bare « ../ » string: a page whose source is as
        deep as its address), with `root` (HTML links) and `link_to` (Markdown links) for that page."""
        here = root if isinstance(root, Here) else Here.at_depth(root)
        return render(
            template,
            site=self.site,
            root=here.root,
            link_to=here.link,
            profils=c.PROFIL_LABELS,
            fiche_groups=c.GROUPES_FICHE,
            added_value=c.VALEUR_AJOUTEE,
            **context,
        )

    def _principes_of(self, fiche_id: str) -> list[c.Principe]:
        return sorted((p for p in self.site.principes.values() if fiche_id in p.fiches), key=lambda p: p.numero)

    def fiche_page(self, root: Here | str, ident: str) -> Markup:
        fiches = self.site.fiches_in_order()
        index = [f.id for f in fiches].index(ident)
        return self._show(
            "fiche.md",
            root,
            f=self.site.fiches[ident],
            principes=self._principes_of(ident),
            previous=fiches[index - 1] if index > 0 else None,
            following=fiches[index + 1] if index + 1 < len(fiches) else None,
            next_steps=self._next_step(ident),
        )

    def _next_step(self, fiche_id: str) -> dict[str, Any]:
        """What a reader of a sheet may do next: templates, testimonials, the easy-to-read version."""
        return {
            "modeles": sorted((m for m in self.site.modeles.values() if fiche_id in m.fiches), key=lambda m: m.ordre),
            "temoignages": sum(1 for t in self.site.temoignages.values() if t.fiche == fiche_id),
            "falc": any(t.type == "fiche" and t.cible == fiche_id for t in self.site.falc.values()),
        }

    def fiches_cartes(self, root: Here | str, niveau: int = 2) -> Markup:
        return self._show("fiches-cartes.html", root, fiches=self.site.fiches_in_order(), niveau=niveau)

    def page_texte(self, root: Here | str, ident: str) -> Markup:
        return self._show("page.md", root, p=self.site.pages[ident])

    def principe_page(self, root: Here | str, ident: str) -> Markup:
        p = self.site.principes[ident]
        # The HAS's own « Que doit-on retenir ? » box comes first, before the detail it concludes in the source.
        summary_boxes = [b for b in p.blocs if b.encadre and (b.encadre.titre or "").startswith(RETENIR)]
        detail = [b for b in p.blocs if b not in summary_boxes]
        sections = [("notes", "Notes")] if p.notes else []
        sections.append(("fiches", "Fiches-missions concernées"))
        if any(p.id in mo.principes for mo in self.site.modeles.values()):
            sections.append(("modeles", "Modèles à télécharger"))
        if p.references:
            sections.append(("references", "Références citées"))
        sections.append(("source", "Source"))
        head = [("retenir", f"{RETENIR}\u00a0?"), ("detail", "Le détail")] if summary_boxes else []
        inner = [(b.ancre, b.intertitre) for b in detail if b.intertitre and b.niveau == 2 and b.ancre]
        return self._show(
            "principe.md", root, p=p, summary_boxes=summary_boxes, detail=detail, on_this_page=head + inner + sections
        )

    def principes_liste(self, root: Here | str) -> Markup:
        return self._show("principes-liste.md", root, principes=self.principes(), fiches=self.site.fiches_in_order())

    def raison_page(self, root: Here | str, ident: str) -> Markup:
        return self._show("raison.md", root, p=self.site.raisons[ident])

    def raisons_liste(self, root: Here | str) -> Markup:
        return self._show("raisons-liste.md", root, raisons=self.raisons())

    def atelier_page(self, root: Here | str, ident: str) -> Markup:
        return self._show("atelier.md", root, p=self.site.ateliers[ident])

    def ateliers_liste(self, root: Here | str) -> Markup:
        return self._show("ateliers-liste.md", root, ateliers=sorted(self.site.ateliers.values(), key=lambda a: a.date))

    def temoignages_liste(self, root: Here | str, fiche: str | None = None, profil: str | None = None) -> Markup:
        order = {f.id: f.numero for f in self.site.fiches.values()}

        def chosen_for(fiche: str | None, profil: str | None) -> list[c.Temoignage]:
            return [
                t
                for t in self.site.temoignages.values()
                if (fiche is None or t.fiche == fiche) and (profil is None or profil in t.profils)
            ]

        chosen = chosen_for(fiche, profil)
        chosen.sort(key=lambda t: (order[t.fiche], t.type != "temoignage", t.id))
        # An empty filter says why and offers the nearest filters that do have testimonials.
        neighbours: list[tuple[str, str, int]] = []  # (link from the site root, label, count)
        if not chosen and profil is not None:
            for key in c.PROFIL_VOISINS[profil]:
                if n := len(chosen_for(None, key)):
                    neighbours.append((f"temoignages/profil-{key}.md", c.PROFIL_LABELS[key], n))
        elif not chosen and fiche is not None:
            numero = self.site.fiches[fiche].numero
            near = sorted(self.site.fiches.values(), key=lambda f: (abs(f.numero - numero), f.numero))
            for f in near:
                if n := len(chosen_for(f.id, None)):
                    neighbours.append((f"temoignages/fiche-{f.id}.md", fiche_title(f), n))
                if len(neighbours) == 2:
                    break
        fiches = self.site.fiches_in_order()
        # Every filter page repeats the menu only while it stays short (see MENU_MAX).
        menu = fiches if (fiche is None and profil is None) or len(fiches) <= MENU_MAX else []
        return self._show(
            "temoignages.md",
            root,
            temoignages=chosen,
            fiche_filter=fiche,
            profil_filter=profil,
            fiches=menu,
            hidden_fiches=len(fiches) - len(menu),
            neighbours=neighbours,
            total=len(self.site.temoignages),
        )

    def parcours_page(self, root: Here | str, ident: str) -> Markup:
        others = [p for p in self.site.parcours_in_order() if p.id != ident]
        return self._show("parcours.md", root, p=self.site.parcours[ident], others=others)

    def parcours_accueil(self, root: Here | str) -> Markup:
        """The paths by need, for the home page."""
        return self._show("parcours-accueil.md", root, parcours=self.site.parcours_in_order())

    def orientation(self, root: Here | str) -> Markup:
        """The « Quelle fiche est pour moi ? » guide (data/orientation.yml): questions answered by links."""
        guides = list(self.site.orientation.values())
        return self._show("orientation.md", root, o=guides[0]) if guides else Markup()

    def lexique(self, root: Here | str) -> Markup:
        terms = sorted(self.site.lexique.values(), key=lambda t: sort_key(t.terme))
        letters = [(k, list(g)) for k, g in groupby(terms, key=lambda t: sort_key(t.terme)[:1].upper())]
        sigles = sorted(self.site.sigles.values(), key=lambda s: sort_key(s.sigle))
        return self._show("lexique.md", root, letters=letters, sigles=sigles, anchors=sigle_anchors(self.site))

    def references(self, root: Here | str) -> Markup:
        refs = list(self.site.references.values())
        has = sorted((r for r in refs if r.document == HAS_AVIS), key=lambda r: r.numero or 0)
        guide = [r for r in refs if r.document != HAS_AVIS]
        return self._show("references.md", root, has=has, guide=guide, cite=citations.cited_in(self.site))

    def _falc_context(self, root: Here | str) -> dict[str, Any]:
        accueil = next((t for t in self.site.falc.values() if t.liste_des_pages), None)
        here = root if isinstance(root, Here) else Here.at_depth(root)
        return {
            "split_text": sentences_of,
            "adresse": lambda t: here.link(falc.falc_path(t)),
            "pages": self.site.falc,
            "accueil": accueil,
            "lexicon_title": falc.LEXICON_TITLE,
            "lexicon_path": falc.LEXICON_PATH,
            "icone": self._icone_falc,
        }

    def _icone_falc(self, twin: c.Falc) -> str:
        """The icon of an easy-to-read page, as a path under assets/icones/ without « .svg »: a sheet's twin has
        its sheet's own icon (data/fiches/<id>.yml « icone », also on the home page and the sheets' index), so
        that one sheet has one icon everywhere; the other pages have their pictogram."""
        if twin.type == "fiche" and twin.cible in self.site.fiches:
            return str(self.site.fiches[twin.cible].icone)
        return f"falc/{twin.pictogramme}"

    def falc_page(self, root: Here | str, ident: str) -> Markup:
        twin = self.site.falc[ident]
        sections: list[dict[str, Any]] = []
        for bloc in twin.blocs:  # a section begins at each heading; its pictogram is shown beside it
            if bloc.intertitre is not None or not sections:
                sections.append({"pictogramme": bloc.pictogramme, "blocs": []})
            elif bloc.pictogramme and not sections[-1]["pictogramme"]:
                sections[-1]["pictogramme"] = bloc.pictogramme
            sections[-1]["blocs"].append(bloc)
        previous, following = falc.neighbours(self.site, ident)
        return self._show(
            "falc.md",
            root,
            t=twin,
            sections=sections,
            previous=previous,
            following=following,
            groups=falc.groups(self.site) if twin.liste_des_pages else [],
            is_home=twin.liste_des_pages,
            is_lexicon=False,
            **self._falc_context(root),
        )

    def falc_lexique(self, root: Here | str) -> Markup:
        """The easy-to-read lexicon: the terms and acronyms that have an easy definition."""
        terms = sorted((t for t in self.site.lexique.values() if t.definition_facile), key=lambda t: sort_key(t.terme))
        sigles = sorted((s for s in self.site.sigles.values() if s.definition_facile), key=lambda s: sort_key(s.sigle))
        return self._show(
            "falc-mots.md",
            root,
            termes=terms,
            sigles=sigles,
            previous=None,
            following=None,
            is_home=False,
            is_lexicon=True,
            **self._falc_context(root),
        )

    def guide_imprimable(self, root: Here | str) -> Markup:
        return Markup(
            "\n\n".join(
                self._show(
                    "fiche.md",
                    root,
                    f=f,
                    principes=self._principes_of(f.id),
                    previous=None,
                    following=None,
                    offset=1,
                    prefix=f"{f.id}-",
                )
                for f in self.site.fiches_in_order()
            )
        )

    def kit_formateur(self, root: Here | str) -> Markup:
        return self._show(
            "kit.md",
            root,
            fiches=self.site.fiches_in_order(),
            principes=self.principes(),
            raisons=self.raisons(),
            modeles=sorted(self.site.modeles.values(), key=lambda m: m.id),
            qr=qr_path,
            site_url=self.site_url,
            pdfs=self._handouts() if self.pdfs_made else [],
        )

    def _handouts(self) -> list[tuple[str, str]]:
        """What the trainer kit lists: (label, path in the site) of every PDF, in reading order (no sizes: the
        kit is written before the PDFs are made)."""
        out = [("Le guide complet", GUIDE_PDF)]
        for r in self.records:
            if r.kind.name == "fiche":
                out.append((r.title, pdf_name(r.url)))
                if "summary" in r.outputs:
                    out.append((f"Fiche {r.item.numero} : résumé d'une page à distribuer", pdf_name(r.url, "resume--")))
                if "poster" in r.outputs:
                    out.append((f"Fiche {r.item.numero} : affiche avec QR code", pdf_name(r.url, "affiche--")))
        easy = sorted((r.item.titre, r.url) for r in self.records if r.kind.name == "falc")
        return out + [(f"Facile à lire : {title}", pdf_name(url)) for title, url in easy]

    def _wait_for_files(self) -> None:
        ready, self.files_ready = self.files_ready, None
        if ready is not None:
            ready()

    def donnees_ouvertes(self, root: Here | str) -> Markup:
        self._wait_for_files()
        files = sorted((path, size) for path, size in self.sizes.items() if path.startswith(OPEN_DATA + "/"))
        return self._show("donnees.md", root, files=files)

    def _gabarits_context(self) -> dict[str, Any]:
        self._wait_for_files()
        return {
            "entries": self.entries,
            "sizes": dict(self.sizes),
            "formats": documents.FORMATS,
            "document_path": documents.document_path,
            "size_label": documents.size_label,
            "pages": dict(self.pages),
            "pages_label": documents.pages_label,
            "version_date": documents.version_date,
        }

    def modele_page(self, root: Here | str, ident: str) -> Markup:
        entry = next(e for e in self.entries if e.modele.id == ident)
        return self._show(
            "modele.md",
            root,
            e=entry,
            m=entry.modele,
            **self._gabarits_context(),
            split_text=lambda text: documents.segments(text, entry.modele),
            division_title=documents.division_title,
            blank=documents.BLANK,
        )

    def modeles_liste(self, root: Here | str) -> Markup:
        return self._show("modeles-liste.md", root, **self._gabarits_context())

    def plan_du_site(self, root: Here | str, groups: list[tuple[str, list[tuple[str, str]]]]) -> Markup:
        """« Plan du site »: every page, grouped by kind (groupes: kind → [(title, source path)]); then the « Index
        des mots » (render/index_mots.py), where the header's search leads without JavaScript."""
        titles = [page for _, pages in groups for page in pages]
        mots = index_mots.index_of_words(self.site, self.records, titles)
        return self._show("plan-du-site.md", root, kinds=groups, anchors=SITE_MAP_ANCHORS, mots=mots)

    def reglages_formulaire(self, root: Here | str) -> Markup:
        """The fieldsets of the display settings form, from the one list (macros/render/settings.py)."""
        return self._show("reglages.html", root, reglages=REGLAGES)

    # --- shared orderings ---
    def principes(self) -> list[c.Principe]:
        return sorted(self.site.principes.values(), key=lambda p: p.numero)

    def raisons(self) -> list[c.Raison]:
        return sorted(self.site.raisons.values(), key=lambda r: r.numero)


# The views, as macros of docs/*.md: the public methods (not a field such as `pdfs_made`, nor `records`).
MACRO_NAMES = tuple(
    name
    for name, value in vars(Views).items()
    if not name.startswith("_") and callable(value) and name not in ("principes", "raisons")
)

assert set(ID_MACROS) <= set(MACRO_NAMES), "every macro of content/kinds.py is a view"
assert {k.view for k in KINDS} <= set(MACRO_NAMES), "every kind of content/kinds.py is rendered by a view"
