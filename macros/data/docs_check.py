"""Hand-written pages (docs/*.md) that show a data item by its id: check that the id exists (and that a title
counts only kinds of the registry, `title: Les {{ nombre("principe") }} principes de la HAS`).

Without this, renaming or deleting a data file would stop the build with a Python traceback from the
macro; with it, `make check` says which page names which missing id. A page is read as the macros plugin reads
it: without its front matter (set apart by MkDocs), as a Jinja template, so that a call written inside
`{% raw %}` or a `{# comment #}` is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import yaml
from jinja2 import nodes

from ..content.kinds import ID_MACROS, KIND
from .docs_html import asset_problems, html_problems
from .problems import Problem, did_you_mean
from .project_files import read_docs

if TYPE_CHECKING:
    from .collections import SiteData

# A YAML front matter, as MkDocs finds it (mkdocs.utils.meta.YAML_RE): over Markdown text, not HTML.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
# Macro → collection whose id its first argument names (the registry of the views, macros/render/views.py).
MACROS = ID_MACROS
# The macro whose first argument names a kind of page (content/kinds.py): how many pages of it, in words.
COUNT = "nombre"
# The macros plugin's own settings (mkdocs.yml gives it no « j2_… » option): the default delimiters.
_ENV = jinja2.Environment()
_NEWLINE = re.compile(r"\r\n|\r|\n")  # a line break, as Jinja counts the lines
# A front matter's `title` holding a template (« {{ », « {% », « {# »): its counts are rendered by generate
# (site/pages.title_text), the only macro a title may hold; a title without one is text, braces included.
TITLE_TEMPLATE = re.compile(r"\{[{%#]")
TITLE = "title"


@dataclass(frozen=True)
class IdCall:
    """An id written in a page, as a macro's argument: where it is in the file, and what it names."""

    line: int
    column: int
    macro: str
    collection: str  # empty: the id names a kind of page (COUNT)
    ident: str


def get_data(text: str) -> tuple[str, dict[str, Any]]:
    """The body and the YAML front matter of a page, as MkDocs reads them (its `mkdocs.utils.meta.get_data`, YAML
    form: the only one our pages use), without importing MkDocs: `make check` runs without it."""
    found = _FRONT_MATTER.match(text)
    if not found:
        return text, {}
    try:
        data = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        return text, {}
    if not isinstance(data, dict):
        return text, {}
    return text[found.end() :].lstrip("\n"), data


def _template_text(text: str) -> tuple[str, dict[str, Any]]:
    """The text the macros plugin renders — the front matter turned into as many empty lines, so that the line
    numbers are the file's — and the front matter."""
    body, meta = get_data(text)
    for whole in (text, text.replace("\r\n", "\n").replace("\r", "\n")):  # MkDocs joins lines with "\n"
        if whole.endswith(body):
            return "\n" * len(_NEWLINE.findall(whole[: len(whole) - len(body)])) + body, meta
    return body, meta  # not reached: the front matter is a beginning of the text


def _string(node: nodes.Node) -> nodes.Const | None:
    """The node, if it is a string written in the page."""
    return node if isinstance(node, nodes.Const) and isinstance(node.value, str) else None


def _id_arguments(tree: nodes.Template) -> Iterator[tuple[nodes.Const, str, str]]:
    """(the string, the macro, the collection) of every id argument, in the order of the text: the first argument
    of a macro of MACROS, and the « fiche » of temoignages_liste."""
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name):
            continue
        name = call.node.name
        if name in MACROS and call.args and (const := _string(call.args[0])) is not None:
            yield const, name, MACROS[name]
        if name == COUNT and call.args and (const := _string(call.args[0])) is not None:
            yield const, name, ""
        if name == "temoignages_liste":
            for kw in call.kwargs:
                if kw.key == "fiche" and (const := _string(kw.value)) is not None:
                    yield const, name, "fiches"


def id_calls(text: str) -> list[IdCall]:
    """The ids a page's macros name, in the order of the text; raises jinja2.TemplateSyntaxError (with the line
    in the file) if the page does not read as a template."""
    source, _ = _template_text(text)
    tree = _ENV.parse(source)
    lines = _NEWLINE.split(source)
    seen: dict[tuple[int, str], int] = {}
    calls = []
    for const, macro, coll in _id_arguments(tree):
        # Jinja gives a line, not a column: the column is that of the quoted id on its line (the n-th, for the
        # n-th time this id is named on this line).
        line, ident = const.lineno, str(const.value)
        nth = seen[(line, ident)] = seen.get((line, ident), -1) + 1
        quoted = list(re.finditer(r"([\"'])" + re.escape(ident) + r"\1", lines[line - 1] if line <= len(lines) else ""))
        column = quoted[nth].start() + 2 if nth < len(quoted) else 1
        calls.append(IdCall(line, column, macro, coll, ident))
    return sorted(calls, key=lambda c: (c.line, c.column, c.collection, c.ident))


