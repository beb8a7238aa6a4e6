"""A failed build never loses the site (issue 20, item 5).

Whatever step cannot make its files (the PDFs, the documents, the search index, the QR codes and open data, a
file written on a full disk), `make build` exits non-zero, says in French which step and why, and `site/` stays
byte for byte the previous one; a build killed at any moment leaves a whole `site/` (the old or the new one), and
the next build leaves no stray folder. Failures are injected into a copy of the small project (tests/projet-mini:
the real code, theme and pages, little data; what is tested here does not depend on how much content there is): a
function of the copy's own code redefined at the end of its module (the build imports the copy's `macros/`), or a
Pagefind that fails.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, cast

import pytest

from macros.site import build as build_module
from tests.conftest import build_site, copy_small_project

ENOSPC = 'OSError(28, "No space left on device")'


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` and the digest of its bytes (a site compared byte for byte)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def strays(out: Path) -> list[str]:
    """What a build left next to `out` besides it (temporary folders, old sites, its lock)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}"))


def previous_site(out: Path) -> dict[str, str]:
    """A previous site in `out` (a few files, some nested): its tree."""
    (out / "fiches" / "pair-aidance").mkdir(parents=True)
    (out / "index.html").write_text("<!doctype html><title>version précédente</title>", encoding="utf-8")
    (out / "fiches" / "pair-aidance" / "index.html").write_text("fiche précédente", encoding="utf-8")
    (out / "pdf").mkdir()
    (out / "pdf" / "guide.pdf").write_bytes(b"%PDF-1.7 " + bytes(range(256)) * 40)
    return tree(out)


def inject(project: Path, rel: str, code: str) -> None:
    """Code appended to a module of the copy: what it redefines replaces the real thing in that build."""
    path = project / rel
    assert path.is_file(), rel
    with path.open("a", encoding="utf-8") as module:
        module.write("\n\n# --- injected by tests/test_construction_sure.py\n" + code.strip() + "\n")


# step → (module of the copy, code appended, the build's options, the step's name in the message, why)
FAILURES: dict[str, tuple[str | None, str | None, dict[str, Any], str | None, str]] = {
    "pdf-moteur": (
        "macros/outputs/pdf/engine.py",
        f"def layout(html):\n    raise {ENOSPC}",  # every PDF is laid out by it (render_job, render)
        {"pdf": True},
        None,
        "PDF impossibles : WeasyPrint ne démarre pas (le disque est plein)",
    ),
    "pdf-absent": (
        "macros/outputs/pdf/run.py",
        "def available():\n    return False",
        {"pdf": True},
        None,
        "PDF impossibles : WeasyPrint manque",
    ),
    "documents": (
        "macros/outputs/documents/__init__.py",
        f"def _write(*args, **kwargs):\n    raise {ENOSPC}",
        {},
        "les documents à télécharger (DOCX, ODT)",
        "le disque est plein",
    ),
    "partage": (
        "macros/outputs/sharing.py",
        f"def shared_files(*args, **kwargs):\n    raise {ENOSPC}",
        {},
        "les QR codes, les données ouvertes et les redirections",
        "le disque est plein",
    ),
    "qr": (
        "macros/outputs/sharing.py",
        "def qr_files(*args, **kwargs):\n    raise RuntimeError('code QR impossible')",
        {},
        "les QR codes, les données ouvertes et les redirections",
        "code QR impossible",
    ),
    "pagefind": (
        None,
        None,
        {"pagefind": "<panne>"},
        "l'index de recherche (Pagefind)",
        "Pagefind n'a pas pu indexer le site",
    ),
    # a file of the site (the open data's CSV) that MkDocs cannot write: the disk is full
    "fichier-genere": (
        "macros/site/plugin.py",
        f"""
from mkdocs.structure.files import File as _File
_copy_file = _File.copy_file
def _full(self, dirty=False):
    if self.dest_uri.endswith(".csv"):
        raise {ENOSPC}
    return _copy_file(self, dirty)
_File.copy_file = _full""",
        {},
        None,
        "le disque est plein",
    ),
}


