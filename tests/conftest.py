"""Shared fixtures: the real site built once per test run, parsed pages, a headless browser, the walks through
every page (tests/crawl.py), the builds of a copy (CopyBuilds); and how `make test` shares the work between its
two workers (from the durations measured by the last runs)."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import settings

# The property tests draw new random texts at each `make test` (they found two problems that way, in the data and in
# a test); CI (.ci/run) is the gate of a landing, so the same commit gets the same verdict: the same examples each run.
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("UP_HYPOTHESIS", "default"))

ROOT = Path(__file__).resolve().parent.parent
# `make test-fast` (the loop while coding) tries a third of the random examples of the property tests; `make test`
# and CI try them all (tests/test_proprietes_*.py: `@settings(max_examples=examples(30))`).
FEWER_EXAMPLES = os.environ.get("UP_TESTS_RAPIDES") == "1"


def examples(count: int) -> int:
    """How many random examples a property test tries: `count`, or a third of it in `make test-fast`."""
    return max(5, count // 3) if FEWER_EXAMPLES else count


CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Markers from what a test uses, so they cannot drift: `browser` (Chromium), `site` (a build), else `unit`."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & {"browser", "search_tab", "normaliser", "tab", "context"} or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        elif "scenario" in fixtures:  # a second build, of a changed copy: `make test`, not `make test-fast`
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.site)
        elif fixtures & {"site_dir", "page", "server"} or item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.site)
        elif not item.get_closest_marker("site"):
            item.add_marker(pytest.mark.unit)


# --- `make test` on two workers (pytest -n 2 --dist loadfile), from measured durations -----------------------------
# A unit of work is a test file, except that the tests that shared something costly to make (a session fixture of
# SHARED, a walk of tests/crawl.py) go together, so that one worker makes it once; the longest units go first, so
# that both workers end at about the same time. Both facts come from the last runs, never from a hand-kept table:
# each run writes what it measured per test (seconds, what it shared) to MEASURED; `make durees` writes a whole
# run's measures to DURATIONS, committed: the fallback of a fresh clone and of CI.
DURATIONS = ROOT / "tests" / "durees.json"
MEASURED = ROOT / ".cache" / "tests" / "durees.json"
SHARED = {"scenario": "scenario", "copy_builds": "copie-construite"}  # session fixture → what its users share
SHARE = "partage"  # the key of a test report's user_properties that names what it shared
UNKNOWN_SECONDS = 1.0  # a test never measured yet


def measures() -> dict[str, dict]:
    """nodeid → {"secondes": float, "partage": [str]}: the committed measures, overridden by this clone's own."""
    found: dict[str, dict] = {}
    for path in (DURATIONS, MEASURED):
        try:
            found.update(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
    return found


def static_shares(items: list[pytest.Item]) -> dict[str, list[str]]:
    """What each collected test will share, as far as its fixtures tell before it runs: the session fixtures of
    SHARED, and « visites » for a test that reads walks (which ones, only its run tells)."""
    found = {}
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        shares = sorted({SHARED[f] for f in fixtures & SHARED.keys()} | ({"visites"} if "crawl" in fixtures else set()))
        if shares:
            found[item.nodeid] = shares
    return found


def units_of_work(measured: dict[str, dict]) -> dict[str, str]:
    """nodeid → unit for the tests that shared something: one unit per group of tests linked by what they shared
    (a test reading two walks joins them), named by what it shares; every other test's unit is its file."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.setdefault(name, name) != name:
            name = parent[name]
        return name

    for entry in measured.values():
        shares = entry.get(SHARE) or []
        for other in shares:
            parent[root(other)] = root(shares[0])
    members: dict[str, set[str]] = {}
    for name in list(parent):
        members.setdefault(root(name), set()).add(name)
    names = {top: "+".join(sorted(group)) for top, group in members.items()}
    return {nodeid: names[root(e[SHARE][0])] for nodeid, e in measured.items() if e.get(SHARE)}


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadfile`, with the measured units of work, longest first."""
    if config.getoption("dist", None) != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    measured = measures()
    units: dict[str, str] = {}

    def seconds(nodeid: str) -> float:
        return float(measured.get(nodeid, {}).get("secondes", UNKNOWN_SECONDS))

    class Units(LoadFileScheduling):
        ordered = False
        read = False

        def _split_scope(self, nodeid: str) -> str:
            if not self.read:  # first asked once every worker has collected (and written what its tests share)
                self.read = True
                static = {}
                for path in sorted(_shares_file(config).parent.glob(_shares_file(config).name + ".gw*[0-9]")):
                    with contextlib.suppress(OSError, ValueError):
                        static.update(json.loads(path.read_text(encoding="utf-8")))
                    path.unlink(missing_ok=True)
                unmeasured = {n: {SHARE: shares} for n, shares in static.items() if not measured.get(n, {}).get(SHARE)}
                units.update(units_of_work(unmeasured))
                units.update(units_of_work(measured))
            return units.get(nodeid) or nodeid.split("::", 1)[0]

        def _assign_work_unit(self, node) -> None:
            if not self.ordered:  # the queue is full once, before the first unit is sent
                for unit in sorted(self.workqueue, key=lambda u: sum(map(seconds, self.workqueue[u])), reverse=True):
                    self.workqueue.move_to_end(unit)
                self.ordered = True
            super()._assign_work_unit(node)

    return Units(config, log)


def _shares_file(config: pytest.Config) -> Path:
    """Where the workers of this run write what their collected tests share, for the controller's scheduler."""
    return MEASURED.parent / f"partages-{os.getpid()}.json"


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """(xdist, in the controller) each worker is told where to write static_shares of its collection."""
    node.workerinput["up_partages"] = str(_shares_file(node.config))


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which tells the controller that collection is over
def pytest_collection_finish(session: pytest.Session) -> None:
    given = getattr(session.config, "workerinput", {})
    if given.get("up_partages"):
        mine = Path(f"{given['up_partages']}.{given['workerid']}")
        mine.parent.mkdir(parents=True, exist_ok=True)
        partial = Path(f"{mine}.tmp")
        partial.write_text(json.dumps(static_shares(session.items)), encoding="utf-8")
        partial.replace(mine)


_running: list[pytest.Item] = []  # the test this process runs now (a walk of `crawl` is charged to it)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    for fixture in sorted(set(getattr(item, "fixturenames", ())) & SHARED.keys()):
        item.user_properties.append((SHARE, SHARED[fixture]))
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()


def shared(what: str) -> None:
    """The running test asked for `what` (made once per process, costly): its report says so."""
    if _running and (SHARE, what) not in _running[-1].user_properties:
        _running[-1].user_properties.append((SHARE, what))


def write_measures(path: Path, measured: dict[str, dict]) -> None:
    """One test a line, sorted (a readable diff), written whole or not at all."""
    lines = [
        f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in sorted(measured.items())
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    partial.replace(path)


class Measures:
    """In the process that reports (the only one, or xdist's controller): each test's seconds (setup, call and
    teardown), what it shared, and when each worker reported its last test."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.tests: dict[str, dict] = {}
        self.finished: dict[str, float] = {}

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        entry = self.tests.setdefault(report.nodeid, {"secondes": 0.0})
        entry["secondes"] += report.duration
        shares = sorted({str(value) for key, value in report.user_properties if key == SHARE})
        if shares:
            entry[SHARE] = sorted(set(entry.get(SHARE, [])) | set(shares))
        node = getattr(report, "node", None)
        worker = getattr(getattr(node, "gateway", None), "id", None)
        if worker:
            self.finished[worker] = time.monotonic() - self.start

    @pytest.hookimpl
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not self.tests:
            return
        mine = {
            n: {"secondes": round(e["secondes"], 2), **({SHARE: e[SHARE]} if SHARE in e else {})}
            for n, e in self.tests.items()
        }
        merged = {}
        with contextlib.suppress(OSError, ValueError):
            merged = json.loads(MEASURED.read_text(encoding="utf-8"))
        write_measures(MEASURED, {**merged, **mine})
        if os.environ.get("UP_DUREES_COMMUNES"):  # `make durees`: this whole run's measures, for fresh clones and CI
            write_measures(DURATIONS, mine)

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter) -> None:
        if len(self.finished) > 1:
            ends = ", ".join(f"{w} à {s:.0f} s" for w, s in sorted(self.finished.items()))
            gap = max(self.finished.values()) - min(self.finished.values())
            terminalreporter.write_line(f"fin de chaque processus : {ends} (écart {gap:.0f} s)")


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # not an xdist worker: the process that reports
        config.pluginmanager.register(Measures(), "mesures-des-tests")


def pytest_unconfigure(config: pytest.Config) -> None:
    """WeasyPrint's font configuration, kept for the process by macros/outputs/pdf/engine.py when a test renders a
    PDF in this process, removes its temporary font folder when it is collected: collected here, while the
    interpreter is whole, not at its exit, where its __del__ fails (« Exception ignored in
    FontConfiguration.__del__ ») and leaves a /tmp/weasyprint-… folder behind."""
    engine = sys.modules.get("macros.outputs.pdf.engine")
    if engine is not None:
        engine._font_config.cache_clear()
        gc.collect()


def build_site(
    project: Path, out: Path, *flags: str, pdf: bool | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Build `project` strictly into `out` with the project's own atomic build script (`flags`: more of its
    options, e.g. "--pagefind", path)."""
    base = {k: v for k, v in os.environ.items() if k != "SITE_URL"}  # the placeholder, unless a test gives one
    if pdf is None:
        pdf = project == ROOT
    options = [*flags] if pdf else ["--sans-pdf", *flags]
    return subprocess.run(
        [sys.executable, "-m", "macros.build", "--config", str(project / "mkdocs.yml"), "--out", str(out), *options],
        cwd=project,
        capture_output=True,
        text=True,
        env={**base, "NO_MKDOCS_2_WARNING": "1", **env},
    )
    # PDFs (minutes on a cold cache) for the project itself only: its .cache/pdf/ is warm; copies ask for them


# One Python that imports the build once (MkDocs, its theme and plugins, our package) and forks a child per build:
# each child is `python -m macros.build --sans-pdf` run in the project's folder (its own process, exit code, stdout
# and stderr), without the second of imports each new Python pays. For builds that stop early (bad data).
_FORKED_BUILDS = """
import json, os, sys, traceback
from pathlib import Path
from mkdocs.config import load_config
from macros.site import build
jobs = json.loads(sys.stdin.read())
load_config(jobs["warm"])  # imports the theme and every plugin, in this parent
running, codes = {}, {}
def reap():
    pid, status = os.wait()
    codes[running.pop(pid)] = os.waitstatus_to_exitcode(status)
for n, (project, out, log) in enumerate(jobs["builds"]):
    while len(running) >= jobs["parallel"]:
        reap()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.chdir(project)
            for fd, name in ((1, log + ".out"), (2, log + ".err")):
                os.dup2(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
            sys.argv = ["macros.build", "--config", str(Path(project) / "mkdocs.yml"), "--out", out, "--sans-pdf"]
            code = build.main()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    running[pid] = n
while running:
    reap()
print(json.dumps([codes[n] for n in range(len(jobs["builds"]))]))
"""


def build_sites(jobs: list[tuple[Path, Path]], parallel: int = 2) -> list[subprocess.CompletedProcess[str]]:
    """Each (project, out) built strictly without PDFs, `parallel` at a time, as build_site(project, out) does, but
    forked from one Python that imported the build once (_FORKED_BUILDS)."""
    if not jobs:
        return []
    logs = Path(tempfile.mkdtemp(prefix="constructions-"))
    base = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    order = {
        "warm": str(ROOT / "mkdocs.yml"),
        "parallel": parallel,
        "builds": [[str(project), str(out), str(logs / str(n))] for n, (project, out) in enumerate(jobs)],
    }
    done = subprocess.run(
        [sys.executable, "-c", _FORKED_BUILDS],
        cwd=ROOT,
        input=json.dumps(order),
        capture_output=True,
        text=True,
        env={**base, "NO_MKDOCS_2_WARNING": "1"},
        timeout=1800,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    codes = json.loads(done.stdout.strip().splitlines()[-1])
    results = []
    for n, ((project, _), code) in enumerate(zip(jobs, codes)):
        out, err = (Path(f"{logs / str(n)}{ext}").read_text(encoding="utf-8") for ext in (".out", ".err"))
        results.append(subprocess.CompletedProcess(["macros.build", str(project)], code, out, err))
    shutil.rmtree(logs, ignore_errors=True)
    return results


SMALL = ROOT / "tests" / "projet-mini"  # a small project: every kind of page and file, few of each (its LISEZMOI)


def copy_project(dest: Path, project: Path = ROOT, data: Path | None = None) -> Path:
    """A throw-away copy of the project (sources only) for scenarios that change data; with `data`, that folder is
    its `data/` instead of the project's own."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "data", "macros", "overrides"):
        src = data if name == "data" and data is not None else project / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    # The tools the build runs (Pagefind, the search index) are the project's own, not copied (≈ 100 MB).
    if (project / "node_modules").is_dir() and not (dest / "node_modules").exists():
        (dest / "node_modules").symlink_to(project / "node_modules")
    return dest


def copy_small_project(dest: Path) -> Path:
    """A throw-away copy of the small project (SMALL): the project's code, theme, `docs/` and `mkdocs.yml`, with its
    data derived from the real data/ (tests/projet_mini.py: 2 sheets, 2 principles, 1 reason, 7 easy-to-read texts,
    2 templates…, every other file whole). For the tests of what a build does whatever the content (reproducible
    bytes, caches, a failed or killed build): a fraction of the real project's cost (16 PDFs instead of 52)."""
    from tests.projet_mini import derived

    return copy_project(dest, data=derived(ROOT))


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built once per run: under xdist the first worker to ask builds it, the other waits and reads
    the same folder (no test writes in it). With its PDFs only if the run holds a test marked `pdf` (one that
    reads them): the built HTML alone otherwise (`make test-fast`; a fresh clone renders no PDF for it)."""
    pdf = any(item.get_closest_marker("pdf") for item in request.session.items)
    run = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run = run.parent  # the run's folder, above each worker's popen-gwN
    built = run / "built"
    out = built / "site"
    with (run / "built.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (built / "returncode").exists():
            built.mkdir(exist_ok=True)
            result = build_site(ROOT, out, pdf=pdf)
            (built / "build.log").write_text(result.stderr, encoding="utf-8")  # what the build told the editor
            (built / "stdout.log").write_text(result.stdout, encoding="utf-8")
            (built / "returncode").write_text(str(result.returncode), encoding="utf-8")
    code = int((built / "returncode").read_text(encoding="utf-8"))
    assert code == 0, (
        f"strict build failed:\n{(built / 'stdout.log').read_text(encoding='utf-8')}\n"
        f"{(built / 'build.log').read_text(encoding='utf-8')}"
    )
    return out


EPOCH = 1_577_836_800  # 2020-01-01, a day that is surely not today: the commit time given to CopyBuilds


class CopyBuilds:
    """One copy of the small project (SMALL) outside git, built four times in a row with its PDFs and
    SOURCE_DATE_EPOCH=EPOCH; a build is made when a test first asks for it (with the ones before it). Read by
    tests/test_reproductible.py (the first two) and tests/test_pdf.py (all four), which made six builds between
    them, three making every PDF. The small project makes every kind of page and file the real one makes
    (tests/test_reproductible.py checks it), at a fraction of the cost.

    first: from nothing (no .cache/); second: a second later, same sources, from the first's caches; cold: the PDF
    cache moved away (every PDF made again); edited: one sheet's text changed (EDIT)."""

    STEPS = ("first", "second", "cold", "edited")
    EDIT = ("data/fiches/recherche.yml", "Recherche bibliographique", "Recherche documentaire")

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.project = copy_small_project(tmp / "projet")
        self.results: dict[str, subprocess.CompletedProcess[str]] = {}

    def site(self, step: str) -> Path:
        return self.tmp / step

    def __call__(self, step: str) -> subprocess.CompletedProcess[str]:
        for before in self.STEPS[: self.STEPS.index(step) + 1]:
            if before not in self.results:
                getattr(self, f"_{before}")()
                self.results[before] = build_site(self.project, self.site(before), pdf=True, SOURCE_DATE_EPOCH=str(EPOCH))
        return self.results[step]

    def _first(self) -> None:
        assert not (self.project / ".cache").exists()

    def _second(self) -> None:
        time.sleep(1.1)  # a clock read anywhere would now give another second

    def _cold(self) -> None:
        (self.project / ".cache" / "pdf").rename(self.tmp / "cache-pdf-copie")

    def _edited(self) -> None:
        rel, old, new = self.EDIT
        source = self.project / rel
        text = source.read_text(encoding="utf-8")
        assert old in text
        source.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def copy_builds(tmp_path_factory: pytest.TempPathFactory) -> CopyBuilds:
    return CopyBuilds(tmp_path_factory.mktemp("copie-construite"))


# The shared scenario: one copy of the project, outside git, changed as editors change it, built once with a
# public address. Each test that uses it checks its own change; they share the build (one instead of four).
JINJA = "{{ config.site_name }} {% if true %}oui{% endif %} {# commentaire #} {{ 7 * 7 }} {%raw%}"
ATTACK = "Permanences {{ config.site_name }} {% if 1 %}x{% endif %} {# c #} a < b & c { onclick=alert(1) }"
PUBLIC_URL = "https://exemple.invalid/"
SCENARIO_EDITS = {  # file → (text, replacement): Jinja and HTML in a title, bullets, a quote, a paragraph, a definition
    "data/fiches/pair-aidance.yml": [
        ('titre: "Pair-aidance associative"', f'titre: "Pair-aidance {JINJA}"'),
        ('"Favoriser le lien avec des pairs"', f'"Favoriser {JINJA} a < b & c"'),
        ('"Permanences, entretiens individuels"', f'"{ATTACK}"'),
    ],
    "data/temoignages/maurice-causse.yml": [("  - citation: \"J'ai fait", f"  - citation: \"{JINJA} J'ai fait")],
    "data/pages/essentiel.yml": [('      - "Les pratiques, nombreuses', f'      - "{JINJA} Les pratiques, nombreuses')],
    "data/lexique/aidant.yml": [('definition: "Personne engagée', f'definition: "{JINJA} &lt;script&gt; Personne engagée')],
}


class Scenario:
    def __init__(self, project: Path, site: Path, log: str) -> None:
        self.project, self.site, self.log = project, site, log


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """A copy outside git (no dates, no history), with an eighth sheet (one YAML file, made from the first
    sheet's), Jinja and markup in YAML texts (SCENARIO_EDITS), built with SITE_URL=PUBLIC_URL."""
    tmp = tmp_path_factory.mktemp("scenario")
    project = copy_project(tmp / "p")
    text = (project / "data/fiches/pair-aidance.yml").read_text(encoding="utf-8")
    text = text.replace("id: pair-aidance", "id: huitieme-mission").replace("numero: 1", "numero: 8")
    text = text.replace('titre: "Pair-aidance associative"', 'titre: "Huitième mission"')
    (project / "data/fiches/huitieme-mission.yml").write_text(text, encoding="utf-8")
    for rel, pairs in SCENARIO_EDITS.items():
        path = project / rel
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (rel, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    result = build_site(project, tmp / "site", SITE_URL=PUBLIC_URL)
    assert result.returncode == 0, result.stderr[-3000:]
    return Scenario(project, tmp / "site", result.stderr)


@pytest.fixture(scope="session")
def site_data():
    from macros.data.loader import load_site

    return load_site(ROOT / "data")


@functools.cache
def _parse(path: str) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="session")
def page(site_dir: Path):
    """page("fiches/pair-aidance/") → the parsed HTML of that URL."""

    def get(url: str) -> BeautifulSoup:
        path = site_dir / url / "index.html" if not url.endswith(".html") else site_dir / url
        return _parse(str(path))

    return get


def article_text(soup: BeautifulSoup) -> str:
    """The reading text of a page's article, without the lexicon tooltips, whitespace collapsed."""
    article = BeautifulSoup(str(soup.find("article")), "lxml")
    for tip in article.select(".up-infobulle"):
        tip.decompose()
    return " ".join(article.get_text().split())


def found(element: object, what: str = "") -> Tag:
    """`element` (what `find` or `select_one` gave) as an element: the test fails here, naming what is missing."""
    assert isinstance(element, Tag), f"absent de la page : {what or element!r}"
    return element


def is_redirect(soup: BeautifulSoup) -> bool:
    return soup.find("meta", attrs={"http-equiv": "refresh"}) is not None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1 while the block runs: its address."""
    handler = functools.partial(_Quiet, directory=str(folder))
    # Daemon request threads: closing does not wait for the idle connections Chromium keeps open (it hung).
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[str]:
    with serving(site_dir) as address:
        yield address


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory):
    if not CHROMIUM.exists():
        if os.environ.get("UP_REQUIRE_BROWSER"):
            pytest.fail(f"chromium introuvable ({CHROMIUM}) alors que les tests navigateur sont obligatoires (CI)")
        pytest.skip(
            f"chromium introuvable ({CHROMIUM}) : tests navigateur ignorés ; "
            "installez-le avec « apt-get install -y chromium »"
        )
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, locale="fr-FR"
        )
        yield context
        context.close()


@pytest.fixture(scope="session")
def crawl(request: pytest.FixtureRequest, browser, server: str, site_dir: Path, site_data):
    """crawl("ordinateur") → the record of that walk through every page (tests/crawl.py), made once, when a test
    first asks for it. axe-core runs in a pass only if this run holds the axe test of that width."""
    from tests import crawl as walker

    axe_widths = {
        item.callspec.params.get("width")
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_axe_finds_no_violation_on_any_page" and hasattr(item, "callspec")
    }
    quiet = {"/", "/fiches/", *(f"/fiches/{f.id}/" for f in site_data.fiches_in_order())}
    done: dict[str, walker.Pass] = {}

    def get(name: str) -> walker.Pass:
        shared(f"visite-{name}")
        if name not in done:
            done[name] = walker.walk(browser, server, site_dir, name, quiet, axe=name in axe_widths)
        return done[name]

    return get


def site_name() -> str:
    """mkdocs.yml's site_name: the name the site's documents and PDFs are published under (read, never copied)."""
    from macros.site.generate import project_config

    return project_config(ROOT).site_name


def markdown_extensions() -> list[str]:
    """mkdocs.yml's Markdown extensions, by name: what the engine converts the pages with (read, never copied)."""
    from macros.site.generate import project_config

    listed = project_config(ROOT).raw.get("markdown_extensions") or []
    return [entry if isinstance(entry, str) else next(iter(entry)) for entry in listed]
