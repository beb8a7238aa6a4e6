"""The MkDocs adapter: hooks that only translate MkDocs' objects to the stages and back. on_config runs stage (a),
generate.py (pages, files, menu, each page's facts); on_files adds what it made; on_page_markdown hands a page's facts
to MkDocs and tells the content marks (render/content_marks.py) which page comes next; on_post_page hands each written
page, unchanged, to the PDFs (outputs/pdf/early.py); on_post_build runs stage (c), outputs/finish.py. What is decided
lives in plain modules: adapter.py, page_facts.py, serve_errors.py."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config import base, config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..data.loader import DataError
from ..outputs import finish, pdf
from ..render.templates import compiled_cache
from . import adapter, generate, preview
from .page_facts import last_change


class UsagersConfig(base.Config):
    """The plugin's options (adapter.AdapterOptions says what each does); `python -m macros.build` sets them."""

    pdf = config_options.Type(bool, default=True)
    preview_pdf = config_options.Type(bool, default=False)
    csp = config_options.Type(bool, default=True)
    pagefind = config_options.Optional(config_options.Type(str))


IN_NAV = {True: InclusionLevel.UNDEFINED, False: InclusionLevel.NOT_IN_NAV}  # generate's pages: in the menu or not


@contextmanager
def stopping() -> Iterator[None]:
    """What stops a build (bad data, a PDF not made, a file at an address the site has) is told as MkDocs' error."""
    try:
        yield
    except (adapter.BuildStopped, pdf.PdfError) as exc:  # their messages say what to do, in French
        raise PluginError(str(exc)) from None


class UsagersPlugin(BasePlugin[UsagersConfig]):
    serving = False  # under `mkdocs serve`: a data error shows in the browser instead of stopping
    generated: generate.Generated | None = None  # stage (a)'s, for this build (on_config → on_post_build)
    failure: DataError | None = None  # the data error of this build (serve only)
    known_urls: tuple[str, ...] = ()  # the pages of the last good build, each shown the error page
    docs_dir: str | None = None  # `mkdocs serve` with a link in docs/: the folder MkDocs does not list
    indexing: Future[finish.SiteDone] | None = None  # `mkdocs serve`: the last build's index, being written

    def on_startup(self, *, command: str, dirty: bool) -> None:  # kept across the rebuilds of `mkdocs serve`
        self.serving = command == "serve"

    def options(self) -> adapter.AdapterOptions:
        return adapter.AdapterOptions.of(self.config, self.serving)

    def made(self) -> generate.Generated:  # stage (a)'s (define_env reads its views), or an error: not loaded
        if self.generated is None:
            raise PluginError(adapter.NOT_LOADED)
        return self.generated

    @event_priority(100)  # before the macros plugin, which reads the context in define_env
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        adapter.wait_indexing(self.indexing)  # before MkDocs empties the site folder
        self.indexing, self.failure, self.generated = None, None, None
        config.extra.update(adapter.theme_extra())  # read by every page, the error page of `mkdocs serve` too
        with stopping():
            project = generate.ProjectConfig(Path(config.config_file_path).resolve().parent, dict(config))
            started = adapter.start(project, self.options())
        self.generated, self.failure = started.made, started.failure
        config.extra.update(started.extra)
        config.nav = started.nav
        config.markdown_extensions.extend(started.extensions)  # type: ignore[arg-type]
        if started.empty_docs is not None:  # until on_files
            self.docs_dir, config.docs_dir = config.docs_dir, str(started.empty_docs)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.docs_dir is not None:  # docs/ again, once MkDocs has listed the empty folder
            config.docs_dir, self.docs_dir = self.docs_dir, None
        with stopping():
            listed, docs, searching = [f.src_uri for f in files], Path(config.docs_dir), "search" in config.plugins
            changes = adapter.file_changes(self.generated, self.failure, listed, docs, self.known_urls, searching)
        kept = [] if changes.only else [f for f in files if f.src_uri not in changes.removed]
        added = [File.generated(config, path, content=body, inclusion=IN_NAV[nav]) for path, body, nav in changes.added]
        files = Files([*kept, *added])  # generate's pages: plain Markdown, the macros plugin never renders them
        if not changes.only:
            self.known_urls = tuple(f.url for f in files.documentation_pages())
        return files

    @event_priority(-100)  # after the macros plugin has rendered the page
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        made, src = self.made(), page.file.src_uri
        facts = made.facts.get(src, {})  # what the theme shows besides the text (page_facts.py)
        page.title = adapter.shown_title(page.title, page.meta.get("title"), facts.get("title"))  # breadcrumb, menu
        page.meta.update(facts)
        page.update_date = last_change(facts) or page.update_date  # sitemap <lastmod>: the page's own last change
        return adapter.page_markdown(made.context, config.markdown_extensions, src, page.url, markdown)

    @event_priority(-100)  # last: the page as MkDocs writes it, for the PDFs made from it (started meanwhile)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.generated is not None and self.failure is None:
            adapter.page_written(self.generated.context, config, self.options(), self.known_urls, page.url, output)
        return output

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:  # the theme's, compiled once
        env.bytecode_cache = compiled_cache(Path(config.config_file_path).resolve().parent / ".cache" / "jinja-theme")
        return env

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:  # 404.html
        return adapter.theme_output(self.failure, template_name, output_content)

    @event_priority(-100)  # last: every page is written
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.failure is None:
            made, self.generated = self.made(), None  # `mkdocs serve` makes a new context for the next build
            with stopping():  # a PDF error says how to build without PDFs
                self.indexing = adapter.finish_build(made.context, Path(config.site_dir), self.options(), config)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:  # site/preview.py
        watched = preview.faster_watch(server, [config.docs_dir, config.config_file_path or "", *config.theme.dirs])
        return preview.with_policy(watched) if self.config.csp else watched

    def on_shutdown(self) -> None:
        adapter.wait_indexing(self.indexing)
