"""The built site: every sheet page holds every section, anchor and bullet of its data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros import content as m
from tests.conftest import ATTACK, Scenario, article_text, build_site, copy_project, found

ANCHORS = [
    "pourquoi",
    "besoin-initial",
    "action",
    "comment",
    "activites",
    "ou",
    "lieux",
    "qui",
    "acteurs",
    "competences",
    "valeur-ajoutee",
    "has",
    "source",
]
OPTIONAL = {
    "formation": "formation",
    "modalites": "modalites",
    "territoire": "territoire",
    "ressources": "ressources",
    "reglementation": "reglementation",
    "autres_criteres": "autres-criteres",
}


def count_items(items: list[m.Item]) -> int:
    return sum(1 + count_items(i.sous_elements) for i in items)


def section_list_items(soup, anchor: str) -> int:
    """Count <li> between the heading `anchor` and the next heading of the same or higher level."""
    heading = soup.find(id=anchor)
    level = int(heading.name[1])
    total = 0
    for sibling in heading.find_next_siblings():
        if re.fullmatch(r"h[1-6]", sibling.name or "") and int(sibling.name[1]) <= level:
            break
        if sibling.name in ("ul", "ol"):
            total += len(sibling.find_all("li"))
    return total


def test_every_sheet_has_a_page_with_all_anchors(site_data, page) -> None:
    assert len(site_data.fiches) == 7
    for fiche in site_data.fiches.values():
        soup = page(f"fiches/{fiche.id}/")
        ids = {tag["id"] for tag in soup.find_all(id=True)}
        missing = [a for a in ANCHORS if a not in ids]
        assert not missing, f"{fiche.id}: missing anchors {missing}"
        headings = {tag["id"] for tag in soup.find_all(["h2", "h3"], id=True)}  # (a former address may stay as a div)
        for field, anchor in OPTIONAL.items():
            assert (anchor in headings) == (getattr(fiche, field) is not None), f"{fiche.id}: #{anchor}"
        assert soup.find("h1").get_text(strip=True).startswith(fiche.titre)
        assert len(soup.find_all("h1")) == 1


def test_every_bullet_of_the_data_is_on_the_page(site_data, page) -> None:
    for fiche in site_data.fiches.values():
        soup = page(f"fiches/{fiche.id}/")
        for field, anchor in [
            ("besoin_initial", "besoin-initial"),
            ("activites", "activites"),
            ("lieux", "lieux"),
            ("acteurs", "acteurs"),
            ("competences", "competences"),
            *OPTIONAL.items(),
        ]:
            section = getattr(fiche, field)
            if section is not None:
                assert section_list_items(soup, anchor) == count_items(section.elements), f"{fiche.id} #{anchor}"
        for n, value in enumerate(fiche.valeur_ajoutee, 1):
            assert section_list_items(soup, f"valeur-ajoutee-{n}") == count_items(value.elements)
        assert section_list_items(soup, "has") == count_items(fiche.has.activites)
        text = article_text(soup)
        for item in fiche.activites.elements:
            assert " ".join(item.texte.split()).replace("**", "").replace("*", "")[:60] in text


def test_testimonials_appear_word_for_word(site_data, page) -> None:
    for fiche in site_data.fiches.values():
        soup = page(f"fiches/{fiche.id}/")
        text = article_text(soup)
        for ident in fiche.exemples:
            assert soup.find(id=f"temoignage-{ident}") is not None
            for passage in site_data.temoignages[ident].contenu:
                words = " ".join((passage.citation or passage.recit or "").split())
                assert words.replace("*", "")[:80] in text, f"{ident}: {words[:40]}"


def test_cross_references_and_neighbours_link(site_data, page, site_dir: Path) -> None:
    fiches = site_data.fiches_in_order()
    for index, fiche in enumerate(fiches):
        soup = page(f"fiches/{fiche.id}/")
        nav = soup.find("nav", class_="up-suite")
        hrefs = [a["href"] for a in nav.find_all("a")]
        if index > 0:
            assert f"../{fiches[index - 1].id}/" in hrefs
        if index + 1 < len(fiches):
            assert f"../{fiches[index + 1].id}/" in hrefs
        for a in soup.find("article").find_all("a", href=True):
            href = a["href"].split("#")[0]
            if href and not href.startswith(("http", "mailto:")):
                target = (site_dir / f"fiches/{fiche.id}/" / href).resolve()
                assert (target / "index.html").exists() or target.exists(), f"{fiche.id}: broken link {a['href']}"


def test_sheet_index_has_one_card_per_sheet(site_data, page) -> None:
    soup = page("fiches/")
    cards = soup.select(".up-carte")
    assert [c.find("a")["href"] for c in cards] == [f"../fiches/{f.id}/" for f in site_data.fiches_in_order()]


def test_yaml_text_is_never_evaluated_as_jinja_nor_html(scenario: Scenario) -> None:
    soup = BeautifulSoup((scenario.site / "fiches/pair-aidance/index.html").read_text(encoding="utf-8"), "lxml")
    items = [li.get_text() for li in found(found(soup.find(id="activites")).find_next("ul")).find_all("li")]
    assert items[2] == ATTACK
    assert not soup.select("[onclick]")


def test_an_eighth_sheet_is_one_yaml_file(scenario: Scenario) -> None:
    """The scenario adds data/fiches/huitieme-mission.yml and nothing else for it."""
    out, project = scenario.site, scenario.project
    soup = BeautifulSoup((out / "fiches/huitieme-mission/index.html").read_text(encoding="utf-8"), "lxml")
    assert found(soup.find("h1")).get_text().startswith("Huitième mission") and soup.find(id="besoin-initial")
    index = BeautifulSoup((out / "fiches/index.html").read_text(encoding="utf-8"), "lxml")
    assert index.find("a", href="../fiches/huitieme-mission/") is not None
    seventh = next(p for p in (project / "data/fiches").glob("*.yml") if "numero: 7" in p.read_text(encoding="utf-8"))
    neighbour = BeautifulSoup((out / f"fiches/{seventh.stem}/index.html").read_text(encoding="utf-8"), "lxml")
    assert neighbour.find("a", href="../huitieme-mission/") is not None
    # no side menu (DESIGN.md): the site map lists it with the others
    plan = BeautifulSoup((out / "plan-du-site/index.html").read_text(encoding="utf-8"), "lxml")
    assert plan.find("a", href="../fiches/huitieme-mission/") is not None, "the eighth sheet is in the site map"


def test_a_bad_file_stops_the_build_and_leaves_site_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    out = tmp_path / "site"
    out.mkdir()
    (out / "ancien.html").write_text("version précédente", encoding="utf-8")
    path = project / "data/fiches/pair-aidance.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("numero: 1", 'numero: "un"'), encoding="utf-8")
    result = build_site(project, out)
    assert result.returncode != 0
    assert "data/fiches/pair-aidance.yml:" in result.stderr and "numero: nombre entier attendu" in result.stderr
    assert [p.name for p in out.iterdir()] == ["ancien.html"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-build-")]


@pytest.mark.slow  # a build of five times the content: `make test`
def test_menus_stay_short_when_content_grows(tmp_path: Path, site_dir: Path) -> None:
    """Past pages.MENU_MAX sheets, no page repeats the list of every sheet: the site grows linearly."""
    from macros.render.views import MENU_MAX
    from tests.bench import _multiply

    project = copy_project(tmp_path / "p")
    _multiply(project, 5)  # 35 sheets, 75 testimonials, 35 generated mission-sheet templates
    assert len(list((project / "data/fiches").glob("*.yml"))) > MENU_MAX
    out = tmp_path / "site"
    result = build_site(project, out)  # strict: a page left out of the menu must not warn
    assert result.returncode == 0, result.stderr

    def soup(path: str, root: Path = out) -> BeautifulSoup:
        return BeautifulSoup((root / path).read_text(encoding="utf-8"), "lxml")

    for path in (
        "fiches/pair-aidance/index.html",
        "modeles/fiche-de-mission-pair-aidance/index.html",
        "temoignages/fiche-pair-aidance/index.html",
    ):
        page = soup(path)
        copies = [a["href"] for a in page.select(".md-nav a[href], .up-filtres a[href]") if "-x" in a["href"]]
        assert not copies, f"{path} lists the other sheets: {copies[:3]}"
        grown, real = (out / path).stat().st_size, (site_dir / path).stat().st_size
        assert grown <= real, f"{path}: {grown} bytes with 35 sheets, {real} with 7"
    assert soup("fiches/pair-aidance/index.html").select_one(".up-menu a[href='../']") is not None, "menu leads to the index"
    filtre = soup("temoignages/fiche-pair-aidance/index.html")
    more = filtre.find("a", string="Choisir parmi les 35 fiches-missions")
    assert more is not None and more["href"] == "../../temoignages/#filtres"
    listing = soup("temoignages/index.html")
    assert listing.find(id="filtres") is not None
    assert len([a for a in listing.select(".up-filtres a") if "/fiche-" in a["href"]]) == 35
    assert len(soup("fiches/index.html").select("a[href*='fiches/']")) >= 35, "the index still lists every sheet"
    neighbour = soup("fiches/pair-aidance-x1/index.html")
    assert neighbour.find("h1") is not None and neighbour.select("a[rel='next'], a[rel='prev']")
