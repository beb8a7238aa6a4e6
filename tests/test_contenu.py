"""Content is data, never code: Jinja shows as text, HTML and unsafe links are refused, external links are
marked and safe, a Content-Security-Policy allowing no other host is on every page; each page links to
the file it comes from (« Modifier cette page »), to a prefilled issue, and shows its last update."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup, Tag

from macros import content as m
from macros.outputs import sharing as partage
from macros.render import links as liens
from macros.render.content_marks import ContentMarks
from macros.render.glossary import Glossary
from macros.site import edit_links as modifier
from tests.conftest import JINJA, ROOT, Scenario, found

SITE_HOST = "usagers-partenaires.example.org"


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def text_of(soup: Tag) -> str:
    return " ".join(soup.get_text(" ").split())


# --- Jinja and HTML in YAML ------------------------------------------------------------------


@pytest.fixture(scope="module")
def injected(scenario: Scenario) -> Path:
    """The shared scenario build: Jinja syntax sits in a title, a bullet, a quote, a paragraph and a definition."""
    return scenario.site


@pytest.mark.parametrize("url", ["fiches/pair-aidance/", "fiches/", "temoignages/", "has/essentiel/", "lexique/"])
def test_jinja_in_yaml_appears_literally(injected: Path, url: str) -> None:
    soup = soup_of(injected / url / "index.html")
    assert JINJA in text_of(found(soup.find("article"))), url
    assert "oui 49" not in text_of(soup)


def test_jinja_in_a_title_stays_text_in_head_and_navigation(injected: Path) -> None:
    soup = soup_of(injected / "fiches/pair-aidance/index.html")
    assert JINJA in found(soup.title).get_text()
    assert JINJA in found(soup.find("h1")).get_text()
    assert any(JINJA in n.get_text() for n in soup.select("nav"))  # the breadcrumb names the page, not a link


def test_markup_characters_and_entities_stay_text(injected: Path) -> None:
    fiche = soup_of(injected / "fiches/pair-aidance/index.html")
    assert f"Favoriser {JINJA} a < b & c" in text_of(found(fiche.find("article")))
    lexique = soup_of(injected / "lexique/index.html")
    article = found(lexique.find("article"))
    assert "&lt;script&gt;" in text_of(article)
    assert not article.find_all("script")


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href='https://x.org'>x</a>",
        "<!-- x -->",
        "<iframe src=//x>",
        "a <b>gras</b>",
        "<svg onload=alert(1)>",
        "<style>body{}</style>",
        "< script>",
    ],
)
def test_raw_html_is_refused_with_a_message(text: str) -> None:
    with pytest.raises(ValueError, match="le HTML n'est pas permis"):
        m.check_text(text)


def test_raw_html_is_refused_in_lists_of_texts_too() -> None:
    # each text of a list is checked as the list's item: the message is at that item's line (variantes[1])
    with pytest.raises(ValueError, match=r"variantes\.1\s+Value error, le HTML n'est pas permis"):
        m.Terme.model_validate(
            {
                "id": "x",
                "terme": "x",
                "definition": "x",
                "variantes": ["a", "<b>"],
                "source": {"document": "x", "section": "y"},
            }
        )
    with pytest.raises(ValueError, match="le HTML n'est pas permis"):
        m.Tableau(legende="x", entetes=["a"], lignes=[["<script>"]])


@pytest.mark.parametrize(
    "text",
    [
        "[site](https://www.has-sante.fr/)",
        "[site](http://example.org/a_(b))",
        "[courriel](mailto:contact@example.org)",
        "[fiche](../fiches/pair-aidance/)",
        "[section](#activites)",
        "[page](/lexique/)",
        "3 < 4 et 5 > 2",
        "[réf][1]\n\n[1]: https://example.org/",
        "texte : avec deux-points",
    ],
)
def test_allowed_links_and_text(text: str) -> None:
    assert m.check_text(text) == text


@pytest.mark.parametrize(
    "text, target",
    [
        ("[x](javascript:alert(1))", "javascript:alert(1)"),
        ("[x](JavaScript:alert(1))", "JavaScript:alert(1)"),
        ("[x]( vbscript:msgbox)", "vbscript:msgbox"),
        ("[x](data:text/html,x)", "data:text/html,x"),
        ("[x](file:///etc/passwd)", "file:///etc/passwd"),
        ("[x](ftp://example.org/)", "ftp://example.org/"),
        ("[x](//autre.example/)", "//autre.example/"),
        ("[x][1]\n\n[1]: javascript:alert(1)", "javascript:alert(1)"),
        ("[x][1]\n\n  [1]: data:text/html,x", "data:text/html,x"),
    ],
)
def test_other_link_schemes_are_refused(text: str, target: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"lien « {target} » refusé")):
        m.check_text(text)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org", "//x.org", "www.x.org"])
def test_address_fields_accept_only_http_https_mailto(url: str) -> None:
    with pytest.raises(ValueError, match="adresse refusée"):
        m.Document(id="x", titre="x", auteurs="x", date="2023", description="x", lien=url)


# --- external links ----------------------------------------------------------------------------


def test_mark_external_unit(site_data) -> None:
    """As a page's content is marked while Markdown renders it (render/content_marks.py)."""
    marks = ContentMarks(site_data, Glossary(site_data), Glossary(site_data, easy=True), {}, f"https://{SITE_HOST}/")

    def mark_external(html: str) -> str:
        return marks.apply(html, "conclusion.md", "conclusion/")[0]

    html = (
        '<p><a href="https://www.has-sante.fr/x">HAS</a> <a href="../fiches/">fiches</a> '
        '<a href="mailto:a@b.org">écrire</a> <a class="x" rel="opener" href="http://autre.org">autre</a> '
        f'<a href="https://{SITE_HOST}/lexique/">ici</a></p>'
    )
    out = mark_external(html)
    soup = BeautifulSoup(out, "lxml")
    external = soup.select("a.up-lien-externe")
    assert [a["href"] for a in external] == ["https://www.has-sante.fr/x", "http://autre.org"]
    for a in external:
        assert a["rel"] == ["noopener", "noreferrer"]
        assert found(a.select_one(".up-lien-externe__icone"))["aria-hidden"] == "true"
        assert found(a.select_one(".up-visually-hidden")).get_text() == " (site externe)"
    assert "x" in external[1]["class"]
    assert mark_external(out) == out  # idempotent


