"""The MkDocs adapter: one plugin, holding one build context per build.

It loads and validates the data once (`on_config`), adds the pages and files made from data (`on_files`), registers
the content marks as a Markdown extension (`on_pre_build`: citations, lexicon terms, links that leave the site,
render/content_marks.py) and tells it which page comes (`on_page_markdown`), gives each page its edit links, QR code,
search facts and easy-to-read twin, and, once MkDocs has written every page, runs the finishing pass over the
written files (`on_post_build`: outputs/finish.py — PDFs, policy, minifying, search index, style sheets). Everything it calls lives in the content pipeline (macros/data, macros/render, macros/outputs),
which runs without MkDocs.
"""

from __future__ import annotations

import functools
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.config import base, config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..data.loader import DataError
from ..data.project_files import foreign_entries
from ..outputs import finish, pdf, search_index, sharing
from ..outputs.workers import cores
from ..render.content_marks import ContentMarks, MarksExtension
from ..render.templates import compiled_cache
from . import generate, preview
from .context import BuildContext
from .edit_links import last_change
from .page_facts import error_page, page_facts
from .pages import with_twin_link

log = logging.getLogger("mkdocs.plugins.usagers")
# Material's own search (lunr and its languages, ~1 MB in 36 files), loaded only by its search worker, which only
# its search plugin feeds; the worker's own file stays, named in every page's configuration.
MATERIAL_SEARCH_SCRIPTS = "assets/javascripts/lunr/"


class UsagersConfig(base.Config):
    """The plugin's options, under `plugins: - usagers-partenaires:` in mkdocs.yml (MkDocs checks their types);
    `python -m macros.build` sets them from its flags (--sans-pdf, --sans-csp, --pagefind)."""

    pdf = config_options.Type(bool, default=True)  # a build makes the PDFs
    preview_pdf = config_options.Type(bool, default=False)  # `mkdocs serve` makes them too (slow: make serve PDF=1)
    csp = config_options.Type(bool, default=True)  # the policy in each page (false: for tools that inject styles)
    pagefind = config_options.Optional(config_options.Type(str))  # another Pagefind binary (relative to mkdocs.yml)


