"""Every text field of every collection, given hostile strings: refused by the check with a French message at the
field's file:line, or inert in the pages (rendered views, parsed with lxml: no element, attribute or comment that
the templates did not put there).

Unit level: no build. A field is changed in the data as read from its file (with its positions), validated as
`make check` validates it, and, when accepted, every page made from the data is rendered by the views and turned
into HTML by Markdown with the site's extensions (mkdocs.yml). The text fields are found by walking the pydantic
models of the collections (no list kept by hand).
"""

from __future__ import annotations

import copy
import re
import types
import typing
from dataclasses import replace
from functools import cache
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree, html
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from macros import content as c
from macros.content.walk import walk
from macros.data.collections import COLLECTIONS, Collection, SiteData
from macros.data.docs_check import get_data
from macros.data.loader import load_site
from macros.data.messages import validate
from macros.data.yaml_source import Located, read_yaml
from tests.conftest import ROOT, examples, markdown_extensions

# --- the text fields, from the models ---------------------------------------------------------------------


def _leaves(annotation: Any, metadata: tuple[Any, ...] = (), depth: int = 0) -> list[tuple[Any, tuple[Any, ...], int]]:
    """What an annotation may hold: (type, metadata of its Annotated layers, how many lists around it)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *meta = typing.get_args(annotation)
        flat = [x for m in meta for x in ([m, *m.metadata] if isinstance(m, FieldInfo) else [m])]
        return _leaves(inner, (*metadata, *flat), depth)
    if origin in (typing.Union, types.UnionType):
        return [leaf for a in typing.get_args(annotation) for leaf in _leaves(a, metadata, depth)]
    if origin is list:
        return _leaves(typing.get_args(annotation)[0], metadata, depth + 1)
    return [(annotation, metadata, depth)]


def _text_depth(info: Any) -> int | None:
    """How many lists hold the free text of a field (0: the field is a text), or None if it holds none (a number,
    an id, a date, an address, a choice…)."""
    if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("pattern"):
        return None  # a form checked by its own validator, given to editors as a pattern (the redirects' addresses)
    for kind, metadata, depth in _leaves(info.annotation, tuple(info.metadata)):
        patterned = any(getattr(m, "pattern", None) for m in metadata)
        if kind is str and not patterned and not any(getattr(m, "func", None) is c.check_url for m in metadata):
            return depth
    return None


def _models(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[type[BaseModel]]:
    """`model` and every model inside it."""
    seen = set() if seen is None else seen
    if model not in seen:
        seen.add(model)
        for info in model.model_fields.values():
            for kind, _, _ in _leaves(info.annotation):
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    _models(kind, seen)
    return seen


def text_fields() -> set[tuple[str, str]]:
    """(model, field) for every free-text field of every model of every collection."""
    return {
        (model.__name__, name)
        for coll in COLLECTIONS
        for model in _models(coll.model)
        for name, info in model.model_fields.items()
        if _text_depth(info) is not None
    }


class Place(typing.NamedTuple):
    """Where a field is tried: an item of a data file, the path inside it, how many lists to wrap the value in
    (a list of texts that the data leaves empty)."""

    coll: Collection
    rel: str  # the data file
    base: tuple[str | int, ...]  # the item inside the file (a list file) or ()
    path: tuple[str | int, ...]  # the field inside the item
    wrap: int = 0

    def __str__(self) -> str:
        return f"{self.rel}:{'.'.join(map(str, self.base + self.path))}"


@cache
def _read(rel: str) -> tuple[Any, Located]:
    return read_yaml(ROOT / rel, rel)


@cache
def places() -> dict[tuple[str, str], Place]:
    """For each text field of each model, one place in the data where that model is written (the first)."""
    site = load_site(ROOT / "data")
    found: dict[tuple[str, str], Place] = {}
    for coll in COLLECTIONS:
        for key, item in getattr(site, coll.name).items():
            rel, base = site.files[(coll.name, key)]
            for obj, path in walk(item):
                if not isinstance(obj, BaseModel):
                    continue
                for name, info in type(obj).model_fields.items():
                    depth = _text_depth(info)
                    if depth is None or (type(obj).__name__, name) in found:
                        continue
                    where: tuple[str | int, ...] = (*path, name)
                    value = getattr(obj, name)
                    while depth and isinstance(value, list) and value:
                        where, value, depth = (*where, 0), value[0], depth - 1
                    found[(type(obj).__name__, name)] = Place(coll, rel, base, where, depth)
    return found


def _get(value: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def _set(value: Any, path: tuple[str | int, ...], new: Any) -> Any:
    """`value` with `new` at `path`; a bullet written as a bare text (« - "texte" ») becomes {texte: …} first."""
    if not path:
        return new
    if isinstance(value, str):
        value = {"texte": value}
    if value is None:
        value = {}
    copied = copy.copy(value)
    copied[path[0]] = _set(value.get(path[0]) if isinstance(value, dict) else value[path[0]], path[1:], new)
    return copied


def test_every_text_field_of_every_model_is_tried() -> None:
    """The fields come from the models (no list kept by hand): every model written somewhere in the data has each
    of its text fields tried, and every collection has its text fields tried."""
    wanted = text_fields()
    assert len(wanted) > 60  # the walk finds the nested models' fields (items, blocks, sections, divisions…)
    assert ("Item", "texte") in wanted and ("TableauGabarit", "lignes") in wanted and ("Fiche", "titre") in wanted
    assert ("Fiche", "id") not in wanted and ("Document", "lien") not in wanted  # ids and addresses have a form
    tried = set(places())
    assert wanted == tried, sorted(wanted - tried)
    with_text = {
        coll.name
        for coll in COLLECTIONS
        if any(_text_depth(info) is not None for model in _models(coll.model) for info in model.model_fields.values())
    }
    assert {p.coll.name for p in places().values()} == with_text
    assert len(with_text) >= 14  # every collection but the redirections (two addresses) holds text


def test_every_text_field_has_a_kind() -> None:
    """Each text field says what it may hold (plain text, inline or block Markdown): none is a bare str, except
    the cells of tables, which check_rows checks as inline texts."""
    kinds = {c.check_plain, c.check_inline, c.check_block}
    bare = []
    for coll in COLLECTIONS:
        for model in _models(coll.model):
            for name, info in model.model_fields.items():
                if _text_depth(info) is None:
                    continue
                checks = {
                    getattr(m, "func", None) for _, meta, _ in _leaves(info.annotation, tuple(info.metadata)) for m in meta
                }
                if not checks & kinds:
                    bare.append(f"{model.__name__}.{name}")
    assert sorted(set(bare)) == ["Tableau.lignes", "TableauGabarit.lignes", "TableauGabarit.pied"]


# --- hostile strings ---------------------------------------------------------------------------------------

FRAGMENTS = [
    "Recherche <meta http-equiv=refresh content=0;url=https://example.com/",
    "<!--",
    "-->",
    "<img src=x onerror=alert(1)",
    "<script>alert(1)</script>",
    "</p>",
    "<p",
    "<svg/onload=alert(1)>",
    "< b",
    "a < b > c",
    "&lt;script&gt;",
    "&amp;",
    "&#60;img src=x&#62;",
    "&",
    '"',
    "'",
    '" onfocus="alert(1)',
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x0c",
    "\x85",
    "\ufffe",
    "\ud800",
    "\ue000",
    "\U000f0001",
    "\U0010fffd",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    '=HYPERLINK("https://example.com")',
    "+1",
    "-1",
    "@SUM(1)",
    "\t=1",
    "# Titre",
    "\n\n",
    "\n",
    "- puce",
    "* puce",
    "1. puce",
    "> citation",
    "```",
    "~~~",
    "| a | b |",
    "---",
    "===",
    "    code",
    "!!! note",
    "[x](javascript:alert(1))",
    "[x](../../mkdocs.yml)",
    "[x](/etc/passwd)",
    "[x](https://example.org/)",
    "![x](https://example.com/x.png)",
    "<https://example.com>",
    "{: onclick=alert(1) }",
    "{{ config }}",
    "{% raw %}",
    "{#",
    "*gras*",
    "**",
    "_",
    "`code`",
    "\\",
    "[[",
    "]]",
    "[[champ]]",
    "[^1]",
    "x" * 3000,
    "é",
    "🙂",
    "\u0301",
]
HOSTILE = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=5).map("".join)


# --- rendering every page made from the data ---------------------------------------------------------------

EXTENSIONS = markdown_extensions()  # mkdocs.yml's
# What Markdown itself makes from the syntax a text may hold (emphasis, links, lists, quotes, code, tables…):
# never a heading, an image, a script, a form, a frame, a meta or a style.
MARKDOWN_TAGS = {
    "p",
    "strong",
    "em",
    "a",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "dl",
    "dt",
    "dd",
    "div",
    "sup",
}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _pages(site: SiteData) -> dict[str, str]:
    """Every page the views make from the data, and the blocks the hand-written pages include, as HTML."""
    from macros.outputs import documents
    from macros.render.views import Views
    from macros.site.pages import generated_pages

    # The documents' sizes are unknown without a build: any size will do, for each document's path (making the 26
    # documents only to name them took 0.7 s a value; test_proprietes_sorties.py makes them from hostile texts).
    sizes = {documents.document_path(e.modele.id, kind): 1000 for e in documents.entries(site) for kind in documents.WRITERS}
    views = Views(site, "https://usagers-partenaires.example.org/", sizes=sizes)
    out = {p.path: get_data(p.markdown)[0] for p in generated_pages(views)}  # the body, as MkDocs reads it
    for name in (
        "lexique",
        "references",
        "orientation",
        "parcours_accueil",
        "modeles_liste",
        "fiches_cartes",
        "principes_liste",
        "raisons_liste",
        "ateliers_liste",
        "temoignages_liste",
        "falc_lexique",
    ):
        out[name] = str(getattr(views, name)("../"))
    for ident in site.pages:
        out[f"page:{ident}"] = str(views.page_texte("../", ident))
    return out


@cache
def _baseline() -> tuple[SiteData, dict[str, str], dict[str, dict[str, Any]]]:
    site = load_site(ROOT / "data")
    pages = _pages(site)
    return site, pages, {k: _shape(v) for k, v in pages.items()}


@cache
def markdown_to_html(markdown_text: str) -> str:
    return markdown.markdown(markdown_text, extensions=EXTENSIONS)


def _html(markdown_text: str) -> etree._Element:
    return html.fragment_fromstring(markdown_to_html(markdown_text) or "<p></p>", create_parent="div")


def _shape(markdown_text: str) -> dict[str, Any]:
    root = _html(markdown_text)
    tags, attributes, comments, headings = set(), set(), 0, 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            comments += 1
            continue
        tags.add(el.tag)
        attributes |= set(el.attrib)
        headings += el.tag in HEADINGS
    # An unclosed « <!-- » hides the rest of a page from a browser, while lxml's parser drops it: counted in the text.
    comments += html.tostring(root, encoding="unicode").count("<!--") + markdown_to_html(markdown_text).count("<!--")
    return {"tags": tags, "attributes": attributes, "comments": comments, "headings": headings, "root": root}


def assert_inert(name: str, before: dict[str, Any], markdown_text: str, value: str) -> None:
    after = _shape(markdown_text)
    new_tags = after["tags"] - before["tags"] - MARKDOWN_TAGS
    assert not new_tags, f"{name} : éléments venus des données {new_tags} pour {value!r}"
    new_attributes = after["attributes"] - before["attributes"] - {"href", "title"}
    assert not new_attributes, f"{name} : attributs venus des données {new_attributes} pour {value!r}"
    assert after["comments"] == before["comments"], f"{name} : commentaire HTML venu des données pour {value!r}"
    assert after["headings"] == before["headings"], f"{name} : titre venu des données pour {value!r}"
    for el in after["root"].iter():
        if not isinstance(el.tag, str):
            continue
        for attr, target in el.attrib.items():
            assert not attr.lower().startswith("on"), f"{name} : attribut {attr} pour {value!r}"
            if attr in ("href", "src"):
                assert not re.match(r"\s*(javascript|data|vbscript|file):|\s*//", target, re.I), (name, target, value)


def _site_with(site: SiteData, coll: Collection, item: BaseModel) -> SiteData:
    key = str(getattr(item, "id", None) or getattr(item, "sigle", None) or getattr(item, "ancien", ""))
    return replace(site, **{coll.name: {**getattr(site, coll.name), key: item}})


MESSAGE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<text>.+ — .+)$")


def try_value(place: Place, value: str) -> list[str]:
    """Put `value` at `place` and validate it as `make check` does: the problems, or [] when it was accepted
    (then every page is rendered and checked inert)."""
    raw, located = _read(place.rel)
    wrapped: Any = value
    for _ in range(place.wrap):
        wrapped = [wrapped]
    item_raw = _set(_get(raw, place.base), place.path, wrapped)
    fresh = Located(place.rel)
    fresh.positions = dict(located.positions)
    item = validate(place.coll.model, item_raw, fresh, place.base)
    problems = [str(p) for p in fresh.problems]
    if item is None:
        assert problems, f"{place} : refusé sans message"
        lines = (ROOT / place.rel).read_text(encoding="utf-8").count("\n") + 1
        for problem in problems:
            found = MESSAGE.match(problem)
            assert found, f"message hors format : {problem!r}"
            assert found["file"] == place.rel and 1 <= int(found["line"]) <= lines, problem
            assert not re.search(r"Input should|Value error|String should|validation error", problem), problem
        return problems
    site, pages, shapes = _baseline()
    changed = _pages(_site_with(site, place.coll, item))
    # An optional field that was empty makes the template add its own markup once filled (an encadré's title
    # becomes its aside's aria-label): the same place filled with a plain word is what the value is compared to.
    neutral_raw = _set(_get(raw, place.base), place.path, _wrapped("Texte", place.wrap))
    neutral_item = validate(place.coll.model, neutral_raw, Located(place.rel), place.base)
    neutral = _pages(_site_with(site, place.coll, neutral_item)) if neutral_item is not None else {}
    for name, text in changed.items():
        if text != pages.get(name):
            base = neutral.get(name)
            before = _shape(base) if base is not None and base != pages.get(name) else shapes.get(name) or _shape("")
            assert_inert(name, before, text, value)
    return []


def _wrapped(value: str, depth: int) -> Any:
    wrapped: Any = value
    for _ in range(depth):
        wrapped = [wrapped]
    return wrapped


PLACES = sorted(places().values(), key=str)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(PLACES), value=HOSTILE)
# Always tried, whatever hypothesis draws: what reached pages before (a heading in a bullet made a second h1).
@example(place=places()[("Item", "texte")], value="Soutien\n# Un second titre")
@example(place=places()[("Section", "apres")], value="[[")
@example(place=places()[("Passage", "recit")], value="Récit\n\n# Titre <!-- x -->")
@example(place=places()[("Fiche", "titre")], value="Recherche <meta http-equiv=refresh content=0;url=https://example.com/")
@example(place=places()[("Principe", "titre")], value="---")  # a title that closes a front matter: text still
def test_a_hostile_text_in_any_field_is_refused_at_its_line_or_inert(place: Place, value: str) -> None:
    try_value(place, value)


# --- the issue's cases, field by field ---------------------------------------------------------------------

FICHE_TITRE = ("Fiche", "titre")


@pytest.mark.parametrize(
    "value, message",
    [
        ("Recherche <meta http-equiv=refresh content=0;url=https://example.com/", "« <meta » commence une balise"),
        ("Pair-aidance <!-- la suite disparaît", "« <!-- » ouvre un commentaire"),
        ("Pair-aidance <img src=x onerror=alert(1)", "« <img » commence une balise"),
        ("Pair-aidance\u202e", "caractère de sens d'écriture interdit (code U+202E)"),
        ("Pair-aidance \U000f0001", "caractère à usage privé interdit (code U+F0001)"),
        ("Pair-aidance \ue000", "caractère à usage privé interdit (code U+E000)"),
        ("Pair-aidance\x1b", "caractère invisible interdit (code U+001B)"),
        ("x" * 5000, "titre trop long (5000 caractères, au plus 160) : un titre s'affiche en entier"),
        ("Pair-aidance\nassociative", "tient sur une ligne"),
    ],
)
def test_the_issues_titles_are_refused_at_their_line(value: str, message: str) -> None:
    place = places()[FICHE_TITRE]
    problems = try_value(place, value)
    assert len(problems) == 1 and message in problems[0], problems
    line = next(
        n
        for n, text in enumerate((ROOT / place.rel).read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("titre:")
    )
    assert problems[0].startswith(f"{place.rel}:{line}:1: titre: "), problems[0]


@pytest.mark.parametrize(
    "field, value, message",
    [
        (("Item", "texte"), "[le fichier](../../mkdocs.yml)", "lien « ../../mkdocs.yml » refusé"),
        (("Item", "texte"), "[mot de passe](../../../../etc/passwd)", "jamais à un fichier"),
        (("Item", "texte"), "[x](/etc/passwd)", "lien « /etc/passwd » refusé"),
        (("Item", "texte"), "Soutien\n# Un second titre", "un titre Markdown"),
        (("Item", "texte"), "Soutien\n\n- une liste", "ne peut pas contenir"),
        (("Section", "texte"), "Action\n\n# Titre ajouté", "un titre Markdown"),
        (("Passage", "recit"), "Récit\n\n# Titre ajouté", "il ajouterait un titre à la page"),
        (("Passage", "recit"), "Récit\n===", "titre Markdown souligné"),
        (("Bloc", "paragraphe"), "# Un second h1", "il ajouterait un titre à la page"),
        # found by the property: a sheet's « [[ » made a blank in its pre-filled mission sheet, and the build crashed
        (("Section", "apres"), "[[", "« [[ » ou « ]] » dans une fiche"),
        (("Item", "texte"), "voir [[note]]", "« [[ » ou « ]] » dans une fiche"),
    ],
)
def test_blocks_headings_and_local_links_are_refused(field: tuple[str, str], value: str, message: str) -> None:
    place = places()[field]
    problems = try_value(place, value)
    assert len(problems) == 1 and message in problems[0], problems


def test_allowed_text_comes_out_as_text() -> None:
    """What a text may hold, however odd, is accepted and shown as written: quotes, ampersands, entities, a lone
    « < », braces, a paragraph with a list in a paragraph field."""
    for field, value in [
        (("Fiche", "titre"), 'Pair-aidance " onfocus="alert(1) & &lt;meta&gt; a < b {: .x } {{ x }}'),
        (("Item", "texte"), "« Citation » & [lien](https://example.org/) *gras* a<3"),
        (("Passage", "recit"), "Un paragraphe\n\n- une puce\n- une autre"),
    ]:
        assert try_value(places()[field], value) == []


def test_the_old_check_let_these_through() -> None:
    """The values that passed `make check` before (issue 20) are each refused now by one of the text kinds."""
    for value in ("Recherche <meta http-equiv=refresh content=0;url=https://example.com/", "a <!-- b", "<img src=x"):
        with pytest.raises(ValueError):
            c.check_text(value)


def test_a_bounded_title_says_why() -> None:
    assert c.TITLE_MAX in c.LIMIT_REASONS and c.ID_MAX in c.LIMIT_REASONS
    place = places()[FICHE_TITRE]
    problems = try_value(place, "T" * (c.TITLE_MAX + 1))
    assert "fiche imprimée" in problems[0], problems


def test_an_id_of_230_characters_is_refused_with_the_reason() -> None:
    place = places()[("Temoignage", "titre")]
    raw, located = _read(place.rel)
    fresh = Located(place.rel)
    fresh.positions = dict(located.positions)
    assert validate(place.coll.model, {**raw, "id": "a" * 230}, fresh, ()) is None
    assert len(fresh.problems) == 1, fresh.problems
    assert "id: identifiant trop long (230 caractères, au plus 80) : un identifiant devient une adresse" in str(
        fresh.problems[0]
    )


def test_html_parser_sees_what_a_browser_sees() -> None:
    """The property's judge is itself checked: an unclosed tag in a page would be found."""
    before = _shape("# T\n\nUn texte.")
    with pytest.raises(AssertionError, match="éléments venus des données"):
        assert_inert("essai", before, '# T\n\nUn texte <meta http-equiv="refresh" content="0">.', "x")
    with pytest.raises(AssertionError, match="commentaire"):
        assert_inert("essai", before, "# T\n\n<!-- la suite -->\n\nla fin", "x")
    with pytest.raises(AssertionError, match="titre venu des données"):
        assert_inert("essai", before, "# T\n\n# Un autre", "x")
