"""YAML read with the C parser (libyaml), keeping the line and column of every value for messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .problems import Path_, Problem, dotted
from .yaml_diag import diagnose


class AliasFound(yaml.composer.ComposerError):
    """An alias (*nom) was used: refused, no editor needs them and they can multiply a small file a billionfold."""


def _scan(text: str) -> None:
    """Before composing the text into nodes, read its events: an alias is refused where it is written, and so is
    a nesting deeper than MAX_DEPTH. libyaml's event parser keeps its own stacks, but composing nodes is recursive
    (30,000 nested « [ », a 60 KB file, overflowed the C stack: a segmentation fault, no message); the events stop
    at the first level too deep, so a deep file costs no more than a shallow one."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep(event.start_mark)  # type: ignore[arg-type]  # libyaml gives every event its mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            raise AliasFound(None, None, f"found alias {event.anchor}", event.start_mark)  # type: ignore[arg-type]


def _scalar(node: yaml.ScalarNode) -> Any:
    # Dates and times stay text: only null, booleans, integers and floats are converted.
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "null":
        return None
    if tag == "bool":
        return node.value.lower() in ("true", "yes", "on")
    if tag == "int":
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            return node.value
    if tag == "float":
        try:
            return float(node.value)
        except ValueError:
            return node.value
    return node.value


MAX_DEPTH = 40  # the deepest real data (a bullet in a list in a box of a page) is about 12 levels


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark):
        super().__init__()
        self.mark = mark


class Located:
    """Build plain Python values from YAML nodes, noting the position of every path."""

    def __init__(self, file: str):
        self.file = file
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path_ = ()) -> Any:
        if len(path) > MAX_DEPTH:
            raise _TooDeep(node.start_mark)
        # libyaml composes an alias as the very node of its anchor: a node met twice is an alias.
        if id(node) in self._seen:
            raise AliasFound(None, None, "found alias", node.start_mark)
        self._seen.add(id(node))
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                # The key as written: YAML 1.1 reads « on », « yes », « no » as booleans, a message must not say « True ».
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
                if key == "<<":
                    self._problem(key_node, path, "les fusions YAML (<<) ne sont pas permises — recopiez les champs")
                    continue
                if key in out:
                    first = self.positions.get(path + (key,), (0, 0))[0]
                    self._problem(
                        key_node,
                        path + (key,),
                        f"clé « {key} » en double (déjà à la ligne {first}) — gardez une seule de ces deux clés",
                    )
                    continue
                self.positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, path + (key,))
                self.positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        return None

    def _problem(self, node: yaml.Node, path: Path_, message: str) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, node.start_mark.column + 1, dotted(path), message))

    def where(self, path: Path_) -> tuple[int, int]:
        for n in range(len(path), -1, -1):
            if path[:n] in self.positions:
                return self.positions[path[:n]]
        return (1, 1)


def _yaml_problem(file: str, exc: yaml.YAMLError, text: str) -> Problem:
    line, col, hint = diagnose(exc, text)
    return Problem(file, line, col, "", hint)


MAX_FILE_BYTES = 1_000_000  # the largest data file is a few dozen kilobytes
TOO_DEEP = (
    f"imbrication trop profonde (listes dans des listes…, plus de {MAX_DEPTH} niveaux) — simplifiez la structure "
    "de ce fichier ; un texte qui commence par « [ » ou « { » s'écrit entre guillemets doubles"
)


def read_yaml(path: Path, rel: str) -> tuple[Any, Located]:
    located = Located(rel)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        located.problems.append(
            Problem(
                rel,
                1,
                1,
                "",
                f"fichier illisible ({exc.strerror}) — vérifiez qu'il s'agit bien d'un fichier texte que vous pouvez ouvrir",
            )
        )
        return None, located
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        located.problems.append(
            Problem(rel, line, 1, "", "caractères illisibles (le fichier n'est pas en UTF-8) — enregistrez-le en UTF-8")
        )
        return None, located
    if not text.strip():
        located.problems.append(Problem(rel, 1, 1, "", "fichier vide — écrivez son contenu ou supprimez le fichier"))
        return None, located
    if len(raw) > MAX_FILE_BYTES:
        located.problems.append(
            Problem(
                rel,
                1,
                1,
                "",
                f"fichier trop gros ({len(raw) // 1000} Ko, au plus "
                f"{MAX_FILE_BYTES // 1000} Ko) — découpez-le en plusieurs fichiers",
            )
        )
        return None, located
    try:
        _scan(text)
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        located.problems.append(_yaml_problem(rel, exc, text))
        return None, located
    except _TooDeep as exc:
        located.problems.append(Problem(rel, exc.mark.line + 1, exc.mark.column + 1, "", TOO_DEEP))
        return None, located
    except RecursionError:
        located.problems.append(Problem(rel, 1, 1, "", TOO_DEEP))
        return None, located
    if node is None:
        located.problems.append(Problem(rel, 1, 1, "", "fichier sans données — écrivez son contenu ou supprimez le fichier"))
        return None, located
    try:
        return located.build(node), located
    except AliasFound as exc:
        located.problems.append(_yaml_problem(rel, exc, text))
        return None, located
    except _TooDeep as exc:
        located.problems.append(Problem(rel, exc.mark.line + 1, exc.mark.column + 1, "", TOO_DEEP))
        return None, located
