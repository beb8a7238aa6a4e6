"""The pages' last step (macros/outputs/finish.py), as MkDocs drives it: each page handed over, then its draft
written by MkDocs; at the end, every file is the finished page, the same from the worker process as in the build's
own process (one core), and the search index is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.data.loader import load_site
from macros.outputs import finish
from macros.render.content_marks import ContentMarks
from macros.render.glossary import Glossary
from tests.conftest import found

ROOT = Path(__file__).resolve().parent.parent
GROUPS = [["pair-aidance", "entraide"], ["RU", "représentant des usagers"]]


def _page(body: str, indexed: bool) -> str:
    keywords = '<meta name="keywords" data-pagefind-meta="motscles[content]" content="entraide">' if indexed else ""
    wrapper = f'<div data-pagefind-body data-pagefind-meta="type:Fiche">{body}</div>' if indexed else body
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8">{keywords}<title>t</title>'
        f"<script>var a = 1;</script></head><body><main>\n{wrapper}\n</main>"
        '<script src="assets/javascripts/bundle.abc.min.js"></script></body></html>'
    )


PAGES = {
    "fiches/a/index.html": (_page("<h1>Pair-aidance</h1>\n   <p>Une   mission.</p>", True), True),
    "fiches/b/index.html": (_page("<h1>Le RU</h1>\n<p>Le RU siège.</p>", True), True),
    "fiches/c/index.html": (_page("<p>Rien à trouver ici.</p>", True), True),
    "plan/index.html": (_page("<p>Le plan, pour un usager partenaire.</p>", False), False),
}


def _marks() -> ContentMarks:
    data = load_site(ROOT / "data")
    falc = Glossary(data, "facile-a-lire/mots/", easy=True)
    return ContentMarks(data, Glossary(data), falc, {}, "https://exemple.invalid/")


def _run(site: Path, worker: bool) -> tuple[dict[str, str], set[str], dict[str, finish.Marked]]:
    finisher = finish.PageFinisher(ROOT, site, finish.Options(), GROUPS, _marks(), worker=worker)
    marked: dict[str, finish.Marked] = {}
    try:
        for path, (html, indexed) in PAGES.items():  # on_page_content hands over each content
            content = html[html.index("<main>") + 6 : html.index("</main>")]
            finisher.content(path, path.replace("/index.html", ".md"), path.removesuffix("index.html"), content, indexed)
            marked.update(finisher.marked())
        marked.update(finisher.all_marked())  # on_env
        for path, (html, _) in PAGES.items():
            finisher.add(path, html)
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(html, encoding="utf-8")  # MkDocs writes its draft after on_post_page
        tokens = finisher.pages()
        finisher.wait_index()
    finally:
        finisher.close()
    return {path: (site / path).read_text(encoding="utf-8") for path in PAGES}, tokens, marked


@pytest.fixture(scope="module")
def both(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[bool, tuple[Path, dict[str, str], set[str], dict[str, finish.Marked]]]:
    if not (ROOT / "node_modules" / ".bin" / "pagefind").exists():
        pytest.skip("Pagefind absent (npm ci)")
    out = {}
    for worker in (True, False):
        site = tmp_path_factory.mktemp("worker" if worker else "inprocess")
        out[worker] = (site, *_run(site, worker))
    return out


def test_every_draft_is_replaced_by_the_finished_page(both) -> None:
    _, pages, _, _ = both[True]
    for path, html in pages.items():
        assert html != PAGES[path][0], f"{path} : le brouillon de MkDocs est resté"
        doc = BeautifulSoup(html, "html.parser")
        policy = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy is not None and "sha256-" in policy["content"], path
        assert found(doc.find("script", src=True)).has_attr("defer"), path
        assert "   " not in html, f"{path} : pas minifié"


def test_keywords_come_back_with_the_content_of_each_indexed_page(both) -> None:
    _, _, _, marked = both[True]
    keywords = {path: back.keywords for path, back in marked.items()}
    assert keywords["fiches/a/index.html"] == "entraide"
    assert keywords["fiches/b/index.html"] == "représentant des usagers"
    assert keywords["fiches/c/index.html"] == "", "sans synonyme : rien (le thème n'écrit alors pas le champ)"
    assert keywords["plan/index.html"] is None, "page hors de l'index"


def test_every_content_comes_back_marked(both) -> None:
    _, _, _, marked = both[True]
    assert set(marked) == set(PAGES)
    assert 'class="up-terme"' in marked["fiches/b/index.html"].html, "RU : un sigle du lexique, expliqué"
    assert 'class="up-terme"' in marked["plan/index.html"].html, "usager partenaire, terme du lexique"


def test_the_worker_and_the_build_process_give_the_same_bytes(both) -> None:
    site_w, pages_w, tokens_w, marked_w = both[True]
    site_p, pages_p, tokens_p, marked_p = both[False]
    assert pages_w == pages_p and marked_w == marked_p
    assert tokens_w == tokens_p and {"defer", "keywords", "data-pagefind-body"} <= tokens_w
    index_w = sorted(p.relative_to(site_w).as_posix() for p in (site_w / "pagefind").rglob("*") if p.is_file())
    index_p = sorted(p.relative_to(site_p).as_posix() for p in (site_p / "pagefind").rglob("*") if p.is_file())
    assert index_w and index_w == index_p
    assert all((site_w / f).read_bytes() == (site_p / f).read_bytes() for f in index_w)
