"""Nothing half-built, and the same commit gives the same bytes.

A failed build leaving `site/` untouched is tested in test_fiches_site.py and, for every bad input, in
test_bad_inputs.py. Here: two builds of the same sources, a moment apart, are identical byte for byte —
sitemap.xml.gz included, since build.py gives MkDocs the commit time (SOURCE_DATE_EPOCH) and each page's
<lastmod> is the date of its last commit, not the day of the build.
"""

from __future__ import annotations

import gzip
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from macros.site import build as build_module
from tests.conftest import EPOCH, ROOT, CopyBuilds

pytestmark = pytest.mark.slow  # builds the project several times: run by `make test`, not by `make test-fast`


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(copy_builds: CopyBuilds) -> tuple[Path, Path]:
    """Two builds of one copy of the small project (no git, PDFs made): the first from nothing, the second a second
    later, reusing the first's caches (.cache/) — the cache must not change a byte. Shared with tests/test_pdf.py
    (CopyBuilds)."""
    first = copy_builds("first")  # asserts that the copy has no .cache/ yet
    assert first.returncode == 0, first.stderr[-3000:]
    assert any((copy_builds.project / ".cache" / "documents").iterdir()), "the first build fills the documents' cache"
    second = copy_builds("second")
    assert second.returncode == 0, second.stderr[-3000:]
    return copy_builds.site("first"), copy_builds.site("second")


def kinds_of_files(site: Path) -> set[tuple[str, bool, str]]:
    """What kinds of files a built site holds: (its top folder, or the name of a PDF up to its first « -- »;
    whether it is an easy-to-read page's; its suffix), e.g. ("fiches", True, ".html"), ("resume", False, ".pdf")."""
    found = set()
    for path in site.rglob("*"):
        if path.is_file():
            parts = path.relative_to(site).parts
            top = parts[0] if len(parts) > 1 else ""
            if top == "pdf":
                top = f"pdf/{path.stem.split('--')[0]}"
            found.add((top, any(p.startswith("facile-a-lire") for p in parts), path.suffix))
    return found


def test_the_small_project_makes_every_kind_of_file_the_site_has(two_builds: tuple[Path, Path], site_dir: Path) -> None:
    """The copies built here are of tests/projet-mini (2 sheets, not 7…): what they prove holds for the real site
    only if they make every kind of page and file it makes (every folder, easy-to-read twins, PDFs, documents…)."""
    missing = kinds_of_files(site_dir) - kinds_of_files(two_builds[0])
    assert not missing, f"le petit projet ne fait pas ces sortes de fichiers du site : {sorted(missing)}"
    pdfs = {top for top, _, suffix in kinds_of_files(two_builds[0]) if suffix == ".pdf"}
    assert {"pdf/fiches", "pdf/principes", "pdf/resume", "pdf/affiche", "pdf/guide-complet"} <= pdfs, pdfs


def test_two_builds_of_the_same_sources_are_identical(two_builds: tuple[Path, Path]) -> None:
    a, b = _files(two_builds[0]), _files(two_builds[1])
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert not different, f"fichiers différents d'une construction à l'autre : {different[:20]}"
    assert len(a) > 100


def test_sitemap_does_not_depend_on_the_day_of_the_build(two_builds: tuple[Path, Path]) -> None:
    site = two_builds[0]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    days = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert days == {"2020-01-01"}, days  # no git in a copy: every page gets the commit date given
    raw = (site / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(raw[4:8], "little") == EPOCH  # gzip header time
    assert gzip.decompress(raw).decode("utf-8") == sitemap


def test_build_uses_the_commit_time_when_git_is_there() -> None:
    epoch = build_module.source_date_epoch(ROOT)
    if epoch is None:
        pytest.skip("pas un dépôt git (une archive) : MkDocs prend alors le jour de la construction, voir README")
    assert epoch.isdigit()
    assert int(epoch) <= time.time() + 60


def test_built_site_dates_are_commit_dates(site_dir: Path) -> None:
    epoch = build_module.source_date_epoch(ROOT)
    if epoch is None:
        return
    last_commit = datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%d")
    days = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site_dir / "sitemap.xml").read_text(encoding="utf-8")))
    assert days and max(days) <= last_commit, (sorted(days), last_commit)


def test_no_temporary_folder_is_left_after_a_build(site_dir: Path) -> None:
    assert not [p for p in site_dir.parent.iterdir() if p.name.startswith((".site-build-", ".site-old"))]
