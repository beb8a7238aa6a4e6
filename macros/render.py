"""Thin rendering functions: pick a template, pass it the models.

Templates live in overrides/partials/up/. Every value printed with {{ }} is escaped for Markdown and
HTML (see `escape`), unless it is the output of one of our own templates or macros (Markup). Text
from YAML is therefore never evaluated as Jinja and never reaches a page as raw HTML.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parent.parent / "overrides" / "partials" / "up"

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "{": "&#123;", "}": "&#125;"})
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre"]


def escape(value: Any) -> str:
    """Escape text for Markdown with HTML inside: no tags, no entities, no attribute lists."""
    return str(value).translate(_ESCAPES)


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    return value if isinstance(value, Markup) else Markup(escape(value))


def date_fr(value: str) -> str:
    """'2020-02-04' → '4 février 2020'; 'AAAA' and 'AAAA-MM' are shortened the same way."""
    parts = value.split("-")
    if len(parts) == 3:
        day = int(parts[2])
        return f"{'1er' if day == 1 else day} {MOIS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MOIS[int(parts[1]) - 1]} {parts[0]}"
    return value


def sort_key(value: str) -> str:
    """Alphabetical key that ignores accents and case (É sorts with E)."""

    return "".join(c for c in unicodedata.normalize("NFD", value.casefold()) if not unicodedata.combining(c))


def oneline(value: str) -> str:
    return " ".join(value.split())


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, finalize=_finalize,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(date_fr=date_fr, oneline=oneline, profil_label=lambda key, labels: labels[key])
    return env


_ENV = _environment()


def render(template: str, **context: Any) -> Markup:
    return Markup(_ENV.get_template(template).render(**context))
