"""The work a cold build does ahead, on the core MkDocs leaves idle (macros/site/ahead.py): whatever it did, the
finishing pass writes the same style sheets, and MkDocs finds the theme's templates compiled. No build: the
project's theme, style sheets and scripts, in temporary folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
import tinycss2

from macros.outputs import css_trim
from macros.outputs.cache import ContentCache
from macros.render import templates
from macros.site import ahead

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def config():
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


def _theme_sheets(config) -> list[Path]:
    dirs = [Path(d) for d in config.theme.dirs]
    return [s for d in dirs for p in css_trim.SHEETS for s in sorted((d / "assets" / "stylesheets").glob(p))]


def _site(config, tmp_path: Path) -> Path:
    """A site folder with what the finishing pass trims and minifies: the theme's sheets, ours, our scripts."""
    site = tmp_path / "site"
    (site / "assets" / "stylesheets").mkdir(parents=True)
    for sheet in _theme_sheets(config):
        shutil.copy(sheet, site / "assets" / "stylesheets" / sheet.name)
    for own in [*css_trim.OWN_SHEETS, *(f"assets/{p.name}" for p in (ROOT / "docs" / "assets").glob("*.js"))]:
        if (ROOT / "docs" / own).is_file():
            shutil.copy(ROOT / "docs" / own, site / own)
    return site


def _words(config) -> set[str]:
    """Words a site's pages could give: every other word the sheet names, and some that no page has."""
    css = _theme_sheets(config)[0].read_text(encoding="utf-8")
    named = sorted(set(css_trim.TOKEN.findall(css)))
    return set(named[::2]) | {"md-header", "md-nav", "md-typeset", "class", "href", "data-md-color-scheme"}


def test_a_sheet_trimmed_from_its_table_keeps_the_same_rules(config) -> None:
    """The table read once (ahead, or by the first trim) trims as the rules read from the sheet each time did."""
    for sheet in [*_theme_sheets(config), ROOT / "docs" / "assets" / "site.css"]:
        css = sheet.read_text(encoding="utf-8")
        for words in (_words(config), set(), {"md-typeset", "md-header"}):
            read_each_time = css_trim._rules(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True), words)
            assert css_trim.trim_table(css_trim.rule_table(css), words) == read_each_time, sheet.name


def test_the_sheets_prepared_ahead_give_the_same_files_without_reading_css_again(
    config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = _words(config)
    alone = _site(config, tmp_path / "seul")  # no work ahead: the finishing pass reads and trims everything
    sizes = css_trim.trim_css(alone, words, None, ContentCache(tmp_path / "seul-cache"))
    sizes.update(css_trim.minify_own_css(alone, ContentCache(tmp_path / "seul-cache")))

    cache = ContentCache(tmp_path / "cache", salt="essai")
    css_trim.prepare_sheets([Path(d) for d in config.theme.dirs], ROOT / "docs", cache)
    ahead_site = _site(config, tmp_path / "avance")

    def no_parsing(*args, **kwargs):
        raise AssertionError("the finishing pass parsed CSS that was prepared ahead")

    monkeypatch.setattr(tinycss2, "parse_stylesheet", no_parsing)
    monkeypatch.setattr(css_trim, "_minified_script", no_parsing)
    sizes_ahead = css_trim.trim_css(ahead_site, words, None, cache)
    sizes_ahead.update(css_trim.minify_own_css(ahead_site, cache))

    assert sizes_ahead == sizes
    written = sorted(p.relative_to(alone) for p in alone.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(ahead_site) for p in ahead_site.rglob("*") if p.is_file())
    for rel in written:
        assert (ahead_site / rel).read_bytes() == (alone / rel).read_bytes(), rel
    assert any(after < before for before, after in sizes.values())  # something was trimmed or minified


def test_the_theme_templates_compiled_ahead_are_loaded_not_compiled(
    config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `ahead` compiles is what MkDocs' own environment for the theme then finds in the cache."""
    cache = tmp_path / "jinja-theme"
    cache.mkdir()
    env = config.theme.get_env()
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    names = ahead.compile_templates(env, ["main.html", *sorted(config.theme.static_templates)])
    assert {"main.html", "base.html", "404.html", "sitemap.xml", "partials/header.html"} <= set(names)
    assert len(list(cache.iterdir())) == len(names)

    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    fresh = config.theme.get_env()  # as MkDocs makes it for the build, with the cache plugin.on_env gives it
    fresh.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    pages = [fresh.get_template(name) for name in names]
    assert compiled == []
    other = config.theme.get_env()
    (tmp_path / "vide").mkdir()
    other.bytecode_cache = jinja2.FileSystemBytecodeCache(str(tmp_path / "vide"))
    assert other.get_template("main.html").render is not None
    assert compiled == ["main.html"]  # (the count sees a compile when there is one)
    # Loaded from the cache, a template gives the same text as compiled anew.
    assert pages[names.index("sitemap.xml")].render(pages=[]) == other.get_template("sitemap.xml").render(pages=[])


def test_the_work_ahead_fills_the_three_caches_a_cold_build_reads(
    config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the forked process does (ahead._fill, which keeps quiet on any error, since the build redoes the work):
    every template of the views compiled, the theme's pages' templates compiled, the sheets prepared."""
    ours = templates._environment()
    ours.bytecode_cache = jinja2.FileSystemBytecodeCache(str(tmp_path / "jinja"))
    (tmp_path / "jinja").mkdir()
    monkeypatch.setattr(templates, "_ENV", ours)
    ahead._fill(config, tmp_path)

    views = ours.list_templates(extensions=["md", "html"])
    assert len(views) > 30
    names_only = templates._environment()
    names_only.bytecode_cache = None
    assert len(list((tmp_path / "jinja").iterdir())) == len(ahead.compile_templates(names_only, views))
    theme = config.theme.get_env()  # without a cache: the names only
    used = ahead.compile_templates(theme, ["main.html", *config.theme.static_templates])
    assert len(list(ahead.theme_cache(tmp_path).iterdir())) == len(used)
    cache = css_trim.css_cache(tmp_path)
    for sheet in _theme_sheets(config):
        assert cache.has([sheet.read_text(encoding="utf-8")], ".regles"), sheet.name
    for own in css_trim.OWN_SHEETS:
        assert cache.has([(ROOT / "docs" / own).read_text(encoding="utf-8")], ".min.css"), own


def test_a_build_from_a_fresh_clone_forks_the_work_and_the_next_build_does_not(
    config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    views = templates._environment()
    views.bytecode_cache = jinja2.FileSystemBytecodeCache(str(tmp_path / ".cache" / "jinja"))
    (tmp_path / ".cache" / "jinja").mkdir(parents=True)
    monkeypatch.setattr(templates, "_ENV", views)
    monkeypatch.setattr(ahead, "cores", lambda: 2)
    monkeypatch.setitem(config, "config_file_path", str(tmp_path / "mkdocs.yml"))

    assert ahead.start(config)  # nothing in .cache/: forked
    ahead._started[-1].join(60)
    assert ahead._started[-1].exitcode == 0
    for folder in ("jinja", "jinja-theme", "css"):
        assert any((tmp_path / ".cache" / folder).iterdir()), folder
    assert not ahead.start(config)  # the next build: every cache filled, no process


def test_mkdocs_reads_the_theme_templates_where_they_are_compiled_ahead(config) -> None:
    from mkdocs.structure.files import Files

    from macros.site.plugin import UsagersPlugin

    env = UsagersPlugin().on_env(config.theme.get_env(), config=config, files=Files([]))
    assert Path(env.bytecode_cache.directory) == ahead.theme_cache(Path(config.config_file_path).parent)
