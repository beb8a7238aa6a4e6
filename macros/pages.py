"""Pages made from data: one Markdown page per item, and their place in the navigation.

Each generated page only calls a macro with an id; the macro renders the item through a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .loader import SiteData


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # source path inside docs/, e.g. "fiches/pair-aidance/index.md"
    title: str
    markdown: str


def _page(path: str, title: str, macro: str, ident: str, edit: str) -> GeneratedPage:
    # The id matches ^[a-z0-9-]+$ (validated), so it is safe inside the Jinja call.
    front = f"---\ntitle: {_yaml_str(title)}\nrender_macros: true\nsource_donnees: {edit}\n---\n\n"
    return GeneratedPage(path, title, front + f'{{{{ {macro}("{ident}") }}}}\n')


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generated_pages(site: SiteData) -> list[GeneratedPage]:
    out = []
    for fiche in site.fiches_in_order():
        out.append(_page(f"fiches/{fiche.id}/index.md", f"Fiche {fiche.numero} : {fiche.titre}", "fiche_page",
                         fiche.id, site.files[("fiches", fiche.id)][0]))
    return out


def extend_nav(nav: list[Any], site: SiteData) -> list[Any]:
    """Append the generated pages to the nav section whose index is `<folder>/index.md`."""
    by_folder: dict[str, list[GeneratedPage]] = {}
    for page in generated_pages(site):
        by_folder.setdefault(page.path.split("/", 1)[0], []).append(page)

    def walk(entries: list[Any]) -> list[Any]:
        result = []
        for entry in entries:
            if isinstance(entry, dict):
                entry = {k: walk(v) if isinstance(v, list) else v for k, v in entry.items()}
            result.append(entry)
        for entry in entries:
            if isinstance(entry, str) and entry.endswith("/index.md"):
                folder = entry.split("/", 1)[0]
                result.extend({p.title: p.path} for p in by_folder.get(folder, []))
        return result

    return walk(nav)
