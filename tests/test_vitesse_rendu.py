"""The editor's next build is faster, and gives the same bytes (issue 21, item 6): what the finishing pass made of a
page the engine wrote as last time comes from `.cache/finition/`, and so does the search index of the same pages.
No site build here: the finishing pass runs on a folder of pages, as tests/test_finish.py runs it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from macros.outputs import finish, pdf, search_index
from macros.outputs.cache import KEEP_DAYS, PRUNED, prune_daily
from tests.test_finish import GROUPS, PAGES, _files, _site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder of its own (its own `.cache/`), with the project's Pagefind."""
    if not (ROOT / "node_modules" / ".bin" / "pagefind").exists():
        pytest.skip("Pagefind absent (npm ci)")
    root = tmp_path / "projet"
    root.mkdir()
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    return root


def _pass(root: Path, folder: Path, cache: bool = True) -> finish.SiteDone:
    folder.mkdir()
    return finish.finish_site(root, _site(folder), sorted(PAGES), finish.Options(cache=cache), GROUPS)


def test_a_site_written_as_last_time_is_finished_from_the_cache_byte_for_byte(project: Path, monkeypatch) -> None:
    """The second pass over the same pages parses, marks and minifies none of them, starts no Pagefind, and writes
    the same pages and the same index as a pass without the cache."""
    alone = _pass(project, project / "sans-cache", cache=False)
    first = _pass(project, project / "premiere")

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("finished again, though the engine wrote it as last time")

    monkeypatch.setattr(finish, "finish_bytes", refused)
    monkeypatch.setattr(search_index, "PagefindIndexer", refused)
    second = _pass(project, project / "seconde")
    assert _files(project / "seconde") == _files(project / "premiere") == _files(project / "sans-cache")
    assert second.pages == first.pages == alone.pages


def test_a_page_the_engine_wrote_otherwise_is_finished_again_and_alone(project: Path, monkeypatch) -> None:
    _pass(project, project / "premiere")
    finished: list[str] = []
    real = finish.finish_bytes

    def counted(data: bytes, path: str, *args):  # type: ignore[no-untyped-def]
        finished.append(path)
        return real(data, path, *args)

    monkeypatch.setattr(finish, "finish_bytes", counted)
    changed = "fiches/b/index.html"
    monkeypatch.setitem(PAGES, changed, PAGES[changed].replace("Le RU siège.", "Le RU siège au conseil."))
    done = _pass(project, project / "seconde")
    assert finished == [changed]
    assert "au conseil" in (done.pages[changed].indexed or "")
    monkeypatch.setattr(finish, "finish_bytes", real)
    _pass(project, project / "sans-cache", cache=False)
    assert _files(project / "seconde") == _files(project / "sans-cache"), "the index is that of the pages as they are"


def test_a_page_whose_pdf_link_changed_is_finished_again(project: Path) -> None:
    """The link's words (the PDF's pages and size) are part of what a page is finished from."""
    folder = _site(project / "site")
    path = "fiches/a/index.html"
    work = finish._Work(folder, finish.Options(), GROUPS, finish.finish_cache(project), "groupes")
    before = {"fiches/a/": pdf.Link("../../pdf/a.pdf", "Télécharger le PDF (2 pages, 41,3 Ko)")}
    finish._finish_one(work, before, path)
    (folder / path).write_text(PAGES[path], encoding="utf-8")  # the engine writes it again, the same
    assert finish._kept(work, [path], before)[1] == []
    (folder / path).write_text(PAGES[path], encoding="utf-8")
    after = {"fiches/a/": pdf.Link("../../pdf/a.pdf", "Télécharger le PDF (2 pages, 41,6 Ko)")}
    assert finish._kept(work, [path], after)[1] == [path]


def test_the_cache_is_pruned_once_a_day(tmp_path: Path) -> None:
    """A build looks for what no build used for a month at most once a day, not at every build."""
    folder = tmp_path / ".cache"
    old = folder / "finition" / "ancienne.pickle"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"x")
    month = time.time() - (KEEP_DAYS + 1) * 86400
    os.utime(old, (month, month))
    assert prune_daily(folder) == 1 and not old.exists()
    old.write_bytes(b"x")
    os.utime(old, (month, month))
    assert prune_daily(folder) == 0 and old.exists(), "pruned an hour ago: not looked for again today"
    yesterday = time.time() - 86401
    os.utime(folder / PRUNED, (yesterday, yesterday))
    assert prune_daily(folder) == 1 and not old.exists()


