"""pydantic's validation errors, told in French at the line and column where they are."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import content as c
from .problems import Path_, Problem, dotted
from .schemas import field_help
from .yaml_source import TOO_DEEP, Located


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


_NUMBER = "nombre entier attendu — écrivez un nombre sans guillemets (ex. 3)"
_GROUP = "groupe de champs attendu — écrivez des lignes « clé: valeur » indentées sous cette clé"
# Errors told by their kind alone.
_BY_KIND = {
    "int_type": _NUMBER,
    "int_parsing": _NUMBER,
    "int_from_float": _NUMBER,
    "int_parsing_size": _NUMBER,
    "finite_number": _NUMBER,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "bool_type": "vrai/faux attendu — écrivez true ou false",
    "bool_parsing": "vrai/faux attendu — écrivez true ou false",
    "list_type": "liste attendue — écrivez une puce « - » par élément",
    "model_type": _GROUP,
    "dict_type": _GROUP,
    "model_attributes_type": _GROUP,
    "string_too_short": "texte vide — écrivez le texte ou supprimez la clé",
    "too_short": "liste vide — ajoutez au moins un élément",
}


def _missing(model: type[BaseModel], loc: Path_) -> str:
    name = loc[-1] if loc else ""
    owner = _inner_model_at(model, loc[:-1])
    what = field_help(owner, str(name)) if owner is not None else _inner_field(model, loc)
    return f"champ « {name} » manquant — ajoutez-le{f' : {what}' if what else ''}"


def _unknown_key(err: dict[str, Any], model: type[BaseModel], loc: Path_) -> str:
    name = err["loc"][-1] if err.get("loc") else (loc[-1] if loc else "")  # the key as written, even « en_complem[ent »
    if not loc or loc[-1] != name:
        loc = loc + (name,)
    valid = _field_names(model, loc[:-1])
    near = difflib.get_close_matches(str(name), valid, n=1, cutoff=0.5)
    if near:
        return f"clé inconnue « {name} » — vouliez-vous écrire « {near[0]} » ?"
    return f"clé inconnue « {name} » — clés permises : {', '.join(valid)}"


def _text_expected(err: dict[str, Any]) -> str:
    if isinstance(err.get("input"), (dict, list)):
        return (
            "texte attendu, mais YAML lit ici un groupe ou une liste (« { », « [ », « - » ou « clé: ») — "
            "mettez le texte entre guillemets doubles"
        )
    return "texte attendu — écrivez un texte (entre guillemets doubles si besoin)"


def _not_permitted(err: dict[str, Any]) -> str:
    expected = str((err.get("ctx") or {}).get("expected", "")).replace(" or ", " ou ")
    return f"valeur non permise « {err.get('input')} » — choisissez parmi : {expected}"


def _bad_format(err: dict[str, Any]) -> str:
    """A text that does not follow its pattern: an id, a date, a site address."""
    pattern = str((err.get("ctx") or {}).get("pattern", ""))
    if pattern == c.SLUG:
        return "identifiant invalide — utilisez des minuscules sans accent, des chiffres et des tirets (ex. pair-aidance)"
    if "\\d{4}" in pattern:
        return 'date invalide — écrivez-la AAAA-MM-JJ, entre guillemets (ex. "2023-07-13")'
    if "/" in pattern:
        return (
            "adresse invalide — sans le domaine, en minuscules, chiffres, tirets et « / », "
            "terminée par « / » (ex. fiches/pair-aidance/)"
        )
    return "format invalide — vérifiez l'écriture de cette valeur (voir la description du champ)"


def _text_too_long(err: dict[str, Any]) -> str:
    given = err.get("input")
    limit = int((err.get("ctx") or {}).get("max_length") or 0)
    if limit in c.LIMIT_REASONS:  # a bound that a layout or a file name sets: say which
        what, why = c.LIMIT_REASONS[limit]
        return f"{what} trop long ({len(str(given))} caractères, au plus {limit}) : {why} — raccourcissez-le"
    if limit >= 1000:
        return (
            f"texte trop long ({len(str(given))} caractères, au plus {limit}) — coupez-le en plusieurs "
            "éléments (paragraphes ou puces)"
        )
    return f"texte trop long ({len(str(given))} caractères, au plus {limit}) — raccourcissez-le"


def _list_too_long(err: dict[str, Any]) -> str:
    return f"liste trop longue (au plus {(err.get('ctx') or {}).get('max_length')} éléments) — supprimez des éléments"


def _too_small(err: dict[str, Any]) -> str:
    ctx = err.get("ctx") or {}
    return f"nombre trop petit — il doit valoir au moins {ctx.get('ge', ctx.get('gt'))}"


def _too_big(err: dict[str, Any]) -> str:
    ctx = err.get("ctx") or {}
    return f"nombre trop grand — il doit valoir au plus {ctx.get('le', ctx.get('lt'))}"


def _value_error(err: dict[str, Any]) -> str:
    """Our own validators' messages, already in French."""
    return str((err.get("ctx") or {}).get("error", err["msg"])).removeprefix("Value error, ")


# Errors told from their value or their limits.
_EXPLAINED: dict[str, Callable[[dict[str, Any]], str]] = {
    "string_type": _text_expected,
    "str_type": _text_expected,
    "literal_error": _not_permitted,
    "enum": _not_permitted,
    "string_pattern_mismatch": _bad_format,
    "string_too_long": _text_too_long,
    "too_long": _list_too_long,
    "greater_than_equal": _too_small,
    "greater_than": _too_small,
    "less_than_equal": _too_big,
    "less_than": _too_big,
    "value_error": _value_error,
}


def _french(err: dict[str, Any], model: type[BaseModel], loc: Path_) -> str:
    kind = err["type"]
    if kind == "missing":
        return _missing(model, loc)
    if err.get("input") is None and kind not in ("none_required",):
        return "valeur vide — écrivez une valeur après « : » (ou le texte après « - »), ou supprimez la ligne"
    if kind == "recursion_loop":
        return TOO_DEEP
    if kind == "extra_forbidden":
        return _unknown_key(err, model, loc)
    if kind in _BY_KIND:
        return _BY_KIND[kind]
    if kind in _EXPLAINED:
        return _EXPLAINED[kind](err)
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


def validate(model: type[BaseModel], value: Any, located: Located, base: Path_) -> BaseModel | None:
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
            found = (err.get("ctx") or {}).get("error")
            if isinstance(found, c.FieldProblem):  # a model's own check that names the field at fault
                inner = inner + found.path
            loc = base + inner
            message = _french(dict(err), model, inner)
            if (loc, message) in seen:
                continue
            seen.add((loc, message))
            line, col = located.where(loc)
            located.problems.append(Problem(located.file, line, col, dotted(loc), message))
        return None
