"""Work done ahead, on a core the build leaves idle, for a build from a fresh clone (no `.cache/`): while the build's
process validates the data and renders the pages on one core, forked processes compile the templates and read the
style sheets the build needs later (`start`: `macros.build` as soon as MkDocs' configuration is read, then
`macros_env.define_env` once stage (a) is done). They only fill caches, each keyed by what it is made from, with the
code the build itself runs:

- `.cache/jinja/`: our views' templates compiled (render/templates.py), which stage (a) renders every page with;
- `.cache/jinja-theme/`: the theme's templates compiled (plugin.on_env gives MkDocs' environment this cache), which
  MkDocs compiles the first time a page needs one: found here, it only loads them;
- `.cache/css/`: Material's style sheets read as rule tables, our sheets and scripts minified
  (outputs/css_trim.prepare_sheets): the finishing pass trims and minifies without parsing CSS.

A cache file is written whole or not at all (renamed into place), and the build makes whatever is not there yet:
the site is the same bytes whether this work ran, ran halfway, or not at all (tests/test_froid_avance.py). A warm
build finds every cache filled and forks nothing.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, meta

from ..outputs import css_trim
from ..outputs.workers import cores
from ..render import templates
from ..render.templates import compiled_cache

_started: list[Any] = []  # the processes started and still running (a test waits for them)


def theme_cache(root: Path) -> Path:
    """Where the theme's compiled templates are kept: the folder plugin.on_env gives MkDocs' environment (the same,
    tests/test_froid_avance.py checks)."""
    return root / ".cache" / "jinja-theme"


def compile_templates(env: Environment, names: Iterable[str]) -> list[str]:
    """Compile `names` and every template they extend, include or import by a name written in them into `env`'s
    bytecode cache (as Jinja's loader would, each parsed once); return their names, in the order found. Those
    named otherwise (an icon chosen by a setting) and those missing or broken are left to the build, which compiles
    them when a page needs them and reports their errors. Without a cache: only the names."""
    cache = env.bytecode_cache
    found: list[str] = []
    todo = list(names)
    while todo:
        name = todo.pop(0)
        if name in found or env.loader is None:
            continue
        try:
            source, filename, _ = env.loader.get_source(env, name)
            tree = env.parse(source, name, filename)
            if cache is not None:
                bucket = cache.get_bucket(env, name, filename, source)
                if bucket.code is None:
                    bucket.code = env.compile(tree, name, filename)
                    cache.set_bucket(bucket)
        except Exception:  # noqa: BLE001, S112 — see above: the build reports it
            continue
        found.append(name)
        todo += [ref for ref in meta.find_referenced_templates(tree) if ref is not None]
    return found


def _work(config: Any, root: Path, todo: dict[str, bool]) -> None:
    try:
        os.nice(19)  # only a core nothing else wants: on a busy machine the build compiles what is still missing
        _fill(config, root, **todo)
    except Exception:  # noqa: BLE001, S110 — only caches: the build makes what is missing, and reports its own errors
        pass


def _fill(config: Any, root: Path, ours: bool = True, theme: bool = True, sheets: bool = True) -> None:
    if ours:  # stage (a) renders every page with them
        views = templates._ENV  # noqa: SLF001 — the views' environment itself: the same compiled code, in .cache/jinja/
        compile_templates(views, views.list_templates(extensions=["md", "html"]))
    if theme:
        env = config.theme.get_env()  # the environment MkDocs makes (theme.get_env), with the cache on_env gives it
        env.bytecode_cache = compiled_cache(theme_cache(root))
        compile_templates(env, ["main.html", *sorted(config.theme.static_templates)])
    if sheets:
        dirs = [Path(folder) for folder in config.theme.dirs]
        css_trim.prepare_sheets(dirs, Path(config.docs_dir), css_trim.css_cache(root))


def _empty(folder: Path | None) -> bool:
    return folder is not None and not (folder.is_dir() and any(folder.iterdir()))


# What is done ahead, in two forks, each when the build leaves a core idle: our views' templates as the build starts
# (while it validates the data; stage (a) renders with them), the theme's templates and the style sheets once stage
# (a) is done (while MkDocs renders the pages on one core; stage (a) uses both for the documents).
AT_START = ("ours",)
AT_RENDER = ("theme", "sheets")


def start(config: Any, parts: tuple[str, ...] = AT_START + AT_RENDER) -> bool:
    """Start the work ahead (`parts`) for a build of MkDocs' `config`, for each cache still empty (a fresh clone, CI,
    `.cache/` removed: an editor's next build finds them filled and forks nothing); False where there is nothing to
    do, or a single core (the build would wait for it)."""
    root = Path(config.config_file_path).resolve().parent
    views = templates._ENV.bytecode_cache  # noqa: SLF001
    empty = {
        "ours": _empty(Path(views.directory) if isinstance(views, FileSystemBytecodeCache) else None),
        "theme": _empty(theme_cache(root)),
        "sheets": _empty(root / ".cache" / "css"),
    }
    todo = {part: part in parts and empty[part] for part in empty}
    if cores() < 2 or not any(todo.values()):
        return False
    process = multiprocessing.get_context("fork").Process(target=_work, args=(config, root, todo), daemon=True)
    process.start()
    _started[:] = [*(p for p in _started if p.is_alive()), process]
    return True
