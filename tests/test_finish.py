"""The finishing pass (macros/outputs/finish.py), run as any engine would run it: over a folder of pages already
written, without MkDocs. Each page comes out finished (policy, deferred script, minified, its keywords), once,
whether the pass runs on a pool of processes or in this one; the search index is written and finds a page by a
synonym of its words; under `mkdocs serve` the pages stay as written and only the index is made."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.outputs import finish
from tests.conftest import found

ROOT = Path(__file__).resolve().parent.parent
GROUPS = [["pair-aidance", "entraide"], ["RU", "représentant des usagers"]]


def _page(body: str, indexed: bool) -> str:
    wrapper = f'<div data-pagefind-body data-pagefind-meta="type:Fiche">{body}</div>' if indexed else body
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title>'
        f"<script>var a = 1;</script></head><body><main>\n<article>{wrapper}</article>\n</main>"
        '<script src="../../assets/javascripts/bundle.abc.min.js"></script></body></html>'
    )


PAGES = {
    "fiches/a/index.html": _page("<h1>Pair-aidance</h1>\n   <p>Une   mission.</p>", True),
    "fiches/b/index.html": _page("<h1>Le RU</h1>\n<p>Le RU siège.</p>", True),
    "fiches/c/index.html": _page("<p>Rien à trouver ici.</p>", True),
    "plan/index.html": _page("<p>Le plan, pour un usager partenaire, une entraide.</p>", False),
    **{f"pages/p{n}/index.html": _page(f"<p>Page {n}.</p>", True) for n in range(10)},  # enough for the pool
}


def _site(folder: Path) -> Path:
    for path, html in PAGES.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(html, encoding="utf-8")
    return folder


def _pass(folder: Path, options: finish.Options) -> finish.SiteDone:
    return finish.finish_site(ROOT, _site(folder), sorted(PAGES), options, GROUPS)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, finish.SiteDone]:
    if not (ROOT / "node_modules" / ".bin" / "pagefind").exists():
        pytest.skip("Pagefind absent (npm ci)")
    folder = tmp_path_factory.mktemp("fini")
    return folder, _pass(folder, finish.Options(cache=False))  # every page finished here (the cache: test_vitesse_rendu)


def test_every_page_is_finished_in_place(built) -> None:
    folder, done = built
    assert set(done.pages) == set(PAGES)
    for path in PAGES:
        html = (folder / path).read_text(encoding="utf-8")
        doc = BeautifulSoup(html, "html.parser")
        policy = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy is not None and "sha256-" in policy["content"], f"{path} : pas de politique"
        assert found(doc.find("script", src=True)).has_attr("defer"), path
        assert "   " not in html and "\n" not in html, f"{path} : pas minifié"


def test_keywords_are_written_in_the_head_of_each_indexed_page(built) -> None:
    folder, done = built

    def field(path: str) -> str | None:
        doc = BeautifulSoup((folder / path).read_text(encoding="utf-8"), "html.parser")
        meta = doc.find("meta", attrs={"name": "keywords"})
        return str(found(meta)["content"]) if meta else None

    assert field("fiches/a/index.html") == "entraide" and done.pages["fiches/a/index.html"].keywords == "entraide"
    assert field("fiches/b/index.html") == "représentant des usagers"
    assert field("fiches/c/index.html") is None, "sans synonyme : pas de champ"
    assert field("plan/index.html") is None and done.pages["plan/index.html"].indexed is None, "page hors de l'index"


def test_the_index_gets_each_indexed_page_with_its_keywords(built) -> None:
    """Pagefind is given the part of each page it indexes and the keywords field it searches (but never shows)."""
    folder, done = built
    assert done.index == folder / "pagefind" and (done.index / "pagefind.js").is_file()
    given = BeautifulSoup(done.pages["fiches/a/index.html"].indexed or "", "html.parser")
    field = given.find("meta", attrs={"data-pagefind-meta": "motscles[content]"})
    assert field is not None and field["content"] == "entraide"
    assert found(given.select_one("[data-pagefind-body]")).get_text(" ", strip=True).startswith("Pair-aidance")
    fragments = list((done.index / "fragment").glob("*.pf_fragment"))
    assert len(fragments) == sum(d.indexed is not None for d in done.pages.values()) == len(PAGES) - 1


def test_the_pool_and_one_process_give_the_same_bytes(built, tmp_path: Path, monkeypatch) -> None:
    folder, done = built
    monkeypatch.setattr(finish, "cores", lambda: 1)
    alone = _pass(tmp_path, finish.Options(cache=False))
    assert _files(tmp_path) == _files(folder), "les pages et l'index ne dépendent pas du nombre de processus"
    assert alone.pages == done.pages


def test_the_preview_keeps_the_pages_as_written_and_indexes_them(tmp_path: Path) -> None:
    if not (ROOT / "node_modules" / ".bin" / "pagefind").exists():
        pytest.skip("Pagefind absent (npm ci)")
    done = _pass(tmp_path, finish.Options(finished=False, policy=False))
    for path, html in PAGES.items():
        assert (tmp_path / path).read_text(encoding="utf-8") == html, f"{path} : réécrite sous mkdocs serve"
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert done.pages["fiches/a/index.html"].keywords == "entraide", "l'index de l'aperçu a aussi les synonymes"
    assert done.sheets == {} and all(not d.tokens for d in done.pages.values())


def test_a_missing_pagefind_fails_with_a_french_message(tmp_path: Path) -> None:
    from macros.outputs.search_index import PagefindError

    with pytest.raises(PagefindError, match="Pagefind est introuvable"):
        finish.finish_site(ROOT, _site(tmp_path), sorted(PAGES), finish.Options(pagefind=Path("absent/pagefind")), GROUPS)
    assert (tmp_path / "fiches/a/index.html").read_text(encoding="utf-8") == PAGES["fiches/a/index.html"]


def test_the_pass_runs_without_mkdocs(tmp_path: Path) -> None:
    if not (ROOT / "node_modules" / ".bin" / "pagefind").exists():
        pytest.skip("Pagefind absent (npm ci)")
    _site(tmp_path)
    script = (
        "import sys; sys.modules['mkdocs'] = None; sys.modules['material'] = None\n"
        "from pathlib import Path\n"
        "from macros.outputs import finish\n"
        f"done = finish.finish_site(Path({str(ROOT)!r}), Path({str(tmp_path)!r}), {sorted(PAGES)!r}, finish.Options(), "
        f"{GROUPS!r})\n"
        "print(len(done.pages))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == str(len(PAGES))
