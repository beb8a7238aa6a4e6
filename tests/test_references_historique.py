"""References that lead somewhere, the mended slips, the editorial marks, and each page's history.

- Every « (note N) » and cited number of the HAS text is a link that resolves; each reference links back to
  where it is cited; a number that leads nowhere is a data error at file:line.
- The slips found by the content audit stay mended (each test names the source it follows).
- What the site adds to the sources says so where it is shown, and carries « ajout éditorial » in data.
- Each page shows the journal's entries about it (data/nouveautes.yml, in French); « Nouveautés » and its Atom
  feed list the journal; git gives only the date of the last change, and a build outside git keeps the rest.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from macros.content import EDITORIAL, EDITORIAL_NOTE
from macros.data import citations
from macros.data.loader import DataError, load_site
from macros.site import edit_links, nouveautes
from tests.conftest import ROOT, Scenario, article_text

ATOM = "{http://www.w3.org/2005/Atom}"
SEEDS = ROOT.parent / "shared" / "seeds"


def _target(site_dir: Path, page_url: str, href: str) -> tuple[Path, str]:
    """The file and the fragment a link of the page at `page_url` (« principes/x/ ») leads to."""
    joined = urlparse(urljoin(f"http://site/{page_url}", href))
    path = site_dir / joined.path.lstrip("/")
    return (path / "index.html" if joined.path.endswith("/") else path), joined.fragment


# --- references ------------------------------------------------------------------------------------------


def test_citations_are_found_as_the_source_writes_them() -> None:
    found = citations.find("a (note 22) b (19, 28, 44) c (6-8) d (2002) e (ETP) f (3)")
    assert [c.note for c in found] == [22, None, None, None]  # a year, « (2002) », is not a citation
    assert [c.numbers for c in found[1:]] == [(19, 28, 44), (6, 7, 8), (3,)]
    assert found[1].parts[1].start == "a (note 22) b (19, ".__len__()


def test_every_citation_of_the_has_text_is_a_link_that_resolves(site_data, site_dir: Path, page) -> None:
    expected: dict[str, int] = {}  # page → links its HAS running text calls for
    for citing in citations.citing_texts(site_data):
        if citing.shown:
            count = sum(1 if c.note else len(c.parts) for c in citations.find(citing.text))
            expected[citing.page] = expected.get(citing.page, 0) + count
    made = 0
    for src in citations.scopes(site_data):
        url = citations.url_of(src)
        soup = page(url)
        links = soup.select("a.up-citation, a.up-appel-note")
        # An index page also shows the summaries of its items, which may cite too: at least the text's own.
        assert len(links) >= expected.get(src, 0), (url, len(links), expected.get(src))
        for link in links:
            made += 1
            path, fragment = _target(site_dir, url, link["href"])
            target = page(str(path.relative_to(site_dir))).find(id=fragment)
            assert target is not None, (url, link["href"])
            if "up-appel-note" in link["class"]:
                assert target.get_text().startswith(f"Note {fragment.removeprefix('note-')} :")
                back = target.find("a", class_="up-retour-note")
                assert back is not None and soup.find(id=back["href"][1:]) is not None, (url, fragment)
            else:
                assert re.fullmatch(r"has-\d+", fragment) and target.name == "li", (url, fragment)
        # The lists that quote the references themselves are not citations: « (98) » is an issue number.
        cited_list = soup.find(id="references")
        if cited_list is not None:
            assert not cited_list.find_next("ul").select("a.up-citation"), url
    assert made >= sum(expected.values()) >= 90, (made, expected)


def test_note_21_of_the_missions_page_leads_to_its_note(page) -> None:
    soup = page("has/missions-has/")
    call = soup.find("a", class_="up-appel-note", string="note 21")
    assert call is not None and call["href"] == "#note-21"
    assert "L'utilisateur partenaire en santé" in soup.find(id="note-21").get_text()


def test_each_reference_links_back_to_where_it_is_cited(site_data, site_dir: Path, page) -> None:
    refs = page("references/")
    cited = citations.cited_in(site_data)
    assert len(cited) == 55  # the HAS text cites every one of its 55 references
    for number, pages in cited.items():
        entry = refs.find(id=f"has-{number}")
        back = entry.select(".up-cite-dans a")
        assert len(back) == len(pages), number
        for link in back:
            path, fragment = _target(site_dir, "references/", link["href"])
            assert fragment == f"cite-has-{number}"
            target = page(str(path.relative_to(site_dir))).find(id=fragment)
            assert target is not None, link["href"]
            if target.name == "span":  # a number inside a range, « (6-8) »: the anchor stands before its link
                target = target.find_next_sibling("a")
            assert "up-citation" in target["class"], link["href"]
            numbers = re.findall(r"\d+", target.get_text())
            assert int(numbers[0]) <= number <= int(numbers[-1])


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def _problems_after(root: Path, rel: str, old: str, new: str) -> tuple[list[str], int]:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(n for n, line in enumerate(text.splitlines(), 1) if old in line)
    with pytest.raises(DataError) as info:
        load_site(root / "data")
    return [str(p) for p in info.value.problems], line


def test_a_reference_number_that_leads_nowhere_is_an_error_at_its_line(data: Path) -> None:
    rel = "data/principes/egalite-consideration.yml"
    found, line = _problems_after(data, rel, "(19, 28, 44)", "(19, 28, 94)")
    assert any(
        p.startswith(f"{rel}:{line}:") and "référence n° 94 introuvable" in p and "vont de 1 à 55" in p for p in found
    ), found


def test_a_note_call_without_its_note_is_an_error_at_its_line(data: Path) -> None:
    rel = "data/principes/egalite-consideration.yml"
    found, line = _problems_after(data, rel, "(note 22)", "(note 23)")
    assert any(p.startswith(f"{rel}:{line}:") and "pas de note n° 23" in p for p in found), found


def test_a_cited_number_missing_from_the_pages_list_is_an_error(data: Path) -> None:
    rel = "data/principes/egalite-consideration.yml"
    found, _ = _problems_after(data, rel, "(19, 28, 44)", "(19, 28, 54)")
    assert any(p.startswith(f"{rel}:") and "cite la référence n° 54, absente de « references »" in p for p in found)


# --- the slips, mended -----------------------------------------------------------------------------------


def test_missions_page_lists_the_seven_categories_with_links(site_data, page) -> None:
    soup = page("has/missions-has/")
    items = [li for li in soup.find("article").find_all("li") if li.find("a", href=re.compile(r"fiches/.+#has$"))]
    found = [re.match(r"2\.\d", li.get_text()) for li in items]
    numbers = [match.group(0) if match else li.get_text() for match, li in zip(found, items)]
    assert numbers == [f"2.{n}" for n in range(1, 8)]
    for li, number in zip(items, numbers):
        fiche = next(f for f in site_data.fiches.values() if f.has.categorie == number)
        assert fiche.has.titre in li.get_text() and f"fiches/{fiche.id}/#has" in li.a["href"]


def test_descriptif_de_la_publication_is_on_the_method_page(page) -> None:
    box = page("has/contexte-methode/").find("aside", attrs={"aria-label": "Descriptif de la publication"})
    text = " ".join(box.get_text().split())
    for words in (
        "Analyse de littérature – Parangonnage d'expériences",
        "Auto-saisine du conseil",
        "Mme Fabienne Ragain-Gire",
        "Mmes Christine Devaud, Sophie Nevière, Marina Rennesson, documentalistes",
        "déclarations publiques d'intérêts",
        "Version du 13 juillet 2023",
    ):
        assert words in text, words


def test_sheets_name_their_own_other_criteria_heading(page) -> None:
    assert (
        page("fiches/formation-professionnels/")
        .find(id="autres-criteres")
        .get_text()
        .startswith("Autres critères pour réaliser du partenariat en formation (pré-requis)")
    )
    assert (
        page("fiches/representation-usagers/")
        .find(id="autres-criteres")
        .get_text()
        .startswith("Autres critères pour pouvoir intervenir")
    )


def test_sheet_3_keeps_its_example_sub_headings(page) -> None:
    soup = page("fiches/soins-cliniques/")
    assert soup.find(["h2", "h3"], id="en-complement") is None
    assert soup.find(id="en-complement").name == "div"  # the former address still leads here
    headings = [h.get_text().rstrip("¶").strip() for h in soup.find_all("h3", id=re.compile("^autres-exemples-"))]
    assert headings == [
        "Autre exemple de Médiateur Santé Pair",
        "Exemples de patients ressources dans le domaine de la Cancérologie",
    ]
    assert "Gireg Dupont" in soup.find(id="autres-exemples-1").find_next("ul").get_text()
    assert "Laurie Panse" in soup.find(id="autres-exemples-2").find_next("ul").get_text()


def test_sheet_7_quotation_ends_where_the_source_closes_it(page) -> None:
    soup = page("fiches/representation-usagers/")
    quotes = " ".join(q.get_text() for q in soup.find_all("blockquote"))
    assert "dans ce processus de médiation" in quotes and "un livret a été co-construit" not in quotes
    note = soup.find(class_="up-note-redaction")
    assert note is not None and "guillemet fermant" in note.get_text() and EDITORIAL_NOTE in note.get_text()


def test_no_double_full_stop_after_a_testimonial_introduction(site_dir: Path, page) -> None:
    for path in site_dir.glob("fiches/*/index.html"):
        for intro in page(str(path.relative_to(site_dir))).select(".up-temoignage-intro"):
            assert not re.search(r"\.\s*\.$|»\.\.", intro.get_text().strip()), intro.get_text()[-40:]


def test_sheet_6_has_no_training_part_and_keeps_it_under_resources(page) -> None:
    soup = page("fiches/reflexion-ethique/")
    assert soup.find(["h2", "h3"], id="formation") is None
    assert soup.find(id="formation").find_next(["h2", "h3"])["id"] == "ressources"  # the former address
    assert "Pas de formation minimum demandée" in soup.find(id="ressources").find_next("ul").get_text()
    seed = next(SEEDS.glob("001_*.txt"), None)
    if seed:  # the source: « Ressources », then « - Pas de formation minimum demandée »
        text = seed.read_text(encoding="utf-8")
        assert re.search(r"Ressources\s+- Pas de formation minimum demandée", text)


def test_mission_sheet_template_cites_the_workshop_where_the_sentence_is() -> None:
    data = yaml.safe_load((ROOT / "data/modeles/fiche-de-mission.yml").read_text(encoding="utf-8"))
    cops = [s["section"] for s in data["autres_sources"] if s["document"] == "cops-2022"]
    assert cops and all(s.startswith("Constat et Bonnes pratiques") and "Besoins" not in s for s in cops)


def test_principle_3_6_keeps_the_source_and_flags_the_law_number(page) -> None:
    soup = page("principes/reconnaissance-professionnelle/")
    assert "loi n° 2022-1958" in article_text(soup)
    note = soup.find(class_="up-note-redaction")
    assert note is not None and "2022-1598" in note.get_text() and "47" in note.get_text()


def test_essentiel_says_the_seventh_principle_is_restored(page) -> None:
    note = page("has/essentiel/").find(class_="up-note-redaction")
    assert note is not None and "rétabli" in note.get_text() and "section 3" in note.get_text()


def test_sheet_header_reads_fiche_mission_singular(site_data, page) -> None:
    for fiche in site_data.fiches.values():
        soup = page(f"fiches/{fiche.id}/")  # the type and number above the title, then the summary
        assert soup.find(class_="up-surtitre").get_text(strip=True) == f"Fiche-mission {fiche.numero}"
        assert soup.find(class_="up-chapeau").get_text().startswith(fiche.description[:20])


# --- editorial marks -------------------------------------------------------------------------------------

OUTSIDE_THE_SOURCES = {
    "AME",
    "ASALEE",
    "ATD",
    "BNC",
    "BOP",
    "CHU",
    "CNRS",
    "CSS",
    "DDETS",
    "DGS",
    "DH",
    "DHOS",
    "DIU",
    "EHPAD",
    "EPoP",
    "ERHR",
    "INSERM",
    "ONDAM",
    "ONU",
    "PASS",
    "PREMs",
    "PROMs",
    "PUMA",
    "RH",
    "RSA",
    "UNAFAM",
    "UNAPEI",
    "VIH",
}


def test_the_mapping_is_marked_in_data_and_where_shown(site_data, page) -> None:
    matrix = page("principes/")
    assert EDITORIAL_NOTE in matrix.find(id="matrice").find_next(class_="up-ajout-editorial").get_text()
    assert "Aucun de ces deux documents" in matrix.find(id="matrice-methode").find_next("p").get_text()
    for principe in site_data.principes.values():
        assert principe.fiches_source == EDITORIAL
        mark = page(f"principes/{principe.id}/").find(id="fiches").find_next(class_="up-ajout-editorial")
        assert mark is not None and EDITORIAL_NOTE in mark.get_text()
    for fiche in site_data.fiches.values():
        mark = page(f"fiches/{fiche.id}/").find(id="principes").find_next(class_="up-ajout-editorial")
        assert mark is not None and EDITORIAL_NOTE in mark.get_text()


def test_expansions_from_outside_the_sources_are_marked(site_data, page) -> None:
    ours = {s.sigle for s in site_data.sigles.values() if s.source == EDITORIAL}
    assert OUTSIDE_THE_SOURCES <= ours
    lexique = page("lexique/")
    for sigle in site_data.sigles.values():
        row = lexique.find(id=f"sigle-{sigle.sigle.lower()}")
        assert (EDITORIAL_NOTE in row.get_text()) == (sigle.source == EDITORIAL), sigle.sigle
    seed_text = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("0*.txt")).casefold()
    if seed_text:  # an expansion the sources give is not marked as ours
        for sigle in site_data.sigles.values():
            if sigle.source == EDITORIAL:
                # given = written beside the acronym (« patient partenaire » alone is not PP's expansion)
                exp, acr = sigle.developpement.split(" (")[0].casefold(), sigle.sigle.casefold()
                forms = (f"{exp} ({acr})", f"{acr} ({exp}", f"{acr} : {exp}", f"{acr} = {exp}")
                assert not any(f in seed_text for f in forms), sigle.sigle


def test_bubbles_of_our_expansions_say_so(site_dir: Path, page) -> None:
    seen = 0
    for path in site_dir.rglob("index.html"):
        soup = page(str(path.relative_to(site_dir)))
        # A FALC page's own words (linked to its « Les mots difficiles », #mots) are that page's text, which says as
        # a whole that the editors wrote it: their bubbles give the page's words, not the acronyms' expansions.
        own = {str(a["aria-describedby"]) for a in soup.select("a[aria-describedby]") if str(a["href"]).endswith("#mots")}
        for bubble in soup.select(".up-infobulle"):
            label = bubble.get_text().split(" : ", 1)[0]
            if label in OUTSIDE_THE_SOURCES and bubble.get("id") not in own:
                seen += 1
                assert bubble.get_text().endswith(f"({EDITORIAL_NOTE})"), bubble.get_text()
    assert seen >= 5


# --- history ---------------------------------------------------------------------------------------------


def _git(cwd: Path, *args: str, env_date: str | None = None) -> None:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "HOME": str(cwd),
        "PATH": "/usr/bin:/bin",
    }
    if env_date:
        env["GIT_COMMITTER_DATE"] = env_date
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def test_git_gives_each_file_the_day_of_its_last_commit_and_no_message(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git absent")
    _git(tmp_path, "init", "-q")
    (tmp_path / "data").mkdir()
    for n, subject in enumerate(["Première version de la fiche", "Fix typo", "Ajoute un témoignage", "Reword"]):
        (tmp_path / "data" / "fiche.yml").write_text(f"v: {n}\n", encoding="utf-8")
        (tmp_path / "data" / "autre.yml").write_text(f"v: {n % 2}\n", encoding="utf-8")
        _git(tmp_path, "add", "-A")
        _git(
            tmp_path,
            "commit",
            "-q",
            "-m",
            subject,
            "--date",
            f"2024-0{n + 1}-01T10:00:00+00:00",
            env_date=f"2024-0{n + 1}-01T10:00:00+00:00",
        )
    changes = edit_links.git_log(tmp_path)
    assert [c.day for c in changes] == ["2024-04-01", "2024-03-01", "2024-02-01", "2024-01-01"]
    assert not any("Fix typo" in str(c) or "Reword" in str(c) for c in changes)  # messages are not even read
    dates = edit_links.git_dates(tmp_path, changes)
    assert dates["data/fiche.yml"] == "2024-04-01" and dates["data/autre.yml"] == "2024-04-01"
    assert edit_links.last_change(dates, "data") == "2024-04-01"
    assert edit_links.git_log(tmp_path / "data" / "absent") == []


def test_each_page_shows_its_recent_history_from_the_journal(site_data, page) -> None:
    """No commit message reaches a reader: the history is the journal's entries about the page, in French."""
    soup = page("index.html")
    block = soup.find("details", class_="up-historique")
    assert block is not None and block.summary.get_text() == "Dernières modifications de cette page"
    items = block.find_all("li")
    assert 1 <= len(items) <= nouveautes.HISTORY
    days = [li.time["datetime"] for li in items]
    assert days == sorted(days, reverse=True) and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in days)
    expected = [
        e for e in sorted(site_data.nouveautes.values(), key=lambda e: e.date, reverse=True) if "docs/index.md" in e.fichiers
    ][: nouveautes.HISTORY]
    assert [" ".join(li.get_text().split()).split(" : ", 1)[1] for li in items] == [e.titre for e in expected]