def _renders_macros(text: str) -> bool:
    """Whether the macros plugin renders the page (« render_macros: true »: mkdocs.yml renders none by default)."""
    return _template_text(text)[1].get("render_macros") is True


def _unreadable(rel: str, exc: jinja2.TemplateSyntaxError) -> Problem:
    if "comment" in (exc.message or ""):
        what = (
            "« {# » ouvre un commentaire qui n'est jamais fermé par « #} » — pour l'identifiant d'un titre, "
            "écrivez « { #ancre } », avec des espaces"
        )
    else:
        what = (
            "vérifiez les « {{ … }} » et « {% … %} » de cette ligne et des lignes au-dessus : chacun doit être "
            'fermé, et une macro s\'écrit « {{ nom("id") }} »'
        )
    return Problem(
        rel,
        exc.lineno,
        1,
        "",
        f"la page ne se lit pas comme un modèle de macros : {what} ; pour écrire ces accolades telles quelles, "
        "entourez le passage de « {% raw %} » et « {% endraw %} »",
    )


def _missing_id(rel: str, call: IdCall, valid: list[str]) -> Problem:
    ids = ", ".join(valid) if valid else "aucun"
    hint = did_you_mean(call.ident, valid)
    return Problem(
        rel,
        call.line,
        call.column,
        "",
        f"« {call.ident} » introuvable : data/{call.collection}/{call.ident}.yml n'existe pas "
        f"— {hint}ids valides : {ids} ; corrigez l'id ou créez ce fichier",
    )


def _unknown_kind(rel: str, call: IdCall) -> Problem:
    valid = sorted(KIND)
    hint = did_you_mean(call.ident, valid)
    return Problem(
        rel,
        call.line,
        call.column,
        "",
        f"« {call.ident} » n'est pas une sorte de page — {hint}sortes valides : {', '.join(valid)} ; "
        f'écrivez {{{{ {COUNT}("fiche") }}}} pour le nombre de fiches-missions',
    )


def _title_node(text: str) -> yaml.Node | None:
    """The node of the front matter's `title` (its place in the file: start_mark, the front matter's first line
    being the file's second), if it has one."""
    found = _FRONT_MATTER.match(text)
    if not found:
        return None
    try:
        root = yaml.compose(found.group(1))
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    return next((value for key, value in root.value if getattr(key, "value", None) == TITLE), None)


def _count_of(expr: nodes.Node) -> str | None:
    """The kind a title's expression counts — `nombre("principe")`, filters allowed (« | capitalize ») —, else None."""
    while isinstance(expr, nodes.Filter) and expr.name in _ENV.filters and not expr.args and expr.node is not None:
        expr = expr.node
    if not (isinstance(expr, nodes.Call) and isinstance(expr.node, nodes.Name) and expr.node.name == COUNT):
        return None
    if len(expr.args) != 1 or expr.kwargs or expr.dyn_args or expr.dyn_kwargs:
        return None
    const = _string(expr.args[0])
    return None if const is None else str(const.value)


def _title_kinds(tree: nodes.Template) -> list[str] | None:
    """The kinds a title's template counts, in order; None if it holds anything but text and counts."""
    kinds = []
    for statement in tree.body:
        if not isinstance(statement, nodes.Output):
            return None
        for part in statement.nodes:
            if isinstance(part, nodes.TemplateData):
                continue
            kind = _count_of(part)
            if kind is None:
                return None
            kinds.append(kind)
    return kinds


def _title_problems(rel: str, text: str) -> list[Problem]:
    """What is wrong with a title's template: it may only count, `{{ nombre("principe") }}`, a kind of the
    registry."""
    node = _title_node(text)
    if not isinstance(node, yaml.ScalarNode) or not TITLE_TEMPLATE.search(str(node.value)):
        return []
    line, column = node.start_mark.line + 2, node.start_mark.column + 1
    example = f'écrivez par exemple « title: Les {{{{ {COUNT}("principe") }}}} principes de la HAS »'
    try:
        kinds = _title_kinds(_ENV.parse(str(node.value)))
    except jinja2.TemplateSyntaxError:
        what = "le titre ne se lit pas comme un modèle : chaque « {{ » doit être fermé par « }} »"
        return [Problem(rel, line, column, TITLE, f"{what} — {example}")]
    if kinds is None:
        what = "un titre ne peut contenir, entre « {{ » et « }} », que le nombre d'une sorte de page"
        return [Problem(rel, line, column, TITLE, f"{what} — {example} ; écrivez le reste en toutes lettres")]
    lines = _NEWLINE.split(text)
    problems = []
    for kind in kinds:
        if kind in KIND:
            continue
        at, col = line, column
        for n in range(line - 1, len(lines)):  # the quoted kind, on the title's line or one it goes on to
            if quoted := re.search(r"([\"'])" + re.escape(kind) + r"\1", lines[n]):
                at, col = n + 1, quoted.start() + 2
                break
        problems.append(replace(_unknown_kind(rel, IdCall(at, col, COUNT, "", kind)), path=TITLE))
    return problems


