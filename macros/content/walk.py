"""One walk over the content: every value inside a model, with its path (field names and list indexes); and every
reference to another item, found by the `Ref` its field's type carries (e.g. `Annotated[Slug, Ref("fiches")]`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Ref:
    """On a field's type: its value is the id of an item of this collection (data/<collection>/)."""

    collection: str


def walk(obj: Any, path: Path_ = ()) -> Iterator[tuple[Any, Path_]]:
    """Yield (value, path) for `obj` and everything inside it, depth first, in field order."""
    yield obj, path
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from walk(getattr(obj, name), (*path, name))
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from walk(value, (*path, i))


def _ref_in(annotation: Any) -> Ref | None:
    """The Ref an annotation carries, itself or inside Optional[…] / list[…]."""
    if get_origin(annotation) is Annotated:
        found = next((m for m in annotation.__metadata__ if isinstance(m, Ref)), None)
        return found or _ref_in(get_args(annotation)[0])
    return next((r for r in map(_ref_in, get_args(annotation)) if r), None)


@cache
def ref_fields(model: type[BaseModel]) -> dict[str, Ref]:
    """The fields of a model that name an item of another collection."""
    out = {}
    for name, info in model.model_fields.items():
        ref = next((m for m in info.metadata if isinstance(m, Ref)), None) or _ref_in(info.annotation)
        if ref:
            out[name] = ref
    return out


def references(obj: Any, path: Path_ = ()) -> Iterator[tuple[str, str, Path_]]:
    """Yield (collection, id, path) for every reference inside `obj`, in the order of the walk."""
    for value, where in walk(obj, path):
        if isinstance(value, BaseModel):
            for name, ref in ref_fields(type(value)).items():
                named = getattr(value, name)
                if isinstance(named, list):
                    yield from ((ref.collection, v, (*where, name, i)) for i, v in enumerate(named))
                elif named is not None:
                    yield ref.collection, named, (*where, name)
