"""The follow-up of the content: the « Nouveautés » journal (data/nouveautes.yml) and the review dates
(data/verification.yml).

- `check_suivi` (in `load_site`): every file a news entry names exists, every review default names a collection
  (or « docs »), every reviewed file exists — each mistake a French message at file:line;
- `review_of`: the dates a page shows, « Contenu vérifié le … — prochaine vérification avant le … », from data
  only (never from the day of the build: the same commit gives the same pages);
- `review_notes` (in `make check` only, which knows today's date): the reviews that are overdue, as notes, and a
  review date in the future, as an error.
"""

from __future__ import annotations

import calendar
import datetime
import difflib
from dataclasses import dataclass
from pathlib import Path

from ..content.suivi import Verification
from .collections import COLLECTIONS, SiteData
from .problems import Path_, Problem, dotted
from .yaml_source import Located, read_yaml

DOCS = "docs"  # the review default of the hand-written pages (docs/*.md)
# Collections that are not content checked against the sources: the journal, the settings, search aids.
NOT_REVIEWED = frozenset({"nouveautes", "verification", "redirections", "synonymes", "raccourcis"})


@dataclass(frozen=True)
class Review:
    verified: str  # AAAA-MM-JJ: the content was checked against its sources that day
    due: str  # AAAA-MM-JJ: the next check is due before that day (in words: macros/text/french.date_fr)


def add_months(day: str, months: int) -> str:
    """'2026-01-31' + 1 month → '2026-02-28' (the last day of a shorter month)."""
    year, month, dom = (int(x) for x in day.split("-"))
    index = year * 12 + month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(dom, calendar.monthrange(year, month)[1])).isoformat()


def settings(site: SiteData) -> Verification | None:
    return next(iter(site.verification.values()), None)


def collection_of(rel: str) -> str | None:
    """« data/fiches/x.yml » → « fiches », « data/sigles.yml » → « sigles », « docs/… » → « docs »."""
    parts = rel.split("/")
    if parts[0] == DOCS:
        return DOCS
    if parts[0] == "data" and len(parts) >= 2:
        return parts[1].removesuffix(".yml")
    return None


def _files_of(source: str, root: Path) -> list[str]:
    """The content files a page's source names: the file itself, or every data file of a folder."""
    path = root / source
    if path.is_dir():
        return sorted(p.relative_to(root).as_posix() for p in path.rglob("*") if p.suffix in (".yml", ".md"))
    return [source]


def day_of(review: Verification, rel: str) -> str | None:
    """The day a file was last checked: its own date, else its collection's."""
    if rel in review.fichiers:
        return review.fichiers[rel]
    coll = collection_of(rel)
    return review.par_defaut.get(coll) if coll else None


def review_of(site: SiteData, source: str, root: Path) -> Review | None:
    """The review a page made from `source` (a file or a folder, from the project root) shows: the oldest check of
    the files it is made from; None when one of them has no date (or is not content checked against sources)."""
    review = settings(site)
    files = _files_of(source, root)
    if review is None or not files or any(collection_of(f) in NOT_REVIEWED for f in files):
        return None
    days = [day_of(review, f) for f in files]
    if any(d is None for d in days):
        return None
    verified = min(d for d in days if d is not None)
    return Review(verified, add_months(verified, review.periode_mois))


# --- make check ----------------------------------------------------------------------------------------------


def _near(value: str, valid: list[str]) -> str:
    near = difflib.get_close_matches(value, valid, n=1, cutoff=0.6)
    return f"vouliez-vous écrire « {near[0]} » ?" if near else f"choisissez parmi : {', '.join(valid)}"


def _problem(site: SiteData, positions: dict[str, Located], coll: str, key: str, path: Path_, message: str) -> Problem:
    rel, base = site.files[(coll, key)]
    located = positions.get(rel)
    line, col = located.where(base + path) if located else (1, 1)
    return Problem(rel, line, col, dotted(base + path), message)


