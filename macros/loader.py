"""Read every YAML file of data/ with line numbers, validate it, collect every error, raise once.

Errors read `file:line:column: field.path: problem — what to do`, in French.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from . import models as m
from .yaml_diag import diagnose

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return _visible(text)


def _visible(text: str) -> str:
    """One problem, one line: invisible characters (line breaks, tabs…) quoted in a message are shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class DataError(Exception):
    """All the problems found in the data, one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} erreur(s) dans les données :\n{lines}")


@dataclass(frozen=True)
class Collection:
    """A kind of data: where its files are and what model each item follows."""

    name: str
    pattern: str
    model: type[BaseModel]
    many: bool = False  # a file holds a list of items rather than one item
    id_is_filename: bool = True


COLLECTIONS: tuple[Collection, ...] = (
    Collection("sources", "sources.yml", m.Document, many=True, id_is_filename=False),
    Collection("fiches", "fiches/*.yml", m.Fiche),
    Collection("temoignages", "temoignages/*.yml", m.Temoignage),
    Collection("principes", "principes/*.yml", m.Principe),
    Collection("raisons", "raisons/*.yml", m.Raison),
    Collection("pages", "pages/*.yml", m.Page),
    Collection("lexique", "lexique/*.yml", m.Terme),
    Collection("sigles", "sigles.yml", m.Sigle, many=True, id_is_filename=False),
    Collection("references", "references/*.yml", m.Reference, many=True, id_is_filename=False),
    Collection("ateliers", "ateliers/*.yml", m.Atelier),
    Collection("falc", "falc/*.yml", m.Falc),
    Collection("redirections", "redirections.yml", m.Redirection, many=True, id_is_filename=False),
    Collection("modeles", "modeles/*.yml", m.Modele),
    Collection("synonymes", "synonymes.yml", m.GroupeSynonymes, many=True, id_is_filename=False),
)


@dataclass
class SiteData:
    """All validated content, by collection, each a dict id → model, in a stable order."""

    sources: dict[str, m.Document] = field(default_factory=dict)
    fiches: dict[str, m.Fiche] = field(default_factory=dict)
    temoignages: dict[str, m.Temoignage] = field(default_factory=dict)
    principes: dict[str, m.Principe] = field(default_factory=dict)
    raisons: dict[str, m.Raison] = field(default_factory=dict)
    pages: dict[str, m.Page] = field(default_factory=dict)
    lexique: dict[str, m.Terme] = field(default_factory=dict)
    sigles: dict[str, m.Sigle] = field(default_factory=dict)
    references: dict[str, m.Reference] = field(default_factory=dict)
    ateliers: dict[str, m.Atelier] = field(default_factory=dict)
    falc: dict[str, m.Falc] = field(default_factory=dict)
    redirections: dict[str, m.Redirection] = field(default_factory=dict)
    modeles: dict[str, m.Modele] = field(default_factory=dict)
    synonymes: dict[str, m.GroupeSynonymes] = field(default_factory=dict)
    files: dict[tuple[str, str], tuple[str, Path_]] = field(default_factory=dict)  # (collection, id) → (file, path in file)

    def fiches_in_order(self) -> list[m.Fiche]:
        return sorted(self.fiches.values(), key=lambda f: f.numero)


# --- YAML with positions -------------------------------------------------------------------

class _Composer(yaml.SafeLoader):
    """Safe loader used only to compose nodes; scalars are built by `_build` below."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        # Aliases (*nom) are refused: no editor needs them, and they can multiply a small file a billionfold.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, f"found alias {event.anchor}", event.start_mark)
        return super().compose_node(parent, index)


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