def test_every_external_link_of_the_site_is_marked_and_safe(site_dir: Path) -> None:
    count = 0
    for path in html_pages(site_dir):
        soup = soup_of(path)
        content = soup.select_one(".md-content") or soup
        for a in content.find_all("a", href=True):
            if liens.is_external(str(a["href"]), SITE_HOST):
                count += 1
                where = f"{path.relative_to(site_dir)}: {a['href']}"
                assert {"noopener", "noreferrer"} <= set(a.get_attribute_list("rel")), where
                assert a.get("target") in (None, "_self"), where
                assert "up-lien-externe" in a.get_attribute_list("class"), where
                assert a.select_one(".up-lien-externe__icone[aria-hidden=true]") is not None, where
                hidden = a.select_one(".up-visually-hidden")
                assert hidden is not None and "site externe" in hidden.get_text(), where
    assert count > 10


# --- Content-Security-Policy -----------------------------------------------------------------

ALLOWED_SOURCES = {"'self'", "'none'", "data:", "blob:"}  # plus each page's own hashes (tests/test_csp.py)
# The one keyword beyond sources: WebAssembly compilation for the search (Pagefind), in script-src only.
WASM = "'wasm-unsafe-eval'"
RESOURCE_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}


def _csp_of(soup: BeautifulSoup) -> list[str]:
    return [
        str(meta.get("content", ""))
        for meta in soup.find_all("meta", attrs={"http-equiv": True})
        if str(meta["http-equiv"]).lower() == "content-security-policy"
    ]


def test_csp_allows_no_other_host() -> None:
    from macros.render.csp import DIRECTIVES

    assert DIRECTIVES["default-src"] == ["'self'"]
    assert DIRECTIVES["object-src"] == ["'none'"]
    assert DIRECTIVES["base-uri"] == ["'self'"]
    assert DIRECTIVES["script-src"] == ["'self'", WASM]
    for name, sources in DIRECTIVES.items():
        for source in sources:
            assert source in ALLOWED_SOURCES or (name, source) == ("script-src", WASM), f"{name} {source}"


