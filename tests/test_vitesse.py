"""The build's speed (issue 21, item 6): what was made faster gives the same results, and the editor can see where
the seconds of a build go (`python -m macros.build --durees`). No build here: each test takes milliseconds."""

from __future__ import annotations

import logging
import platform
import sys
import unicodedata
from pathlib import Path

import pytest

from macros.outputs import search_index
from macros.render.index_mots import _grams
from macros.site import build
from macros.text.french import sort_key
from tests.bench import _floor_lines, _stages, floors


def _reference_sort_key(value: str) -> str:
    """sort_key as it was written before it was made faster: one character at a time."""
    return "".join(c for c in unicodedata.normalize("NFD", value.casefold()) if not unicodedata.combining(c))


@pytest.mark.parametrize(
    "text",
    ["Éducation thérapeutique du patient", "ŒUVRE « cœur » ﬁn Straße", "Ça, à l'hôpital — İstanbul", "x\u0301\u20d7y"],
)
def test_alphabetical_keys_are_those_of_the_plain_definition(text: str) -> None:
    assert sort_key(text) == _reference_sort_key(text)
    assert sort_key(text) == sort_key(text)  # the table it fills as it goes gives the same key the second time


def test_a_title_holds_every_run_of_its_words_and_nothing_else() -> None:
    runs = _grams((("proche", "aidant", "familial"),))
    assert ("aidant",) in runs and ("proche", "aidant") in runs and ("aidant", "familial") in runs
    assert ("proche", "familial") not in runs and () not in runs


def test_the_durations_name_each_stage_and_what_is_left_is_mkdocs(capsys: pytest.CaptureFixture[str]) -> None:
    timer = build._Durations()
    stages = logging.getLogger("macros.durees")
    stages.addHandler(timer)
    stages.setLevel(logging.INFO)
    try:
        stages.info("generation", extra={"seconds": 0.5})
        stages.info("finition : PDF", extra={"seconds": 0.25})
        stages.info("finition", extra={"seconds": 1.0})
    finally:
        stages.removeHandler(timer)
    lines = timer.lines(total=3.0, swap=0.125)
    assert lines == [
        "Durée : génération 0.50 s",
        "Durée : rendu (MkDocs) 1.50 s",
        "Durée : finition : PDF 0.25 s",
        "Durée : finition 1.00 s",
        "Durée : mise en place de site/ 0.12 s",
    ]
    assert _stages("\n".join(lines))["rendu (MkDocs)"] == 1.5  # what make bench reads of them


def test_the_durations_are_asked_on_the_command_line() -> None:
    assert build.parse_arguments(["--durees"]).durees is True
    assert build.parse_arguments([]).durees is False


@pytest.mark.skipif(sys.platform == "win32", reason="npm's Pagefind package names are those of Linux and macOS here")
def test_the_projects_pagefind_is_run_without_its_node_wrapper(tmp_path: Path) -> None:
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine().lower())
    if arch is None:
        pytest.skip(f"no Pagefind package for {platform.machine()}")
    assert search_index.native_binary(tmp_path) is None  # not installed: the wrapper (or the missing-binary message)
    folder = tmp_path / "node_modules" / "@pagefind" / f"{sys.platform}-{arch}" / "bin"
    folder.mkdir(parents=True)
    (folder / "pagefind").write_bytes(b"")
    assert search_index.native_binary(tmp_path) == folder / "pagefind"
    (folder / "pagefind_extended").write_bytes(b"")
    assert search_index.native_binary(tmp_path) == folder / "pagefind_extended"  # as the wrapper prefers it


def test_the_floors_of_the_two_ratios_come_from_what_was_measured() -> None:
    """make bench says why the cold build and the rebuild after an edit stay above issue 21's goals: the CPU
    seconds spread over the cores, the build's own process, the guide's PDF alone (figures of one run)."""
    ratio = {
        "defaut_material_s": 1.0,
        "avec_pdf_chaud_s": 1.6,
        "cpu_s": {"reel_froid": 5.0, "avec_pdf_apres_une_edition": 8.0},
        "etapes_froid_s": {"génération": 1.1, "rendu (MkDocs)": 1.6, "finition": 0.5, "processeur de ce processus": 2.7},
        "guide_pdf": {"secondes": 2.4, "pages": 53},
    }
    ratio["planchers"] = found = floors(ratio, cores=2)
    assert found["plancher_froid_s"] == 2.5  # 5 CPU seconds on 2 cores
    assert found["budget_froid_s"] == 2.0  # twice Material
    assert found["budget_edition_s"] == 2.4  # 1.5 times the warm build with the PDFs from the cache
    assert found["plancher_edition_s"] == 4.0
    assert found["rapport_guide_seul"] == 1.5
    cold, edit = _floor_lines(ratio)[2:]
    assert "au moins 2.5 s, soit 2.5 fois Material" in cold
    assert "génération 1.1 s ; rendu (MkDocs) 1.6 s ; finition 0.5 s" in cold
    assert "utilise à lui seul 2.7 s de processeur" in cold
    assert "au moins 4.0 s sur 2 cœurs" in edit and "il prend 2.4 s (53 pages)" in edit
