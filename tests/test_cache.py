"""The content-keyed cache (.cache/): what a build reuses is kept, what no build used for a month goes."""

from __future__ import annotations

import os
import time
from pathlib import Path

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
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{cache.key([k])}.pdf" for k in ("reutilise", "recent"))
    assert cache.get(["ancien"], ".pdf") is None


def test_prune_without_a_cache_does_nothing(tmp_path: Path) -> None:
    assert prune(tmp_path / ".cache") == 0