def test_every_page_has_one_csp_from_the_one_source(site_dir: Path) -> None:
    from macros.render.csp import DIRECTIVES

    pages = html_pages(site_dir)
    assert len(pages) > 50
    for path in pages:
        policies = _csp_of(soup_of(path))
        assert len(policies) == 1, path.relative_to(site_dir)
        directives = {d.split()[0]: d.split()[1:] for d in policies[0].split(";") if d.strip()}
        assert list(directives) == list(DIRECTIVES), path.relative_to(site_dir)
        for name, sources in directives.items():
            named = [s for s in sources if s not in DIRECTIVES[name]]
            assert all(s.startswith("'sha256-") for s in named), (path.relative_to(site_dir), name, named)


def test_no_page_loads_anything_from_another_host(site_dir: Path) -> None:
    for path in html_pages(site_dir):
        soup = soup_of(path)
        for tag, attr in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "src"),
            ("video", "src"),
            ("audio", "src"),
            ("object", "data"),
            ("embed", "src"),
        ):
            for element in soup.find_all(tag, attrs={attr: True}):
                if tag == "link" and not set(element.get_attribute_list("rel")) & RESOURCE_RELS:
                    continue  # canonical, alternate…: an address, not something the browser loads
                url = str(element[attr])
                assert not url.startswith("//") and urlparse(url).scheme in ("", "data", "blob"), (
                    f"{path.relative_to(site_dir)}: <{tag} {attr}={url}>"
                )
        # every element's attribute names (find_all(attrs=function) gave the function the class, never the names)
        handlers = [f"<{e.name} {k}>" for e in soup.find_all(True) for k in e.attrs if k.lower().startswith("on")]
        assert not handlers, f"{path.relative_to(site_dir)}: attribut on…= (JavaScript en ligne) {handlers[:5]}"


def test_the_repository_link_asks_nothing_of_github(site_dir: Path) -> None:
    soup = soup_of(site_dir / "index.html")
    source = soup.select_one("a.md-source")
    assert source is not None and not source.has_attr("data-md-component")


# --- « Modifier cette page », « Signaler une erreur », last update ----------------------------


def _link(block, text: str):
    return next((a for a in block.find_all("a") if a.get_text().startswith(text)), None)


def _content_pages(site_dir: Path) -> list[Path]:
    return [p for p in site_dir.rglob("index.html") if soup_of(p).select_one("article.md-content__inner")]


