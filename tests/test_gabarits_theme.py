"""The theme's templates (overrides/) render under any engine of the Jinja family: MkDocs' Jinja2 today, Zensical's
MiniJinja tomorrow (Material's fixes stop on 2027-05-05). MiniJinja has no Python methods on values
(`x.endswith(…)`, `list.append(…)`), sees no macro namespace a template did not import itself, and Zensical's page
has no `is_homepage`. No build: the templates are parsed, then rendered by both engines on a page shaped as
Zensical gives it, with stand-ins for the few Material templates they extend or include.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import lxml.html
import pytest
from bs4 import BeautifulSoup
from jinja2 import nodes

from macros.site.addresses import theme_addresses
from tests.conftest import found

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = ROOT / "overrides"
TEMPLATES = sorted(p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*.html"))

# What Zensical (crates/zensical/src/structure/page.rs, nav.rs) gives a template of the page and of the navigation.
ZENSICAL_PAGE = {"url", "canonical_url", "edit_url", "title", "meta", "path", "content", "toc", "search"}
ZENSICAL_PAGE |= {"ancestors", "previous_page", "next_page"}
ZENSICAL_NAV = {"items", "homepage"}
# MkDocs' navigation also lists its pages: the breadcrumb of a page outside the menu reads it; under Zensical that
# breadcrumb is « Accueil › this page » (an undefined value is an empty list there).
MKDOCS_ONLY_NAV = {"pages"}


def _source(name: str) -> str:
    return (OVERRIDES / name).read_text(encoding="utf-8")


def _imports(tree: nodes.Template) -> set[str]:
    return {n.target for n in tree.find_all(nodes.Import)} | {
        alias if isinstance(alias, str) else alias[1] for n in tree.find_all(nodes.FromImport) for alias in n.names
    }


def _attributes_of(tree: nodes.Template, name: str) -> Iterator[str]:
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name == name:
            yield node.attr


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_python_method_and_every_macro_imported(name: str) -> None:
    """A call is a macro's (a name, or a macro of a namespace this template imports), never a method of a value."""
    tree = jinja2.Environment().parse(_source(name))
    imported = _imports(tree)
    wrong = []
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Getattr):
            base = call.node.node
            if not (isinstance(base, nodes.Name) and base.name in imported):
                what = base.name if isinstance(base, nodes.Name) else type(base).__name__
                wrong.append(f"line {call.lineno}: {what}.{call.node.attr}(…)")
    assert not wrong, f"{name}: méthode Python ou espace de macros non importé : {wrong}"


@pytest.mark.parametrize("name", TEMPLATES)
def test_only_what_zensical_gives_of_the_page(name: str) -> None:
    tree = jinja2.Environment().parse(_source(name))
    assert set(_attributes_of(tree, "page")) <= ZENSICAL_PAGE, name
    assert set(_attributes_of(tree, "nav")) <= ZENSICAL_NAV | MKDOCS_ONLY_NAV, name


def test_the_checks_fail_on_what_minijinja_refuses() -> None:
    """The walks above see each thing the first port to Zensical stumbled on (issue 21)."""
    env = jinja2.Environment()
    for text in ['{{ lang.t("toc") }}', '{% if x.endswith("/") %}{% endif %}', "{% set _ = l.append(1) %}"]:
        tree = env.parse(text)
        calls = [c for c in tree.find_all(nodes.Call) if isinstance(c.node, nodes.Getattr)]
        assert calls and not _imports(tree), text
    assert "is_homepage" not in ZENSICAL_PAGE
    assert set(_attributes_of(env.parse("{{ page.is_homepage }}"), "page")) - ZENSICAL_PAGE


