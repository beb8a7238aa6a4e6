"""Files kept between builds, keyed by what they are made from: a file is made again only when its input
(or the code that makes it) changed. Kept outside site/ (`.cache/` at the project root, not in git).

Same input, same key, same bytes: the cache never changes what a build produces, only how fast. Each hit
refreshes its file's date; a build then removes what no build used for KEEP_DAYS (`prune`): the cache holds
what recent builds need, not every version ever made.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ..render.kept import Kept, code_digest

__all__ = ["KEEP_DAYS", "ContentCache", "code_digest", "prune", "prune_daily"]

KEEP_DAYS = 30
PRUNED = ".elague"  # in `.cache/`: its date is when `prune_daily` last looked at every file


class ContentCache:
    def __init__(self, folder: Path | None, salt: str = ""):
        self.folder = folder
        self.salt = salt
        self.hits = 0
        self.misses = 0

    def key(self, parts: Iterable[bytes | str]) -> str:
        digest = hashlib.sha256(self.salt.encode())
        for part in parts:
            data = part.encode() if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)
        return digest.hexdigest()

    def has(self, parts: Iterable[bytes | str], suffix: str) -> bool:
        return self.folder is not None and (self.folder / f"{self.key(parts)}{suffix}").is_file()

    def get(self, parts: Iterable[bytes | str], suffix: str) -> bytes | None:
        if self.folder is None:
            return None
        data = Kept(self.folder).get(f"{self.key(parts)}{suffix}")  # its date refreshed: kept by `prune`
        if data is None:
            self.misses += 1
        else:
            self.hits += 1
        return data

    def put(self, parts: Iterable[bytes | str], suffix: str, data: bytes) -> None:
        Kept(self.folder).put(f"{self.key(parts)}{suffix}", data)  # whole or absent: two builds never read half a file

    def get_or_make(self, parts: Iterable[bytes | str], suffix: str, make: Callable[[], bytes]) -> bytes:
        parts = list(parts)
        data = self.get(parts, suffix)
        if data is None:
            data = make()
            self.put(parts, suffix, data)
        return data


def prune(folder: Path, keep_days: float = KEEP_DAYS) -> int:
    """Remove the files under `folder` (the project's `.cache/`) that no build used for `keep_days`; return
    how many. Half-written files (« .tmp-… ») of an interrupted build go after a day."""
    if not folder.is_dir():
        return 0
    now = time.time()
    removed = 0
    for path in folder.rglob("*"):
        age = now - path.stat().st_mtime if path.is_file() else 0
        if age > keep_days * 86400 or (path.name.startswith(".tmp-") and age > 86400):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def prune_daily(folder: Path, keep_days: float = KEEP_DAYS) -> int:
    """`prune`, at most once a day: a build's `.cache/` holds thousands of files (every finished page of recent
    builds), which every build would otherwise look at; a file unused for a month can wait one more day."""
    stamp = folder / PRUNED
    with contextlib.suppress(OSError):
        if time.time() - stamp.stat().st_mtime < 86400:
            return 0
    removed = prune(folder, keep_days)
    if folder.is_dir():
        stamp.touch()
    return removed
