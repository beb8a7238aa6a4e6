"""Usagers partenaires en santé: the content pipeline (data → content models → views → outputs) and its MkDocs
adapter. See ARCHITECTURE.md.

mkdocs-macros loads this package (`module_name: macros`) and calls `define_env`; the macros it registers are
views of the build context made by our plugin (macros/site/plugin.py), found in the MkDocs configuration, or
made from the project when the plugin is not loaded.
Importing this package imports nothing else: `python -m macros.data.check` never loads the rendering stack.
"""

from __future__ import annotations

from typing import Any

PLUGIN = "usagers-partenaires"  # our plugin's name in mkdocs.yml (entry point in pyproject.toml)


def define_env(env: Any) -> None:
    """mkdocs-macros' hook: the views as macros of docs/*.md, from our plugin's context, or, without the plugin
    (pluglet mode, Zensical's shim), from a context of their own (macros/site/macros_env.py)."""
    from .site.macros_env import define_env as define

    define(env)
