"""`python -m macros.data.check` (`make check`): validate all data, print every problem, exit 1 if any.

Under GitHub Actions (`GITHUB_ACTIONS=true`) each problem is also printed as an `::error` workflow command
and a summary table is appended to `$GITHUB_STEP_SUMMARY` (macros/data/github.py).
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from . import github
from .collections import COLLECTIONS
from .loader import DataError, load_site
from .suivi import review_notes


def main(argv: list[str] | None = None, today: datetime.date | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    data_dir = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "data"
    try:
        site = load_site(data_dir)
        errors, notes = review_notes(site, data_dir.parent, today or datetime.date.today())
        if errors:
            raise DataError(errors)
    except DataError as exc:
        print(exc, file=sys.stderr)
        if github.active():
            print("\n".join(github.commands(exc.problems)))
            github.write_summary(github.summary(exc.problems))
        return 1
    for note in notes:  # overdue reviews: listed, never blocking (macros/data/suivi.py says why)
        print(note)
        if github.active():
            print(github.annotation(note, "notice", "Vérification en retard"))
    counts = ", ".join(f"{len(getattr(site, coll.name))} {coll.name}" for coll in COLLECTIONS)
    print(f"Données valides : {counts}.")
    if github.active():
        github.write_summary(github.summary([], f"Données valides : {counts}."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
