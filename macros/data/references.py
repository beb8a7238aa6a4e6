"""Cross-references between data items: every id named in a file must exist."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import content as c
from ..content.walk import walk
from . import citations
from .collections import SiteData
from .problems import Path_, Problem, dotted
from .yaml_source import Located


def _ref_problem(site: SiteData, positions: dict[str, Located], coll: str, key: str, path: Path_, message: str) -> Problem:
    rel, base = site.files[(coll, key)]
    located = positions.get(rel)
    line, col = located.where(base + path) if located else (1, 1)
    return Problem(rel, line, col, dotted(base + path), message)


def _items(items: Sequence[c.Item], path: Path_):
    for i, item in enumerate(items):
        yield item, path + (i,)
        yield from _items(item.sous_elements, path + (i, "sous_elements"))


def check_references(
    site: SiteData,
    positions: dict[str, Located],
    broken: set[str] | frozenset[str] = frozenset(),
    docs_dir: Path | None = None,
) -> list[Problem]:
    """Every id named in a file exists; `docs_dir`: the hand-written pages' folder, for the pages paths link."""
    problems: list[Problem] = []

    def report(coll: str, key: str, path: Path_, message: str) -> None:
        problems.append(_ref_problem(site, positions, coll, key, path, message))

    fiches, temoignages, docs = set(site.fiches), set(site.temoignages), set(site.sources)

    def need(ok: bool, coll: str, key: str, path: Path_, what: str, value: str, valid: set[str]) -> None:
        if not ok and value not in broken:  # a target that is itself invalid has its own message already
            near = difflib.get_close_matches(value, sorted(valid), n=1, cutoff=0.6)
            listed = sorted(valid)
            ids = ", ".join(listed[:30]) + (f"… ({len(listed)} en tout)" if len(listed) > 30 else "")
            ids = f"ids valides : {ids}" if listed else "aucun id valide pour l'instant"
            hint = f"vouliez-vous écrire « {near[0]} » ? ({ids})" if near else ids
            report(coll, key, path, f"{what} « {value} » introuvable — {hint}")

    def sources(coll: str, key: str, obj: Any, path: Path_) -> None:
        for value, where in walk(obj, path):
            if isinstance(value, c.Source):
                need(value.document in docs, coll, key, (*where, "document"), "document", value.document, docs)

    numbers: dict[int, str] = {}
    for key, fiche in site.fiches.items():
        if fiche.numero in numbers:
            report(
                "fiches",
                key,
                ("numero",),
                f"numéro {fiche.numero} déjà pris par la fiche « {numbers[fiche.numero]} » — choisissez un autre numéro",
            )
        numbers[fiche.numero] = key
        for i, ex in enumerate(fiche.exemples):
            need(ex in temoignages, "fiches", key, ("exemples", i), "témoignage", ex, temoignages)
        for g, group in enumerate(fiche.autres_exemples):
            for i, ex in enumerate(group.temoignages):
                need(
                    ex in temoignages, "fiches", key, ("autres_exemples", g, "temoignages", i), "témoignage", ex, temoignages
                )
        for i, comp in enumerate(fiche.en_complement):
            if comp.temoignage:
                need(
                    comp.temoignage in temoignages,
                    "fiches",
                    key,
                    ("en_complement", i, "temoignage"),
                    "témoignage",
                    comp.temoignage,
                    temoignages,
                )
        for name in type(fiche).model_fields:
            section = getattr(fiche, name)
            if isinstance(section, c.Section):
                for item, path in _items(section.elements, (name, "elements")):
                    if item.fiche:
                        need(item.fiche in fiches, "fiches", key, path + ("fiche",), "fiche", item.fiche, fiches)
    for key, t in site.temoignages.items():
        need(t.fiche in fiches, "temoignages", key, ("fiche",), "fiche", t.fiche, fiches)
    for key, p in site.principes.items():
        for i, f in enumerate(p.fiches):
            need(f in fiches, "principes", key, ("fiches", i), "fiche", f, fiches)
    lexique = set(site.lexique)
    for key, s in site.sigles.items():
        if s.terme:
            need(s.terme in lexique, "sigles", key, ("terme",), "terme", s.terme, lexique)
    has_numbers = {r.numero for r in site.references.values() if r.document == "has-avis-2023" and r.numero}
    for coll in ("principes", "raisons", "pages"):
        for key, page in getattr(site, coll).items():
            for i, n in enumerate(page.references):
                if n not in has_numbers and has_numbers and f"#{n}" not in broken:
                    report(
                        coll,
                        key,
                        ("references", i),
                        f"référence n° {n} introuvable — les références de la HAS vont de 1 à {max(has_numbers)}",
                    )
    cited: dict[tuple[str, str], set[int]] = {}
    for citing in citations.citing_texts(site):
        for citation in citations.find(citing.text):
            cited.setdefault((citing.collection, citing.key), set()).update(citation.numbers)
            if citation.note is not None and citation.note not in citing.notes:
                have = ", ".join(str(n) for n in sorted(citing.notes)) or "aucune"
                report(
                    citing.collection,
                    citing.key,
                    citing.path,
                    f"« (note {citation.note}) » : cette page n'a pas de note n° {citation.note} (notes de la page : "
                    f"{have}) — ajoutez-la sous « notes » ou corrigez le numéro",
                )
            missing = [n for n in citation.numbers if n not in has_numbers]
            if missing and has_numbers:
                report(
                    citing.collection,
                    citing.key,
                    citing.path,
                    f"« {citing.text[citation.start : citation.end]} » : référence n° {missing[0]} introuvable — les "
                    f"références de la HAS (data/references/has.yml) vont de 1 à {max(has_numbers)}",
                )
    for coll in ("principes", "raisons", "pages"):
        for key, page in getattr(site, coll).items():
            listed = set(page.references)
            unlisted = sorted(cited.get((coll, key), set()) - listed)
            if unlisted and page.source.document == citations.HAS_AVIS and has_numbers:
                report(
                    coll,
                    key,
                    ("references",),
                    f"le texte cite la référence n° {unlisted[0]}, absente de « references » — ajoutez {unlisted[0]} "
                    "à la liste « references » de ce fichier",
                )
    targets = {
        "fiche": fiches,
        "principe": set(site.principes),
        "raison": set(site.raisons),
        "page": set(site.pages) | {"accueil"},
    }
    falc_ids = set(site.falc)
    for key, twin in site.falc.items():
        need(twin.cible in targets[twin.type], "falc", key, ("cible",), twin.type, twin.cible, targets[twin.type])
        for n, bloc in enumerate(twin.blocs):
            for item, path in _items(bloc.liste or [], ("blocs", n, "liste")):
                page = getattr(item, "page", None)
                if page is not None:
                    need(page in falc_ids, "falc", key, path + ("page",), "texte facile à lire", page, falc_ids)

    def no_blanks(coll: str, key: str, obj: Any, path: Path_) -> None:
        # Sheets fill the mission-sheet template: « [[…]] » there would read as an undeclared blank.
        for value, where in walk(obj, path):
            if isinstance(value, str) and ("[[" in value or "]]" in value):
                report(
                    coll,
                    key,
                    where,
                    "« [[ » et « ]] » sont réservés aux blancs des modèles — écrivez un seul crochet ou retirez-les",
                )

    for key, fiche in site.fiches.items():
        no_blanks("fiches", key, fiche, ())
    for key, ref in site.references.items():
        need(ref.document in docs, "references", key, ("document",), "document", ref.document, docs)
    for coll in ("fiches", "temoignages", "principes", "raisons", "pages", "lexique", "ateliers"):
        for key, item in getattr(site, coll).items():
            sources(coll, key, item, ())
    # Paths by need and the « which sheet » guide: every item they link must exist.
    valid_ids = {kind: set(getattr(site, coll)) for kind, coll in c.ETAPE_CIBLES.items()}
    names = {"fiche": "fiche", "principe": "principe", "raison": "raison", "modele": "modèle", "temoignage": "témoignage"}
    for key, parcours in site.parcours.items():
        for i, etape in enumerate(parcours.etapes):
            kind, value = etape.cible
            if kind in valid_ids:
                need(value in valid_ids[kind], "parcours", key, ("etapes", i, kind), names[kind], value, valid_ids[kind])
            elif docs_dir is not None and docs_dir.is_dir() and not (docs_dir / value).is_file():
                pages = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")}
                need(False, "parcours", key, ("etapes", i, kind), "page", value, pages)
    for key, guide in site.orientation.items():
        for fiche_id, where in guide.fiches():
            answer: Path_ = tuple(x for i in where for x in ("reponses", i)) + ("fiche",)
            need(fiche_id in fiches, "orientation", key, answer, "fiche", fiche_id, fiches)
    principes = set(site.principes)
    for key, modele in site.modeles.items():
        sources("modeles", key, modele, ())
        for i, f in enumerate(modele.fiches):
            need(f in fiches, "modeles", key, ("fiches", i), "fiche", f, fiches)
        for i, ident in enumerate(modele.principes):
            need(ident in principes, "modeles", key, ("principes", i), "principe", ident, principes)
    return problems
