"""`python -m macros.site.build [--out site] [--sans-pdf] [--sans-csp] [--pagefind CHEMIN]`: strict build into a
temporary folder, then swap it in. The flags set the plugin's options (mkdocs.yml) for this build only.

The build runs MkDocs in this process: the data is read and validated once, by the plugin. A mistake in
a YAML file stops the build with the same French messages as `make check`; so does any step that cannot make
its files (PDFs, documents, search index, QR codes, open data: a French line says which step and why). A failed
build leaves the previous `site/` untouched and removes its temporary folder, so a deploy never picks up a
half-built site. The new site takes the place of the old one in one step (`_swap`: `site/` stays a real folder,
for rsync, tar, GitHub Pages); a killed build leaves at worst a hidden `.site-build-*`/`.site-old-*` folder next
to it, removed (or put back, if `site/` is missing) by the next build.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import fcntl
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..outputs.cache import prune_daily

ROOT = Path(__file__).resolve().parents[2]
# Where the project's own previous site goes once replaced (a rename, at once): emptied by the next build while it
# renders, instead of this build waiting for its ~500 files to be unlinked (0.05–0.6 s here, by the disk's load).
TRASH = ROOT / ".cache" / "corbeille"
PLUGIN = "usagers-partenaires"  # our plugin's name in mkdocs.yml (pyproject.toml's entry point)


def source_date_epoch(folder: Path) -> str | None:
    """Time of the last commit, for reproducible builds; None outside a git checkout."""
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value.isdigit() else None


class _Problems(logging.Handler):
    """Warnings and errors of the build, shown to the editor (not the INFO chatter)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


class _Notices(logging.Handler):
    """What our plugin tells the editor (e.g. no public address): printed once, in French."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.INFO:
            print(f"Note : {record.getMessage()}", file=sys.stderr)


class _Durations(logging.Handler):
    """The seconds of each stage (generate.py and finish.py log them on « macros.durees »), for `--durees`."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seconds: dict[str, float] = {}
        self.built = (0.0, 0.0)  # MkDocs' build, the swap

    def emit(self, record: logging.LogRecord) -> None:
        self.seconds[record.getMessage()] = float(getattr(record, "seconds", 0.0))

    def lines(self, total: float, swap: float) -> list[str]:
        """One line per stage, in French; « rendu » is what is left of MkDocs' build (its pages, its files)."""
        stages = self.seconds
        render = total - stages.get("generation", 0.0) - stages.get("finition", 0.0)
        shown = [("génération", stages.get("generation", 0.0)), ("rendu (MkDocs)", render)]
        shown += [(name, s) for name, s in stages.items() if name.startswith("finition")]
        shown += [("mise en place de site/", swap)]
        return [f"Durée : {name} {s:.2f} s" for name, s in shown]