# Stand-ins for Material's templates that ours extend or include: its blocks, in its order, and empty partials.
BASE = """{% set features = config.theme.features or [] %}<!doctype html>
<html lang="fr"><head>{% block site_meta %}{% endblock %}{% block htmltitle %}{% endblock %}
{% block extrahead %}{% endblock %}</head><body>{% block header %}{% include "partials/header.html" %}{% endblock %}
{% block site_nav %}<nav>menu latéral</nav>{% endblock %}
<main>{% block content %}<article>{{ page.content }}</article>{% endblock %}</main>
{% block footer %}{% include "partials/footer.html" %}{% endblock %}{% block scripts %}{% endblock %}</body></html>"""
STAND_INS = {
    "base.html": BASE,
    "partials/language.html": '{% macro t(key) %}{{ {"footer": "Pied de page", "footer.previous": "Précédent", '
    '"footer.next": "Suivant"}[key] }}{% endmacro %}',
    "partials/palette.html": "",
    "partials/javascripts/palette.html": "",
    "partials/social.html": "",
    ".icons/material/account-group.svg": "<svg></svg>",
    ".icons/material/format-size.svg": "<svg></svg>",
    ".icons/material/magnify.svg": "<svg></svg>",
    ".icons/material/arrow-left.svg": "<svg></svg>",
    ".icons/material/arrow-right.svg": "<svg></svg>",
}


def _loader(name: str) -> str | None:
    if name in STAND_INS:
        return STAND_INS[name]
    path = OVERRIDES / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _url(value: Any) -> str:  # MkDocs' and Zensical's « url » filter, for a page at the site's root
    return "/" + str(value)


def _context(url: str, title: str, **meta: Any) -> dict[str, Any]:
    """A page as Zensical gives it (its fields only: no is_homepage, no is_page…), in the menu's section
    « Fiches-missions » unless it is easy to read."""
    section = {"title": "Fiches-missions", "children": [{"url": "fiches/", "is_index": True, "title": "Les fiches"}]}
    home = {"url": "", "title": "Accueil", "is_index": True}
    return {
        "page": {
            "url": url,
            "title": title,
            "canonical_url": "https://exemple.org/" + url,
            "meta": {"title": title, "up_url": "https://exemple.org/" + url, "up_qr": "qr.svg", **meta},
            "content": "<h1>" + title + "</h1><p>Le texte.</p>",
            "ancestors": [] if meta.get("up_falc") else [section],
            "previous_page": {"url": "fiches/", "title": "Les fiches"},
            "next_page": None,
            "toc": [],
        },
        "nav": {"homepage": home, "items": [home, section]},
        "base_url": "..",
        "config": {
            "site_name": "Usagers partenaires en santé",
            "site_url": "https://exemple.org/",
            "site_description": "Le site",
            "copyright": "Textes : leurs auteurs",
            "repo_url": "https://exemple.org/depot",
            "theme": {"favicon": "assets/icone.svg", "features": ["navigation.footer"], "icon": {}},
            "extra": {
                "contact_email": "redaction@exemple.org",
                "up_version": "1.0",
                "up_reglages": {"champs": "taille police", "cle": "up-reglages"},
                "up_adresses": theme_addresses(),  # the registry's (site/addresses.py)
                "up_menu": [{"titre": "Accueil", "lien": ""}, {"titre": "Fiches-missions", "lien": "fiches/"}],
            },
        },
    }


def _outside_the_menu() -> dict[str, Any]:
    """A testimonies' page outside the menu: MkDocs' nav.pages gives its breadcrumb (the pages its address begins
    with, shortest first)."""
    context = _context("temoignages/profil-proche-aidant/", "Témoignages — Proches aidants")
    context["page"]["ancestors"] = []
    pages = [("temoignages/profil-proche-aidant/", "Proches"), ("temoignages/", "Témoignages"), ("", "Accueil")]
    context["nav"]["pages"] = [{"url": url, "title": title} for url, title in pages]
    return context


