"""Cross-references between data items: every id named in a file must exist."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .. import content as c
from ..content.gabarits import FICHE_DE_MISSION
from ..content.walk import references, walk
from . import citations
from .collections import COLLECTIONS, SiteData
from .problems import Path_, Problem, did_you_mean, dotted
from .site_pages import site_pages
from .yaml_source import Located


def _ref_problem(site: SiteData, positions: dict[str, Located], coll: str, key: str, path: Path_, message: str) -> Problem:
    rel, base = site.files[(coll, key)]
    located = positions.get(rel)
    line, col = located.where(base + path) if located else (1, 1)
    return Problem(rel, line, col, dotted(base + path), message)


@dataclass
class _Check:
    """What every checker reads (the data, where each item is written) and the problems found so far."""

    site: SiteData
    positions: dict[str, Located]
    broken: set[str] | frozenset[str]
    docs_dir: Path | None
    problems: list[Problem] = field(default_factory=list)

    def report(self, coll: str, key: str, path: Path_, message: str) -> None:
        self.problems.append(_ref_problem(self.site, self.positions, coll, key, path, message))

    def need(self, ok: bool, coll: str, key: str, path: Path_, what: str, value: str, valid: set[str]) -> None:
        """Report `value` (a `what`) as not found among `valid`, with the nearest id, unless `ok`."""
        if not ok and value not in self.broken:  # a target that is itself invalid has its own message already
            listed = sorted(valid)
            ids = ", ".join(listed[:30]) + (f"… ({len(listed)} en tout)" if len(listed) > 30 else "")
            ids = f"ids valides : {ids}" if listed else "aucun id valide pour l'instant"
            near = did_you_mean(value, listed)
            hint = f"{near}({ids})" if near else ids
            self.report(coll, key, path, f"{what} « {value} » introuvable — {hint}")

    @cached_property
    def has_numbers(self) -> set[int]:
        """The numbers of the HAS opinion's references."""
        return {r.numero for r in self.site.references.values() if r.document == "has-avis-2023" and r.numero}


def _fiche_numbers(ck: _Check, key: str, fiche: c.Fiche, numbers: dict[int, str]) -> None:
    if fiche.numero in numbers:
        ck.report(
            "fiches",
            key,
            ("numero",),
            f"numéro {fiche.numero} déjà pris par la fiche « {numbers[fiche.numero]} » — choisissez un autre numéro",
        )
    numbers[fiche.numero] = key


def _check_fiches(ck: _Check) -> None:
    numbers: dict[int, str] = {}
    for key, fiche in ck.site.fiches.items():
        _fiche_numbers(ck, key, fiche, numbers)


def _check_refs(ck: _Check) -> None:
    """Every id named in a field typed as a reference (`Annotated[Slug, Ref("fiches")]` on the models) exists: one
    walk over every item of every collection, no hand-kept list of fields."""
    nouns = {coll.name: coll.noun for coll in COLLECTIONS}
    for coll in COLLECTIONS:
        for key, item in getattr(ck.site, coll.name).items():
            for target, value, where in references(item):
                valid = set(getattr(ck.site, target))
                ck.need(value in valid, coll.name, key, where, nouns[target], value, valid)


def _check_listed_references(ck: _Check) -> None:
    """The numbers listed under « references » are HAS references."""
    has_numbers = ck.has_numbers
    for coll in citations.REFERENCING:
        for key, page in getattr(ck.site, coll).items():
            for i, n in enumerate(page.references):
                if n not in has_numbers and has_numbers and f"#{n}" not in ck.broken:
                    ck.report(
                        coll,
                        key,
                        ("references", i),
                        f"référence n° {n} introuvable — les références de la HAS vont de 1 à {max(has_numbers)}",
                    )


def _check_citing_texts(ck: _Check) -> dict[tuple[str, str], set[int]]:
    """Each « (note n) » of a HAS text calls a note of its page, each « (n) » a HAS reference; returns the
    numbers each page cites."""
    has_numbers = ck.has_numbers
    cited: dict[tuple[str, str], set[int]] = {}
    for citing in citations.citing_texts(ck.site):
        for citation in citations.find(citing.text):
            cited.setdefault((citing.collection, citing.key), set()).update(citation.numbers)
            if citation.note is not None and citation.note not in citing.notes:
                have = ", ".join(str(n) for n in sorted(citing.notes)) or "aucune"
                ck.report(
                    citing.collection,
                    citing.key,
                    citing.path,
                    f"« (note {citation.note}) » : cette page n'a pas de note n° {citation.note} (notes de la page : "
                    f"{have}) — ajoutez-la sous « notes » ou corrigez le numéro",
                )
            missing = [n for n in citation.numbers if n not in has_numbers]
            if missing and has_numbers:
                ck.report(
                    citing.collection,
                    citing.key,
                    citing.path,
                    f"« {citing.text[citation.start : citation.end]} » : référence n° {missing[0]} introuvable — les "
                    f"références de la HAS (data/references/has.yml) vont de 1 à {max(has_numbers)}",
                )
    return cited