class _Located:
    """Build plain Python values from YAML nodes, noting the position of every path."""

    def __init__(self, file: str):
        self.file = file
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: Path_ = ()) -> Any:
        if len(path) > MAX_DEPTH:
            raise _TooDeep(node.start_mark)
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(_scalar(key_node)) if isinstance(key_node, yaml.ScalarNode) else "?"
                if key == "<<":
                    self._problem(key_node, path, "les fusions YAML (<<) ne sont pas permises — recopiez les champs")
                    continue
                if key in out:
                    first = self.positions.get(path + (key,), (0, 0))[0]
                    self._problem(key_node, path + (key,),
                                  f"clé « {key} » en double (déjà à la ligne {first}) — gardez une seule de ces deux clés")
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
        self.problems.append(Problem(self.file, node.start_mark.line + 1, node.start_mark.column + 1,
                                     dotted(path), message))

    def where(self, path: Path_) -> tuple[int, int]:
        for n in range(len(path), -1, -1):
            if path[:n] in self.positions:
                return self.positions[path[:n]]
        return (1, 1)


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _yaml_problem(file: str, exc: yaml.YAMLError, text: str) -> Problem:
    line, col, hint = diagnose(exc, text)
    return Problem(file, line, col, "", hint)


# --- pydantic errors in French ---------------------------------------------------------------

def _field_names(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """Valid keys at `path` inside `model`, for « did you mean »."""
    inner = _inner_model_at(model, path)
    return list(inner.model_fields) if inner is not None else []


def _inner_model(annotation: Any) -> Any:
    stack = [annotation]
    while stack:
        a = stack.pop()
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a
        stack.extend(getattr(a, "__args__", ()) or ())
    return None


def _french(err: dict[str, Any], model: type[BaseModel], loc: Path_) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    name = loc[-1] if loc else ""
    given = err.get("input")
    if kind == "missing":
        from .schemas import field_help  # lazy: schemas imports this module

        owner = _inner_model_at(model, loc[:-1])
        what = field_help(owner, str(name)) if owner is not None else _inner_field(model, loc)
        return f"champ « {name} » manquant — ajoutez-le{f' : {what}' if what else ''}"
    if given is None and kind not in ("none_required",):
        return "valeur vide — écrivez une valeur après « : » (ou le texte après « - »), ou supprimez la ligne"
    if kind == "recursion_loop":
        return _TOO_DEEP
    if kind == "extra_forbidden":
        name = err["loc"][-1] if err.get("loc") else name  # the key as written, even « en_complem[ent »
        if not loc or loc[-1] != name:
            loc = loc + (name,)
        valid = _field_names(model, loc[:-1])
        near = difflib.get_close_matches(str(name), valid, n=1, cutoff=0.5)
        if near:
            return f"clé inconnue « {name} » — vouliez-vous écrire « {near[0]} » ?"
        return f"clé inconnue « {name} » — clés permises : {', '.join(valid)}"
    if kind in ("string_type", "str_type"):
        if isinstance(given, (dict, list)):
            return ("texte attendu, mais YAML lit ici un groupe ou une liste (« { », « [ », « - » ou « clé: ») — "
                    "mettez le texte entre guillemets doubles")
        return "texte attendu — écrivez un texte (entre guillemets doubles si besoin)"
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size", "finite_number", "float_type",
                "float_parsing"):
        return "nombre entier attendu — écrivez un nombre sans guillemets (ex. 3)"
    if kind in ("bool_type", "bool_parsing"):
        return "vrai/faux attendu — écrivez true ou false"
    if kind == "list_type":
        return "liste attendue — écrivez une puce « - » par élément"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "groupe de champs attendu — écrivez des lignes « clé: valeur » indentées sous cette clé"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", " ou ")
        return f"valeur non permise « {given} » — choisissez parmi : {expected}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern == m.SLUG:
            return "identifiant invalide — utilisez des minuscules sans accent, des chiffres et des tirets (ex. pair-aidance)"
        if "\\d{4}" in pattern:
            return "date invalide — écrivez-la AAAA-MM-JJ, entre guillemets (ex. \"2023-07-13\")"
        if "/" in pattern:
            return ("adresse invalide — sans le domaine, en minuscules, chiffres, tirets et « / », "
                    "terminée par « / » (ex. fiches/pair-aidance/)")
        return "format invalide — vérifiez l'écriture de cette valeur (voir la description du champ)"
    if kind == "string_too_short":
        return "texte vide — écrivez le texte ou supprimez la clé"
    if kind == "string_too_long":
        limit = int(ctx.get("max_length") or 0)
        if limit >= 1000:
            return (f"texte trop long ({len(str(given))} caractères, au plus {limit}) — coupez-le en plusieurs "
                    "éléments (paragraphes ou puces)")
        return f"texte trop long ({len(str(given))} caractères, au plus {limit}) — raccourcissez-le"
    if kind == "too_short":
        return "liste vide — ajoutez au moins un élément"
    if kind == "too_long":
        return f"liste trop longue (au plus {ctx.get('max_length')} éléments) — supprimez des éléments"
    if kind in ("greater_than_equal", "greater_than"):
        return f"nombre trop petit — il doit valoir au moins {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"nombre trop grand — il doit valoir au plus {ctx.get('le', ctx.get('lt'))}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
    return f"valeur refusée ({kind}) — corrigez cette valeur en suivant la description du champ"


