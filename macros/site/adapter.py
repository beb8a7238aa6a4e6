"""What the MkDocs adapter (plugin.py) decides, as plain functions and typed options: no MkDocs object here, so
that any engine's adapter calls the same (tests/test_adaptateur.py runs them without MkDocs).

`AdapterOptions` is the plugin's configuration once read (mkdocs.yml, `plugins: - usagers-partenaires:`) with the
command it runs under; it says what each stage is asked for: generate's `Options`, finish's `Options` and its
`PdfPlan` (or None). `added_files` is what generate made, as the engine's new files; `page_markdown` what a page's
Markdown gets before the engine converts it (the content marks told which page, the link to its easy-to-read twin);
`finishing` is the finishing pass of one build, ready to run. A page's facts (its address, QR code, edit links, search
kind…) are decided by generate (page_facts.py): the adapter only hands them over.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.loader import DataError
from ..outputs import finish, pdf, search_index
from ..outputs.workers import cores
from ..render.content_marks import ContentMarks, MarksExtension
from . import addresses, generate, serve_errors
from .context import BuildContext
from .edit_links import last_change
from .page_facts import error_page, page_addresses
from .pages import with_twin_link

__all__ = [
    "AdapterOptions",
    "BuildStopped",
    "FileChanges",
    "Started",
    "added_files",
    "file_changes",
    "finish_build",
    "finishing",
    "generate_for",
    "marks_extension",
    "page_addresses",
    "page_markdown",
    "page_written",
    "shown_title",
    "start",
    "theme_output",
]

log = logging.getLogger("mkdocs.plugins.usagers")
NOT_LOADED = (
    "les données ne sont pas chargées (le greffon « usagers-partenaires » doit être déclaré avant « macros » dans "
    "mkdocs.yml)"
)


@dataclass(frozen=True)
class AdapterOptions:
    """The plugin's options (`pagefind`: relative to the project) and whether it runs under `mkdocs serve`."""

    pdf: bool = True  # a build makes the PDFs
    preview_pdf: bool = False  # `mkdocs serve` makes them too (slow: make serve PDF=1)
    csp: bool = True  # the policy in each page (false: for tools that inject styles)
    pagefind: str | None = None  # another Pagefind binary
    serving: bool = False

    @classmethod
    def of(cls, config: Mapping[str, Any], serving: bool) -> AdapterOptions:
        return cls(
            pdf=bool(config.get("pdf", True)),
            preview_pdf=bool(config.get("preview_pdf", False)),
            csp=bool(config.get("csp", True)),
            pagefind=config.get("pagefind"),
            serving=serving,
        )

    @property
    def pdfs(self) -> bool:
        """PDFs in every build, but not under `mkdocs serve` unless asked (`preview_pdf`): they never slow the
        editors' loop."""
        return self.preview_pdf if self.serving else self.pdf

    @property
    def policy(self) -> bool:
        """No CSP meta under `mkdocs serve` (its live-reload script is inline: the server sends it as a header,
        preview.py), nor when a developer asks for a build to look at with tools that inject styles."""
        return not self.serving and self.csp

    def generating(self) -> generate.Options:
        return generate.Options(pdf=self.pdfs, workers=cores())

    def finishing(self) -> finish.Options:
        binary = Path(self.pagefind) if self.pagefind else None
        return finish.Options(finished=not self.serving, policy=self.policy, pagefind=binary)


# Material's own search (lunr and its languages, ~1 MB in 36 files), loaded only by its search worker, which only
# its search plugin feeds; the worker's own file stays, named in every page's configuration.
MATERIAL_SEARCH_SCRIPTS = "assets/javascripts/lunr/"


def unused_theme_files(files: Iterable[str], searching: bool) -> frozenset[str]:
    """The theme's files no page loads (`files`: the engine's, by path inside the site's sources): Material's search
    scripts when its search plugin is off (Pagefind searches)."""
    return frozenset() if searching else frozenset(f for f in files if f.startswith(MATERIAL_SEARCH_SCRIPTS))


class BuildStopped(Exception):
    """The data is wrong and no preview is there to show it: the build stops with every problem, in French."""


def generate_for(project: generate.ProjectConfig, options: AdapterOptions) -> generate.Generated:
    """Stage (a) for the engine's settings. A data error stops a build (BuildStopped); under `mkdocs serve` it is
    told here and raised as it is (DataError): the preview shows it at every address (serve_errors.py)."""
    try:
        made = generate.generate_project(project, options.generating())
    except DataError as exc:
        if not options.serving:
            raise BuildStopped(str(exc)) from None
        log.info("ERREUR DANS LES DONNÉES — l'aperçu affiche ce message :\n%s", exc)
        raise
    if made.local:
        log.info(local_notice(made.site_url))
    return made


