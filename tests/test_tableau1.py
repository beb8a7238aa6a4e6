"""Tableau 1 of the HAS opinion (/has/contexte-methode/) with its real structure: grouped column headers, a visible
caption; stacked on a phone, each cell under the path of its headers, with no sideways scroll."""

from __future__ import annotations

from macros.content import Page
from macros.content.tableaux import TableauGroupe

URL = "has/contexte-methode/"
T1 = {
    "legende": "Tableau 1. Composantes",
    "colonnes": [
        {
            "titre": "Démocratie en santé",
            "colonnes": [
                {"titre": "Représentation", "colonnes": [{"titre": "Représentation des usagers"}]},
                {
                    "titre": "Démarches participatives",
                    "colonnes": [
                        {"titre": "Contribution directe"},
                        {
                            "titre": "Engagement ou participation (note 16)",
                            "colonnes": [
                                {"titre": "Engagement pour soi-même", "elements": ["a ;", "b"]},
                                {"titre": "Engagement pour autrui", "elements": ["c"]},
                            ],
                        },
                    ],
                },
            ],
        }
    ],
}


def test_header_rows_span_the_columns_they_group() -> None:
    t = TableauGroupe.model_validate(T1)
    rows = t.header_rows("t")
    assert [[(c.column.titre.split()[0], c.colspan, c.rowspan) for c in row] for row in rows] == [
        [("Démocratie", 4, 1)],
        [("Représentation", 1, 1), ("Démarches", 3, 1)],
        [("Représentation", 1, 2), ("Contribution", 1, 2), ("Engagement", 2, 1)],
        [("Engagement", 1, 1), ("Engagement", 1, 1)],
    ]
    cells = t.cells("t")
    assert [c.titles[-1] for c in cells] == [
        "Représentation des usagers",
        "Contribution directe",
        "Engagement pour soi-même",
        "Engagement pour autrui",
    ]
    # each cell names every header above it; the footnote call stays in the header, not in the cells' copies
    assert cells[2].titles == (
        "Démocratie en santé",
        "Démarches participatives",
        "Engagement ou participation",
        "Engagement pour soi-même",
    )
    assert cells[2].ids == ("t-1", "t-4", "t-6", "t-7")


def test_the_opinion_page_holds_tableau_1_as_grouped_headers(site_data) -> None:
    page: Page = site_data.pages["contexte-methode"]
    tables = [b.tableau_groupe for b in page.blocs if b.tableau_groupe is not None]
    assert len(tables) == 1 and tables[0].legende.startswith("Tableau 1.")
    assert [c.column.titre for c in tables[0].header_rows("x")[1]] == ["Représentation", "Démarches participatives"]
    assert [b.tableau for b in page.blocs if b.tableau and b.tableau.legende.startswith("Tableau 1")] == []


def test_on_a_desktop_the_headers_group_their_columns_under_a_visible_caption(browser, server) -> None:
    tab = browser.new_page()
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(f"{server}/{URL}")
    table = tab.locator(".up-tableau-groupe table")
    caption = table.locator("caption")
    assert caption.is_visible() and caption.inner_text().startswith("Tableau 1.")
    assert caption.bounding_box()["y"] < table.locator("thead").bounding_box()["y"]
    group = table.get_by_role("columnheader", name="Démarches participatives", exact=True).bounding_box()
    leaves = [table.locator(f"td:nth-child({n})").bounding_box() for n in (2, 3, 4)]
    assert abs(group["x"] - leaves[0]["x"]) < 2
    assert abs(group["x"] + group["width"] - (leaves[2]["x"] + leaves[2]["width"])) < 2
    assert not table.locator(".up-tableau-groupe__chemin").first.is_visible()  # the header rows say it
    tab.close()


def test_on_a_phone_the_table_is_stacked_each_cell_under_its_headers(browser, server) -> None:
    tab = browser.new_page()
    tab.set_viewport_size({"width": 360, "height": 800})
    tab.goto(f"{server}/{URL}")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    region = tab.locator(".up-tableau-groupe")
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert region.locator("caption").is_visible()
    cells = region.locator("td")
    assert cells.count() == 4
    tops = []
    for n in range(cells.count()):
        cell = cells.nth(n)
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, n
        path = cell.locator(".up-tableau-groupe__chemin")
        assert path.is_visible(), n
        assert path.inner_text().startswith("Démocratie en santé"), n
        tops.append(box["y"])
    assert tops == sorted(tops) and len(set(tops)) == 4  # one under the other
    assert "Engagement pour autrui" in cells.nth(3).inner_text()
    assert "répondre à des enquêtes" in cells.nth(3).inner_text()
    tab.close()


def test_printed_it_stays_a_table_with_its_header_rows(browser, server) -> None:
    """Printed (even from a phone), the grouped headers are kept: the table is not stacked on paper."""
    tab = browser.new_page()
    tab.set_viewport_size({"width": 360, "height": 800})
    tab.goto(f"{server}/{URL}")
    tab.emulate_media(media="print")
    table = tab.locator(".up-tableau-groupe table")
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    assert table.locator("thead").evaluate("h => getComputedStyle(h).position") != "absolute"
    assert table.locator("td").first.evaluate("c => getComputedStyle(c).display") == "table-cell"
    assert not table.locator(".up-tableau-groupe__chemin").first.is_visible()
    tab.close()
