"""The MkDocs adapter: one plugin, holding one build context per build.

It loads and validates the data once (`on_config`), adds the pages and files made from data and starts the
workers of the second core — the one that finishes the pages and feeds the Pagefind search index, and the PDFs'
(`on_files`) —, gives each page its edit links, QR code and easy-to-read twin, hands each content to the worker,
which marks it (citations, lexicon terms, links that leave the site: render/content_marks.py) while MkDocs makes the
next ones, and puts the marked contents back before the layout (`on_page_content`, `on_env`, which also hand each
page to the PDF workers), hands each laid-out page to the worker, which gives it its policy, minifies it, writes it
and indexes it (`on_post_page`), then trims the theme's style sheets and collects the index and the PDFs
(`on_post_build`). Everything it calls lives in the content pipeline (macros/data, macros/render, macros/outputs),
which runs without MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base, config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..data import suivi
from ..data.loader import DataError
from ..data.project_files import foreign_entries
from ..outputs import css_trim, finish, pdf, search_index, sharing
from ..outputs.workers import cores
from ..render.content_marks import ContentMarks
from ..render.templates import compiled_cache, render
from ..text.french import date_fr
from . import generate, nouveautes, preview
from .context import BuildContext
from .edit_links import page_links, source_of
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
        self.finisher: finish.PageFinisher | None = None  # each page's last step and the search index
        self.unmarked: dict[str, Page] = {}  # pages whose marked content has not come back yet
        self.indexing: finish.PageFinisher | None = None  # `mkdocs serve`: the last build's index, being written
        self.pdfs: pdf.PdfRun | None = None  # the PDFs, the whole guide's started as soon as its pages are built
        self.tokens: set[str] = set()  # the words of the pages written, for trimming the theme's style sheets
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
        self.tokens = set()
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
        ctx, made = self.ctx, self._generated()
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
        targets = set(self.known_urls)
        # Both start now and work on the second core while the pages are built: the worker that finishes each
        # page and feeds the search index (forked first, so that it holds no pipe of the PDF workers: they stop
        # when their input ends), and the PDF workers.
        binary = Path(self.config.pagefind) if self.config.pagefind else None
        options = finish.Options(finished=not self.serving, policy=not self._no_policy(), pagefind=binary)
        groups = search_index.synonym_groups(ctx.site)
        marks = ContentMarks(ctx.site, ctx.glossary, ctx.glossary_falc, ctx.citation_scopes, config.site_url)
        site_dir = Path(config.site_dir)
        self.unmarked = {}
        try:
            self.finisher = finish.PageFinisher(ctx.root, site_dir, options, groups, marks, worker=cores() > 1)
        except search_index.PagefindError as exc:
            raise PluginError(str(exc)) from None
        try:
            self.pdfs = pdf.start(ctx.site, site_dir, ctx.site_url, ctx.root, self.pdfs_asked(), set(targets))
        except pdf.PdfError as exc:
            raise PluginError(str(exc)) from None
        if self.pdfs is None:
            return files
        # The guide's pages first (MkDocs builds pages in the order of `files`), so its PDF starts early.
        first = set(pdf.guide_parts(ctx.site))
        return Files(sorted(files, key=lambda f: not (f.is_documentation_page() and f.url in first)))

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        ctx = self.ctx
        page.meta.setdefault("up_qr", "../" * page.url.count("/") + sharing.qr_path(page.url))
        page.meta.setdefault("up_url", ctx.site_url + page.url)
        info = page.meta.get("up_modifier") or {}
        if info.get("date"):
            page.update_date = info["date"]  # sitemap <lastmod>: the page's own last change, not the build day
        return context

    def _page_facts(self, page: Page, config: MkDocsConfig) -> None:
        """What the templates show of a page besides its text, known once its HTML is made (page.meta):
        « Modifier cette page », « Signaler une erreur » and the date of the last change (partials/up/modifier.html),
        and what the search index gets (kind, weight: overrides/main.html; the synonyms come with the marked content)."""
        ctx = self.ctx
        docs_folder = Path(config.docs_dir).resolve().relative_to(ctx.root).as_posix()
        page.meta["up_modifier"] = page_links(
            title=page.meta.get("title") or page.title or "",
            url=page.canonical_url or page.url,
            source=source_of(page.meta, page.file.src_uri, docs_folder),
            root=ctx.root,
            repo_url=config.repo_url,
            edit_uri=config.edit_uri,
            dates=ctx.dates,
            news=nouveautes.history_of(ctx.annonces, page.file.src_uri),
        )
        review = suivi.review_of(ctx.site, page.meta["up_modifier"]["source"], ctx.root)  # partials/up/verification.html
        page.meta["up_verification"] = review and {
            "verifie": review.verified,
            "verifie_fr": date_fr(review.verified),
            "echeance": review.due,
            "echeance_fr": date_fr(review.due),
        }
        page.meta["up_recherche"] = search_index.page_search(page.url, ctx.views.records)

    @event_priority(-100)  # after the macros plugin has rendered the page
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return with_twin_link(self.ctx.site, page.file.src_uri, markdown)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The content goes to the worker, which marks it (render/content_marks.py) while MkDocs makes the next
        ones; the marked contents come back here and in on_env, before any page is laid out. (A plugin running after
        this one on page contents would see them unmarked: there is none, mkdocs-macros works on the Markdown.)"""
        self._page_facts(page, config)
        finisher = self._finisher()
        path = page.file.dest_uri
        self.unmarked[path] = page
        finisher.content(path, page.file.src_uri, page.url, html, page.meta["up_recherche"] is not None)
        marked = finisher.marked()
        self._take_marked(marked)
        return marked[path].html if path in marked else html  # marked already if the worker was quick (one core)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Every content is made: the marked ones replace them. The theme's templates, compiled once, are kept
        between builds (Jinja checks them against their source)."""
        if self.finisher is not None:
            self._take_marked(self.finisher.all_marked())
        env.bytecode_cache = compiled_cache(Path(config.config_file_path).resolve().parent / ".cache" / "jinja-theme")
        return env

    def _take_marked(self, marked: dict[str, finish.Marked]) -> None:
        for path, back in marked.items():
            page = self.unmarked.pop(path)
            page.content = html = back.html
            if back.keywords is not None:  # written by overrides/main.html
                page.meta["up_recherche"]["motscles"] = back.keywords
            if self.pdfs is not None:  # its PDF can start now, before the page is laid out in the theme
                info = page.meta["up_modifier"]
                title = str(page.meta.get("title") or page.title or "")
                review = page.meta.get("up_verification")  # « Contenu vérifié le … », also in the PDF's colophon
                source = pdf.page_source(title, html, info.get("date"), info.get("date_fr"), review)
                self.pdfs.page_built(page.url, source)

    def _finisher(self) -> finish.PageFinisher:
        if self.finisher is None:
            raise PluginError("le processus qui finit les pages n'est pas lancé (on_files)")
        return self.finisher

    @event_priority(-50)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # MkDocs writes this draft; the worker writes the finished page (its policy, minified) over it once the
        # next page comes. Under `mkdocs serve` the page stays as it is (no policy: the live-reload script is
        # inline; not minified: sooner shown); the search index gets it all the same.
        if self.finisher is not None:
            self.finisher.add(page.file.dest_uri, output)
        return output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """404.html is rendered from a theme template, not a page: it gets its policy here."""
        if not template_name.endswith(".html"):
            return output_content
        if self.failure is not None:
            return error_page(self.failure)
        if self.serving:
            return output_content
        finished = finish.finish_page(output_content, policy=not self._no_policy(), minified=False)
        self.tokens |= finished.tokens
        return finished.html

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
        if self.failure is not None:
            return
        ctx = self.ctx
        site_dir = Path(config.site_dir)
        try:
            if self.finisher is not None:
                self.tokens |= self.finisher.pages()  # then the worker writes the search index, site/pagefind/
            if not self.serving:  # while Pagefind writes the index
                for path, content in ctx.files.items():  # the redirect pages: HTML too
                    if path.endswith(".html"):
                        self.tokens |= css_trim.file_tokens(content)
                css_cache = css_trim.css_cache(ctx.root)
                css_trim.trim_css(site_dir, self.tokens, config, css_cache)
                css_trim.minify_own_css(site_dir, css_cache)
            if self.serving:  # the preview shows its pages now; its index follows (waited for by the next build)
                self.indexing, self.finisher = self.finisher, None
            elif self.finisher is not None:
                self.finisher.wait_index()
        except search_index.PagefindError as exc:
            raise PluginError(str(exc)) from None
        finally:
            self.finisher = None
        if self.pdfs is not None:
            try:
                pdf.finish(self.pdfs, site_dir)  # after the pages: it adds their links
            except pdf.PdfError as exc:  # the build fails, the previous site stays (make build PDF=0 builds without)
                raise PluginError(str(exc)) from None
            finally:
                self.pdfs = None
        self.context = None  # `mkdocs serve` makes a new context for the next build

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """The preview notices a saved file within 0.1 s instead of 0.5 s, and sends the site's policy (site/preview.py)."""
        watched = preview.faster_watch(server, [config.docs_dir, config.config_file_path or "", *config.theme.dirs])
        return preview.with_policy(watched) if self.config.csp else watched

    def _wait_indexing(self) -> None:
        if self.indexing is None:
            return
        try:
            self.indexing.wait_index()
        except search_index.PagefindError as exc:
            log.warning("La recherche de l'aperçu n'a pas pu être indexée : %s", exc)
        finally:
            self.indexing = None

    def on_shutdown(self) -> None:
        self._wait_indexing()

    def on_build_error(self, *, error: Exception) -> None:
        if self.finisher is not None:
            self.finisher.close()
            self.finisher = None
        if self.pdfs is not None:
            self.pdfs.close()
            self.pdfs = None


def error_page(error: DataError) -> str:
    """The page `mkdocs serve` shows for a data error: every problem, in French (file, line, column, field)."""
    return str(render("erreur-donnees.html", problems=error.problems))
