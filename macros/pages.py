"""Pages made from data: one Markdown page per item, and their place in the navigation.

Each generated page only calls a macro with an id; the macro renders the item through a template.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from . import models as m
from .loader import SiteData
from .documents import entrees as modeles_entrees

FALC_NAME = "facile-a-lire"
# Hand-written pages (docs/) that show a data page: data id → source path of the page.
PAGE_SOURCES = {"accueil": "index.md", "partenariat": "partenariat.md", "principes-introduction": "principes/index.md",
                "raisons-introduction": "raisons/index.md", "introduction": "introduction.md",
                "conclusion": "conclusion.md", "methodologie": "methodologie.md"}
PROFILS = {"patient": "Patients partenaires", "proche-aidant": "Proches aidants partenaires",
           "professionnel": "Professionnels", "representant-usagers": "Représentants des usagers",
           "chercheur": "Chercheurs"}
# A menu longer than this is no help to a reader, and repeating it on every page makes the site grow with the
# square of its content: past this many pages, a section's menu shows only its index page, which lists them all.
MENU_MAX = 30


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # source path inside docs/, e.g. "fiches/pair-aidance/index.md"
    title: str
    markdown: str
    in_nav: bool = True


def _page(path: str, title: str, macro: str, args: str, edit: str, in_nav: bool = True) -> GeneratedPage:
    # Arguments are validated ids (^[a-z0-9-]+$), so they are safe inside the Jinja call.
    front = f"---\ntitle: {_yaml_str(title)}\nrender_macros: true\nsource_donnees: {edit}\n---\n\n"
    return GeneratedPage(path, title, front + f"{{{{ {macro}({args}) }}}}\n", in_nav)


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def original_path(twin: m.Falc) -> str:
    """Source path of the page a FALC text is the twin of."""
    if twin.type == "page":
        return PAGE_SOURCES.get(twin.cible, f"{twin.cible}.md")
    return f"{twin.type}s/{twin.cible}/index.md"


def falc_path(twin: m.Falc) -> str:
    """Source path of the twin: beside its original, under the original's URL (…/facile-a-lire/)."""
    original = original_path(twin)
    folder = original.removesuffix("index.md") if original.endswith("index.md") else original.removesuffix(".md") + "/"
    return f"{folder}{FALC_NAME}.md"


def twin_of(site: SiteData, src_uri: str) -> tuple[str, str] | None:
    """For a page's source path, the link to its twin (from the docs root) and the link text, if it has one."""
    for twin in site.falc.values():
        original, path = original_path(twin), falc_path(twin)
        if src_uri == original:
            return ("/" + path, "Lire la version facile à lire et à comprendre (FALC)")
        if src_uri == path:
            return ("/" + original, "Lire la version complète de cette page")
    return None


def generated_pages(site: SiteData) -> list[GeneratedPage]:
    out = []
    for fiche in site.fiches_in_order():
        out.append(_page(f"fiches/{fiche.id}/index.md", f"Fiche {fiche.numero} : {fiche.titre}", "fiche_page",
                         f'"{fiche.id}"', site.files[("fiches", fiche.id)][0]))
    for p in sorted(site.principes.values(), key=lambda p: p.numero):
        out.append(_page(f"principes/{p.id}/index.md", f"{p.numero} {p.titre}", "principe_page", f'"{p.id}"',
                         site.files[("principes", p.id)][0]))
    for r in sorted(site.raisons.values(), key=lambda r: r.numero):
        out.append(_page(f"raisons/{r.id}/index.md", f"{r.numero} {r.titre}", "raison_page", f'"{r.id}"',
                         site.files[("raisons", r.id)][0]))
    for a in sorted(site.ateliers.values(), key=lambda a: a.date):
        out.append(_page(f"ateliers/{a.id}/index.md", a.titre, "atelier_page", f'"{a.id}"',
                         site.files[("ateliers", a.id)][0]))
    for fiche in site.fiches_in_order():
        out.append(_page(f"temoignages/fiche-{fiche.id}.md", f"Témoignages — fiche {fiche.numero} : {fiche.titre}",
                         "temoignages_liste", f'fiche="{fiche.id}"', "data/temoignages", in_nav=False))
    for profil, label in PROFILS.items():
        out.append(_page(f"temoignages/profil-{profil}.md", f"Témoignages — {label}", "temoignages_liste",
                         f'profil="{profil}"', "data/temoignages", in_nav=False))
    for twin in sorted(site.falc.values(), key=lambda t: t.id):
        out.append(_page(falc_path(twin), f"{twin.titre} (facile à lire)", "falc_page", f'"{twin.id}"',
                         site.files[("falc", twin.id)][0], in_nav=False))
    for e in modeles_entrees(site):
        out.append(_page(f"modeles/{e.modele.id}/index.md", e.modele.titre, "modele_page", f'"{e.modele.id}"', e.fichier))
    return _bound_menus(out)


def _bound_menus(generated: list[GeneratedPage]) -> list[GeneratedPage]:
    """Keep out of the menu the pages of a section that has more than MENU_MAX of them."""
    counts: dict[str, int] = {}
    for page in generated:
        if page.in_nav:
            counts[_folder(page)] = counts.get(_folder(page), 0) + 1
    return [replace(p, in_nav=False) if p.in_nav and counts[_folder(p)] > MENU_MAX else p for p in generated]


def _folder(page: GeneratedPage) -> str:
    return page.path.split("/", 1)[0]


def extend_nav(nav: list[Any], site: SiteData) -> list[Any]:
    """Append the generated pages to the nav section whose index is `<folder>/index.md`."""
    by_folder: dict[str, list[GeneratedPage]] = {}
    for page in generated_pages(site):
        if page.in_nav:
            by_folder.setdefault(_folder(page), []).append(page)

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
