"""The macros of docs/*.md (mkdocs-macros): each one is a view of the build context, for the current page."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..render.views import MACRO_NAMES, Views


def register(env: Any, views: Views) -> None:
    """Register every view as a macro; the page's path to the site root is given by the current page."""

    def bind(name: str) -> Any:
        view = getattr(views, name)

        def macro(*args: Any, **kwargs: Any) -> Markup:
            return view("../" * env.page.url.count("/"), *args, **kwargs)

        macro.__name__ = name
        macro.__doc__ = view.__doc__
        return macro

    for name in MACRO_NAMES:
        env.macro(bind(name), name)


__all__ = ["register"]
