"""Each page says when its content was last checked against the sources and when it will be again (« Contenu
vérifié le … — prochaine vérification avant le … », data/verification.yml); `make check` lists the overdue reviews
as notes and refuses a review date in the future."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from lxml import html

from macros.data import check, suivi
from macros.text.french import date_fr
from tests.conftest import ROOT
from tests.test_historique import _errors, _replace, project  # noqa: F401 — the copied project, as the journal's tests


def test_a_review_default_must_name_a_collection(project: Path) -> None:
    line = _replace(project / "data/verification.yml", "  fiches:", "  fichess:")
    found = _errors(project)
    assert any(
        p.startswith(f"data/verification.yml:{line}:") and "collection « fichess » inconnue" in p and "« fiches »" in p
        for p in found
    ), found


def test_make_check_lists_overdue_reviews_as_notes_and_still_passes(project: Path, capsys) -> None:
    line = _replace(project / "data/verification.yml", 'fiches: "2026-11-22"', 'fiches: "2020-01-15"')
    assert check.main([str(project / "data")], today=datetime.date(2026, 12, 6)) == 0
    out = capsys.readouterr().out.splitlines()
    notes = [n for n in out if "vérification en retard" in n]
    assert notes == [
        f"data/verification.yml:{line}:3: par_defaut.fiches: note : vérification en retard — « fiches » "
        "vérifié le 2020-01-15, à revoir avant le 2021-01-15 : relisez ces contenus contre leurs "
        "sources, puis écrivez la date du jour (AAAA-MM-JJ)"
    ], out
    assert out[-1].startswith("Données valides")


def test_a_review_date_in_the_future_is_an_error(project: Path, capsys) -> None:
    line = _replace(project / "data/verification.yml", 'fiches: "2026-11-22"', 'fiches: "2206-11-22"')
    assert check.main([str(project / "data")], today=datetime.date(2026, 12, 6)) == 1
    err = capsys.readouterr().err
    assert f"data/verification.yml:{line}:3: par_defaut.fiches: date « 2206-11-22 » dans le futur" in err


def test_the_next_review_falls_on_a_real_day() -> None:
    assert suivi.add_months("2026-11-22", 12) == "2027-11-22"
    assert suivi.add_months("2026-01-31", 1) == "2026-02-28"
    assert suivi.add_months("2027-08-31", 6) == "2028-02-29"
    assert suivi.add_months("2026-12-15", 1) == "2027-01-15"


def test_a_page_shows_the_oldest_review_of_what_it_is_made_of(site_data) -> None:
    review = suivi.settings(site_data)
    assert review is not None
    moved = review.model_copy(
        update={"fichiers": {"data/lexique/aidant.yml": "2027-01-10", "data/fiches/recherche.yml": "2027-02-01"}}
    )
    site = type(site_data)(**{**site_data.__dict__, "verification": {"verification": moved}})
    fiches = review.par_defaut["fiches"]

    def verified(path: str) -> str:
        found = suivi.review_of(site, path, ROOT)
        assert found is not None, path
        return found.verified

    assert suivi.review_of(site, "data/fiches/recherche.yml", ROOT) == suivi.Review("2027-02-01", "2028-02-01")
    assert verified("data/fiches/pair-aidance.yml") == fiches
    # a page made of the whole lexicon: one term checked later does not make the others checked
    assert verified("data/lexique") == review.par_defaut["lexique"]
    assert verified("docs/accessibilite.md") == review.par_defaut["docs"]
    assert suivi.review_of(site, "data/nouveautes.yml", ROOT) is None  # the journal is not checked against sources


def _content_pages(site_dir: Path) -> list[Path]:
    return [p for p in sorted(site_dir.rglob("index.html")) if html.parse(str(p)).xpath("//article")]


def test_every_content_page_says_when_it_was_checked(site_dir: Path, site_data) -> None:
    review = suivi.settings(site_data)
    assert review is not None
    shown = 0
    for path in _content_pages(site_dir):
        where = path.relative_to(site_dir).as_posix()
        line = html.parse(str(path)).xpath("//article//p[@class='up-verification']")
        if where in ("nouveautes/index.html", "plan-du-site/index.html"):  # made from the journal, from the menu
            assert not line, where
            continue
        assert len(line) == 1, where
        times = line[0].xpath("time")
        verified, due = times[0].get("datetime"), times[1].get("datetime")
        assert verified in review.par_defaut.values() and due == suivi.add_months(verified, review.periode_mois)
        text = " ".join(line[0].text_content().split())
        assert re.fullmatch(
            r"Contenu vérifié le (1er|\d{1,2}) \w+ \d{4} — prochaine vérification avant le "
            r"(1er|\d{1,2}) \w+ \d{4}",
            text,
        ), (where, text)
        # at the end of the content, outside what the search indexes
        assert not line[0].xpath("ancestor::*[@data-pagefind-body]"), where
        shown += 1
    assert shown > 90


@pytest.mark.pdf
def test_a_sheets_pdf_says_when_it_was_checked(site_dir: Path, site_data) -> None:
    pypdf = pytest.importorskip("pypdf")
    review = suivi.review_of(site_data, "data/fiches/pair-aidance.yml", ROOT)
    assert review is not None
    expected = f"Contenu vérifié le {date_fr(review.verified)} — prochaine vérification avant le {date_fr(review.due)}."
    # (not the one-page summary: a line more makes the summary of sheet 3 two pages)
    for name in ("fiches--pair-aidance.pdf",):
        path = site_dir / "pdf" / name
        if not path.exists():
            pytest.skip("PDF non faits (WeasyPrint absent)")
        text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(path).pages).split())
        assert expected in text, name


def test_on_github_an_overdue_review_is_a_notice_on_its_line(project: Path, capsys, monkeypatch, tmp_path) -> None:
    line = _replace(project / "data/verification.yml", 'docs: "2026-11-22"', 'docs: "2025-01-02"')
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "resume.md"))
    assert check.main([str(project / "data")], today=datetime.date(2026, 12, 6)) == 0
    out = capsys.readouterr().out
    assert f"::notice file=data/verification.yml,line={line},col=3,title=Vérification en retard::" in out
    assert "::error" not in out
