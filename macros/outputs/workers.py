"""Worker processes for the outputs, forked from the build: they start with the data loaded and the libraries
imported, and take the second core while MkDocs renders pages on the first (2 cores here, as on CI)."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor


def cores() -> int:
    return min(2, os.cpu_count() or 1)


def fork_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
