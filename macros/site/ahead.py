"""Work done ahead, on a core the build leaves idle, for a build from a fresh clone (no `.cache/`): while the build's
process imports, validates the data and renders the pages on one core, a forked process compiles the templates and
reads the style sheets the build needs later. `macros.build` starts it as soon as MkDocs' configuration is read.
It only fills caches, each keyed by what it is made from, with the code the build itself runs:

- `.cache/jinja/`: our views' templates compiled (render/templates.py), which stage (a) renders every page with;
- `.cache/jinja-theme/`: the theme's templates compiled (plugin.on_env gives MkDocs' environment this cache), which
  MkDocs compiles the first time a page needs one: found here, it only loads them;
- `.cache/css/`: Material's style sheets read as rule tables, our sheets and scripts minified
  (outputs/css_trim.prepare_sheets): the finishing pass trims and minifies without parsing CSS.

A cache file is written whole or not at all (renamed into place), and the build makes whatever is not there yet:
the site is the same bytes whether this work ran, ran halfway, or not at all (tests/test_froid_avance.py). A warm
build finds everything made: the process then only loads what is compiled and reads each sheet's key.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, meta

from ..outputs import css_trim
from ..outputs.workers import cores
from ..render import templates
from ..render.templates import compiled_cache

_started: list[Any] = []  # the process of this build (one at a time; kept so that it is not collected)


def theme_cache(root: Path) -> Path:
    """Where the theme's compiled templates are kept (plugin.on_env gives MkDocs' environment this folder)."""
    return root / ".cache" / "jinja-theme"


def templates_used(env: Environment, names: Iterable[str]) -> list[str]:
    """`names` and every template they extend, include or import by a name written in them (the others, such as
    an icon chosen by a setting, are compiled by MkDocs when a page needs them), each once, in the order found."""
    seen: list[str] = []
    todo = list(names)
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        try:
            source, _, _ = env.loader.get_source(env, name) if env.loader is not None else ("", None, None)
            found = meta.find_referenced_templates(env.parse(source))
        except Exception:  # noqa: BLE001 — a missing or broken template: MkDocs reports it when it renders
            continue
        seen.append(name)
        todo += [ref for ref in found if ref is not None]
    return seen


def compile_theme(env: Environment, names: Iterable[str]) -> int:
    """Compile `names` (and what they use) into the environment's bytecode cache; how many were loaded."""
    count = 0
    for name in templates_used(env, names):
        try:
            env.get_template(name)
        except Exception:  # noqa: BLE001 — as above: MkDocs compiles it again and reports the error
            continue
        count += 1
    return count


def _work(config: Any, root: Path) -> None:
    try:
        _fill(config, root)
    except Exception:  # noqa: BLE001, S110 — only caches: the build makes what is missing, and reports its own errors
        pass


def _fill(config: Any, root: Path) -> None:
    ours = templates._ENV  # noqa: SLF001 — the views' environment itself: the same compiled code, in .cache/jinja/
    if ours.bytecode_cache is not None:  # stage (a) renders every page with them
        compile_theme(ours, ours.list_templates(extensions=["md", "html"]))
    env = config.theme.get_env()  # the environment MkDocs makes (theme.get_env), with the cache on_env gives it
    env.bytecode_cache = compiled_cache(theme_cache(root))
    if env.bytecode_cache is not None:
        compile_theme(env, ["main.html", *sorted(config.theme.static_templates)])
    dirs = [Path(folder) for folder in config.theme.dirs]
    css_trim.prepare_sheets(dirs, Path(config.docs_dir), css_trim.css_cache(root))


def start(config: Any) -> bool:
    """Start the work ahead for a build of MkDocs' `config` (read, not yet built); False where it is not worth it: a
    single core (the build would wait for it)."""
    if cores() < 2:
        return False
    root = Path(config.config_file_path).resolve().parent
    process = multiprocessing.get_context("fork").Process(target=_work, args=(config, root), daemon=True)
    process.start()
    _started[:] = [process]
    return True