@pytest.mark.slow  # a build of a copy per case (≈ 3 s each): `make test`, not `make test-fast`
@pytest.mark.parametrize("step", list(FAILURES))
def test_a_step_that_cannot_make_its_files_fails_the_build_and_keeps_the_site(step: str, tmp_path: Path) -> None:
    module, code, options, name, why = FAILURES[step]
    project = copy_small_project(tmp_path / "projet")
    if module is not None and code is not None:
        inject(project, module, code)
    flags: list[str] = []
    if options.get("pagefind") == "<panne>":  # a Pagefind that starts and stops at once, as on a full disk
        broken = tmp_path / "pagefind"
        broken.write_text("#!/bin/sh\necho 'No space left on device (os error 28)' >&2\nexit 3\n", encoding="utf-8")
        broken.chmod(0o755)
        flags = ["--pagefind", str(broken)]
    out = tmp_path / "site"
    before = previous_site(out)
    done = build_site(project, out, *flags, pdf=options.get("pdf", False))
    assert done.returncode == 1, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert tree(out) == before, "the previous site, byte for byte"
    assert strays(out) == []
    errors = [line for line in done.stderr.splitlines() if line.startswith(("ERREUR", "ERROR"))]
    assert errors, done.stderr[-3000:]
    if name is not None:
        assert f"l'étape « {name} » n'a pas pu se faire" in done.stderr, done.stderr[-3000:]
    assert why in done.stderr, done.stderr[-3000:]
    if step.startswith("pdf"):  # and how to build without them, if that is what the editor wants
        assert "make build PDF=0" in done.stderr
    assert done.stderr.rstrip().endswith(
        "« site/ » n'a pas été modifié (c'est toujours le site de la construction réussie précédente)."
    ), done.stderr[-500:]
    assert "PDF non faits" not in done.stderr


