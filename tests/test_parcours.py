"""Entry by need: paths (data/parcours), the « Quelle fiche est pour moi ? » guide (data/orientation.yml), the
next step at the end of every sheet, and their data checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.data.problems import DataError
from tests.conftest import ROOT


def test_home_page_offers_every_path_by_need(site_data, page, site_dir) -> None:
    soup = page("")
    links = soup.select("ul.up-parcours a")
    assert [a.get_text(" ", strip=True) for a in links] == [p.titre for p in site_data.parcours_in_order()]
    for a, p in zip(links, site_data.parcours_in_order()):
        target = p.vers or f"parcours/{p.id}/"
        assert a["href"] == target
        if not p.vers:
            assert (site_dir / target / "index.html").is_file(), target
    assert "facile-a-lire/" in [a["href"] for a in links]
    assert "proposition de la rédaction" in soup.find("article").get_text(" ").lower()


def test_each_path_links_what_serves_it_in_order_with_why(site_data, page, site_dir) -> None:
    for p in site_data.parcours_in_order():
        if p.vers:
            continue
        soup = page(f"parcours/{p.id}/")
        assert "Proposition de la rédaction" in soup.select_one(".up-redaction").get_text()
        steps = soup.select("#etapes + ol > li")
        assert len(steps) == len(p.etapes), p.id
        for li, e in zip(steps, p.etapes):
            kind, value = e.cible
            href = li.select_one("a:not(.up-terme):not(.up-infobulle__lien)")["href"]
            slug = value.removesuffix(".md").removesuffix("index").rstrip("/") if kind == "page" else value
            assert slug.split("/")[-1] in href, (p.id, kind, value, href)
            text = "".join(t for t in li.find_all(string=True) if not t.find_parent(class_="up-infobulle"))
            assert e.pourquoi in " ".join(text.split()), (p.id, value)
            resolved = (site_dir / f"parcours/{p.id}/" / href.split("#")[0]).resolve()
            assert (resolved / "index.html").is_file() or resolved.is_file(), href


def test_which_sheet_guide_ends_on_a_sheet_on_every_branch(site_data, page) -> None:
    guide = site_data.orientation["quelle-fiche"]
    soup = page("")
    box = soup.select_one(".up-orientation")
    leaves = [li for li in box.select("li") if not li.find("ul")]
    assert len(leaves) == len(guide.fiches())
    for li in leaves:
        assert li.find("a")["href"].startswith("fiches/"), li
    reached = {li.find("a")["href"].split("/")[1] for li in leaves}
    assert reached == set(site_data.fiches)  # the guide leaves no sheet out


@pytest.mark.browser
def test_which_sheet_guide_works_without_javascript_by_keyboard(browser, server) -> None:
    tab = browser.new_page()
    cdp = browser.new_cdp_session(tab)
    cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
    tab.set_viewport_size({"width": 360, "height": 740})
    tab.goto(server + "/")
    assert tab.evaluate("document.documentElement.classList.contains('no-js')")
    # one answer pattern: every answer shows where it leads, nothing to open first (DESIGN.md)
    assert tab.locator(".up-orientation details").count() == 0
    link = tab.get_by_role("link", name="fiche 1, Pair-aidance associative")
    assert link.is_visible()
    link.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/fiches/pair-aidance/")
    assert tab.locator("h1").first.inner_text().startswith("Pair-aidance")
    tab.close()


# --- data checks ---------------------------------------------------------------------------


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    for folder in ("data", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def _problems(project: Path) -> str:
    from macros.data.loader import load_site

    with pytest.raises(DataError) as caught:
        load_site(project / "data")
    return str(caught.value)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_path_naming_a_missing_item_gives_a_french_message_with_its_line(project: Path) -> None:
    _edit(
        project / "data/parcours/formateurs.yml",
        "  - fiche: formation-professionnels\n",
        "  - fiche: formation-profesionnels\n",
    )
    _edit(project / "data/parcours/formateurs.yml", "  - page: kit-formateur.md\n", "  - page: kit-formatuer.md\n")
    _edit(project / "data/orientation.yml", "fiche: recherche\n", "fiche: recherches\n")
    text = _problems(project)
    assert "data/parcours/formateurs.yml:" in text
    assert "fiche « formation-profesionnels » introuvable — vouliez-vous écrire « formation-professionnels » ?" in text
    assert "page « kit-formatuer.md » introuvable — vouliez-vous écrire « kit-formateur.md » ?" in text
    assert "data/orientation.yml:" in text and "fiche « recherches » introuvable" in text


def test_a_step_with_two_targets_or_none_is_refused(project: Path) -> None:
    _edit(
        project / "data/parcours/formateurs.yml",
        "  - fiche: formation-professionnels\n",
        "  - fiche: formation-professionnels\n    principe: egalite-consideration\n",
    )
    assert "une étape nomme une seule cible" in _problems(project)


def test_every_sheet_ends_on_a_next_step(site_data, page, site_dir) -> None:
    for fiche in site_data.fiches.values():
        soup = page(f"fiches/{fiche.id}/")
        heading = soup.find(id="et-maintenant")
        assert heading is not None, fiche.id
        # The next step is the last section of the sheet, before the previous/next links.
        sections = [h for h in soup.find("article").find_all("h2", id=True) if h["id"] != "up-partage-titre"]
        assert sections[-1] is heading, fiche.id
        hrefs = [a["href"] for a in heading.find_next("ul").find_all("a", href=True)]
        assert f"../../modeles/fiche-de-mission-{fiche.id}/" in hrefs
        for mo in site_data.modeles.values():
            if fiche.id in mo.fiches:
                assert f"../../modeles/{mo.id}/" in hrefs, (fiche.id, mo.id)
        for p in site_data.principes.values():
            if fiche.id in p.fiches:
                assert f"../../principes/{p.id}/" in hrefs, (fiche.id, p.id)
        if any(t.fiche == fiche.id for t in site_data.temoignages.values()):
            assert f"../../temoignages/fiche-{fiche.id}/" in hrefs
        if any(t.type == "fiche" and t.cible == fiche.id for t in site_data.falc.values()):
            assert "facile-a-lire/" in hrefs
        for href in hrefs:
            target = (site_dir / f"fiches/{fiche.id}/" / href.split("#")[0]).resolve()
            assert (target / "index.html").is_file(), (fiche.id, href)


def test_principle_pages_put_the_summary_first_and_offer_a_short_contents(site_data, page) -> None:
    soup = page("principes/egalite-consideration/")
    article = soup.find("article")
    titles = [h.get_text(" ", strip=True).rstrip("¶ ").strip() for h in article.find_all("h2")]
    assert titles[0].startswith("Que doit-on retenir"), titles
    assert "tout usager intervenant dans le système de santé" in article.find(id="retenir").find_next("ul").get_text()
    ids = [e["id"] for e in article.find_all(id=True)]
    assert ids.index("retenir") < ids.index("detail") < ids.index("secret-professionnel")
    assert article.get_text().count("Aux termes de la loi pénale") == 1  # moved, not repeated
    for p in site_data.principes.values():
        soup = page(f"principes/{p.id}/")
        box = soup.select_one("nav.up-sommaire")
        h2 = [h for h in soup.find("article").find_all("h2", id=True) if h["id"] != "up-partage-titre"]
        if len(h2) >= 4:
            assert box is not None, p.id
            for a in box.find_all("a"):
                assert soup.find(id=a["href"].removeprefix("#")) is not None, (p.id, a["href"])


@pytest.mark.browser
def test_principle_contents_is_shown_on_every_screen(browser, server) -> None:
    """The contents list (the sheets' and paths' pattern, DESIGN.md) is plain links near the top, on a phone and on
    a desktop alike: there is no side table of contents any more."""
    tab = browser.new_page()
    for width in (360, 1280):
        tab.set_viewport_size({"width": width, "height": 800})
        tab.goto(server + "/principes/egalite-consideration/")
        box = tab.locator("nav.up-sommaire")
        assert box.is_visible(), width
        box.get_by_role("link", name="Que doit-on retenir").click()
        tab.wait_for_timeout(200)
        assert tab.url.endswith("#retenir")
        assert tab.locator("#retenir").is_visible()
    tab.close()