@dataclass(frozen=True)
class Started:
    """Stage (a) as a build starts with it: what generate made, or, under `mkdocs serve`, the data error the preview
    shows instead (with an empty folder for the engine to list meanwhile when docs/ has links: serve_errors.py)."""

    made: generate.Generated | None = None
    failure: DataError | None = None
    empty_docs: Path | None = None

    @property
    def extra(self) -> dict[str, Any]:
        """What the theme reads in `config.extra` besides `theme_extra()` (nothing for the error page)."""
        return self.made.extra if self.made is not None else {}

    @property
    def nav(self) -> list[Any]:
        """The engine's navigation: generate's (none for the error page)."""
        return self.made.nav if self.made is not None else []

    @property
    def extensions(self) -> list[MarksExtension]:
        """The Markdown extensions the engine registers: the content marks of this build (none for the error page)."""
        return [marks_extension(self.made.context)] if self.made is not None else []


def start(project: generate.ProjectConfig, options: AdapterOptions) -> Started:
    """Stage (a) for one build of the engine (`generate_for`), or, under `mkdocs serve`, the data error it shows.
    Raises BuildStopped (a data error outside the preview) and pdf.PdfError."""
    try:
        return Started(generate_for(project, options))
    except DataError as exc:  # only under `mkdocs serve` (generate_for)
        return Started(failure=exc, empty_docs=serve_errors.empty_docs(project.root))


@dataclass(frozen=True)
class FileChanges:
    """What the engine's list of files becomes: without `removed` (paths inside the site's sources), with `added`
    (path, content, in the menu); `only`: `added` is the whole site (the error page of `mkdocs serve`)."""

    added: list[tuple[str, str | bytes, bool]]
    removed: frozenset[str] = frozenset()
    only: bool = False


def file_changes(
    made: generate.Generated | None,
    failure: DataError | None,
    existing: list[str],
    docs: Path,
    known: Iterable[str],
    searching: bool,
) -> FileChanges:
    """The engine's files for this build (`made`, `failure`: `start`'s; `existing`: the engine's own files, docs/ and
    the theme, by path; `docs`: the folder it reads; `known`: the addresses of the last good build; `searching`: its
    own search plugin is on): generate's pages and files added, the theme's unused scripts removed; for a data error
    under `mkdocs serve`, only the error page at every address (serve_errors.py). A file made from data at an address
    the engine has stops the build (BuildStopped, in French)."""
    if failure is not None:
        shown = serve_errors.error_files(docs, known, failure)
        return FileChanges([(path, content, True) for path, content in shown.items()], only=True)
    if made is None:
        raise BuildStopped(NOT_LOADED)
    try:
        added = added_files(made, set(existing))
    except ValueError as exc:
        raise BuildStopped(str(exc)) from None
    return FileChanges(added, unused_theme_files(existing, searching))


def theme_output(failure: DataError | None, template: str, output: str) -> str:
    """What the engine writes for one of the theme's own pages (404.html…): under `mkdocs serve` with a data error,
    the error page (every problem, in French) instead of any HTML."""
    return error_page(failure) if failure is not None and template.endswith(".html") else output


def theme_extra() -> dict[str, Any]:
    """What the theme reads in `config.extra` before the data is loaded (the error page of `mkdocs serve` too)."""
    return {"up_reglages": generate.reglages(), "up_adresses": addresses.theme_addresses()}


def added_files(made: generate.Generated, existing: set[str]) -> list[tuple[str, str | bytes, bool]]:
    """What generate made, as new files of the engine (path inside docs/, content, in the menu): its pages (plain
    Markdown, rendered already) and its files. A file made from data at a path the engine has (`existing`: docs/
    and the theme) raises ValueError, in French."""
    added: list[tuple[str, str | bytes, bool]] = [(page.path, page.markdown, page.in_nav) for page in made.pages]
    for path, content in sorted(made.files.items()):
        if path in existing:
            raise ValueError(f"{path} : cette adresse existe déjà dans le site — vérifiez data/redirections.yml")
        added.append((path, content, True))
    return added


def marks_extension(ctx: BuildContext) -> MarksExtension:
    """The content marks of this build as a Python-Markdown extension, for the engine to register."""
    marks = ContentMarks(ctx.site, ctx.glossary, ctx.glossary_falc, ctx.citation_scopes, ctx.site_url)
    return MarksExtension(marks)


