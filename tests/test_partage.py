"""Permanent links, redirects, QR codes, citation, print, open data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.outputs import sharing as partage
from tests.conftest import ROOT
from tests.urls import published, read_register


def resolve(site_dir: Path, url: str) -> Path | None:
    """The HTML file an URL leads to, following our redirect pages."""
    for _ in range(3):
        path = site_dir / url.lstrip("/").split("#")[0] / "index.html"
        if not path.exists():
            return None
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in text:
            return path
        target = text.split("url=", 1)[1].split('"', 1)[0]
        url = str((Path("/" + url.lstrip("/").split("#")[0]) / target).resolve()) + "/"
    return None


def test_every_published_url_and_anchor_still_resolves(site_dir) -> None:
    register = read_register()
    assert register, "tests/urls-publiees.txt est vide : lancez « python -m tests.urls site »"
    ids: dict[Path, set[str]] = {}  # every id of a page, parsed once per page
    broken = []
    for entry in register:
        url, _, anchor = entry.partition("#")
        path = resolve(site_dir, url)
        if path is not None and anchor and path not in ids:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
            ids[path] = {str(e["id"]) for e in soup.find_all(id=True)}
        if path is None or (anchor and anchor not in ids[path]):
            broken.append(entry)
    assert not broken, f"adresses publiées qui ne répondent plus : {broken[:20]}"


def test_register_holds_every_current_url(site_dir) -> None:
    missing = sorted(published(site_dir) - set(read_register()))
    assert not missing, f"nouvelles adresses à enregistrer avec « python -m tests.urls <site> » : {missing[:20]}"


def test_redirects_from_data_lead_to_their_target(site_data, site_dir) -> None:
    assert site_data.redirections
    for r in site_data.redirections.values():
        path = resolve(site_dir, r.ancien)
        assert path is not None and path == site_dir / r.nouveau.split("#")[0] / "index.html", r.ancien


def test_every_heading_has_a_permalink(page, site_data) -> None:
    for fiche in site_data.fiches.values():
        soup = page(f"fiches/{fiche.id}/")
        for heading in soup.find("article").find_all(["h2", "h3"], id=True):
            if heading.get("id") == "up-partage-titre":
                continue
            link = heading.find("a", class_="headerlink")
            assert link is not None and link["href"] == f"#{heading['id']}", heading


def test_qr_codes_are_svg_for_every_page_and_shown(site_dir, page, site_data) -> None:
    for fiche in site_data.fiches.values():
        soup = page(f"fiches/{fiche.id}/")
        img = soup.select_one(".up-partage img.up-partage__qr")
        assert img is not None and img["alt"].startswith("QR code")
        svg = (site_dir / f"fiches/{fiche.id}/" / img["src"]).resolve()
        assert svg.read_text(encoding="utf-8").startswith("<svg")
        assert soup.select_one(".up-partage").get_text().count("fiches/" + fiche.id) >= 2
    for principe in site_data.principes.values():
        assert page(f"principes/{principe.id}/").select_one(".up-partage__qr") is not None


def test_qr_code_encodes_the_page_url() -> None:
    svg = partage.qr_svg("https://exemple.org/fiches/x/", "QR").decode()
    assert svg.startswith("<svg") and "<title>QR</title>" in svg
    assert partage.qr_svg("https://exemple.org/fiches/x/", "QR") == partage.qr_svg("https://exemple.org/fiches/x/", "QR")
    assert partage.qr_path("fiches/x/") == "qr/fiches--x.svg" and partage.qr_path("") == "qr/accueil.svg"
    assert partage.qr_path("./") == "qr/accueil.svg", "the home page file URL is ./ with use_directory_urls"


def test_citation_on_every_page(site_dir, page) -> None:
    # the date of the commit built, « non datée » in a copy without git history (a tarball)
    version = partage.version_date(ROOT)
    for path in site_dir.rglob("index.html"):
        rel = str(path.relative_to(site_dir))
        soup = page(rel)
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        if rel.startswith("parametres-affichage/") or "facile-a-lire/" in rel:
            # not on the settings page nor on easy-to-read pages (DESIGN.md, « Fin de page »)
            assert soup.select_one(".up-partage") is None, rel
            continue
        text = soup.select_one(".up-partage").get_text(" ")
        assert "Pour citer cette page" in text and "Usagers partenaires en santé" in text and f"version {version}" in text


def test_trainer_kit_lists_every_sheet_and_principle(page, site_data) -> None:
    soup = page("kit-formateur/")
    hrefs = {a["href"] for a in soup.select(".up-kit a")}
    for fiche in site_data.fiches.values():
        assert f"../fiches/{fiche.id}/" in hrefs
    for principe in site_data.principes.values():
        assert f"../principes/{principe.id}/" in hrefs
    assert len(soup.select(".up-kit img[src$='.svg']")) >= len(site_data.fiches) + len(site_data.principes)


def test_print_stylesheet_and_printable_guide(site_dir, page, site_data) -> None:
    css = (site_dir / "assets/site.css").read_text(encoding="utf-8")
    assert "@media print" in css and "size: A4" in css and "break-inside: avoid" in css
    soup = page("imprimer/")
    assert len(soup.find_all("h1")) == 1
    titles = soup.select("h2.up-fiche-imprimee")
    assert len(titles) == len(site_data.fiches)
    ids = [t["id"] for t in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), "duplicate ids on the printable guide"


def test_open_data_is_valid_and_complete(site_dir, site_data) -> None:
    everything = json.loads((site_dir / "donnees/tout.json").read_text(encoding="utf-8"))
    assert len(everything["fiches"]) == len(site_data.fiches)
    jsonschema = pytest.importorskip("jsonschema")
    for kind in ("fiches", "temoignages", "principes", "lexique", "references"):
        data = json.loads((site_dir / f"donnees/{kind}.json").read_text(encoding="utf-8"))
        schema = json.loads((site_dir / f"donnees/{kind}.schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)
        assert len(data) == len(getattr(site_data, kind))
    with (site_dir / "donnees/lexique.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(site_data.lexique)
    assert all(row["definition"] for row in rows)


def test_open_data_page_links_every_file(page, site_dir) -> None:
    soup = page("donnees-ouvertes/")
    links = {a["href"] for a in soup.select("table a")}
    for path in (site_dir / "donnees").iterdir():
        assert f"../donnees/{path.name}" in links
    assert "Licence" in soup.get_text()


def test_our_style_sheet_is_served_small_with_every_rule(site_dir) -> None:
    import tinycss2

    from macros.outputs.css_trim import minify_stylesheet

    source = (Path(__file__).parents[1] / "docs/assets/site.css").read_text(encoding="utf-8")
    served = (site_dir / "assets/site.css").read_text(encoding="utf-8")
    assert "/*" not in served and len(served) < 0.85 * len(source)

    def selectors(css: str) -> list[str]:
        rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
        out: list[str] = []
        for rule in rules:
            if rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
                out += selectors(tinycss2.serialize(rule.content))
            elif rule.type == "qualified-rule":
                out.append(" ".join(tinycss2.serialize(rule.prelude).replace(",", ", ").split()))
        return out

    assert selectors(served) == selectors(source)  # every rule kept, in order (settings set by script included)
    assert minify_stylesheet("a  /* x */ b{color :  red}") == "a b{color : red}"


def test_the_theme_sheet_is_trimmed_to_what_pages_use_and_its_script_deferred(site_dir, page) -> None:
    """The theme's main style sheet, trimmed in place (same name, so no page is rewritten after the build), keeps
    the rules of the classes the pages use and drops those of components the site never shows; the theme's
    script is deferred on every page (it blocked the first paint on a phone)."""
    import material

    theme = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    served = sorted((site_dir / "assets" / "stylesheets").glob("main.*.min.css"))
    assert len(served) == 1 and (theme / served[0].name).is_file(), "the theme's own name, nothing beside it"
    original, trimmed = (theme / served[0].name).read_text(encoding="utf-8"), served[0].read_text(encoding="utf-8")
    assert len(trimmed) < 0.7 * len(original)
    assert ".md-header" in trimmed and ".md-nav__link" in trimmed and ".md-typeset table" in trimmed
    assert ".md-tag" in original and ".md-tag" not in trimmed, "tags are off: their rules go"
    for url in ("", "fiches/pair-aidance/", "lexique/", "404.html"):
        soup = page(url)
        bundle = [s for s in soup.find_all("script", src=True) if "assets/javascripts/bundle." in s["src"]]
        assert len(bundle) == 1 and bundle[0].has_attr("defer"), url
        sheet = [link["href"] for link in soup.find_all("link", rel="stylesheet") if "/main." in link["href"]]
        assert sheet and sheet[0].endswith(served[0].name), url


@pytest.mark.unit
def test_a_page_gives_the_style_sheets_the_words_of_its_attributes_and_scripts() -> None:
    """What keeps a theme rule (css_trim.page_tokens): every attribute's name and the words of its value, and the words
    of the inline scripts (which add classes); never the words of the text, which no selector names."""
    import lxml.html

    from macros.outputs.css_trim import page_tokens, selector_is_used

    doc = lxml.html.document_fromstring(
        '<html><head><script>document.body.classList.add("md-js-on")</script></head><body>'
        '<nav class="md-nav  md-nav--primary" id="menu" data-md-level="1"><a class="md-nav__link">md-tag admonition</a>'
        '<a class="md-nav__link">deux</a></nav></body></html>'
    )
    tokens = page_tokens(doc)
    assert {"md-nav", "md-nav--primary", "md-nav__link", "menu", "data-md-level", "1", "md-js-on", "class"} <= tokens
    assert "md-tag" not in tokens and "admonition" not in tokens and "deux" not in tokens
    assert selector_is_used(".md-nav--primary .md-nav__link", tokens)
    assert selector_is_used('[data-md-level="1"]', tokens) and not selector_is_used('[data-md-level="2"]', tokens)
    assert selector_is_used(".md-js-on .md-nav", tokens) and not selector_is_used(".md-tag", tokens)


def test_the_page_for_an_address_that_leads_nowhere_is_french_with_ways_back(site_dir, page) -> None:
    """The host serves 404.html at any depth: it says what happened in French and leads home, to the site map
    and to the easy-to-read pages, by addresses from the site's root (it said « 404 - Not found » and nothing)."""
    soup = page("404.html")
    assert soup.html["lang"] == "fr" and soup.find("h1").get_text(strip=True) == "Page introuvable"
    assert "Not found" not in soup.get_text()
    from urllib.parse import urljoin, urlparse

    # Where each link leads from an address deep in the site, as the browser reads it.
    hrefs = [urlparse(urljoin("https://h/une/adresse/perdue/", a["href"])) for a in soup.select(".md-content a[href]")]
    assert all(h.netloc == "h" for h in hrefs), hrefs
    for target in ("/", "/plan-du-site/", "/facile-a-lire/"):
        assert target in [h.path for h in hrefs], (target, hrefs)
        assert (site_dir / target.lstrip("/") / "index.html").is_file()
