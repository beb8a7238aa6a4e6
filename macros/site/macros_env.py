"""The macros of docs/*.md (mkdocs-macros): each one is a view of the build context, for the current page.

`define_env` (called by mkdocs-macros through macros/__init__.py) takes the views of our plugin's context when the
plugin runs (MkDocs, `usagers-partenaires` declared before `macros`); without it — mkdocs-macros' pluglet mode,
Zensical's macros shim, whose `env.conf` is a plain dict — it makes its own from the project with the generate
stage (without PDFs), once per process and state of data/ and docs/.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..render.views import MACRO_NAMES, Here, Views

PLUGIN = "usagers-partenaires"  # our plugin's name in mkdocs.yml (entry point in pyproject.toml)
_standalone: dict[tuple[str, ...], Views] = {}  # pluglet mode: the views of the project's current state


def macros_of(views: Views, here: Callable[[], Here]) -> dict[str, Callable[..., Markup]]:
    """Every view as a macro (name → function), rendered for the page `here()` gives when it is called."""

    def bind(name: str) -> Callable[..., Markup]:
        view = getattr(views, name)

        def macro(*args: Any, **kwargs: Any) -> Markup:
            return Markup(view(here(), *args, **kwargs))

        macro.__name__ = name
        macro.__doc__ = view.__doc__
        return macro

    return {name: bind(name) for name in MACRO_NAMES}


def page_source(page: Any) -> str:
    """The source path inside docs/ of the page being rendered: MkDocs' `page.file.src_uri`, Zensical's `page.path`."""
    file = getattr(page, "file", None)
    return str(file.src_uri if file is not None else page.path)


def register(env: Any, views: Views) -> None:
    """Register every view as a macro, rendered for the current page (its source path: its links are relative)."""
    for name, macro in macros_of(views, lambda: Here(page_source(env.page))).items():
        env.macro(macro, name)


def _setting(conf: Any, name: str) -> Any:
    """A setting of mkdocs.yml: MkDocs' config object, or the plain dict Zensical gives."""
    return conf.get(name) if isinstance(conf, dict) else getattr(conf, name, None)


def _our_plugin(conf: Any) -> Any:
    plugins = _setting(conf, "plugins") or {}
    plugin = plugins.get(PLUGIN) if hasattr(plugins, "get") else None
    return plugin if hasattr(plugin, "made") else None  # Zensical lists plugins as plain settings


def standalone_views(conf: Any, project_dir: str | None = None) -> Views:
    """The views of the project's context, made by the generate stage without our plugin (no PDF)."""
    from .generate import Options, generate

    config_file = _setting(conf, "config_file_path")
    root = Path(config_file).resolve().parent if config_file else Path(project_dir or _setting(conf, "root_dir") or ".")
    root = root.resolve()
    docs_dir = (root / str(_setting(conf, "docs_dir") or "docs")).resolve()
    site_url = _setting(conf, "site_url")
    stamps = [
        f"{path}:{os.stat(path).st_mtime_ns}:{os.stat(path).st_size}"
        for folder in (root / "data", docs_dir)
        for path in sorted(str(p) for p in folder.rglob("*") if p.is_file())
    ]
    key = (str(root), str(docs_dir), str(site_url), str(_setting(conf, "site_name")), *stamps)
    if key not in _standalone:
        _standalone.clear()
        site_name = str(_setting(conf, "site_name") or "")  # the documents' author, their sizes shown
        _standalone[key] = generate(root, docs_dir, site_url, Options(pdf=False), site_name=site_name).context.views
    return _standalone[key]


class LazyGit(Mapping[str, Any]):
    """mkdocs-macros' `git` variable of the pages' templates (`{{ git.short_commit }}`…), read from git when a page
    first reads it, instead of by 12 git commands each time mkdocs-macros starts (50–130 ms of a build here, for a
    variable no page of ours reads)."""

    def __init__(self, read: Callable[[], Any]) -> None:
        self._read = read
        self._values: dict[str, Any] | None = None

    def _got(self) -> dict[str, Any]:
        if self._values is None:
            self._values = dict(self._read() or {})
        return self._values

    def __getitem__(self, key: str) -> Any:
        return self._got()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._got())

    def __len__(self) -> int:
        return len(self._got())


def defer_git_variable() -> None:
    """mkdocs-macros' `git` variable made a `LazyGit` (before its plugin configures itself: `macros.build` calls this
    first). The same values for a page that reads it; no git command for the others."""
    from mkdocs_macros import context  # type: ignore[import-untyped]

    read = context.get_git_info
    if not getattr(read, "deferred", False):
        lazy = functools.partial(LazyGit, read)
        lazy.deferred = True  # type: ignore[attr-defined]
        context.get_git_info = lazy


def define_env(env: Any) -> None:
    plugin = _our_plugin(env.conf)
    if plugin is None:  # pluglet mode, Zensical: our own context
        register(env, standalone_views(env.conf, getattr(env, "project_dir", None)))
        return
    if getattr(plugin, "failure", None) is not None:
        return  # `mkdocs serve` with a data error: no page is rendered, only the error page (plugin.py)
    register(env, plugin.made().context.views)
    if not getattr(plugin, "serving", False):  # a build: MkDocs now renders on one core, the other works ahead
        from .ahead import AT_RENDER, start

        start(env.conf, AT_RENDER)


__all__ = ["define_env", "macros_of", "register"]
