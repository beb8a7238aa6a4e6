"""MkDocs hooks: load the data once per build, add one page per data item, keep the nav in order,
link each page to its easy-to-read twin, and explain lexicon terms where they appear.

MkDocs loads hooks by file path, so the project root goes on sys.path to import the `macros` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import allegement, pages, partage, recherche, state  # noqa: E402
from macros.glossaire import Glossary  # noqa: E402
from macros import liens, modifier  # noqa: E402
from macros import documents  # noqa: E402
from macros.loader import DataError, load_site  # noqa: E402

_glossary: Glossary | None = None


@event_priority(100)  # before the macros plugin renders anything
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _glossary
    data_dir = Path(config.config_file_path).resolve().parent / "data"
    try:
        site = load_site(data_dir)
    except DataError as exc:
        raise PluginError(str(exc)) from None
    state.set_site(site)
    modifier.reset()
    config.extra["up_version"] = partage.version_date(Path(config.config_file_path).resolve().parent)
    _glossary = Glossary(site)
    config.nav = pages.extend_nav(config.nav or [], site)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site = state.get_site()
    for generated in pages.generated_pages(site):
        inclusion = InclusionLevel.UNDEFINED if generated.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, generated.path, content=generated.markdown, inclusion=inclusion))
    site_url = config.site_url or "/"
    extra = {**partage.open_data_files(site, site_url), **partage.redirect_files(site, site_url)}
    extra.update(documents.document_files(site, site_url))  # modèles à télécharger : DOCX et ODT
    for page_file in list(files.documentation_pages()):
        extra[partage.qr_path(page_file.url)] = partage.qr_svg(site_url + page_file.url, f"QR code : {site_url}{page_file.url}")
    state.generated_sizes.clear()
    state.generated_sizes.update({path: len(content) for path, content in extra.items()})
    for path, content in sorted(extra.items()):
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"{path} : cette adresse existe déjà dans le site — vérifiez data/redirections.yml")
        files.append(File.generated(config, path, content=content))
    return files


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    root = "../" * page.url.count("/")
    page.meta.setdefault("up_qr", root + partage.qr_path(page.url))
    page.meta.setdefault("up_url", (config.site_url or "/") + page.url)
    # « Modifier cette page », « Signaler une erreur », date of the last change (partials/up/modifier.html).
    project = Path(config.config_file_path).resolve().parent
    source = modifier.source_of(page.meta, page.file.src_uri, Path(config.docs_dir).resolve().relative_to(project).as_posix())
    info = modifier.page_links(title=page.title or "", url=page.canonical_url or page.url, source=source, root=project,
                               repo_url=config.repo_url, edit_uri=config.edit_uri, dates=modifier.git_dates(project))
    page.meta["up_modifier"] = info
    if info.get("date"):
        page.update_date = info["date"]  # sitemap <lastmod>: the page's own last change, not the build day
    return context


@event_priority(-100)  # after the macros plugin has rendered the page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if isinstance(page.meta.get("title"), str):
        # The macros plugin renders Jinja found in page titles; a title made from data must stay text.
        page.title = page.meta["title"]
    twin = pages.twin_of(state.get_site(), page.file.src_uri)
    if twin is None:
        return markdown
    link = f"[{twin[1]}]({twin[0]}){{ .up-jumeau }}\n{{: .up-jumeau-bloc }}\n"
    lines = markdown.splitlines(keepends=True)
    for n, line in enumerate(lines):
        if line.startswith("# "):
            return "".join(lines[: n + 1]) + "\n" + link + "\n" + "".join(lines[n + 1:])
    return link + "\n" + markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _glossary is not None and not page.file.src_uri.startswith("lexique/"):
        html = _glossary.annotate(html, "../" * page.url.count("/"))
    return liens.mark_external(html, config.site_url)


@event_priority(-100)  # after the search plugin has written search/search_index.json
def on_post_build(config: MkDocsConfig) -> None:
    recherche.split_index(Path(config.site_dir), state.get_site(), _glossary.tooltip_texts() if _glossary else [])
    allegement.trim_css(Path(config.site_dir), config)
