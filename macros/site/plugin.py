"""The MkDocs adapter: one plugin, holding one build context per build.

It loads and validates the data once (`on_config`), adds the pages and files made from data (`on_files`),
gives each page its edit links, QR code and easy-to-read twin, explains lexicon terms and marks external
links in the page's HTML (`on_page_content`), minifies the HTML (`on_post_page`), then finishes the search
index and the style sheets (`on_post_build`). Everything it calls lives in the content pipeline
(macros/data, macros/render, macros/outputs), which runs without MkDocs.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import minify_html
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..data.loader import DataError, load_site
from ..outputs import css_trim, documents, search_index, sharing
from ..render import html_tree, links
from .context import BuildContext
from .edit_links import page_links, source_of
from .pages import extend_nav, twin_of

log = logging.getLogger("mkdocs.plugins.usagers")
PLACEHOLDER_HOST = "usagers-partenaires.example.org"


class UsagersPlugin(BasePlugin):  # type: ignore[type-arg]
    def __init__(self) -> None:
        self.context: BuildContext | None = None

    @property
    def ctx(self) -> BuildContext:
        if self.context is None:
            raise PluginError(
                "les données ne sont pas chargées (le greffon « usagers-partenaires » doit être "
                "déclaré avant « macros » dans mkdocs.yml)"
            )
        return self.context

    @event_priority(100)  # before the macros plugin, which reads the context in define_env
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        try:
            site = load_site(root / "data")
        except DataError as exc:
            raise PluginError(str(exc)) from None
        site_url = config.site_url or "/"
        self.context = ctx = BuildContext(root, site, site_url, sharing.version_date(root))
        config.extra["up_version"] = ctx.version
        ctx.files = {
            **sharing.open_data_files(site, site_url),
            **sharing.redirect_files(site, site_url),
            **documents.document_files(
                site, site_url, ctx.views.entrees, documents.documents_cache(root), workers=min(2, os.cpu_count() or 1)
            ),
        }
        ctx.views.sizes.update({path: len(content) for path, content in ctx.files.items()})
        config.nav = extend_nav(config.nav or [], ctx.make_pages())
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        ctx = self.ctx
        for generated in ctx.generated:
            inclusion = InclusionLevel.UNDEFINED if generated.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, generated.path, content=generated.markdown, inclusion=inclusion))
        extra = dict(ctx.files)
        for page_file in list(files.documentation_pages()):
            target = ctx.site_url + page_file.url
            extra[sharing.qr_path(page_file.url)] = sharing.qr_svg(target, f"QR code : {target}")
        for path, content in sorted(extra.items()):
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"{path} : cette adresse existe déjà dans le site — vérifiez data/redirections.yml")
            files.append(File.generated(config, path, content=content))
        return files

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        ctx = self.ctx
        page.meta.setdefault("up_qr", "../" * page.url.count("/") + sharing.qr_path(page.url))
        page.meta.setdefault("up_url", ctx.site_url + page.url)
        # « Modifier cette page », « Signaler une erreur », date of the last change (partials/up/modifier.html).
        docs_folder = Path(config.docs_dir).resolve().relative_to(ctx.root).as_posix()
        info = page_links(
            title=page.meta.get("title") or page.title or "",
            url=page.canonical_url or page.url,
            source=source_of(page.meta, page.file.src_uri, docs_folder),
            root=ctx.root,
            repo_url=config.repo_url,
            edit_uri=config.edit_uri,
            dates=ctx.dates,
        )
        page.meta["up_modifier"] = info
        if info.get("date"):
            page.update_date = info["date"]  # sitemap <lastmod>: the page's own last change, not the build day
        return context

    @event_priority(-100)  # after the macros plugin has rendered the page
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        twin = twin_of(self.ctx.site, page.file.src_uri)
        if twin is None:
            return markdown
        link = f"[{twin[1]}]({twin[0]}){{ .up-jumeau }}\n{{: .up-jumeau-bloc }}\n"
        lines = markdown.splitlines(keepends=True)
        for n, line in enumerate(lines):
            if line.startswith("# "):
                return "".join(lines[: n + 1]) + "\n" + link + "\n" + "".join(lines[n + 1 :])
        return link + "\n" + markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        tree = html_tree.parse(html)
        marked = 0
        if not page.file.src_uri.startswith("lexique/"):
            marked += self.ctx.glossary.annotate_tree(tree, "../" * page.url.count("/"))
        marked += links.mark_external_tree(tree, config.site_url)
        return html_tree.serialize(tree) if marked else html

    @event_priority(-50)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return minify(output)

    @event_priority(-100)  # after the search plugin has written search/search_index.json
    def on_post_build(self, config: MkDocsConfig) -> None:
        ctx = self.ctx
        site_dir = Path(config.site_dir)
        search_index.split_index(site_dir, ctx.site)
        css_trim.trim_css(site_dir, config)
        css_trim.minify_own_css(site_dir)
        self.context = None  # `mkdocs serve` makes a new context for the next build


def minify(html: str) -> str:
    """Smaller HTML, same document: attribute quotes, closing tags and the html/head tags are kept."""
    return minify_html.minify(
        html,
        keep_closing_tags=True,
        keep_html_and_head_opening_tags=True,
        keep_input_type_text_attr=True,
        minify_css=False,
        minify_js=False,
    )