class UsagersPlugin(BasePlugin[UsagersConfig]):
    def __init__(self) -> None:
        self.context: BuildContext | None = None
        self.serving = False  # under `mkdocs serve`: a data error shows in the browser instead of stopping
        self.failure: DataError | None = None  # the data error of this build (serve only)
        self.known_urls: list[str] = []  # the pages of the last good build, each shown the error page
        self.indexing: Future[finish.SiteDone] | None = None  # `mkdocs serve`: the last build's index, being written
        self.generated: generate.Generated | None = None  # what stage (a) made for this build (on_config → on_files)
        self.docs_dir: str | None = None  # `mkdocs serve` with a link in docs/: the folder MkDocs does not list

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this hook keeps the plugin across the rebuilds of `mkdocs serve`."""
        self.serving = command == "serve"

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
        """Stage (a), generate (generate.py), once: its pages and files are added in on_files."""
        self._wait_indexing()  # before MkDocs empties the site folder
        root = Path(config.config_file_path).resolve().parent
        config.extra["up_reglages"] = generate.reglages()  # read by every page, the error page of `mkdocs serve` too
        options = generate.Options(pdf=self.pdfs_asked(), workers=cores())
        try:
            made = generate.generate(
                root, Path(config.docs_dir), config.site_url, options, nav=config.nav or [], site_name=config.site_name
            )
        except DataError as exc:
            if not self.serving:
                raise PluginError(str(exc)) from None
            # `mkdocs serve`: the browser shows the French messages (on_files) until the file is mended.
            log.info("ERREUR DANS LES DONNÉES — l'aperçu affiche ce message :\n%s", exc)
            self.failure, self.context, self.generated = exc, None, None
            if foreign_entries(root):  # MkDocs would list docs/ following its links (a loop never ends): an
                self.docs_dir = config.docs_dir  # empty folder instead, until on_files (the watchers keep docs/)
                config.docs_dir = str(root / ".cache" / "vide")
                Path(config.docs_dir).mkdir(parents=True, exist_ok=True)
            config.nav = []
            return config
        except pdf.PdfError as exc:
            raise PluginError(str(exc)) from None
        self.failure, self.context, self.generated = None, made.context, made
        if made.local:
            log.info(
                f"Adresse publique non définie : les adresses permanentes et les QR codes mènent à {made.site_url}, "
                "qui n'existe pas. Donnez l'adresse du site dans la variable SITE_URL (ex. SITE_URL=https://…/ make build)."
            )
        config.extra.update(made.extra)
        config.nav = made.nav
        return config

    def _generated(self) -> generate.Generated:
        if self.generated is None:
            raise PluginError("les pages et fichiers faits des données manquent (on_config)")
        return self.generated

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.failure is not None:
            return self._error_site(config)
        made = self._generated()
        if "search" not in config.plugins:  # Pagefind searches: Material's search scripts are never loaded
            for theme_file in [f for f in files if f.src_uri.startswith(MATERIAL_SEARCH_SCRIPTS)]:
                files.remove(theme_file)
        for generated in made.pages:  # plain Markdown: the macros plugin never renders them
            inclusion = InclusionLevel.UNDEFINED if generated.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, generated.path, content=generated.markdown, inclusion=inclusion))
        for path, content in sorted(made.files.items()):
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"{path} : cette adresse existe déjà dans le site — vérifiez data/redirections.yml")
            files.append(File.generated(config, path, content=content))
        self.known_urls = [f.url for f in files.documentation_pages()]
        return files

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        ctx = self.ctx
        page.meta.setdefault("up_qr", "../" * page.url.count("/") + sharing.qr_path(page.url))
        page.meta.setdefault("up_url", ctx.site_url + page.url)
        info = page.meta.get("up_modifier") or {}
        if info.get("date"):
            page.update_date = info["date"]  # sitemap <lastmod>: the page's own last change, not the build day
        return context

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """The content marks (render/content_marks.py) run as a Markdown extension, in this process, while MkDocs
        renders each page (which page: `on_page_markdown`)."""
        if self.failure is None:
            ctx = self.ctx
            marks = ContentMarks(ctx.site, ctx.glossary, ctx.glossary_falc, ctx.citation_scopes, config.site_url)
            config.markdown_extensions.append(MarksExtension(marks))  # type: ignore[arg-type]

    @event_priority(-100)  # after the macros plugin has rendered the page
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        for extension in config.markdown_extensions:
            if isinstance(extension, MarksExtension):  # the page Markdown makes next
                extension.at(page.file.src_uri, page.url)
        return with_twin_link(self.ctx.site, page.file.src_uri, markdown)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The content is marked already (MarksExtension, while Markdown made it): the page's other facts."""
        title = str(page.meta.get("title") or page.title or "")
        address = page.canonical_url or page.url
        page.meta.update(page_facts(self.ctx, page.meta, title, page.url, address, page.file.src_uri, config))
        return html

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """The theme's templates, compiled once, are kept between builds (Jinja checks them against their source)."""
        env.bytecode_cache = compiled_cache(Path(config.config_file_path).resolve().parent / ".cache" / "jinja-theme")
        return env

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """404.html, rendered from a theme template: the error page while the data is wrong (it is finished with
        the pages otherwise)."""
        if self.failure is not None and template_name.endswith(".html"):
            return error_page(self.failure)
        return output_content

    def _no_policy(self) -> bool:
        """No CSP under `mkdocs serve` (its live-reload script is inline), nor when a developer asks for a build
        to look at with tools that inject styles (`csp: false`, make build CSP=0)."""
        return self.serving or not self.config.csp

    def pdfs_asked(self) -> bool:
        """PDFs in every build, but not under `mkdocs serve` unless asked (`preview_pdf`): they never slow the
        editors' loop."""
        return self.config.preview_pdf if self.serving else self.config.pdf

    def _error_site(self, config: MkDocsConfig) -> Files:
        """The site under `mkdocs serve` while the data is wrong: the error page at every address it had."""
        if self.docs_dir is not None:
            config.docs_dir, self.docs_dir = self.docs_dir, None
        docs = Path(config.docs_dir)
        urls = {"", *self.known_urls}
        for md in docs.rglob("*.md"):
            rel = md.relative_to(docs).with_suffix("").as_posix()
            urls.add("" if rel == "index" else rel.removesuffix("/index").removesuffix("index") + "/")
        content = error_page(self.failure).encode("utf-8") if self.failure is not None else b""
        return Files([File.generated(config, f"{url}index.html", content=content) for url in sorted(urls)])

    @event_priority(-100)  # last: every page is written
    def on_post_build(self, config: MkDocsConfig) -> None:
        """The finishing pass over the written site (outputs/finish.py); under `mkdocs serve` it only indexes the
        pages, after the preview has shown them (waited for by the next build)."""
        if self.failure is not None:
            return
        ctx, self.context = self.ctx, None  # `mkdocs serve` makes a new context for the next build
        site_dir = Path(config.site_dir)
        pages = finish.built_pages(site_dir, ctx.files)
        binary = Path(self.config.pagefind) if self.config.pagefind else None
        options = finish.Options(finished=not self.serving, policy=not self._no_policy(), pagefind=binary)
        plan = None
        if self.pdfs_asked():  # the easy-to-read pages do not show their date: their PDFs' is the data's
            records = ctx.views.records
            dates = {r.url: day for r in records if "pdf" in r.outputs and (day := last_change(ctx.dates, r.source))}
            plan = finish.PdfPlan(ctx.site, records, ctx.site_url, dates)
        run = functools.partial(
            finish.finish_site, ctx.root, site_dir, pages, options, search_index.synonym_groups(ctx.site), plan, config
        )
        if self.serving and plan is None:
            background = ThreadPoolExecutor(1)
            self.indexing = background.submit(run)
            background.shutdown(wait=False)
            return
        try:  # a failure fails the build, the previous site stays (build.py names the step: Pagefind's, …)
            pdf.require(plan is not None)
            run()
        except pdf.PdfError as exc:  # it says how to build without PDFs
            raise PluginError(str(exc)) from None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """The preview notices a saved file within 0.1 s instead of 0.5 s, and sends the site's policy (site/preview.py)."""
        watched = preview.faster_watch(server, [config.docs_dir, config.config_file_path or "", *config.theme.dirs])
        return preview.with_policy(watched) if self.config.csp else watched

    def _wait_indexing(self) -> None:
        if self.indexing is None:
            return
        try:
            self.indexing.result()
        except search_index.PagefindError as exc:
            log.warning("La recherche de l'aperçu n'a pas pu être indexée : %s", exc)
        finally:
            self.indexing = None

    def on_shutdown(self) -> None:
        self._wait_indexing()
