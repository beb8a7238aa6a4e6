"""The bad-input corpus kept as data: tests/mauvaises-entrees/<cas>/cas.yml (see its README.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).resolve().parent / "mauvaises-entrees"


@dataclass(frozen=True)
class Entry:
    name: str
    spec: dict[str, Any]
    folder: Path

    @property
    def inert(self) -> bool:
        return self.spec.get("attendu") == "inerte"

    def apply(self, project: Path) -> None:
        """Make the case's change in a copy of the project."""
        target = project / self.spec["fichier"]
        given = self.folder / "fichier.yml"
        if given.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(given.read_bytes())
            return
        text = target.read_text(encoding="utf-8")
        if "remplacer" in self.spec:
            old, new = self.spec["remplacer"], self.spec["par"]
            assert old in text, f"{self.name} : {old!r} absent de {self.spec['fichier']} : le corpus doit suivre les données"
            text = text.replace(old, new, 1)
        if "ajouter" in self.spec:
            text = text.rstrip("\n") + "\n" + self.spec["ajouter"]
        target.write_text(text, encoding="utf-8")


def entries() -> list[Entry]:
    out = []
    for folder in sorted(p for p in CORPUS.iterdir() if (p / "cas.yml").is_file()):
        spec = yaml.safe_load((folder / "cas.yml").read_text(encoding="utf-8"))
        out.append(Entry(folder.name, spec, folder))
    return out


def mutation(entry: Entry) -> Callable[[Path], None]:
    return entry.apply