def _inner_model_at(model: type[BaseModel], path: Path_) -> Any:
    """The model found at `path` inside `model` (list indexes skipped), or None."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        current = _inner_model(fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_field(model: type[BaseModel], loc: Path_) -> str:
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return ""
        current = _inner_model(fields[part].annotation)
    fields = getattr(current, "model_fields", {}) or {}
    info = fields.get(loc[-1]) if loc else None
    return (info.description or "") if info else ""


def _clean_loc(raw: tuple[Any, ...]) -> Path_:
    # pydantic inserts union branch names (e.g. 'function-before[...]', 'str'); keep real keys and indexes.
    out: list[str | int] = []
    for part in raw:
        if isinstance(part, int):
            out.append(part)
        elif isinstance(part, str) and not ("[" in part or part in ("str", "int", "list", "dict", "bool")):
            out.append(part)
    return tuple(out)


# --- loading ---------------------------------------------------------------------------------

MAX_FILE_BYTES = 1_000_000  # the largest data file is a few dozen kilobytes
_TOO_DEEP = "imbrication trop profonde (listes dans des listes…) — simplifiez la structure de ce fichier"


def read_yaml(path: Path, rel: str) -> tuple[Any, _Located]:
    located = _Located(rel)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        located.problems.append(Problem(rel, 1, 1, "", f"fichier illisible ({exc.strerror}) — vérifiez qu'il s'agit "
                                        "bien d'un fichier texte que vous pouvez ouvrir"))
        return None, located
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        located.problems.append(Problem(rel, line, 1, "",
                                        "caractères illisibles (le fichier n'est pas en UTF-8) — enregistrez-le en UTF-8"))
        return None, located
    if not text.strip():
        located.problems.append(Problem(rel, 1, 1, "", "fichier vide — écrivez son contenu ou supprimez le fichier"))
        return None, located
    if len(raw) > MAX_FILE_BYTES:
        located.problems.append(Problem(rel, 1, 1, "", f"fichier trop gros ({len(raw) // 1000} Ko, au plus "
                                        f"{MAX_FILE_BYTES // 1000} Ko) — découpez-le en plusieurs fichiers"))
        return None, located
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.YAMLError as exc:
        located.problems.append(_yaml_problem(rel, exc, text))
        return None, located
    except RecursionError:
        located.problems.append(Problem(rel, 1, 1, "", _TOO_DEEP))
        return None, located
    if node is None:
        located.problems.append(Problem(rel, 1, 1, "", "fichier sans données — écrivez son contenu ou supprimez le fichier"))
        return None, located
    try:
        return located.build(node), located
    except _TooDeep as exc:
        located.problems.append(Problem(rel, exc.mark.line + 1, exc.mark.column + 1, "", _TOO_DEEP))
        return None, located


def _validate(model: type[BaseModel], value: Any, located: _Located, base: Path_) -> BaseModel | None:
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        errors = exc.errors()
        # « titr » instead of « titre » is one mistake: say « unknown key, did you mean titre? » once, and not
        # also « titre missing ».
        missing = {_clean_loc(e["loc"]) for e in errors if e["type"] == "missing"}
        explained: set[Path_] = set()
        for err in errors:
            if err["type"] == "extra_forbidden":
                where = _clean_loc(err["loc"])
                if not where or where[-1] != err["loc"][-1]:
                    continue
                near = difflib.get_close_matches(str(where[-1]), _field_names(model, where[:-1]), n=1, cutoff=0.5)
                if near and where[:-1] + (near[0],) in missing:
                    explained.add(where[:-1] + (near[0],))
        seen: set[tuple[Path_, str]] = set()
        for err in errors:
            inner = _clean_loc(err["loc"])
            if err["type"] == "extra_forbidden" and err["loc"] and (not inner or inner[-1] != err["loc"][-1]):
                inner = inner + (err["loc"][-1],)  # a key that looks like a union branch (« a[b] ») is still a key
            if err["type"] == "missing" and inner in explained:
                continue
            loc = base + inner
            message = _french(err, model, inner)
            if (loc, message) in seen:
                continue
            seen.add((loc, message))
            line, col = located.where(loc)
            located.problems.append(Problem(located.file, line, col, dotted(loc), message))
        return None


_ID_LINE = re.compile(r"""^[ \t-]*(id|sigle|numero):[ \t]*["']?([^\s"'#,}]+)""", re.MULTILINE)


def _ids_in_text(path: Path) -> set[str]:
    """Ids written in a file that could not be read as data: references to them are not reported again."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return {f"#{value}" if key == "numero" else value for key, value in _ID_LINE.findall(text)}


def load_site(data_dir: Path | str) -> SiteData:
    """Load and validate every data file; raise DataError listing every problem."""
    data_dir = Path(data_dir)
    root = data_dir.parent
    site = SiteData()
    problems: list[Problem] = []
    owners: dict[tuple[str, str], tuple[str, int]] = {}
    expected: set[Path] = set()
    positions: dict[str, _Located] = {}
    broken: set[str] = set()  # ids of items already reported as invalid: references to them are not reported again

    for coll in COLLECTIONS:
        for path in sorted(data_dir.glob(coll.pattern)):
            expected.add(path)
            rel = path.relative_to(root).as_posix()
            value, located = read_yaml(path, rel)
            problems.extend(located.problems)
            if value is None:
                broken.add(path.stem)
                broken.update(_ids_in_text(path))
                continue
            located.problems = []
            entries: list[tuple[Any, Path_]]
            if coll.many:
                if not isinstance(value, list):
                    problems.append(Problem(rel, 1, 1, "", "liste attendue — chaque élément commence par « - »"))
                    broken.update(_ids_in_text(path))
                    continue
                entries = [(v, (i,)) for i, v in enumerate(value)]
            else:
                entries = [(value, ())]
            for raw, base in entries:
                item = _validate(coll.model, raw, located, base)
                if item is None:
                    if isinstance(raw, dict):
                        broken.update(str(raw[k]) for k in ("id", "sigle") if isinstance(raw.get(k), (str, int)))
                        if isinstance(raw.get("numero"), int):
                            broken.add(f"#{raw['numero']}")
                    if coll.id_is_filename:
                        broken.add(path.stem)
                    continue
                key = str(getattr(item, "id", None) or getattr(item, "sigle", None) or getattr(item, "ancien"))
                line, col = located.where(base + ("id",) if hasattr(item, "id") else base)
                if coll.id_is_filename and key != path.stem:
                    broken.update((key, path.stem))
                    located.problems.append(Problem(rel, line, col, dotted(base + ("id",)),
                                                    f"l'id « {key} » diffère du nom du fichier « {path.stem} » — "
                                                    f"renommez le fichier en {key}.yml ou corrigez l'id"))
                    continue
                if (coll.name, key) in owners:
                    other, other_line = owners[(coll.name, key)]
                    located.problems.append(Problem(rel, line, col, dotted(base + ("id",)),
                                                    f"id « {key} » déjà utilisé ({other}:{other_line}) — choisissez un id unique"))
                    continue
                owners[(coll.name, key)] = (rel, line)
                getattr(site, coll.name)[key] = item
                site.files[(coll.name, key)] = (rel, base)
            problems.extend(located.problems)
            positions[rel] = located

    places = ", ".join(f"data/{c.pattern.removesuffix('*.yml')}" for c in COLLECTIONS)
    folders = {c.pattern.split("/")[0] for c in COLLECTIONS if "/" in c.pattern}
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and path not in expected and not path.name.startswith(".") \
                and path.suffix.lower() in (".yml", ".yaml"):
            rel = path.relative_to(root).as_posix()
            inside = path.parent.relative_to(data_dir).as_posix()
            if inside in folders and path.suffix != ".yml":
                message = f"extension « {path.suffix} » non lue — renommez le fichier en {path.stem}.yml"
            else:
                message = f"fichier à un endroit inattendu, il n'est pas lu — placez-le dans l'un de : {places}"
            problems.append(Problem(rel, 1, 1, "", message))

    problems.extend(_check_references(site, positions, broken))
    from .verif_docs import check_docs  # lazy: it imports this module
    problems.extend(check_docs(site, root, broken))
    if problems:
        raise DataError(problems)
    return site


def _ref_problem(site: SiteData, positions: dict[str, _Located], coll: str, key: str, path: Path_,
                 message: str) -> Problem:
    rel, base = site.files[(coll, key)]
    located = positions.get(rel)
    line, col = located.where(base + path) if located else (1, 1)
    return Problem(rel, line, col, dotted(base + path), message)


def _items(items: list[m.Item], path: Path_):
    for i, item in enumerate(items):
        yield item, path + (i,)
        yield from _items(item.sous_elements, path + (i, "sous_elements"))


def _check_references(site: SiteData, positions: dict[str, _Located],
                      broken: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
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
        if isinstance(obj, m.Source):
            need(obj.document in docs, coll, key, path + ("document",), "document", obj.document, docs)
        elif isinstance(obj, BaseModel):
            for name in type(obj).model_fields:
                sources(coll, key, getattr(obj, name), path + (name,))
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                sources(coll, key, v, path + (i,))

    numbers: dict[int, str] = {}
    for key, fiche in site.fiches.items():
        if fiche.numero in numbers:
            report("fiches", key, ("numero",),
                   f"numéro {fiche.numero} déjà pris par la fiche « {numbers[fiche.numero]} » — choisissez un autre numéro")
        numbers[fiche.numero] = key
        for i, ex in enumerate(fiche.exemples):
            need(ex in temoignages, "fiches", key, ("exemples", i), "témoignage", ex, temoignages)
        for i, comp in enumerate(fiche.en_complement):
            if comp.temoignage:
                need(comp.temoignage in temoignages, "fiches", key, ("en_complement", i, "temoignage"),
                     "témoignage", comp.temoignage, temoignages)
        for name in type(fiche).model_fields:
            section = getattr(fiche, name)
            if isinstance(section, m.Section):
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
                    report(coll, key, ("references", i),
                           f"référence n° {n} introuvable — les références de la HAS vont de 1 à {max(has_numbers)}")
    targets = {"fiche": fiches, "principe": set(site.principes), "raison": set(site.raisons),
               "page": set(site.pages) | {"accueil"}}
    for key, twin in site.falc.items():
        need(twin.cible in targets[twin.type], "falc", key, ("cible",), twin.type, twin.cible, targets[twin.type])
    def no_blanks(coll: str, key: str, obj: Any, path: Path_) -> None:
        # Sheets fill the mission-sheet template: « [[…]] » there would read as an undeclared blank.
        if isinstance(obj, str):
            if "[[" in obj or "]]" in obj:
                report(coll, key, path, "« [[ » et « ]] » sont réservés aux blancs des modèles — "
                                        "écrivez un seul crochet ou retirez-les")
        elif isinstance(obj, BaseModel):
            for name in type(obj).model_fields:
                no_blanks(coll, key, getattr(obj, name), path + (name,))
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                no_blanks(coll, key, v, path + (i,))

    for key, fiche in site.fiches.items():
        no_blanks("fiches", key, fiche, ())
    for key, ref in site.references.items():
        need(ref.document in docs, "references", key, ("document",), "document", ref.document, docs)
    for coll in ("fiches", "temoignages", "principes", "raisons", "pages", "lexique", "ateliers"):
        for key, item in getattr(site, coll).items():
            sources(coll, key, item, ())
    principes = set(site.principes)
    for key, modele in site.modeles.items():
        sources("modeles", key, modele, ())
        for i, f in enumerate(modele.fiches):
            need(f in fiches, "modeles", key, ("fiches", i), "fiche", f, fiches)
        for i, p in enumerate(modele.principes):
            need(p in principes, "modeles", key, ("principes", i), "principe", p, principes)
    return problems