def _check_unlisted_references(ck: _Check, cited: dict[tuple[str, str], set[int]]) -> None:
    """A HAS page lists under « references » every reference its text cites."""
    for coll in citations.REFERENCING:
        for key, page in getattr(ck.site, coll).items():
            listed = set(page.references)
            unlisted = sorted(cited.get((coll, key), set()) - listed)
            if unlisted and page.source.document == citations.HAS_AVIS and ck.has_numbers:
                ck.report(
                    coll,
                    key,
                    ("references",),
                    f"le texte cite la référence n° {unlisted[0]}, absente de « references » — ajoutez {unlisted[0]} "
                    "à la liste « references » de ce fichier",
                )


def _check_citations(ck: _Check) -> None:
    _check_unlisted_references(ck, _check_citing_texts(ck))


def _check_falc(ck: _Check) -> None:
    """An easy-to-read text names the page it is the twin of, and its lists link other easy-to-read texts."""
    site = ck.site
    targets = {
        "fiche": set(site.fiches),
        "principe": set(site.principes),
        "raison": set(site.raisons),
        "page": set(site.pages) | {"accueil"},
    }
    for key, twin in site.falc.items():
        ck.need(twin.cible in targets[twin.type], "falc", key, ("cible",), twin.type, twin.cible, targets[twin.type])


def _check_blanks(ck: _Check) -> None:
    # Sheets fill the mission-sheet template: « [[…]] » there would read as an undeclared blank.
    for key, fiche in ck.site.fiches.items():
        for value, where in walk(fiche, ()):
            if isinstance(value, str) and ("[[" in value or "]]" in value):
                ck.report(
                    "fiches",
                    key,
                    where,
                    "« [[ » et « ]] » sont réservés aux blancs des modèles — écrivez un seul crochet ou retirez-les",
                )


def _check_parcours(ck: _Check) -> None:
    """Paths by need: every item they link must exist, and so must every hand-written page (docs_dir)."""
    docs_dir = ck.docs_dir
    for key, parcours in ck.site.parcours.items():
        for i, etape in enumerate(parcours.etapes):
            kind, value = etape.cible
            if kind in c.ETAPE_CIBLES:
                continue  # an item: checked with every reference (_check_refs)
            if docs_dir is not None and docs_dir.is_dir() and not (docs_dir / value).is_file():
                pages = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")}
                ck.need(False, "parcours", key, ("etapes", i, kind), "page", value, pages)


def _check_raccourcis(ck: _Check) -> None:
    """The search's direct links: an item they name is checked with every reference (_check_refs); a page they
    name by its address must be a page of the site (known when docs_dir is)."""
    docs_dir = ck.docs_dir
    if not ck.site.raccourcis or docs_dir is None or not docs_dir.is_dir():
        return
    pages = site_pages(ck.site, docs_dir)
    for key, shortcut in ck.site.raccourcis.items():
        field_, value = shortcut.cible
        if field_ != "page" or value in pages or ck.broken.intersection(value.split("/")):
            continue
        hint = did_you_mean(value, pages)
        ck.report(
            "raccourcis",
            key,
            ("page",),
            f"la page « {value} » n'existe pas dans le site — {hint}écrivez l'adresse d'une page existante, sans le "
            "domaine (ex. lexique/), ou nommez l'élément visé (fiche, principe, raison, parcours, modele)",
        )


def _check_derived_limits(ck: _Check) -> None:
    """A sheet's pre-filled mission sheet is named « <blank id>-<sheet id> » and titled « <blank title> : <sheet
    title> »: both must stay within the bounds of ids and titles, or the documents could not be made."""
    blank = ck.site.modeles.get(FICHE_DE_MISSION)
    if blank is None:
        return
    for key, fiche in ck.site.fiches.items():
        ident, title = f"{blank.id}-{fiche.id}", f"{blank.titre} : {fiche.titre}"
        if len(ident) > c.ID_MAX:
            room = c.ID_MAX - len(blank.id) - 1
            ck.report(
                "fiches",
                key,
                ("id",),
                f"identifiant trop long pour la fiche de mission pré-remplie « {ident} » ({len(ident)} caractères, "
                f"au plus {c.ID_MAX}) — raccourcissez l'id de la fiche à {room} caractères au plus",
            )
        if len(title) > c.TITLE_MAX:
            room = c.TITLE_MAX - len(blank.titre) - 3
            ck.report(
                "fiches",
                key,
                ("titre",),
                f"titre trop long pour la fiche de mission pré-remplie « {blank.titre} : … » ({len(title)} caractères, "
                f"au plus {c.TITLE_MAX}) : {c.LIMIT_REASONS[c.TITLE_MAX][1]} — raccourcissez le titre à {room} "
                "caractères au plus",
            )


# In this order: the problems are listed as the checks find them.
_CHECKS: tuple[Callable[[_Check], None], ...] = (
    _check_fiches,
    _check_refs,
    _check_listed_references,
    _check_citations,
    _check_falc,
    _check_blanks,
    _check_parcours,
    _check_raccourcis,
    _check_derived_limits,
)


def check_references(
    site: SiteData,
    positions: dict[str, Located],
    broken: set[str] | frozenset[str] = frozenset(),
    docs_dir: Path | None = None,
) -> list[Problem]:
    """Every id named in a file exists; `docs_dir`: the hand-written pages' folder, for the pages paths link."""
    ck = _Check(site, positions, broken, docs_dir)
    for check in _CHECKS:
        check(ck)
    return ck.problems
