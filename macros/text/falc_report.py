"""`python -m macros.text.falc_report FILE...`: figures and problems of FALC files, for writers."""

from __future__ import annotations

import sys
from pathlib import Path

from ..content import Falc
from ..data.yaml_source import read_yaml
from .readability import measure, problems


def main(paths: list[str]) -> int:
    status = 0
    for name in paths:
        value, located = read_yaml(Path(name), name)
        if value is None:
            print("\n".join(str(p) for p in located.problems))
            status = 1
            continue
        falc = Falc.model_validate(value)
        m = measure(falc)
        print(
            f"{name}: {m.words} mots, {m.sentences} phrases, max {m.max_sentence}, moyenne {m.mean_sentence}, "
            f"Kandel–Moles {m.kandel_moles}"
        )
        found = problems(m)
        print("\n".join(f"  - {p}" for p in found) if found else "  aucun problème")
        status |= bool(found)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
