"""How `make test` shares the suite between its two workers (tests/conftest.py): from measured durations, the tests
that shared something costly together, the rest by file. Milliseconds, no build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import conftest
from tests.conftest import SHARE, units_of_work


def test_tests_that_shared_a_walk_or_a_build_go_together_and_the_others_by_file() -> None:
    measured: dict[str, dict] = {
        "tests/a.py::test_axe[telephone]": {"secondes": 130.0, SHARE: ["visite-telephone"]},
        "tests/a.py::test_axe[ordinateur]": {"secondes": 90.0, SHARE: ["visite-ordinateur"]},
        "tests/a.py::test_headings": {"secondes": 1.0},
        "tests/b.py::test_csp": {"secondes": 40.0, SHARE: ["visite-ordinateur", "visite-sombre"]},
        "tests/c.py::test_dark": {"secondes": 3.0, SHARE: ["visite-sombre"]},
        "tests/d.py::test_one": {"secondes": 20.0, SHARE: ["scenario"]},
        "tests/e.py::test_two": {"secondes": 2.0, SHARE: ["scenario"]},
    }
    units = units_of_work(measured)
    walks = "visite-ordinateur+visite-sombre"
    assert units == {
        "tests/a.py::test_axe[telephone]": "visite-telephone",  # the phone walk on its own: the other worker
        "tests/a.py::test_axe[ordinateur]": walks,
        "tests/b.py::test_csp": walks,  # reads two walks: joins them
        "tests/c.py::test_dark": walks,
        "tests/d.py::test_one": "scenario",
        "tests/e.py::test_two": "scenario",
    }  # tests/a.py::test_headings shared nothing: its unit is its file


def test_this_clones_measures_override_the_committed_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    committed, local = tmp_path / "durees.json", tmp_path / "cache" / "durees.json"
    committed.write_text(json.dumps({"t::a": {"secondes": 5.0}, "t::b": {"secondes": 7.0}}), encoding="utf-8")
    monkeypatch.setattr(conftest, "DURATIONS", committed)
    monkeypatch.setattr(conftest, "MEASURED", local)
    assert conftest.measures()["t::a"]["secondes"] == 5.0, "a fresh clone: the committed measures"
    local.parent.mkdir()
    local.write_text(json.dumps({"t::a": {"secondes": 1.5}}), encoding="utf-8")
    assert conftest.measures() == {"t::a": {"secondes": 1.5}, "t::b": {"secondes": 7.0}}
    local.write_text("{ cassé", encoding="utf-8")  # a run killed while writing: the committed ones still count
    assert conftest.measures()["t::a"]["secondes"] == 5.0


def test_before_any_measure_the_fixtures_tell_what_a_test_shares() -> None:
    """A fresh clone without tests/durees.json: the copies built and the walks still go to one worker each."""
    from types import SimpleNamespace

    items = [
        SimpleNamespace(nodeid="tests/a.py::test_axe", fixturenames=["crawl", "site_dir", "browser"]),
        SimpleNamespace(nodeid="tests/b.py::test_csp", fixturenames=["crawl", "site_dir"]),
        SimpleNamespace(nodeid="tests/c.py::test_same_bytes", fixturenames=["two_builds", "copy_builds"]),
        SimpleNamespace(nodeid="tests/d.py::test_page", fixturenames=["page", "site_dir"]),
    ]
    shares = conftest.static_shares(items)  # type: ignore[arg-type]
    assert shares == {
        "tests/a.py::test_axe": ["visites"],
        "tests/b.py::test_csp": ["visites"],
        "tests/c.py::test_same_bytes": ["copie-construite"],
    }
    assert set(units_of_work({n: {SHARE: s} for n, s in shares.items()}).values()) == {"visites", "copie-construite"}


def test_the_committed_measures_cover_the_costly_tests() -> None:
    """tests/durees.json comes from a whole run (`make durees`): the walks and the shared builds are in it."""
    measured = json.loads(conftest.DURATIONS.read_text(encoding="utf-8"))
    shares = {s for entry in measured.values() for s in entry.get(SHARE, [])}
    assert {"visite-telephone", "visite-ordinateur", "scenario", "copie-construite"} <= shares
    assert all(entry["secondes"] >= 0 for entry in measured.values())
