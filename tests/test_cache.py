"""The content-keyed cache (.cache/): what a build reuses is kept, what no build used for a month goes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from macros.outputs.cache import KEEP_DAYS, ContentCache, prune


def _age(path: Path, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(path, (then, then))


def test_prune_removes_only_what_no_build_used_lately(tmp_path: Path) -> None:
    cache = ContentCache(tmp_path / ".cache" / "pdf", salt="x")
    cache.put(["ancien"], ".pdf", b"1")
    cache.put(["reutilise"], ".pdf", b"2")
    cache.put(["recent"], ".pdf", b"3")
    folder = tmp_path / ".cache" / "pdf"
    old, reused = folder / f"{cache.key(['ancien'])}.pdf", folder / f"{cache.key(['reutilise'])}.pdf"
    _age(old, KEEP_DAYS + 5)
    _age(reused, KEEP_DAYS + 5)
    assert cache.get(["reutilise"], ".pdf") == b"2"  # a hit: used by this build, so kept
    half = folder / ".tmp-interrompu"
    half.write_bytes(b"")
    _age(half, 2)
    assert prune(tmp_path / ".cache") == 2
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{cache.key([k])}.pdf" for k in ("reutilise", "recent"))
    assert cache.get(["ancien"], ".pdf") is None


def test_prune_without_a_cache_does_nothing(tmp_path: Path) -> None:
    assert prune(tmp_path / ".cache") == 0


def test_the_validated_data_is_kept_until_a_file_it_is_read_from_changes(tmp_path: Path) -> None:
    from macros.data.loader import DataError
    from macros.site.data_cache import load_site_cached
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "projet")
    first = load_site_cached(project)
    kept = list((project / ".cache" / "donnees").iterdir())
    assert len(kept) == 1
    assert load_site_cached(project) == first  # from the cache
    sheet = project / "data" / "fiches" / "pair-aidance.yml"
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text.replace("Pair-aidance associative", "Pair-aidance associative modifiée", 1), encoding="utf-8")
    changed = load_site_cached(project)
    assert changed.fiches["pair-aidance"].titre != first.fiches["pair-aidance"].titre
    sheet.write_text(text.replace("\ntitre:", "\ntitr:", 1), encoding="utf-8")
    with pytest.raises(DataError):
        load_site_cached(project)  # a mistake is read and reported, never an older good copy
    sheet.write_text(text, encoding="utf-8")
    assert load_site_cached(project) == first  # the first copy again
    page = project / "docs" / "conclusion.md"
    page.write_text(page.read_text(encoding="utf-8").replace('"conclusion"', '"inconnue"', 1), encoding="utf-8")
    with pytest.raises(DataError):
        load_site_cached(project)  # the pages are inputs too: an id they name must exist