def shown_title(engine: str | None, front: Any, fact: str | None) -> str | None:
    """The title the engine shows for a page (breadcrumb, menu): the page's fact (generate's, its counts in words)
    when the engine took it from the page's front matter (`front`: as written; or as mkdocs-macros rendered it, which
    it does only for a page that renders its macros), the engine's own otherwise (a title the navigation gives)."""
    return fact if fact is not None and engine is not None and engine in (front, fact) else engine


def page_markdown(ctx: BuildContext, extensions: Iterable[Any], src: str, url: str, markdown: str) -> str:
    """A page's Markdown (`src`: its source inside docs/, `url`: its address) as the engine is to convert it: the
    content marks among `extensions` told that this page comes next, and its link to its easy-to-read twin added."""
    for extension in extensions:
        if isinstance(extension, MarksExtension):
            extension.at(src, url)
    return with_twin_link(ctx.site, src, markdown)


def local_notice(site_url: str) -> str:
    """Said when no public address was given: the permanent addresses and QR codes lead nowhere."""
    return (
        f"Adresse publique non définie : les adresses permanentes et les QR codes mènent à {site_url}, "
        "qui n'existe pas. Donnez l'adresse du site dans la variable SITE_URL (ex. SITE_URL=https://…/ make build)."
    )


def pdf_plan(ctx: BuildContext, asked: bool, site_name: str = "") -> finish.PdfPlan | None:
    """The PDFs of this build, if asked (the easy-to-read pages do not show their date: their PDFs' is the data's;
    `site_name`: the engine's, which the PDFs say)."""
    if not asked:
        return None
    records = ctx.views.records
    dates = {r.url: day for r in records if "pdf" in r.outputs and (day := last_change(ctx.dates, r.source))}
    return finish.PdfPlan(ctx.site, records, ctx.site_url, dates, site_name)


def site_name_of(config: Any) -> str:
    """The site's name in the engine's configuration (mkdocs.yml's `site_name`), if it has one."""
    return str(config.get("site_name") or "") if isinstance(config, Mapping) else ""


def page_written(ctx: BuildContext, config: Any, options: AdapterOptions, built: Iterable[str], url: str, html: str) -> None:
    """A page as the engine writes it (`html`: its very text; `config`: the engine's configuration, whose `site_dir`
    it writes into; `built`: the URLs of every page it writes): the PDFs made from it start as soon as every page
    they read is in (outputs/pdf/early.py)."""
    if not (options.pdfs and pdf.available()):
        return

    def start() -> pdf.EarlyPdfs:
        plan = pdf_plan(ctx, True)
        assert plan is not None
        site_dir, name = Path(config["site_dir"]), site_name_of(config)
        return pdf.EarlyPdfs(plan.site, plan.records, site_dir, plan.site_url, ctx.root, plan.dates, frozenset(built), name)

    pdf.page_written(ctx.root, ctx.views.records, start, url, html)


def finishing(
    ctx: BuildContext, site_dir: Path, options: AdapterOptions, theme: Any
) -> tuple[Callable[[], finish.SiteDone], finish.PdfPlan | None]:
    """The finishing pass over the pages the engine wrote into `site_dir` (`theme`: the engine's configuration,
    for CSS trimming), to run, and its PDF plan (None: no PDF)."""
    pages = finish.built_pages(site_dir, ctx.files)
    plan = pdf_plan(ctx, options.pdfs, site_name_of(theme))
    groups = search_index.synonym_groups(ctx.site)
    run = functools.partial(finish.finish_site, ctx.root, site_dir, pages, options.finishing(), groups, plan, theme)
    return run, plan


def finish_build(ctx: BuildContext, site_dir: Path, options: AdapterOptions, theme: Any) -> Future[finish.SiteDone] | None:
    """Stage (c) over what the engine wrote into `site_dir`; under `mkdocs serve` without PDFs only the index,
    behind the preview (its Future returned). A failure fails the build (pdf.PdfError says how to build without)."""
    run, plan = finishing(ctx, site_dir, options, theme)
    if options.serving and plan is None:
        return in_background(run)
    pdf.require(plan is not None)
    run()
    return None


def in_background(run: Callable[[], finish.SiteDone]) -> Future[finish.SiteDone]:
    """`mkdocs serve`: the finishing pass (the search index) runs behind the preview, in one thread."""
    background = ThreadPoolExecutor(1)
    indexing = background.submit(run)
    background.shutdown(wait=False)
    return indexing


def wait_indexing(indexing: Future[finish.SiteDone] | None) -> None:
    """`mkdocs serve`: the last build's search index, written behind the preview, waited for (a failure is told)."""
    if indexing is None:
        return
    try:
        indexing.result()
    except search_index.PagefindError as exc:
        log.warning("La recherche de l'aperçu n'a pas pu être indexée : %s", exc)
