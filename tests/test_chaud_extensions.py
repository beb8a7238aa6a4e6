"""Every Markdown extension mkdocs.yml loads is used by a page: each one runs on every block or every page of a
build (« admonition », which no page used, tested every block of every page), so one that no page needs only
costs time. Taking any of them away changes what some page becomes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown

from macros.site.generate import Options, generate_project, project_config

ROOT = Path(__file__).resolve().parents[1]


def _extensions(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            ((name, options),) = entry.items()
            found[name] = dict(options or {})
        else:
            found[str(entry)] = {}
    return found


def _html(pages: list[str], extensions: dict[str, dict[str, Any]]) -> list[str]:
    md = markdown.Markdown(extensions=list(extensions), extension_configs=extensions)
    out = []
    for text in pages:
        md.reset()
        out.append(md.convert(text))
    return out


def test_every_markdown_extension_of_mkdocs_yml_is_used_by_a_page() -> None:
    config = project_config(ROOT)
    made = generate_project(config, Options(pdf=False))
    pages = [text.split("\n---\n", 1)[-1] for text in made.staged_pages(config.raw).values()]
    extensions = _extensions(config.raw)
    assert extensions, "mkdocs.yml ne déclare aucune extension Markdown"
    everything = _html(pages, extensions)
    unused = [name for name in extensions if _html(pages, {k: v for k, v in extensions.items() if k != name}) == everything]
    assert not unused, f"extensions Markdown dont aucune page ne se sert (à retirer de mkdocs.yml) : {unused}"