@pytest.mark.slow
def test_without_pdfs_asked_the_build_succeeds_and_says_so(tmp_path: Path) -> None:
    """`make build PDF=0` (python -m macros.build --sans-pdf) is the documented way to build without PDFs: the
    build succeeds, WeasyPrint or not."""
    project = copy_small_project(tmp_path / "projet")
    inject(project, "macros/outputs/pdf/run.py", "def available():\n    return False")
    out = tmp_path / "site"
    done = build_site(project, out, pdf=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert not (out / "pdf").exists() and (out / "index.html").is_file()
    assert strays(out) == []


@pytest.fixture
def full_disk(tmp_path: Path):
    """A small tmpfs (as root, where mounting is allowed): the site's folder on a nearly full disk."""
    disk = tmp_path / "disque"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(
            "monter un tmpfs n'est pas permis ici : le disque plein est simulé par les pannes injectées "
            "(ENOSPC) de test_a_step_that_cannot_make_its_files_fails_the_build_and_keeps_the_site"
        )
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.slow
def test_a_full_disk_fails_the_build_and_keeps_the_site(tmp_path: Path, full_disk: Path) -> None:
    """On a 3 MB disk the small project's 4.5 MB site cannot be written: exit 1, the previous site intact, no folder
    left."""
    project = copy_small_project(tmp_path / "projet")
    out = full_disk / "site"
    before = previous_site(out)
    done = build_site(project, out)
    assert done.returncode == 1, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert tree(out) == before
    assert strays(out) == []
    assert "disque est plein" in done.stderr or "os error 28" in done.stderr, done.stderr[-3000:]
    assert "« site/ » n'a pas été modifié" in done.stderr


# --- Killed builds ------------------------------------------------------------------------------------------
KILL_AT_SWAP = """
import signal as _signal
_real_swap = _swap
def _swap(tmp, out):
    where = os.environ.get("UP_TEST_KILL")
    if where == "entre-les-renommages":  # a system without exchange: killed between its two renames
        globals()["_exchange"] = lambda a, b: False
        real_rename, calls = os.rename, []
        def rename(a, b):
            real_rename(a, b)
            calls.append(a)
            if len(calls) == 1:
                os.kill(os.getpid(), _signal.SIGKILL)
        os.rename = rename
    _real_swap(tmp, out) if where != "apres-echange" else _exchange(tmp, out)
    if where == "apres-echange":  # the new site in place, the old one not removed yet
        os.kill(os.getpid(), _signal.SIGKILL)
"""


def _start(project: Path, out: Path, **env: str) -> subprocess.Popen[str]:
    base = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    return subprocess.Popen(
        [sys.executable, "-m", "macros.build", "--config", str(project / "mkdocs.yml"), "--out", str(out), "--sans-pdf"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**base, "NO_MKDOCS_2_WARNING": "1", **env},
    )


def _group(pid: int) -> list[str]:
    """The processes still in the killed build's group (its forked workers, Pagefind)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pid and fields[0] != "Z":
            found.append(stat.parent.name)
    return found


def _end_group(process: subprocess.Popen[str]) -> None:
    """The killed build's workers end with it (within 10 s); whatever did not is stopped, so that the test
    leaves nothing running, and the test fails."""
    deadline = time.monotonic() + 10
    while (left := _group(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    if left:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert not left, f"processes of the killed build still running: {left}"


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_a_whole_site(tmp_path: Path) -> None:
    project = copy_small_project(tmp_path / "projet")
    inject(project, "macros/site/build.py", KILL_AT_SWAP)
    out = tmp_path / "site"
    assert build_site(project, out).returncode == 0  # from nothing: fills the copy's caches
    start = time.monotonic()
    assert build_site(project, out).returncode == 0  # as long as the builds killed below
    seconds = time.monotonic() - start
    new = tree(out)
    assert len(new) > 200 and "index.html" in new and "pagefind/pagefind.js" in new
    (out / "ancienne-version.txt").write_text("le site d'avant", encoding="utf-8")
    old = tree(out)
    chance = random.Random(20)
    moments = [(n + chance.random()) * seconds / 4 for n in range(4)]  # one in each quarter of the build
    print(f"\nconstruction en {seconds:.1f} s ; tuée à " + ", ".join(f"{m:.1f} s" for m in moments))
    for moment in moments:
        process = _start(project, out)
        time.sleep(moment)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        _end_group(process)
        now = tree(out)
        assert now in (old, new), f"killed at {moment:.1f} s: site/ is neither the old nor the new one"
        if now == new:
            (out / "ancienne-version.txt").write_text("le site d'avant", encoding="utf-8")

    # Killed just after the exchange: the new site is in place, the old one waits in a hidden folder.
    process = _start(project, out, UP_TEST_KILL="apres-echange")
    process.wait(timeout=300)
    _end_group(process)
    assert process.returncode == -signal.SIGKILL
    assert tree(out) == new
    assert [name for name in strays(out) if name.startswith(".site-build-")], strays(out)
    assert build_site(project, out).returncode == 0  # the next build removes it
    assert tree(out) == new and strays(out) == []

    # Where the system cannot exchange: killed between the two renames, no site/ for a moment; the next build,
    # even a failing one, puts the old one back first, and says so truly.
    (out / "ancienne-version.txt").write_text("le site d'avant", encoding="utf-8")
    process = _start(project, out, UP_TEST_KILL="entre-les-renommages")
    process.wait(timeout=300)
    _end_group(process)
    assert not out.exists() and [n for n in strays(out) if n.startswith(".site-old-")], strays(out)
    sheet = project / "data/fiches/pair-aidance.yml"
    good = sheet.read_text(encoding="utf-8")
    sheet.write_text(good.replace("\ntitre:", "\ntitr:", 1), encoding="utf-8")
    failed = build_site(project, out)
    assert failed.returncode == 1 and "« site/ » n'a pas été modifié" in failed.stderr
    assert tree(out) == old and strays(out) == []
    sheet.write_text(good, encoding="utf-8")
    assert build_site(project, out).returncode == 0
    assert tree(out) == new and strays(out) == []


# --- The swap and the messages, without a build -------------------------------------------------------------


def test_the_swap_exchanges_in_one_step_where_the_system_can(tmp_path: Path) -> None:
    out, tmp = tmp_path / "site", tmp_path / ".site-build-x"
    out.mkdir()
    tmp.mkdir()
    (out / "a").write_text("ancien")
    (tmp / "a").write_text("nouveau")
    assert build_module._exchange(tmp, out), "renameat2(RENAME_EXCHANGE) works on this file system"
    assert (out / "a").read_text() == "nouveau" and (tmp / "a").read_text() == "ancien"
    build_module._swap(tmp, out)  # and back, through _swap
    assert (out / "a").read_text() == "ancien" and strays(out) == []


def test_the_swap_without_exchange_and_the_message_stay_true(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_module, "_exchange", lambda a, b: False)
    out = tmp_path / "site"
    assert "il n'y a pas de « site/ »" in build_module.kept_message(out)
    tmp = tmp_path / ".site-build-1"
    tmp.mkdir()
    (tmp / "a").write_text("premier")
    build_module._swap(tmp, out)  # no site yet: one rename
    assert (out / "a").read_text() == "premier" and strays(out) == []
    tmp = tmp_path / ".site-build-2"
    tmp.mkdir()
    (tmp / "a").write_text("second")
    build_module._swap(tmp, out)
    assert (out / "a").read_text() == "second" and strays(out) == []
    assert "« site/ » n'a pas été modifié" in build_module.kept_message(out)
    # what a build killed between the two renames leaves, and an older version's `.site-old`
    out.rename(tmp_path / ".site-old")
    (tmp_path / ".site-build-3").mkdir()
    build_module._clean_strays(out)
    assert (out / "a").read_text() == "second" and strays(out) == []


def test_a_failure_in_a_forked_worker_names_its_step() -> None:
    from concurrent.futures import ProcessPoolExecutor

    from macros.outputs import sharing

    with ProcessPoolExecutor(1) as pool, pytest.raises(Exception) as caught:
        pool.submit(sharing.shared_files, cast(Any, None), "", "").result()  # fails in the worker (no data)
    line = build_module.failure_lines(caught.value)[0]
    assert "l'étape « les QR codes, les données ouvertes et les redirections »" in line, line


def test_two_builds_of_the_same_site_take_turns(tmp_path: Path) -> None:
    """A second build of site/ waits for the first (it would otherwise remove its temporary folder as a stray)."""
    out = tmp_path / "site"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from macros.site.build import _locked\n"
            f"with _locked(Path({str(out)!r})):\n    print('tenu', flush=True); time.sleep(1.2)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "tenu"
    (tmp_path / ".site-build-en-cours").mkdir()  # the first build's folder
    start = time.monotonic()
    with build_module._locked(out):
        waited = time.monotonic() - start
        assert waited > 0.6, "the second waited for the first"
    holder.wait(timeout=30)
    assert strays(out) == [".site-build-en-cours"], "the lock file goes with the last build"


def test_when_the_new_site_cannot_be_put_in_place_the_old_one_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No room even for the temporary folder, or the swap refused: a French message, exit 1, site/ as it was."""
    out = tmp_path / "site"
    before = previous_site(out)

    def full(*args: object, **kwargs: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".site-build-x"))

    monkeypatch.setattr(build_module.tempfile, "mkdtemp", full)
    assert build_module.build(out, tmp_path / "mkdocs.yml") == 1
    said = capsys.readouterr().err
    assert "la mise en place du nouveau site n'a pas pu se faire" in said and "le disque est plein" in said, said
    assert "« site/ » n'a pas été modifié" in said and "Traceback" not in said
    assert tree(out) == before and strays(out) == []
    monkeypatch.undo()
    # without exchange, the second rename refused: the old site goes back in place
    monkeypatch.setattr(build_module, "_exchange", lambda a, b: False)
    new = tmp_path / ".site-build-y"
    new.mkdir()
    real_rename = os.rename

    def refuse_second(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> None:
        if Path(str(a)) == new:
            raise OSError(errno.EIO, "Input/output error", str(a))
        real_rename(a, b)

    monkeypatch.setattr(build_module.os, "rename", refuse_second)
    with pytest.raises(OSError):
        build_module._swap(new, out)
    monkeypatch.undo()
    assert tree(out) == before