def test_every_page_links_to_its_source_file_and_to_a_prefilled_issue(site_dir: Path) -> None:
    repo_url = re.search(r"^repo_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert repo_url is not None, "mkdocs.yml names its repo_url"
    repo = repo_url[1].rstrip("/")
    pages = _content_pages(site_dir)
    assert len(pages) > 40
    data_pages = 0
    for path in pages:
        soup = soup_of(path)
        where = path.relative_to(site_dir)
        block = soup.select_one(".up-modifier")
        assert block is not None, where
        edit = _link(block, "Modifier cette page")
        assert edit is not None, where
        href = edit["href"]
        assert href.startswith(f"{repo}/edit/main/") or href.startswith(f"{repo}/tree/main/"), href
        source = href.split("/main/", 1)[1]
        assert (ROOT / source).exists(), f"{where}: {source} n'existe pas"
        assert not source.startswith("docs/") or not (ROOT / source).read_text(encoding="utf-8").count("source_donnees:")
        data_pages += source.startswith("data/")
        issue = _link(block, "Signaler une erreur")
        query = parse_qs(urlparse(issue["href"]).query)
        assert issue["href"].startswith(f"{repo}/issues/new?")
        named = re.fullmatch(r"Erreur sur la page « (.+) »", query["title"][0])
        assert named and named[1] in found(soup.title).get_text(), (where, query["title"])
        assert f"https://{SITE_HOST}/{'' if str(where) == 'index.html' else str(where.parent) + '/'}" in query["body"][0]
    assert data_pages > 20


def test_generated_pages_link_to_their_yaml_file(site_dir: Path, site_data) -> None:
    fiche = site_data.fiches_in_order()[0]
    soup = soup_of(site_dir / f"fiches/{fiche.id}/index.html")
    edit = _link(soup.select_one(".up-modifier"), "Modifier cette page")
    assert edit["href"].endswith(f"/edit/main/data/fiches/{fiche.id}.yml")
    soup = soup_of(site_dir / "has/essentiel/index.html")
    edit = _link(soup.select_one(".up-modifier"), "Modifier cette page")
    assert edit["href"].endswith("/edit/main/data/pages/essentiel.yml")


def test_last_update_date_comes_from_git(site_dir: Path) -> None:
    dates = modifier.git_dates(ROOT)
    if not dates:
        pytest.skip("pas de dépôt git ici : les pages n'ont pas de date, et la construction réussit quand même")
    soup = soup_of(site_dir / "fiches/pair-aidance/index.html")
    time = found(soup.select_one(".up-modifier time"), "la date de modification")
    expected = dates.get("data/fiches/pair-aidance.yml")
    if expected is None:
        pytest.skip("data/fiches/pair-aidance.yml n'est pas encore validé dans git")
    assert time["datetime"] == expected
    assert re.fullmatch(r"(1er|\d{1,2}) \w+ \d{4}", time.get_text())


def test_dates_without_git_fall_back_gracefully(tmp_path: Path) -> None:
    assert modifier.git_dates(tmp_path) == {}
    info = modifier.page_links(
        title="T",
        url="https://x/",
        source="data/x.yml",
        root=tmp_path,
        repo_url="https://github.com/o/r",
        edit_uri="edit/main/",
        dates={},
    )
    assert "date" not in info and "signaler" in info and "modifier" not in info  # no such file, no edit link


def test_dates_of_a_folder_and_of_a_file() -> None:
    dates = {"data/temoignages/a.yml": "2024-01-02", "data/temoignages/b.yml": "2025-03-04", "docs/index.md": "2023-01-01"}
    assert modifier.last_change(dates, "data/temoignages") == "2025-03-04"
    assert modifier.last_change(dates, "docs/index.md") == "2023-01-01"
    assert modifier.last_change(dates, "data/absent.yml") is None


def test_a_copy_without_git_with_a_public_address(scenario: Scenario) -> None:
    """A copy outside git, given its public address as SITE_URL (as the Pages workflow does): no dates, a
    citation « version non datée », and the address in the citation, the permanent link and the QR codes."""
    out = scenario.site
    assert "Adresse publique non définie" not in scenario.log
    soup = soup_of(out / "fiches/pair-aidance/index.html")
    assert soup.select_one(".up-modifier") is not None
    assert soup.select_one(".up-modifier time") is None
    share = found(soup.select_one(".up-partage"), "la carte de partage")
    text = " ".join(share.get_text().split())
    assert "version non datée" in text and "version du" not in text
    assert "https://exemple.invalid/fiches/pair-aidance/" in text
    assert share.find("a", href="https://exemple.invalid/fiches/pair-aidance/") is not None
    assert share.select_one(".up-adresse-locale") is None
    expected = partage.qr_svg(
        "https://exemple.invalid/fiches/pair-aidance/", "QR code : https://exemple.invalid/fiches/pair-aidance/"
    )
    assert (out / "qr/fiches--pair-aidance.svg").read_bytes() == expected


def test_a_placeholder_address_is_said_once_and_marked_local(site_dir: Path) -> None:
    log = (site_dir.parent / "build.log").read_text(encoding="utf-8")
    assert log.count("Adresse publique non définie") == 1, log[-2000:]
    soup = soup_of(site_dir / "fiches/pair-aidance/index.html")
    note = soup.select_one(".up-partage .up-adresse-locale")
    assert note is not None and "ne les imprimez pas" in note.get_text()
    version = partage.version_date(ROOT)  # the date of the commit built; « non datée » in a copy without git history
    assert f"version {version}" in " ".join(found(soup.select_one(".up-partage")).get_text().split())


def test_hand_written_pages_showing_data_name_their_yaml_file() -> None:
    """A docs/ page that shows one data item links « Modifier cette page » to that item's YAML file."""
    from macros.data.docs_check import MACROS, id_calls

    checked = 0
    for path in sorted((ROOT / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        calls = {(call.collection, call.ident) for call in id_calls(text) if call.macro in MACROS}
        if len(calls) != 1:
            continue
        ((coll, ident),) = calls
        declared = re.search(r"^source_donnees:\s*(\S+)", text, re.MULTILINE)
        assert declared, f"{path.relative_to(ROOT)} : ajoutez « source_donnees: data/{coll}/{ident}.yml »"
        # The item's file, or the folder of what the page lists (an index page shows an intro and a list).
        assert declared[1] == f"data/{coll}/{ident}.yml" or (ROOT / declared[1]).is_dir(), path.relative_to(ROOT)
        checked += 1
    assert checked >= 5