def _mkdocs_build(config: Path, site_dir: Path, options: dict[str, Any] | None = None) -> list[str]:
    """Run a strict MkDocs build, the plugin's `options` (mkdocs.yml's, set by the flags) replaced; return the
    problems (empty when it succeeded)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from . import ahead
    from .macros_env import defer_git_variable

    defer_git_variable()  # mkdocs-macros' 12 git commands at start, run only if a page reads `git`

    problems = _Problems()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(problems)
    notices = _Notices()
    logging.getLogger("mkdocs.plugins.usagers").addHandler(notices)
    logger.setLevel(logging.INFO)
    try:
        cfg = load_config(str(config), site_dir=str(site_dir), strict=True)
        set_plugin_options(cfg, options or {})
        ahead.start(cfg, ahead.AT_START)  # our templates compiled on the other core, for a build from a fresh clone
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except MkDocsException as exc:
        if not (problems.lines and "BuildError" in str(exc)):  # MkDocs' « Aborted with a BuildError! » says nothing more
            problems.lines.append(str(exc))
    except SystemExit as exc:  # mkdocs-macros (on_error_fail) logs a page's template error, then exits
        problems.lines.append(f"ERREUR : la construction s'est arrêtée sur une erreur de gabarit (code {exc.code}) ; "
                              "le message ci-dessus dit quelle page et quelle ligne.")  # fmt: skip
    finally:
        logger.removeHandler(problems)
        logging.getLogger("mkdocs.plugins.usagers").removeHandler(notices)
    return problems.lines


def set_plugin_options(cfg: Any, options: dict[str, Any]) -> None:
    """Our plugin's options as the command line gives them, over mkdocs.yml's, checked as MkDocs checks them (a
    project without our plugin has none to set)."""
    if not options or PLUGIN not in cfg.plugins:
        return
    plugin_config = cfg.plugins[PLUGIN].config
    plugin_config.load_dict(options)
    failed, _warnings = plugin_config.validate()
    if failed:
        from mkdocs.exceptions import ConfigurationError

        raise ConfigurationError("; ".join(f"option « {key} » du greffon {PLUGIN} : {error}" for key, error in failed))


def build(out: Path, config: Path, options: dict[str, Any] | None = None, durations: bool = False) -> int:
    """Build into a temporary folder next to `out`, then put it in place of `out` in one step (`_swap`). Only one
    build of `out` runs at a time (`_locked`); it first removes what killed builds left (`_clean_strays`).
    `durations`: print the seconds of each stage (`--durees`)."""
    started = time.perf_counter()
    timer = _Durations()
    stages = logging.getLogger("macros.durees")
    stages.addHandler(timer)
    stages.setLevel(logging.INFO)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    epoch = source_date_epoch(config.parent)
    if epoch and "SOURCE_DATE_EPOCH" not in os.environ:
        os.environ["SOURCE_DATE_EPOCH"] = epoch  # same commit, same bytes (sitemap dates, sitemap.xml.gz header)
    _workers_end_with_build()
    emptying = threading.Thread(target=shutil.rmtree, args=(TRASH,), kwargs={"ignore_errors": True})
    try:
        with _locked(out):
            _clean_strays(out)
            emptying.start()  # the sites earlier builds set aside, unlinked while this one renders
            problems = _build_and_swap(out, config, options, timer)
    except OSError as exc:  # the lock, the temporary folder, the swap itself (a full disk, a read-only folder)
        where = f" ({exc.filename})" if exc.filename else ""
        problems = [f"ERREUR : la mise en place du nouveau site n'a pas pu se faire{where} : {why(exc)}"]
    finally:
        stages.removeHandler(timer)
        if emptying.is_alive():
            emptying.join()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"\nÉchec de la construction : {kept_message(out)}", file=sys.stderr)
        return 1
    prune_daily(config.parent / ".cache")  # what no build used for a month (looked for once a day)
    if durations:
        print("\n".join(timer.lines(*timer.built)), file=sys.stderr)
        print(f"Durée : en tout {time.perf_counter() - started:.2f} s", file=sys.stderr)
        # The build's own process, where the engine renders the pages one by one: its CPU seconds (make bench).
        print(f"Durée : processeur de ce processus {time.process_time():.2f} s", file=sys.stderr)
    print(f"Site construit dans {out}")
    return 0


def _build_and_swap(
    out: Path, config: Path, options: dict[str, Any] | None = None, timer: _Durations | None = None
) -> list[str]:
    """The strict build into a temporary folder; if it succeeded, that folder becomes `out`. Its problems."""
    tmp = Path(tempfile.mkdtemp(prefix=_prefix(out, "build"), dir=out.parent))
    cwd = os.getcwd()
    started = time.perf_counter()
    try:
        os.chdir(config.parent)
        problems = _mkdocs_build(config, tmp, options)
    except Exception as exc:  # noqa: BLE001 — any failure of a step: said in French, site/ kept
        problems = failure_lines(exc)
    except BaseException:  # Ctrl+C: site/ kept, the temporary folder removed
        _remove(tmp)
        raise
    finally:
        os.chdir(cwd)
    if problems:
        _remove(tmp)
        return problems
    built = time.perf_counter()
    try:
        _swap(tmp, out)
    except OSError:
        _remove(tmp)
        raise
    if timer is not None:
        timer.built = (built - started, time.perf_counter() - built)
    return []


def kept_message(out: Path) -> str:
    """What the failed build left at `out`, said truly (checked, not assumed)."""
    if out.is_dir():
        return f"« {out.name}/ » n'a pas été modifié (c'est toujours le site de la construction réussie précédente)."
    if os.path.lexists(out):
        return f"« {out.name} » n'a pas été modifié (ce n'est pas un dossier)."
    return f"il n'y a pas de « {out.name}/ » : aucune construction n'a encore réussi ici."


# --- Failures of a step, in French ---------------------------------------------------------------------------
# The module where a failure happened → the step of the build, as the editor knows it (innermost wins).
STEPS = (
    ("macros.outputs.pdf", "les PDF"),
    ("macros.outputs.documents", "les documents à télécharger (DOCX, ODT)"),
    ("macros.outputs.search_index", "l'index de recherche (Pagefind)"),
    ("macros.outputs.finish", "la finition des pages et l'index de recherche"),
    ("macros.outputs.sharing", "les QR codes, les données ouvertes et les redirections"),
    ("macros.outputs.css_trim", "les feuilles de style"),
    ("macros.outputs", "les fichiers faits à partir des données"),
    ("macros.data", "la lecture des données"),
    ("macros.render", "les pages faites à partir des données"),
    ("macros.site", "la construction des pages (greffon du site)"),
    ("mkdocs", "l'écriture des pages et des fichiers du site (MkDocs)"),
)
_REMOTE_PLACE = re.compile(r'File "([^"]*?/(?:macros|mkdocs)/[\w/]+\.py)", line (\d+)')
_REMOTE_FILE = re.compile(r'File "[^"]*?/(macros/[\w/]+|mkdocs/[\w/]+)\.py"')


def _modules(exc: BaseException) -> list[str]:
    """The modules the failure went through, innermost last: its causes' frames, then its own, then (when it came
    from a forked worker of concurrent.futures) the worker's, read from the traceback text it sent."""
    names: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        outer = [frame.f_globals.get("__name__", "") for frame, _ in traceback.walk_tb(current.__traceback__)]
        names = outer + names
        cause = current.__cause__ or current.__context__
        if cause is not None and type(cause).__name__ == "_RemoteTraceback":  # concurrent.futures: the worker's
            remote = [m.replace("/", ".").removesuffix(".__init__") for m in _REMOTE_FILE.findall(str(cause))]
            return names + remote
        current = cause
    return names