# What a page that renders its macros may hold between « {{ » and « }} »: a macro of the site called with values
# written as they are, or one of mkdocs.yml's settings read by name. Anything else (a filter, an attribute of a
# value, a statement « {% … %} ») could run code while the site is built: a hostile pull request stops at the check.
SETTINGS = ("extra", "site_name", "site_url", "repo_url", "copyright")
_CONSTANT = (str, int, float, bool, type(None))
CASE_FILTERS = ("capitalize", "lower", "upper", "title")  # « {{ nombre("raison") | capitalize }} raisons »


def _plain_value(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Const) and isinstance(node.value, _CONSTANT)


def _allowed(expr: nodes.Node) -> bool:
    """A macro of the site called with values written as they are (« fiche_page("pair-aidance") »), or a setting
    read by name (« config.extra.contact_email »), maybe changed in case (« | capitalize »)."""
    while isinstance(expr, nodes.Filter) and expr.name in CASE_FILTERS and not expr.args and not expr.kwargs:
        if expr.node is None or expr.dyn_args is not None or expr.dyn_kwargs is not None:
            return False
        expr = expr.node
    if isinstance(expr, nodes.Call):
        return (
            isinstance(expr.node, nodes.Name)
            and not expr.node.name.startswith("_")
            and expr.dyn_args is None
            and expr.dyn_kwargs is None
            and all(_plain_value(a) for a in expr.args)
            and all(_plain_value(k.value) for k in expr.kwargs)
        )
    names = []
    while isinstance(expr, nodes.Getattr):
        names.append(expr.attr)
        expr = expr.node
    names.reverse()
    return (
        isinstance(expr, nodes.Name)
        and expr.name == "config"
        and bool(names)
        and names[0] in SETTINGS
        and not any(n.startswith("_") for n in names)
    )


def _code_problems(rel: str, tree: nodes.Template) -> list[Problem]:
    """Every « {{ … }} » or « {% … %} » of a page that renders its macros which is not a macro call with plain
    values nor a setting (`_allowed`)."""
    example = '« {{ fiche_page("pair-aidance") }} »'
    problems = []
    for statement in tree.body:
        if not isinstance(statement, nodes.Output):
            problems.append(
                Problem(
                    rel,
                    statement.lineno,
                    1,
                    "",
                    "« {% … %} » : une page ne peut pas contenir d'instruction de modèle, seulement des macros du "
                    f"site comme {example} — retirez-la, ou entourez le passage de « {{% raw %}} » et « {{% endraw %}} » "
                    "pour l'écrire tel quel",
                )
            )
            continue
        for part in statement.nodes:
            if isinstance(part, nodes.TemplateData) or _allowed(part):
                continue
            problems.append(
                Problem(
                    rel,
                    part.lineno,
                    1,
                    "",
                    "« {{ … }} » : une page ne peut appeler que les macros du site, avec des valeurs écrites telles "
                    f"quelles (ex. {example}), ou lire un réglage de mkdocs.yml (« config.extra.… ») — retirez ce "
                    "code, ou entourez le passage de « {% raw %} » et « {% endraw %} » pour l'écrire tel quel",
                )
            )
    return problems


def check_docs(
    site: SiteData,
    root: Path,
    broken: set[str] | frozenset[str] = frozenset(),
    docs_dir: Path | None = None,
    files: Mapping[str, bytes] | None = None,
) -> list[Problem]:
    """The problems of docs/ (`docs_dir`): its pages' titles, HTML, macro calls and code, its files and SVG images.
    `files`: every file of docs/ already read by the caller (path inside it → bytes), else read here."""
    docs = docs_dir or root / "docs"
    problems: list[Problem] = []
    if not docs.is_dir():
        return problems
    files = read_docs(docs) if files is None else files
    problems += asset_problems(root, docs, files)
    for inside in sorted(p for p in files if p.endswith(".md")):
        try:
            text = files[inside].decode("utf-8")
        except UnicodeDecodeError:
            continue
        rel = (docs / inside).relative_to(root).as_posix()
        problems += _title_problems(rel, text)
        problems += html_problems(rel, text, get_data(text)[0])
        try:
            calls = id_calls(text)
        except jinja2.TemplateSyntaxError as exc:
            if _renders_macros(text):  # otherwise the page is not a template: its braces are only text
                problems.append(_unreadable(rel, exc))
            continue
        if _renders_macros(text):  # rendered by the macros plugin: only macro calls and settings
            problems += _code_problems(rel, _ENV.parse(_template_text(text)[0]))
        for call in calls:
            if not call.collection:
                if call.ident not in KIND:
                    problems.append(_unknown_kind(rel, call))
                continue
            valid = sorted(getattr(site, call.collection, {}) or {})
            if call.ident not in valid and call.ident not in broken:
                problems.append(_missing_id(rel, call, valid))
    return problems
