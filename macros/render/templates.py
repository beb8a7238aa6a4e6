"""Thin rendering functions: pick a template, pass it the models.

Templates live in macros/templates/ (the theme's own overrides stay in overrides/). Every value printed with {{ }} is escaped for Markdown and
HTML (see `escape`), unless it is the output of one of our own templates or macros (Markup). Text
from YAML is therefore never evaluated as Jinja and never reaches a page as raw HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..content import EDITORIAL_NOTE
from ..content.kinds import fiche_title
from ..text.french import date_fr, in_words, oneline

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Compiled templates kept between builds (Jinja checks each one against its source): `.cache/jinja/`.
COMPILED = TEMPLATES.parent.parent / ".cache" / "jinja"

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "{": "&#123;", "}": "&#125;"})


def escape(value: Any) -> str:
    """Escape text for Markdown with HTML inside: no tags, no entities, no attribute lists."""
    return str(value).translate(_ESCAPES)


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    return value if isinstance(value, Markup) else Markup(escape(value))


def compiled_cache(folder: Path) -> FileSystemBytecodeCache | None:
    """Jinja's own cache of compiled templates in `folder`, or None where it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=compiled_cache(COMPILED),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(editorial_note=EDITORIAL_NOTE, fiche_title=fiche_title)
    env.filters.update(date_fr=date_fr, oneline=oneline, profil_label=lambda key, labels: labels[key], in_words=in_words)
    return env


_ENV = _environment()


def render(template: str, **context: Any) -> Markup:
    return Markup(_ENV.get_template(template).render(**context))