def step_of(exc: BaseException) -> str:
    for module in reversed(_modules(exc)):
        for prefix, step in STEPS:
            if module == prefix or module.startswith(prefix + "."):
                return step
    return "la construction"


def why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "le disque est plein — libérez de la place (ou videz .cache/) puis relancez « make build »"
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"écriture refusée{where} — vérifiez les droits sur le dossier du site et sur .cache/"
    if isinstance(exc, MemoryError):
        return "la mémoire manque — fermez d'autres programmes puis relancez « make build »"
    text = str(exc).strip() or type(exc).__name__
    return f"{text} — relancez « make build » ; si l'erreur revient, signalez-la avec ce message"


def failure_lines(exc: BaseException) -> list[str]:
    """A failure of a step: which step and why, in French; where it happened, for the developer."""
    from ..outputs.pdf import PdfError
    from ..outputs.search_index import PagefindError

    if isinstance(exc, PagefindError | PdfError):  # their message says, in French, what to do
        step = "les PDF" if isinstance(exc, PdfError) else "l'index de recherche (Pagefind)"
        return [f"ERREUR : l'étape « {step} » n'a pas pu se faire : {exc}"]
    ours = [
        f"{Path(frame.f_code.co_filename).name}:{line}"
        for frame, line in traceback.walk_tb(exc.__traceback__)
        if frame.f_globals.get("__name__", "").startswith(("macros.", "mkdocs."))
    ]
    remote = exc.__cause__ if type(exc.__cause__).__name__ == "_RemoteTraceback" else None
    ours += [f"{Path(f).name}:{n}" for f, n in _REMOTE_PLACE.findall(str(remote or ""))]  # a forked worker's
    place = f" ({ours[-1] if ours else 'construction'}, {type(exc).__name__})"
    return [f"ERREUR : l'étape « {step_of(exc)} » n'a pas pu se faire{place} : {why(exc)}"]


# --- The swap: `out` is always a whole site, the old or the new one --------------------------------------------
AT_FDCWD = -100
RENAME_EXCHANGE = 2  # linux/fs.h


PR_SET_PDEATHSIG = 1  # linux/prctl.h
_forked_from: list[int] = []  # the pid of the process forking, at each fork (os.register_at_fork's `before`)


def _workers_end_with_build() -> None:
    """The workers forked by the build (pages, PDFs, open data) end when the build's process ends, even killed
    (SIGKILL: a closed terminal, a cancelled CI job): otherwise they wait forever on their queue. Linux only:
    prctl(PR_SET_PDEATHSIG) in each child, and a child whose parent is already gone ends at once."""
    if _forked_from or not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)

    def in_child() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if _forked_from and os.getppid() != _forked_from[-1]:
            os._exit(1)  # the build ended between the fork and the prctl

    def before() -> None:
        _forked_from[:] = [os.getpid()]

    _forked_from.append(os.getpid())
    os.register_at_fork(before=before, after_in_child=in_child)