def _text(element: ET.Element, tag: str) -> str:
    """The text of `element`'s Atom child `tag`: the test fails here if it has none."""
    text = element.findtext(f"{ATOM}{tag}")
    assert text is not None, f"<{tag}> absent"
    return text


def _parse_atom(raw: bytes) -> ET.Element:
    feed = ET.fromstring(raw)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None, tag
    own = feed.find(f"{ATOM}link[@rel='self']")
    assert own is not None and own.get("href", "").endswith("/nouveautes.xml")
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{tag}") or "").strip(), tag
        datetime.fromisoformat(_text(entry, "updated"))  # RFC 3339
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids))
    datetime.fromisoformat(_text(feed, "updated"))
    return feed


def test_news_page_and_atom_feed_list_the_journal(site_dir: Path, page) -> None:
    feed = _parse_atom((site_dir / "nouveautes.xml").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    soup = BeautifulSoup(str(page("nouveautes/")), "lxml")  # a copy: its tooltips are taken out below
    items = soup.select("div.up-nouveautes > ul > li")
    assert len(items) == len(entries) >= 10
    for tip in soup.select("div.up-nouveautes .up-infobulle"):
        tip.decompose()
    for item, entry in zip(items, entries):  # the page and the feed say the same, in the same order
        assert _text(entry, "title") in " ".join(item.get_text().split())
        assert _text(entry, "id").endswith(f"/nouveautes/#{item['id']}")
    updated = [_text(e, "updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert feed.findtext(f"{ATOM}updated") == updated[0]
    for entry in entries:  # every link of an entry is a page of the site
        for link in entry.findall(f"{ATOM}link"):
            address = urlparse(link.get("href", "")).path.lstrip("/")
            assert (site_dir / address / "index.html").exists() or (site_dir / address).is_file(), link.get("href")
    for anchor in soup.select("div.up-nouveautes a[href]"):  # and so is every page the list names
        target, _ = _target(site_dir, "nouveautes/", str(anchor["href"]))
        assert target.exists(), anchor["href"]
    assert soup.find("a", href=re.compile(r"nouveautes\.xml$")) is not None


def test_a_build_outside_git_keeps_its_history_and_feed_but_no_git_date(scenario: Scenario, site_data) -> None:
    site = scenario.site  # a copy, outside git
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    assert soup.find("details", class_="up-historique") is not None  # the journal is data: it goes with the copy
    assert soup.select_one(".up-modifier__date") is None  # the date of the last commit needs git
    feed = _parse_atom((site / "nouveautes.xml").read_bytes())
    assert len(feed.findall(f"{ATOM}entry")) == len(site_data.nouveautes)


# --- in the browser: a reader follows a citation and comes back --------------------------------------------


def test_a_reader_follows_a_note_and_a_reference_and_comes_back(browser, server) -> None:
    tab = browser.new_page()
    tab.goto(f"{server}/principes/egalite-consideration/")
    tab.get_by_role("link", name="note 22", exact=True).click()
    tab.wait_for_function("location.hash === '#note-22'")
    assert tab.locator("#note-22").is_visible()
    tab.locator("#note-22").get_by_role("link", name="Retour au texte (appel de la note 22)").click()
    tab.wait_for_function("location.hash === '#appel-note-22'")
    assert tab.locator("#appel-note-22").is_visible()
    # By keyboard this time: the link to reference 28 takes the focus, Enter follows it.
    reference = tab.get_by_role("link", name="référence 28", exact=True).first
    reference.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/references/#has-28")
    entry = tab.locator("#has-28")
    assert entry.is_visible() and entry.evaluate("e => e.value") == 28
    entry.get_by_role("link", name=re.compile("Le principe d'égalité de considération")).click()
    tab.wait_for_url("**/principes/egalite-consideration/#cite-has-28")
    assert tab.locator("#cite-has-28").is_visible()
    tab.close()