PAGES = {
    "hors-menu": _outside_the_menu(),
    "fiche": _context(
        "fiches/pair-aidance/",
        "Fiche 3 : Pair-aidance",
        up_recherche={"type": "Fiche-mission", "poids": None, "motscles": "pair ; aidant"},
        up_modifier={"modifier": "https://exemple.org/m", "quoi": "le fichier", "source": "data/fiches/p.yml"},
    ),
    "falc": _context(
        "fiches/pair-aidance/facile-a-lire/", "La pair-aidance", up_falc=True, up_recherche={"type": "Facile à lire"}
    ),
}


def _jinja2(name: str, context: dict[str, Any]) -> str:
    env = jinja2.Environment(loader=jinja2.FunctionLoader(_loader))
    env.filters["url"] = _url
    return env.get_template(name).render(**context)


def _minijinja() -> Any:
    if importlib.util.find_spec("minijinja") is None:
        pytest.skip("le paquet minijinja n'est pas installé (make install l'installe)")
    import minijinja

    # As Zensical sets it up (crates/zensical/src/template.rs): no Python methods (pycompat), no autoescape, the
    # « url » and « striptags » filters of its own.
    env = minijinja.Environment(loader=_loader, pycompat=False, auto_escape_callback=lambda name: False)
    env.add_filter("url", _url)
    env.add_filter("striptags", lambda value: lxml.html.fragment_fromstring(str(value), create_parent=True).text_content())
    return env


@pytest.mark.parametrize("name", TEMPLATES)
def test_minijinja_compiles_every_template(name: str) -> None:
    env = _minijinja()
    env.add_template(name, _source(name))  # a syntax MiniJinja does not know fails here


def _shown(html: str) -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    """What a reader and a browser get of a page: its elements, attributes and texts, whitespace aside (the two
    engines escape « / » differently: &#x2f; and /, the same character)."""
    tree = lxml.html.document_fromstring(html)
    return [
        (str(e.tag), tuple(sorted(e.attrib.items())), " ".join(((e.text or "") + " " + (e.tail or "")).split()))
        for e in tree.iter()
        if isinstance(e.tag, str)
    ]


@pytest.mark.parametrize("which", sorted(PAGES))
@pytest.mark.parametrize("template", ["main.html", "404.html"])
def test_both_engines_render_the_same_page(template: str, which: str) -> None:
    context = PAGES[which]
    by_jinja2 = _jinja2(template, context)
    by_minijinja = _minijinja().render_template(template, **context)
    assert _shown(by_minijinja) == _shown(by_jinja2)


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def _crumbs(page: BeautifulSoup) -> list[str]:
    return [" ".join(li.get_text().split()) for li in page.select("nav.up-ariane li")]


def test_what_a_reader_gets_under_minijinja() -> None:
    env = _minijinja()
    fiche = _soup(env.render_template("main.html", **PAGES["fiche"]))
    assert _crumbs(fiche) == ["Accueil", "Fiches-missions", "Fiche 3 : Pair-aidance"]
    assert [a.get_text() for a in fiche.select(".up-menu a[aria-current]")] == ["Fiches-missions"]  # where one is
    assert str(found(fiche.select_one('meta[property="og:image"]'))["content"]).endswith("/fiche.png")
    assert "Précédent" in found(fiche.select_one("footer .md-footer__direction")).get_text()  # lang.t, imported
    assert not fiche.find(string="menu latéral")  # no side menu
    falc = _soup(env.render_template("main.html", **PAGES["falc"]))
    assert _crumbs(falc) == ["Facile à lire", "La pair-aidance"]
    assert str(found(falc.select_one('meta[property="og:image"]'))["content"]).endswith("/falc.png")
    assert _crumbs(_soup(env.render_template("main.html", **PAGES["hors-menu"]))) == [
        "Accueil",
        "Témoignages",
        "Témoignages — Proches aidants",
    ]
    home = _soup(env.render_template("main.html", **_context("", "Accueil")))
    assert not home.select("nav.up-ariane")  # no breadcrumb on the home page
    assert str(found(home.select_one('meta[property="og:type"]'))["content"]) == "website"
    assert found(home.title).get_text() == "Accueil - Usagers partenaires en santé"