def _prefix(out: Path, kind: str) -> str:
    return f".{out.name}-{kind}-"


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One build of `out` at a time: a POSIX lock (released by the system when the process ends, even killed;
    not shared with forked workers) on `.<out>-lock`, removed when the build ends."""
    lock_path = out.with_name(f".{out.name}-lock")
    while True:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            print(
                f"Note : une autre construction de « {out.name}/ » est en cours ; celle-ci attend qu'elle finisse.",
                file=sys.stderr,
            )
            fcntl.lockf(fd, fcntl.LOCK_EX)
        try:
            same = os.stat(lock_path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the build before removed that file as it ended: lock the new one
    try:
        yield
    finally:
        lock_path.unlink(missing_ok=True)
        os.close(fd)


def _clean_strays(out: Path) -> None:
    """What killed builds left next to `out`: if `out` is missing but an older site was set aside
    (`.<out>-old-*`, `_swap` without exchange, or `.<out>-old` of earlier versions), it comes back first;
    then their temporary folders go. Called under the lock: no other build of `out` is running."""
    strays = [p for p in out.parent.iterdir() if p.name.startswith((_prefix(out, "build"), f".{out.name}-old"))]
    if not os.path.lexists(out):
        aside = sorted(
            (p for p in strays if p.name.startswith(f".{out.name}-old") and p.is_dir()), key=lambda p: p.stat().st_mtime
        )
        if aside:
            os.rename(aside[-1], out)
            strays.remove(aside[-1])
    for stray in strays:
        _remove(stray)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def _discard(old: Path, out: Path) -> None:
    """The site `out` was: for the project's own `site/`, set aside in TRASH (emptied by the next build, or by
    `_clean_strays`' successor here if that one is killed); elsewhere, or where it cannot be renamed, removed now."""
    if out.parent == ROOT:
        with contextlib.suppress(OSError):
            TRASH.mkdir(parents=True, exist_ok=True)
            os.rename(old, TRASH / old.name)
            return
    _remove(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE: ext4, tmpfs, btrfs, xfs, overlayfs); False
    where the system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)  # glibc ≥ 2.28 (Debian 10 on)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _swap(tmp: Path, out: Path) -> None:
    """`tmp` (the new site) becomes `out`. With an exchange, `out` is at every moment a whole site, the old or the
    new (the old one, now at `tmp`, is removed after). Without one (another system), the old one is renamed
    aside first; a build killed between the two renames leaves it there, and the next build puts it back."""
    if not os.path.lexists(out):
        os.rename(tmp, out)
    elif _exchange(tmp, out):
        _discard(tmp, out)  # the old site
    else:
        old = out.with_name(f"{_prefix(out, 'old')}{tmp.name.removeprefix(_prefix(out, 'build'))}")
        os.rename(out, old)
        try:
            os.rename(tmp, out)
        except OSError:
            os.rename(old, out)
            raise
        _remove(old)


def compile_package() -> None:
    """Our package's compiled modules, written next to them (__pycache__/, ignored by git) as Python does by
    default, also where the environment tells Python not to write them (PYTHONDONTWRITEBYTECODE, set on some CI
    machines): otherwise every build compiles the 70 modules again, 0.1 s of a 2.5 s build. Up-to-date files
    are left as they are; a read-only install is left uncompiled."""
    if not sys.dont_write_bytecode:
        return
    import compileall
    import py_compile

    compileall.compile_dir(
        Path(__file__).resolve().parents[1], quiet=2, invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP
    )


def main() -> int:
    compile_package()
    args = parse_arguments()
    return build(args.out, args.config.resolve(), command_options(args), durations=args.durees)


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "site")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    # The plugin's options (mkdocs.yml, plugins: usagers-partenaires), for this build only.
    parser.add_argument("--sans-pdf", action="store_true", help="sans les PDF (le kit du formateur le dit)")
    parser.add_argument("--sans-csp", action="store_true", help="sans la politique de sécurité (outils de captures)")
    parser.add_argument("--pagefind", metavar="CHEMIN", help="un autre programme Pagefind que celui de node_modules")
    parser.add_argument("--durees", action="store_true", help="affiche les secondes de chaque étape")
    return parser.parse_args(argv)


def command_options(args: argparse.Namespace) -> dict[str, Any]:
    """The plugin's options the flags set (the others stay as mkdocs.yml says)."""
    options: dict[str, Any] = {}
    if args.sans_pdf:
        options["pdf"] = False
    if args.sans_csp:
        options["csp"] = False
    if args.pagefind:
        options["pagefind"] = args.pagefind
    return options


if __name__ == "__main__":
    sys.exit(main())