def test_a_page_marked_as_it_was_comes_from_the_cache_and_a_new_definition_marks_it_again(
    site_data, tmp_path: Path, monkeypatch
) -> None:
    """The content marks of a page whose content, address and glossary are those of an earlier build are that
    build's; a changed definition in the lexicon makes every page marked again."""
    from dataclasses import replace

    from macros.render import content_marks
    from macros.render.glossary import Glossary

    html = "<p>Pour l'ETP, voir les représentants des usagers et la <a href='https://www.has-sante.fr/'>HAS</a>.</p>"

    def marks(site) -> content_marks.ContentMarks:  # type: ignore[no-untyped-def]
        falc = Glossary(site, easy=True)
        return content_marks.ContentMarks(site, Glossary(site), falc, {}, "https://exemple.invalid/", kept=tmp_path)

    marked: list[str] = []
    real = content_marks.ContentMarks.apply

    def counted(self, html: str, src: str, url: str):  # type: ignore[no-untyped-def]
        marked.append(src)
        return real(self, html, src, url)

    monkeypatch.setattr(content_marks.ContentMarks, "apply", counted)
    first = marks(site_data).marked(html, "conclusion.md", "conclusion/")
    assert "up-terme" in first and "up-lien-externe" in first and marked == ["conclusion.md"]
    assert marks(site_data).marked(html, "conclusion.md", "conclusion/") == first and len(marked) == 1
    assert marks(site_data).marked(html, "partenariat.md", "partenariat/") and len(marked) == 2, "another page"
    term = next(t for t in site_data.lexique.values() if "ETP" not in t.terme)
    changed = {**site_data.lexique, term.id: term.model_copy(update={"definition": "Une autre définition."})}
    again = marks(replace(site_data, lexique=changed))
    again.marked(html, "conclusion.md", "conclusion/")
    assert len(marked) == 3, "a definition changed: the page is marked again"


def test_the_index_of_words_of_the_same_data_comes_from_the_cache_and_a_new_synonym_makes_it_again(
    site_data, tmp_path: Path, monkeypatch
) -> None:
    """The site map's index of words is made once for given data, pages and code; an editor who adds a word to a
    synonym group gets it in the index at the next build."""
    from dataclasses import replace

    from macros.render import index_mots
    from macros.render.views import Views

    records = Views(site_data, "https://exemple.org/").records
    made: list[int] = []
    real = index_mots._index_of_words

    def counted(*args):  # type: ignore[no-untyped-def]
        made.append(1)
        return real(*args)

    monkeypatch.setattr(index_mots, "_index_of_words", counted)
    first = index_mots.index_of_words(site_data, records, kept=tmp_path)
    again = index_mots.index_of_words(site_data, records, kept=tmp_path)
    assert len(made) == 1 and again == first
    group_id, group = next(iter(site_data.synonymes.items()))
    grown = group.model_copy(update={"termes": [*group.termes, "entraide mutuelle"]})
    changed = replace(site_data, synonymes={**site_data.synonymes, group_id: grown})
    new = index_mots.index_of_words(changed, records, kept=tmp_path)
    assert len(made) == 2 and "Entraide mutuelle" in [e.word for _, entries in new for e in entries]


def test_the_previous_site_is_set_aside_at_once_and_emptied_by_the_next_build(tmp_path: Path, monkeypatch) -> None:
    """The project's own site/: the build does not wait for the old site's files to be unlinked; the next build
    empties them while it runs. Nothing is left next to site/."""
    from macros.site import build

    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.setattr(build, "TRASH", tmp_path / ".cache" / "corbeille")
    out, new = tmp_path / "site", tmp_path / ".site-build-1"
    for folder, text in ((out, "ancien"), (new, "nouveau")):
        folder.mkdir()
        (folder / "index.html").write_text(text, encoding="utf-8")
    build._swap(new, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "nouveau"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
    assert (build.TRASH / ".site-build-1" / "index.html").read_text(encoding="utf-8") == "ancien"
    assert build.build(out, tmp_path / "absent" / "mkdocs.yml") == 1  # a next build (which fails at once)
    assert not build.TRASH.exists(), "emptied by the next build"
    assert (out / "index.html").read_text(encoding="utf-8") == "nouveau"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
