"""What this room's passes made, kept between builds at the project's root (`.cache/<name>/`, as
render/templates.py keeps the compiled templates in `.cache/jinja/`), each file named by the digest of everything it
was made from: the same inputs give the file made by an earlier build, other inputs another file. The cache only
saves time, never changes a byte. The one way the package writes and reads such files: outputs/cache.py's
ContentCache (keys made of parts, hit counts) stores through it, and prunes what no build used for a month, by the files' dates)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
ROOT_CACHE = PACKAGE.parent / ".cache"


def code_digest(folder: Path, pattern: str = "*.py") -> str:
    """A digest of the sources of `folder` (or of its files matching `pattern`): editing the code that makes a file
    invalidates its cache. The one code digest of the package (outputs/cache.py gives it to the outputs)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob(pattern)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def rooms_digest(rooms: Iterable[str]) -> str:
    """`code_digest` of these rooms of the package (« render », « data »…)."""
    return "-".join(code_digest(PACKAGE / room) for room in rooms)


class Kept:
    """Files kept in `folder`, by key (a hex digest); None: nothing kept (every result made anew)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        file = self.folder / key
        with contextlib.suppress(OSError):
            data = file.read_bytes()
            os.utime(file)  # used now: kept by the pruning
            return data
        return None

    def put(self, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        with contextlib.suppress(OSError):  # a folder that cannot be written: made anew next time
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, self.folder / key)  # whole or absent: two builds never read half a file
