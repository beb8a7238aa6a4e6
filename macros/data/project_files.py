"""What the project reads is its own: no symbolic link, no special file, no name a page could not show as text.

`data/` (the content), `docs/` (the hand-written pages and assets) and `overrides/` (the theme's templates) are
read by the check, by MkDocs and by the theme. A symbolic link there would make the site publish whatever it
points to — a YAML file of another project, `/proc/self/environ` (the build's environment, secrets included) —
and a named pipe would block the build for ever. Every entry is looked at with `lstat` (never followed) before
anything is read, and each one refused gets a French message, so that `make check` and the build stop first.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .problems import Problem

# The folders whose files end up in the site (the theme's templates included).
READ_FOLDERS = ("data", "docs", "overrides")
# Characters a file name may not hold: invisible ones (tested with str.isprintable), and those that are markup or
# that cut an address (the names become addresses, titles, links « Modifier cette page »).
NAME_FORBIDDEN = frozenset("<>\"'&\\`#?%")

LINK = (
    "lien symbolique refusé : le site ne publie que les fichiers du projet — remplacez le lien par une copie "
    "du fichier (ou supprimez-le)"
)
SPECIAL = "ce n'est ni un fichier ni un dossier (tube, périphérique ou prise) : le site ne peut pas le lire — supprimez-le"


def read_docs(docs_dir: Path) -> dict[str, bytes]:
    """Every file of docs/ (path inside it → bytes), as engines list them: hidden files left out, links never
    followed (foreign_entries refuses them). Generate reads docs/ once with it; the check works on those bytes."""
    found = {}
    for current, dirs, names in os.walk(docs_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(current) / name
            if not name.startswith(".") and path.is_file():
                found[path.relative_to(docs_dir).as_posix()] = path.read_bytes()
    return found


def _name_problem(name: str) -> str | None:
    """What is wrong with a file name, if anything."""
    bad = [ch for ch in name if not ch.isprintable() or ch in NAME_FORBIDDEN]
    if not bad and name == name.strip():
        return None
    shown = ", ".join(f"« {ch} »" if ch.isprintable() else f"U+{ord(ch):04X}" for ch in dict.fromkeys(bad))
    what = f"il contient {shown}" if bad else "il commence ou finit par une espace"
    return (
        f"nom de fichier refusé : {what} — renommez-le avec des lettres, des chiffres, des tirets et un point "
        "avant l'extension"
    )


def _entry_problem(path: Path) -> str | None:
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        return LINK
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return SPECIAL
    return _name_problem(path.name)


def foreign_entries(root: Path, folders: tuple[str, ...] = READ_FOLDERS) -> list[Problem]:
    """Every symbolic link, special file or unshowable name under the project's `folders` (links never followed);
    the folders themselves included."""
    problems: list[Problem] = []

    def report(path: Path, message: str) -> None:
        problems.append(Problem(path.relative_to(root).as_posix(), 1, 1, "", message))

    for folder in folders:
        top = root / folder
        if not os.path.lexists(top):
            continue
        if (message := _entry_problem(top)) is not None:
            report(top, message)
            continue
        for current, dirs, files in os.walk(top, followlinks=False):
            here = Path(current)
            for name in sorted(dirs + files):
                path = here / name
                if (message := _entry_problem(path)) is not None:
                    report(path, message)
                    if name in dirs:
                        dirs.remove(name)  # a link to a folder is listed with the folders: never entered
    return sorted(problems, key=lambda p: p.file)
