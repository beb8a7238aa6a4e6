"""Usagers partenaires en santé: the content pipeline (data → content models → views → outputs) and its MkDocs
adapter. See ARCHITECTURE.md.

mkdocs-macros loads this package (`module_name: macros`) and calls `define_env`; the macros it registers are
views of the build context made by our plugin (macros/site/plugin.py), found in the MkDocs configuration.
Importing this package imports nothing else: `python -m macros.data.check` never loads the rendering stack.
"""

from __future__ import annotations

from typing import Any

PLUGIN = "usagers-partenaires"  # our plugin's name in mkdocs.yml (entry point in pyproject.toml)


def define_env(env: Any) -> None:
    from .site.macros_env import register

    plugin = env.conf.plugins.get(PLUGIN)
    if plugin is None:
        raise RuntimeError(f"mkdocs.yml : déclarez le greffon « {PLUGIN} » avant « macros » dans « plugins: »")
    if plugin.context is None and getattr(plugin, "failure", None) is not None:
        return  # `mkdocs serve` with a data error: no page is rendered, only the error page (plugin.py)
    register(env, plugin.ctx.views)
