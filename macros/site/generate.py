"""Stage (a), generate: from `data/` and `docs/`, everything a site engine needs, made once and without MkDocs.

`generate` loads and checks the data, makes the build context, renders every page made from data (Markdown with a
YAML front matter any engine reads, links relative to each page's source file), makes the files made from data
(DOCX/ODT documents, the templates' PDFs, open data and redirect pages, the Atom feed, one QR code per page) and
the navigation. Its result can be written into a staging folder (`Generated.write`): docs/ as it is, the
generated pages and files beside it, and an `mkdocs.yml` whose navigation lists them — a folder that MkDocs,
Zensical or any engine reading `mkdocs.yml` can build. The MkDocs adapter (plugin.py) calls it once per build
and adds its pages and files in memory (never pointing MkDocs at the staging folder: under `mkdocs serve` the
watcher would see it change and rebuild forever).

Nothing here imports MkDocs (pyproject.toml's import-linter contract, tests/test_generer.py).
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
import shutil
import sys
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment

from ..content.kinds import SITE_MAP, qr_path
from ..data.docs_check import get_data
from ..data.project_files import foreign_entries, read_docs
from ..outputs import documents, pdf, sharing
from ..outputs.workers import fork_pool
from ..render import csp, settings
from ..render.views import Here, Views
from . import generated_cache, nouveautes
from .addresses import theme_addresses
from .context import BuildContext
from .data_cache import load_site_cached
from .edit_links import GitLog
from .macros_env import macros_of
from .page_facts import Repository, page_facts
from .pages import GeneratedPage, SourceHere, extend_nav, from_source, page_titles, with_twin_link

PLACEHOLDER_HOST = "usagers-partenaires.example.org"  # mkdocs.yml's site_url when SITE_URL is not given
STAGING = Path(".cache") / "etage"  # the default staging folder, under the project
ZENSICAL_MARKS = "macros.site.zensical_marks"  # the content marks, as the Markdown extension Zensical loads by name
# The seconds of each stage, for `python -m macros.build --durees` (tests/bench.py reads them there).
DURATIONS = logging.getLogger("macros.durees")


@dataclass(frozen=True)
class Options:
    """What a build asks for: the PDFs (the templates' here; the pages' in the finish stage) and how many
    processes may work (documents and PDFs in parallel; with 2 or more, open data and redirects on a forked
    worker meanwhile)."""

    pdf: bool = True
    workers: int = 1


@dataclass
class Generated:
    """What the generate stage gives an engine. Paths are inside docs/ (« fiches/x/index.md », « modeles/x.docx »)."""

    context: BuildContext  # for the engine's adapter: the views (macros of docs/*.md), glossary, dates…
    docs: dict[str, bytes]  # every file of docs/, read once
    pages: list[GeneratedPage]  # the pages made from data, in the registry's order, their Markdown rendered
    files: dict[str, bytes]  # the files made from data (documents, PDFs of templates, open data, feed, QR codes)
    nav: list[Any]  # mkdocs.yml's navigation with the generated pages in their sections
    extra: dict[str, Any]  # what the theme's templates read in `config.extra` (up_version, up_adresse_locale…)
    local: bool  # no public address was given (the pages say their address and QR code are local)
    site_url: str
    # What each page shows besides its text (path inside docs/ → page_facts.page_facts: permanent address, QR code,
    # edit links, review dates, search kind and weight): written in each staged page's front matter, given to MkDocs
    # as page.meta by the adapter.
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def sources(self) -> list[str]:
        """The source path of every page, hand-written or generated (« index.md », « fiches/x/index.md »)."""
        return [p for p in self.docs if p.endswith(".md")] + [p.path for p in self.pages]

    @property
    def urls(self) -> list[str]:
        """The address of every page, hand-written or generated (« », « fiches/x/ »), in source order."""
        return [Here(path).url for path in self.sources]

    def staged_pages(self, config: Mapping[str, Any] | None = None, source_links: bool = False) -> dict[str, str]:
        """Every page as an engine with neither our plugin nor mkdocs-macros reads it (path inside docs/ → its
        Markdown): the macros of docs/*.md rendered (pages whose front matter says `render_macros: true`, as
        mkdocs-macros does with `render_by_default: false`; `config`: mkdocs.yml, which they may read), each page's
        facts in its front matter, and each page's link to its easy-to-read twin (or full version) in its heading
        block. `source_links`: the pages' HTML links written from their source file (pages.SourceHere), for an
        engine that rewrites them as it rewrites Markdown links (Zensical)."""
        site = self.context.site
        here = SourceHere if source_links else Here
        out = {}
        for path, content in self.docs.items():
            if path.endswith(".md"):
                body, meta = get_data(content.decode("utf-8"))
                if meta.pop("render_macros", False):
                    body = render_macros(body, path, self.context.views, config or {}, here)
                out[path] = _with_front_matter({**meta, **self.facts.get(path, {})}, with_twin_link(site, path, body))
        for page in self.pages:
            body, meta = get_data((self._from_source(page) if source_links else page).markdown)
            out[page.path] = _with_front_matter(
                {**meta, **self.facts.get(page.path, {})}, with_twin_link(site, page.path, body)
            )
        return out

    def _from_source(self, page: GeneratedPage) -> GeneratedPage:
        """A generated page rendered again with its HTML links written from its source file (pages.SourceHere)."""
        if page.path == nouveautes.PAGE:
            return replace(page, markdown=nouveautes.page_markdown(self.context.annonces, SourceHere))
        return from_source(self.context.views, page)

    def write(self, folder: Path, config: Mapping[str, Any] | None = None, zensical: bool = False) -> Path:
        """Write the staging folder: `folder/docs/` (docs/ as it is for other files, every page from
        `staged_pages`, the files made from data) and `folder/mkdocs.yml` (`config`, mkdocs.yml as written,
        with docs_dir, site_dir, site_url, the navigation made here and what the templates read in `extra`;
        without plugins nor hooks: the folder needs neither; the theme's overrides are the project's). The folder
        is emptied first (only a staging folder: anything else in it stops the writing). Returns `folder`.
        `zensical`: for Zensical — the pages' HTML links written from their source file (it rewrites them), the
        content marks as a Markdown extension it loads by name (zensical_marks.py), its « classic » look (Material's,
        which our overrides style)."""
        _empty_staging(folder)
        docs = folder / "docs"
        pages = self.staged_pages(config, source_links=zensical)
        outputs: dict[str, bytes] = {**self.docs, **{path: text.encode("utf-8") for path, text in pages.items()}}
        for path, content in self.files.items():
            if path in outputs:
                raise ValueError(f"{path} : cette adresse existe déjà dans le site — vérifiez data/redirections.yml")
            outputs[path] = content
        for path, content in sorted(outputs.items()):
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        staged = {k: v for k, v in (config or {}).items() if k not in ("plugins", "hooks", "watch")}
        staged.update({"docs_dir": "docs", "site_dir": "site", "site_url": self.site_url, "nav": self.nav})
        hidden = [f"/{page.path}" for page in self.pages if not page.in_nav]  # the menu's: MkDocs warns about the rest
        staged["not_in_nav"] = "\n".join([*str(staged.get("not_in_nav") or "").split("\n"), *hidden]).strip() + "\n"
        theme = dict(staged.get("theme") or {})
        if theme.get("custom_dir"):
            theme["custom_dir"] = str((self.context.root / theme["custom_dir"]).resolve())
            staged["theme"] = theme
        if zensical:
            staged["theme"] = {**theme, "variant": "classic"}
            marks = {ZENSICAL_MARKS: {"root": str(self.context.root), "site_url": self.site_url}}
            staged["markdown_extensions"] = [*(staged.get("markdown_extensions") or []), marks]
        staged["extra"] = {**(staged.get("extra") or {}), **self.extra}
        (folder / "mkdocs.yml").write_text(yaml.safe_dump(staged, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return folder


def _empty_staging(folder: Path) -> None:
    """Remove an earlier staging folder (with what engines wrote in it: their sites, Zensical's .cache/); refuse a
    folder holding anything a staging folder does not (a wrong --out must never empty the project or another
    folder)."""
    if not folder.exists():
        return
    if not folder.is_dir() or any(
        not (entry.name in ("docs", "mkdocs.yml", ".cache") or entry.name.startswith(("site", "mkdocs-")))
        for entry in folder.iterdir()
    ):
        raise ValueError(f"{folder} : ce dossier n'est pas un dossier de mise en scène — choisissez un dossier vide")
    shutil.rmtree(folder)


def _with_front_matter(meta: Mapping[str, Any], body: str) -> str:
    if not meta:
        return body
    front = yaml.safe_dump(dict(meta), allow_unicode=True, sort_keys=False, width=10**6)
    return f"---\n{front}---\n\n{body}"


def render_macros(body: str, path: str, views: Views, config: Mapping[str, Any], here: type[Here] = Here) -> str:
    """The body of docs/<path> with its macros rendered as mkdocs-macros renders them (`on_undefined: strict`):
    each view of `views` for this page (its links relative to it, as `here` writes them), and `config`, mkdocs.yml."""
    # Sandboxed (mkdocs-macros is not): `make check` lets a page hold only macro calls with plain values and settings
    # (data/docs_check.py), and nothing else could run here if it did. noqa: as mkdocs-macros, the views return Markup.
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)  # noqa: S701
    env.globals.update(macros_of(views, lambda: here(path)))
    env.globals["config"] = config
    return env.from_string(body).render()


def public_url(site_url: str | None) -> tuple[str, bool]:
    """The site's address ending in « / », and whether it is only local (none given: the placeholder)."""
    url = site_url or "/"
    if not url.endswith("/"):
        url += "/"
    return url, urlparse(url).hostname in (None, PLACEHOLDER_HOST)


def generate(
    root: Path,
    docs_dir: Path,
    site_url: str | None,
    options: Options,
    *,
    nav: list[Any] | None = None,
    site_name: str = "",
    repository: Repository | None = None,
) -> Generated:
    """Stage (a): everything made from data for one build, each page's facts included (`repository`: where its
    edit links lead). Raises DataError (the French messages of every problem in data/ or docs/) and pdf.PdfError (a
    template's PDF could not be made)."""
    start = time.perf_counter()
    root = root.resolve()
    docs_dir = docs_dir.resolve()
    if options.pdf:  # WeasyPrint's processes start now if data, pages or code changed since the last PDFs
        pdf.warm_up(root, options.workers)
    foreign = foreign_entries(root)
    docs = read_docs(docs_dir) if not foreign else {}  # a link in docs/: refused by load_site_cached
    given = {
        "site_url": site_url,
        "pdf": options.pdf and pdf.available(),
        "nav": nav,
        "site_name": site_name,
        "repository": repository,
    }
    key = generated_cache.inputs(root, docs_dir, docs, given) if not foreign else None
    kept = generated_cache.get(root, key) if key is not None else None
    if kept is not None:  # every input as in an earlier build: its result
        DURATIONS.info("generation", extra={"seconds": time.perf_counter() - start})
        return kept
    history = GitLog(root)  # the pages' last changes: git reads the history while the data is read and pages made
    try:
        result = _make(root, docs_dir, docs, site_url, options, nav or [], site_name, repository or Repository(), history)
    finally:
        history.close()
    if key is not None:
        generated_cache.put(root, key, result)
    DURATIONS.info("generation", extra={"seconds": time.perf_counter() - start})
    return result


# The helper's jobs, made from this process's objects as they were when the helper was forked (the data, the views):
# only their name goes to it, only their result comes back.
_FORKED: dict[str, Callable[[], Any]] = {}
QR_PARTS = 4  # the QR codes, in this many jobs: the build's process takes those the helper has not started


def _forked(name: str) -> Any:
    """In the helper: one of the jobs `_make` left in `_FORKED` before its first job forked it."""
    return _FORKED[name]()


class _Soon:
    """One of the helper's jobs (`make`, kept in `_FORKED` under `name` before the helper is forked); `result()`
    is the helper's, or made here when the helper has not started it (or there is no helper): the same job."""

    def __init__(self, name: str, make: Callable[[], Any]) -> None:
        _FORKED[name] = make
        self.name, self.make = name, make
        self.future: Future[Any] | None = None

    def start(self, helper: Executor | None) -> _Soon:
        self.future = helper.submit(_forked, self.name) if helper is not None else None
        return self

    def result(self) -> Any:
        if self.future is None or self.future.cancel():
            return self.make()
        return self.future.result()


def _make(
    root: Path,
    docs_dir: Path,
    docs: dict[str, bytes],
    site_url: str | None,
    options: Options,
    nav: list[Any],
    site_name: str,
    repository: Repository,
    history: GitLog,
) -> Generated:
    """The stage's work when nothing kept fits (generate's arguments; `history`: git's, being read)."""
    site = load_site_cached(root, docs_dir, docs)
    url, local = public_url(site_url)
    ctx = BuildContext(root, site, url, sharing.version_date(root))
    ctx.views.pdfs_made = options.pdf and pdf.available()
    # Each template's PDF too (its page shows its pages and size): started now, made while the DOCX and ODT are.
    templates = (
        pdf.start_template_pdfs(site, url, ctx.views.entries, root, options.workers, site_name=site_name)
        if ctx.views.pdfs_made
        else None
    )
    # On another core while this one renders the pages: the site map (its index of words) of the pages planned, open
    # data and redirects, the QR codes of the pages planned, the DOCX and ODT that changed (the templates' pages,
    # which show the documents' sizes, wait for them: Views.files_ready). The helper is forked at its first job,
    # with this process's objects; this process makes any job the helper has not started when it needs it.
    markdown = {path: content.decode("utf-8") for path, content in docs.items() if path.endswith(".md")}
    planned = ctx.planned_pages()
    qr_planned = _qr_targets(url, [*markdown, *(path for _, path in planned), SITE_MAP])
    qr_cache = sharing.qr_cache(root)
    soon_map = _Soon("site_map", functools.partial(ctx.site_map_of, nav, planned))
    shared = _Soon("shared", functools.partial(sharing.shared_files, site, url, csp.policy(), sharing.open_data_cache(root)))
    items = sorted(qr_planned.items())
    qr_parts = [
        _Soon(f"qr{n}", functools.partial(sharing.qr_files, dict(items[n::QR_PARTS]), qr_cache)) for n in range(QR_PARTS)
    ]
    made_documents = documents.plan_documents(
        site, url, ctx.views.entries, documents.documents_cache(root), site_name=site_name
    )
    helper = fork_pool(1) if options.workers > 1 else None
    if helper is not None:  # what both processes may need, imported once: the helper, forked next, has it too
        if made_documents.missing:
            documents.preload()
        if sharing.qr_missing(qr_planned, qr_cache):
            importlib.import_module("segno")
    try:
        for job in (soon_map, shared, *qr_parts):
            job.start(helper)
        # The documents last: this process takes those the helper has not started when a template's page needs them.
        made_documents.start(helper)
        made: dict[str, bytes] = {}

        def site_map(pages: list[GeneratedPage]) -> GeneratedPage:
            """The helper's, if it is made for these very pages (else made here)."""
            if [(p.title, p.path) for p in pages] == planned:
                return soon_map.result()  # type: ignore[no-any-return]
            return ctx.site_map_of(nav, pages)

        def files_ready() -> None:
            made.update(made_documents.result())
            if templates is not None:
                pdfs = templates.results()
                made.update({path: result.pdf for path, result in pdfs.items()})
                ctx.views.pages.update({path: result.pages for path, result in pdfs.items()})
            ctx.views.sizes.update({path: len(content) for path, content in made.items()})

        ctx.views.files_ready = files_ready
        docs_folder = docs_dir.relative_to(root).as_posix()
        titles = page_titles(ctx.views, markdown)  # each hand-written page's, its counts in words: once
        pages = ctx.make_pages(nav, markdown, site_name, docs_folder, titles, site_map)
        if ctx.views.files_ready is not None:  # no page showed them: waited for here
            ctx.views.files_ready = None
            files_ready()
        ctx.know_changes(history.result())
        facts = all_facts(ctx, markdown, pages, docs_folder, repository, titles)
        qr: dict[str, bytes] = {}
        for job in reversed(qr_parts):
            qr.update(job.result())
        made_shared = shared.result()
    finally:
        _FORKED.clear()
        ctx.views.files_ready = None
        if helper is not None:
            helper.shutdown(cancel_futures=True)
    ctx.files = {**made, **ctx.files}  # the documents, the templates' PDFs, then the feed (make_pages)
    ctx.files.update(made_shared)
    ctx.views.sizes.update({path: len(content) for path, content in made_shared.items()})
    result = Generated(
        context=ctx,
        docs=docs,
        pages=pages,
        files={},
        nav=extend_nav(nav, pages),
        extra={
            "up_reglages": reglages(),
            "up_adresses": theme_addresses(),
            "up_raccourcis": ctx.views.search_shortcuts,  # the search's « Accès direct » (data/raccourcis.yml)
            "up_version": ctx.version,
            "up_adresse_locale": local,
        },
        local=local,
        site_url=url,
        facts=facts,
    )
    targets = _qr_targets(url, result.sources)
    if targets != qr_planned:  # pages other than those planned: their codes made here
        qr = sharing.qr_files(targets, qr_cache)
    result.files = {**ctx.files, **{qr_path(page_url): qr[qr_path(page_url)] for page_url in sorted(targets)}}
    return result


def _qr_targets(site_url: str, sources: list[str]) -> dict[str, str]:
    """The address each page's QR code leads to, by the page's address (`sources`: the pages' source paths)."""
    return {page_url: site_url + page_url for page_url in (Here(path).url for path in sources)}


def all_facts(
    ctx: BuildContext,
    docs: Mapping[str, str],
    pages: list[GeneratedPage],
    docs_folder: str,
    repository: Repository,
    titles: Mapping[str, str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Every page's facts (page_facts.py), by its path inside docs/: the hand-written pages (`docs`: their Markdown,
    whose front matter says their source; `titles`: their titles, pages.page_titles, made here if not given) and the
    pages made from data."""
    titles = page_titles(ctx.views, docs) if titles is None else titles
    facts = {}
    for path, text in docs.items():
        _, meta = get_data(text)
        facts[path] = page_facts(ctx, path, meta, titles[path], docs_folder, repository)
    for page in pages:
        facts[page.path] = page_facts(ctx, page.path, {"source_donnees": page.source}, page.title, docs_folder, repository)
    return facts


def reglages() -> dict[str, Any]:
    """What the head of every page reads for the display settings (the error page of `mkdocs serve` included)."""
    return {"champs": settings.CHAMPS, "cle": settings.STORAGE_KEY}


@dataclass(frozen=True)
class ProjectConfig:
    """What generate needs from mkdocs.yml, read without MkDocs (its `!ENV [NAME, default]` tags from the
    environment): for mkdocs-macros' pluglet mode, Zensical's shim and `make essai-zensical`."""

    root: Path
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def docs_dir(self) -> Path:
        return self.root / str(self.raw.get("docs_dir") or "docs")

    @property
    def site_url(self) -> str | None:
        value = self.raw.get("site_url")
        return str(value) if value else None

    @property
    def site_name(self) -> str:
        return str(self.raw.get("site_name") or "")

    @property
    def nav(self) -> list[Any]:
        return list(self.raw.get("nav") or [])

    @property
    def repository(self) -> Repository:
        return Repository(self.raw.get("repo_url") or None, self.raw.get("edit_uri") or None)

    @property
    def pdf(self) -> bool:
        """The `pdf` option of our plugin in mkdocs.yml (true by default)."""
        for entry in self.raw.get("plugins") or []:
            if isinstance(entry, dict) and "usagers-partenaires" in entry:
                return bool((entry["usagers-partenaires"] or {}).get("pdf", True))
        return True


class _ProjectLoader(yaml.SafeLoader):
    """mkdocs.yml as written, its `!ENV [NAME, default]` tags read from the environment."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        names = loader.construct_sequence(node)
    else:
        assert isinstance(node, yaml.ScalarNode)
        names = [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((os.environ[v] for v in variables if v in os.environ), default)


_ProjectLoader.add_constructor("!ENV", _env_tag)


def project_config(root: Path, name: str = "mkdocs.yml") -> ProjectConfig:
    """mkdocs.yml of the project at `root`, read as YAML (no MkDocs)."""
    text = (root / name).read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=_ProjectLoader)  # noqa: S506 — SafeLoader plus one tag
    return ProjectConfig(root.resolve(), raw if isinstance(raw, dict) else {})


def generate_project(config: ProjectConfig, options: Options) -> Generated:
    """Stage (a) for a project's settings (mkdocs.yml, read by `project_config` or given by an engine)."""
    return generate(
        config.root,
        config.docs_dir,
        config.site_url,
        options,
        nav=config.nav,
        site_name=config.site_name,
        repository=config.repository,
    )


def stage(root: Path, folder: Path | None = None, options: Options | None = None, zensical: bool = False) -> Generated:
    """Generate from the project's mkdocs.yml and write the staging folder (`.cache/etage/` by default; `zensical`:
    for Zensical, Generated.write)."""
    config = project_config(root)
    made = generate_project(config, options or Options(pdf=config.pdf))
    made.write(folder or root / STAGING, config.raw, zensical)
    return made


def main(argv: list[str] | None = None) -> int:
    """`python -m macros.site.generate [--out DOSSIER] [--sans-pdf]`: write the staging folder."""
    import argparse

    from ..data.loader import DataError
    from ..outputs.workers import cores

    parser = argparse.ArgumentParser(description="Écrit le dossier de mise en scène (pages et fichiers faits des données).")
    parser.add_argument("--out", type=Path, default=None, help=f"dossier à écrire (par défaut {STAGING}/)")
    parser.add_argument("--sans-pdf", action="store_true", help="sans les PDF des modèles")
    parser.add_argument(
        "--zensical",
        action="store_true",
        help="pour Zensical : liens HTML écrits depuis le fichier source, marques du contenu en extension Markdown",
    )
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parents[2]
    config = project_config(root)
    try:
        made = stage(root, args.out, Options(pdf=config.pdf and not args.sans_pdf, workers=cores()), args.zensical)
    except (DataError, pdf.PdfError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"{len(made.docs)} fichiers de docs/, {len(made.pages)} pages et {len(made.files)} fichiers faits des données : "
        f"{args.out or root / STAGING}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