def _content_files(root: Path) -> list[str]:
    found = []
    for folder in ("data", DOCS):
        found += [p.relative_to(root).as_posix() for p in (root / folder).rglob("*") if p.is_file()]
    return sorted(f for f in found if not f.startswith("docs/assets/"))


def _missing_file(rel: str, root: Path, files: list[str]) -> str | None:
    """Why `rel` does not name a content file of the project, or None."""
    path = root / rel
    if path.is_file() and not path.is_symlink() and ".." not in rel.split("/"):
        return None
    if rel.startswith(f"{DOCS}/") and not (root / DOCS).is_dir() and ".." not in rel.split("/"):
        return None  # data checked alone (a copy of data/ without the pages): the pages are not there to check
    near = difflib.get_close_matches(rel, files, n=1, cutoff=0.6)
    hint = (
        f"vouliez-vous écrire « {near[0]} » ?"
        if near
        else "écrivez le chemin depuis le dossier du projet (ex. data/fiches/pair-aidance.yml)"
    )
    return f"fichier « {rel} » introuvable — {hint}"


def check_suivi(site: SiteData, positions: dict[str, Located], root: Path) -> list[Problem]:
    """The files the journal and the review dates name exist; the review defaults name collections."""
    problems: list[Problem] = []
    files = _content_files(root)
    for key, entry in site.nouveautes.items():
        for i, rel in enumerate(entry.fichiers):
            why = _missing_file(rel, root, files)
            if why:
                problems.append(_problem(site, positions, "nouveautes", key, ("fichiers", i), why))
    names = sorted([c.name for c in COLLECTIONS if c.name not in NOT_REVIEWED] + [DOCS])
    for key, review in site.verification.items():
        for name in review.par_defaut:
            if name not in names:
                message = f"collection « {name} » inconnue — {_near(name, names)}"
                problems.append(_problem(site, positions, "verification", key, ("par_defaut", name), message))
        for rel in review.fichiers:
            why = _missing_file(rel, root, files)
            if why:
                problems.append(_problem(site, positions, "verification", key, ("fichiers", rel), why))
    return problems


def review_notes(site: SiteData, root: Path, today: datetime.date) -> tuple[list[Problem], list[Problem]]:
    """(errors, notes) of the review dates on `today`: a date in the future is an error (a typo: the page would show
    it); a review that is due is a note — the page still shows the date it was checked, which stays true, and a
    correction to any page must not wait for every other page's review — as is a collection without a date."""
    errors: list[Problem] = []
    notes: list[Problem] = []
    day = today.isoformat()
    positions: dict[str, Located] = {}
    for rel, _ in {site.files[("verification", key)] for key in site.verification}:
        positions[rel] = read_yaml(root / rel, rel)[1]
    for key, review in site.verification.items():
        dated: list[tuple[Path_, str, str]] = [(("par_defaut", n), n, d) for n, d in review.par_defaut.items()]
        dated += [(("fichiers", f), f, d) for f, d in review.fichiers.items()]
        for path, what, verified in dated:
            due = add_months(verified, review.periode_mois)
            if verified > day:
                message = f"date « {verified} » dans le futur — écrivez le jour où « {what} » a été vérifié"
                errors.append(_problem(site, positions, "verification", key, path, message))
            elif due <= day:
                message = (
                    f"note : vérification en retard — « {what} » vérifié le {verified}, à revoir avant le "
                    f"{due} : relisez ces contenus contre leurs sources, puis écrivez la date du jour (AAAA-MM-JJ)"
                )
                notes.append(_problem(site, positions, "verification", key, path, message))
        missing = sorted(
            c.name
            for c in COLLECTIONS
            if c.name not in NOT_REVIEWED and getattr(site, c.name) and c.name not in review.par_defaut
        )
        for name in missing:
            message = f'note : la collection « {name} » n\'a pas de date de vérification — ajoutez « {name}: "AAAA-MM-JJ" »'
            notes.append(_problem(site, positions, "verification", key, ("par_defaut",), message))
    return errors, notes
