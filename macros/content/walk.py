"""One walk over the content: every value inside a model, with its path (field names and list indexes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

Path_ = tuple[str | int, ...]


def walk(obj: Any, path: Path_ = ()) -> Iterator[tuple[Any, Path_]]:
    """Yield (value, path) for `obj` and everything inside it, depth first, in field order."""
    yield obj, path
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from walk(getattr(obj, name), (*path, name))
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from walk(value, (*path, i))
