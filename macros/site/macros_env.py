"""The macros of docs/*.md (mkdocs-macros): each one is a view of the build context, for the current page."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..render.views import MACRO_NAMES, Here, Views


def register(env: Any, views: Views) -> None:
    """Register every view as a macro, rendered for the current page (its source path: its links are relative)."""

    def bind(name: str) -> Any:
        view = getattr(views, name)

        def macro(*args: Any, **kwargs: Any) -> Markup:
            return view(Here(env.page.file.src_uri), *args, **kwargs)

        macro.__name__ = name
        macro.__doc__ = view.__doc__
        return macro

    for name in MACRO_NAMES:
        env.macro(bind(name), name)


__all__ = ["register"]
