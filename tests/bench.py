"""`make bench` (`python -m tests.bench`): speed and weight of the site, written to bench/rapport.md and .json.

What it measures:
- build time of the real site, and of synthetic content 10× and 100× larger (more sheets and testimonials,
  generated in a temporary copy), each with the macros and as plain Markdown of the same size built without
  the macros plugin, to see whether build time grows linearly with content;
- what a browser downloads for the home page and a sheet, served with gzip as a real host would: HTML, CSS,
  JS, fonts, images, total, raw and compressed; then what the first search adds;
- the size of the search index (Pagefind, site/pagefind/);
- Lighthouse scores (performance, accessibility, best practices, SEO) for the same two pages, mobile and desktop.

Nothing here is asserted: the report is for people. `--rapide` skips the 100× build and runs Lighthouse once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import mimetypes
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from macros.outputs.workers import cores
from macros.site.generate import project_config
from tests.conftest import copy_project

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {"accueil": "/", "fiche": "/fiches/pair-aidance/"}
SAMPLE_QUERY = "patient"
TEXT_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".csv", ".md")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


# --- serving with gzip --------------------------------------------------------------------------


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text types gzip-compressed (level 6, like most hosts), cached in memory."""

    cache: dict[str, bytes] = {}

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if not path.is_file() or path.suffix not in TEXT_TYPES or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self.cache[key]
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        import io

        return io.BytesIO(body)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_GzipHandler, directory=str(directory))
    _GzipHandler.cache = {}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- building -----------------------------------------------------------------------------------


def _children_cpu() -> float:
    """CPU seconds (user and system) of the finished child processes so far: a build's, by difference. Less
    disturbed than wall time by the other work of a shared machine."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _timed_build(config: Path, out: Path, strict: bool = True, cpu: list[float] | None = None) -> tuple[float, int]:
    """Our site (strict): `python -m macros.build --sans-pdf` (PDFs are timed apart: measure_ratio); the default
    Material site (not strict): `mkdocs build`. `cpu`: gets the build's CPU seconds."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config), "--site-dir", str(out)]
    if strict:
        cmd = [sys.executable, "-m", "macros.build", "--sans-pdf", "--config", str(config), "--out", str(out)]
    start, used = time.perf_counter(), _children_cpu()
    result = subprocess.run(cmd, cwd=config.parent, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if cpu is not None:
        cpu.append(_children_cpu() - used)
    if result.returncode != 0:
        raise SystemExit(f"échec de la construction {config}:\n{result.stdout}\n{result.stderr[-4000:]}")
    pages = sum(1 for _ in out.rglob("*.html"))
    return seconds, pages


def _multiply(project: Path, factor: int) -> None:
    """Add (factor - 1) copies of every sheet and testimonial, with new ids and numbers."""
    data = project / "data"
    fiches = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((data / "fiches").glob("*.yml"))}
    temoignages = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((data / "temoignages").glob("*.yml"))
    }
    top = max(f["numero"] for f in fiches.values())
    for k in range(1, factor):
        suffix = f"-x{k}"
        for ident, fiche in fiches.items():
            copy = json.loads(json.dumps(fiche))
            copy["id"] = ident + suffix
            copy["numero"] = fiche["numero"] + k * top
            copy["exemples"] = [t + suffix for t in fiche.get("exemples", [])]
            for comp in copy.get("en_complement", []):
                if comp.get("temoignage"):
                    comp["temoignage"] += suffix
            (data / "fiches" / f"{ident}{suffix}.yml").write_text(
                yaml.safe_dump(copy, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
        for ident, temoignage in temoignages.items():
            copy = json.loads(json.dumps(temoignage))
            copy["id"] = ident + suffix
            copy["fiche"] = temoignage["fiche"] + suffix if temoignage["fiche"] in fiches else temoignage["fiche"]
            (data / "temoignages" / f"{ident}{suffix}.yml").write_text(
                yaml.safe_dump(copy, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )


_DUMP_HOOK = """
import os
from pathlib import Path
from mkdocs.plugins import event_priority

OUT = Path(os.environ["UP_BENCH_DUMP"])


@event_priority(-1000)  # after the project's hooks: the menu as they completed it
def on_config(config):
    import yaml
    OUT.parent.mkdir(parents=True, exist_ok=True)
    (OUT.parent / "nav.yml").write_text(yaml.safe_dump(config.nav, allow_unicode=True), encoding="utf-8")
    return config


@event_priority(-1000)  # after every other hook and plugin: the Markdown as MkDocs will convert it
def on_page_markdown(markdown, page, config, files):
    path = OUT / page.file.src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    title = (page.meta.get("title") or page.title or "").replace('"', "'")
    path.write_text(f'---\\ntitle: "{title}"\\n---\\n\\n' + markdown, encoding="utf-8")
    return markdown
"""


def _plain_project(project: Path, plain: Path) -> Path:
    """The same pages as plain Markdown, and a configuration without the macros plugin or hooks."""
    config = project_config(project).raw  # mkdocs.yml as data, its !ENV tags read as MkDocs does
    (project / "bench_dump.py").write_text(_DUMP_HOOK, encoding="utf-8")
    dump_config = dict(config, hooks=[*config.get("hooks", []), "bench_dump.py"])
    dump_file = project / "mkdocs-dump.yml"
    dump_file.write_text(yaml.safe_dump(dump_config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    docs = plain / "docs"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--quiet",
            "--config-file",
            str(dump_file),
            "--site-dir",
            str(plain / "dump-site"),
        ],
        cwd=project,
        capture_output=True,
        text=True,
        env={**ENV, "UP_BENCH_DUMP": str(docs)},
    )
    if result.returncode != 0:
        raise SystemExit(f"échec de l'extraction du Markdown :\n{result.stderr[-4000:]}")
    shutil.rmtree(plain / "dump-site", ignore_errors=True)
    for item in (project / "docs").rglob("*"):
        if item.is_file() and item.suffix != ".md":
            target = docs / item.relative_to(project / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item, target)
    ours = ("macros", "usagers-partenaires")  # the macros plugin and ours: the Markdown is already rendered
    plugins = [p for p in config.get("plugins", []) if not (isinstance(p, dict) and set(p) & set(ours)) and p not in ours]
    plain_config = {k: v for k, v in config.items() if k not in ("hooks", "watch", "strict")}
    # The same menu as the real build (the hooks add the generated pages to it), so both build the same pages.
    nav = yaml.safe_load((plain / "nav.yml").read_text(encoding="utf-8"))
    plain_config.update(plugins=plugins, docs_dir=str(docs), nav=nav)
    plain_config["theme"] = dict(config["theme"], custom_dir=str(project / config["theme"]["custom_dir"]))
    plain_file = plain / "mkdocs.yml"
    plain_file.write_text(yaml.safe_dump(plain_config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return plain_file


def _default_material(plain: Path) -> Path:
    """The built pages' Markdown under a default Material configuration (navigation.prune, French search): the
    yardstick of issue 13 (« at most twice a plain build »)."""
    nav = yaml.safe_load((plain / "nav.yml").read_text(encoding="utf-8"))
    config = {
        "site_name": "Référence",
        "docs_dir": str(plain / "docs"),
        "nav": nav,
        "theme": {"name": "material", "language": "fr", "font": False, "features": ["navigation.prune"]},
        "plugins": [{"search": {"lang": "fr"}}],
        "extra": {"generator": False},
    }
    path = plain / "mkdocs-defaut.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _stages(stderr: str) -> dict[str, float]:
    """The seconds of each stage, as `python -m macros.build --durees` prints them (« Durée : génération 0.52 s »)."""
    found = {}
    for line in stderr.splitlines():
        if line.startswith("Durée : ") and line.endswith(" s"):
            name, _, seconds = line.removeprefix("Durée : ").removesuffix(" s").rpartition(" ")
            found[name] = float(seconds)
    return found


def _timed_real_build(
    project: Path,
    out: Path,
    pdf: bool = False,
    stages: list[dict[str, float]] | None = None,
    cpu: list[float] | None = None,
) -> float:
    """The real command (`make build`): `python -m macros.build`, strict, in-process MkDocs; the PDFs are timed
    apart (issue 13: « PDF generation reported apart »), so by default this build makes none (--sans-pdf).
    `cpu`: gets the build's CPU seconds (its worker processes and Pagefind included)."""
    start, used = time.perf_counter(), _children_cpu()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "macros.build",
            "--config",
            str(project / "mkdocs.yml"),
            "--out",
            str(out),
            "--durees",
            *([] if pdf else ["--sans-pdf"]),
        ],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if cpu is not None:
        cpu.append(_children_cpu() - used)
    if result.returncode != 0:
        raise SystemExit(f"échec de la construction réelle :\n{result.stderr[-4000:]}")
    if stages is not None:
        stages.append(_stages(result.stderr))
    return seconds


# The guide's PDF laid out and written alone, in one process (WeasyPrint draws one document on one core), from the
# pages of a site built with PDFs: what a rebuild after any edit of a sheet waits for, at least, once the guide's
# pages are written. Median of `rounds`, after one run that imports WeasyPrint and reads the fonts.
_GUIDE_TIMING = """
import json, statistics, sys, time
from pathlib import Path
from macros.data.loader import load_site
from macros.outputs.pdf import engine
from macros.outputs.pdf.jobs import Inputs, guide_job
from macros.site.generate import project_config, public_url

config = project_config(Path.cwd())
site_url, _ = public_url(config.site_url)
inp = Inputs(load_site(Path("data")), Path(sys.argv[1]), site_url, site_name=config.site_name)
html = guide_job(inp).html
engine.render(html)
seconds = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    pdf, pages = engine.render(html)
    seconds.append(time.perf_counter() - start)
print(json.dumps({"secondes": statistics.median(seconds), "pages": pages}))
"""


def guide_pdf_seconds(project: Path, site: Path, rounds: int = 3) -> dict[str, Any]:
    """The guide's PDF made alone from `site` (built with PDFs from `project`): seconds (median) and pages."""
    result = subprocess.run(
        [sys.executable, "-c", _GUIDE_TIMING, str(site), str(rounds)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"échec de la mesure du guide :\n{result.stderr[-4000:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def floors(ratio: dict[str, Any], cores: int) -> dict[str, Any]:
    """What bounds the two ratios of issue 21 that this machine does not reach, from what was measured.

    Cold build: its CPU seconds (every process) spread perfectly over `cores` cores, against the Material build of
    the same run. Rebuild after one edit of a sheet: the guide's PDF alone (one document, one core), against 1.5
    times the warm build with the PDFs from the cache (the issue's budget): the one the edits are paired with."""
    plain = ratio["defaut_material_s"]
    cold_floor = ratio["cpu_s"]["reel_froid"] / cores
    warm = ratio.get("avec_pdf_chaud_apres_edition_s", ratio["avec_pdf_chaud_s"])
    budget = 1.5 * warm
    return {
        "coeurs": cores,
        "plancher_froid_s": round(cold_floor, 2),
        "rapport_plancher_froid": round(cold_floor / plain, 2),
        "budget_froid_s": round(2 * plain, 2),
        "budget_edition_s": round(budget, 2),
        "processus_froid_s": (ratio.get("etapes_froid_s") or {}).get("processeur de ce processus"),
        "plancher_edition_s": round(ratio["cpu_s"]["avec_pdf_apres_une_edition"] / cores, 2),
        "guide_seul_s": round(ratio["guide_pdf"]["secondes"], 2),
        "guide_pages": ratio["guide_pdf"]["pages"],
        "rapport_guide_seul": round(ratio["guide_pdf"]["secondes"] / warm, 2),
    }


def measure_ratio(project: Path, rounds: int = 7, edits: int = 3) -> dict[str, Any]:
    """Real build vs default Material build of the same pages, in pairs made one after the other in one run: each
    ratio is the median of the pairs' ratios (a machine that slows down for a while slows both builds of a pair).

    « froid »: the documents' cache emptied before each real build (a fresh clone, CI); « chaud »: kept (an
    editor's next build, `make serve`). Then with the PDFs: a build from nothing; the editor's `make build`, its
    PDFs from the cache, in pairs with Material too; `edits` rebuilds after one bullet of one sheet is edited,
    each paired with the same build again unchanged (the warm build it is compared with)."""
    with tempfile.TemporaryDirectory(prefix="up-bench-ratio-") as tmp:
        tmp_path = Path(tmp)
        copy = copy_project(tmp_path / "projet", project)
        _plain_project(copy, tmp_path / "plain")
        for name in ("bench_dump.py", "mkdocs-dump.yml"):
            (copy / name).unlink(missing_ok=True)
        default = _default_material(tmp_path / "plain")
        # As `make install` leaves a fresh clone: our package compiled (the libraries are, by pip). The copy has
        # no __pycache__, so without this only the first cold round compiled it.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(copy / "macros")], check=True)
        seconds: dict[str, list[float]] = {k: [] for k in ("froid", "chaud", "defaut", "pdf", "pdf_defaut")}
        cpu: dict[str, list[float]] = {k: [] for k in seconds}
        warm_stages: list[dict[str, float]] = []
        cold_stages: list[dict[str, float]] = []

        def plain(key: str, n: int) -> None:
            seconds[key].append(_timed_build(default, tmp_path / f"{key}-{n}", strict=False, cpu=cpu[key])[0])

        def real(key: str, out: str, **options: Any) -> None:
            seconds[key].append(_timed_real_build(copy, tmp_path / out, cpu=cpu[key], **options))

        for n in range(rounds):
            shutil.rmtree(copy / ".cache", ignore_errors=True)
            real("froid", f"reel-froid-{n}", stages=cold_stages)
            plain("defaut", n)
            real("chaud", f"reel-chaud-{n}", stages=warm_stages)
        # The PDFs, apart: a build from nothing with them, then the editor's `make build` (issue 21's first goal).
        shutil.rmtree(copy / ".cache", ignore_errors=True)
        pdf_cold = _timed_real_build(copy, tmp_path / "pdf-froid", pdf=True)
        for n in range(rounds):
            plain("pdf_defaut", n)
            real("pdf", f"pdf-chaud-{n}", pdf=True)
        sheet = sorted((copy / "data" / "fiches").glob("*.yml"))[0]
        text = sheet.read_text(encoding="utf-8")
        # Each edited rebuild (seconds, CPU seconds), and the same build made again unchanged right after it.
        edited: list[float] = []
        edited_cpu: list[float] = []
        unchanged: list[float] = []
        for n in range(edits):
            sheet.write_text(text.replace('    - "', f'    - "(modifié {n}) ', 1), encoding="utf-8")  # one bullet
            edited.append(_timed_real_build(copy, tmp_path / f"pdf-edition-{n}", pdf=True, cpu=edited_cpu))
            unchanged.append(_timed_real_build(copy, tmp_path / f"pdf-edition-{n}-bis", pdf=True))
        sheet.write_text(text, encoding="utf-8")
        guide = guide_pdf_seconds(copy, tmp_path / f"pdf-edition-{edits - 1}", rounds)
        med = statistics.median

        def paired(real: list[float], base: list[float]) -> float:
            return round(med(r / b for r, b in zip(real, base, strict=True)), 2)

        def spread(real: list[float], base: list[float]) -> list[float]:
            ratios = [r / b for r, b in zip(real, base, strict=True)]
            return [round(min(ratios), 2), round(max(ratios), 2)]

        out = {
            "rounds": rounds,
            "editions": edits,
            "reel_froid_s": round(med(seconds["froid"]), 2),
            "reel_chaud_s": round(med(seconds["chaud"]), 2),
            "avec_pdf_froid_s": round(pdf_cold, 2),
            "avec_pdf_chaud_s": round(med(seconds["pdf"]), 2),
            "rapport_avec_pdf_chaud": paired(seconds["pdf"], seconds["pdf_defaut"]),
            "avec_pdf_apres_une_edition_s": round(med(edited), 2),
            "avec_pdf_chaud_apres_edition_s": round(med(unchanged), 2),
            "rapport_edition": paired(edited, unchanged),
            "defaut_material_s": round(med(seconds["defaut"]), 2),
            "rapport_froid": paired(seconds["froid"], seconds["defaut"]),
            "rapport_chaud": paired(seconds["chaud"], seconds["defaut"]),
            # CPU seconds (user and system, every process of the build): less disturbed by a shared machine.
            "cpu_s": {
                "reel_froid": round(med(cpu["froid"]), 2),
                "reel_chaud": round(med(cpu["chaud"]), 2),
                "avec_pdf_chaud": round(med(cpu["pdf"]), 2),
                "avec_pdf_apres_une_edition": round(med(edited_cpu), 2),
                "defaut_material": round(med(cpu["defaut"]), 2),
            },
            # The lowest and highest ratio of a pair (seconds): how much the machine moved during the run.
            "ecart_des_paires": {
                "froid": spread(seconds["froid"], seconds["defaut"]),
                "chaud": spread(seconds["chaud"], seconds["defaut"]),
                "avec_pdf_chaud": spread(seconds["pdf"], seconds["pdf_defaut"]),
                "edition": spread(edited, unchanged),
            },
            "rapport_froid_cpu": paired(cpu["froid"], cpu["defaut"]),
            "rapport_chaud_cpu": paired(cpu["chaud"], cpu["defaut"]),
            "rapport_avec_pdf_chaud_cpu": paired(cpu["pdf"], cpu["pdf_defaut"]),
            "guide_pdf": guide,
            # Median seconds of each stage of the warm builds (`--durees`), in the order the build prints them.
            "etapes_chaud_s": {
                name: round(med([s.get(name, 0.0) for s in warm_stages]), 2) for name in (warm_stages or [{}])[0]
            },
            "etapes_froid_s": {
                name: round(med([s.get(name, 0.0) for s in cold_stages]), 2) for name in (cold_stages or [{}])[0]
            },
        }
        out["planchers"] = floors(out, cores())
        print(
            f"  réel {out['reel_froid_s']} s (froid), {out['reel_chaud_s']} s (chaud) ; Material par défaut "
            f"{out['defaut_material_s']} s ; rapport {out['rapport_froid']} / {out['rapport_chaud']} "
            f"(temps processeur : {out['rapport_froid_cpu']} / {out['rapport_chaud_cpu']})",
            flush=True,
        )
        return out


def measure_serve(project: Path, rounds: int = 3) -> dict[str, Any]:
    """Under `mkdocs serve` (the editors' preview): seconds from saving a YAML file to the page showing the edit,
    read over HTTP as a browser reloading would, median of `rounds` edits (issue 13: within 3 s)."""
    import socket
    import urllib.request

    with tempfile.TemporaryDirectory(prefix="up-bench-serve-") as tmp:
        copy = copy_project(Path(tmp) / "projet", project)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        env = {k: v for k, v in ENV.items() if k != "UP_APERCU_PDF"}  # as `make serve`: no PDFs under serve
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=copy,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/fiches/pair-aidance/"

        def page() -> str:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    return response.read().decode("utf-8")
            except OSError:
                return ""

        try:
            deadline = time.monotonic() + 120
            while "Pair-aidance" not in page():
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("mkdocs serve n'a pas démarré")
                time.sleep(0.2)
            sheet = copy / "data" / "fiches" / "pair-aidance.yml"
            original = sheet.read_text(encoding="utf-8")
            delays = []
            for n in range(rounds):
                time.sleep(1.5)  # the watcher settles after the previous build
                marker = f"Mesure{n}X"
                sheet.write_text(original.replace('"Favoriser le lien', f'"{marker} Favoriser le lien', 1), encoding="utf-8")
                start = time.monotonic()
                while marker not in page():
                    if time.monotonic() - start > 60:
                        raise SystemExit("l'aperçu n'a pas montré la modification en 60 s")
                    time.sleep(0.05)
                delays.append(time.monotonic() - start)
        finally:
            server.terminate()
            server.wait(timeout=20)
    out = {"essais": rounds, "median_s": round(statistics.median(delays), 2), "max_s": round(max(delays), 2)}
    print(
        f"  aperçu (mkdocs serve) : modification visible en {out['median_s']} s (médiane), {out['max_s']} s au plus",
        flush=True,
    )
    return out


def measure_builds(project: Path, factors: list[int]) -> list[dict[str, Any]]:
    rows = []
    for factor in factors:
        with tempfile.TemporaryDirectory(prefix=f"up-bench-{factor}x-") as tmp:
            tmp_path = Path(tmp)
            copy = copy_project(tmp_path / "projet", project)
            _multiply(copy, factor)
            _plain_project(copy, tmp_path / "plain")
            plain_config = _default_material(tmp_path / "plain")  # the yardstick of issue 13, as measure_ratio
            macros_s, pages = _timed_build(copy / "mkdocs.yml", tmp_path / "site-macros")
            size = sum(p.stat().st_size for p in (tmp_path / "site-macros").rglob("*") if p.is_file())
            plain_s, plain_pages = _timed_build(plain_config, tmp_path / "site-plain", strict=False)
            fiches = len(list((copy / "data" / "fiches").glob("*.yml")))
            temoignages = len(list((copy / "data" / "temoignages").glob("*.yml")))
            md_bytes = sum(p.stat().st_size for p in (tmp_path / "plain" / "docs").rglob("*.md"))
            rows.append(
                {
                    "facteur": factor,
                    "fiches": fiches,
                    "temoignages": temoignages,
                    "pages": pages,
                    "markdown_octets": md_bytes,
                    "site_octets": size,
                    "avec_macros_s": round(macros_s, 2),
                    "sans_macros_s": round(plain_s, 2),
                    "pages_sans_macros": plain_pages,
                    "ms_par_page_avec_macros": round(1000 * macros_s / pages, 1),
                    "ms_par_page_sans_macros": round(1000 * plain_s / plain_pages, 1),
                }
            )
            print(f"  {factor}× : {pages} pages, avec macros {macros_s:.1f} s, sans macros {plain_s:.1f} s", flush=True)
    return rows


# --- page weight in a real browser --------------------------------------------------------------


def _kind(url: str, content_type: str) -> str:
    path = url.split("?", 1)[0]
    if "/pagefind/" in path:  # Pagefind: its runtime, wasm and index chunks, all loaded at the first query
        return "index"
    if path.endswith(".css") or "text/css" in content_type:
        return "css"
    if path.endswith(".js") or "javascript" in content_type:
        return "js"
    if path.endswith((".woff2", ".woff", ".ttf", ".otf")) or "font" in content_type:
        return "polices"
    if "text/html" in content_type or path.endswith("/") or path.endswith(".html"):
        return "html"
    if content_type.startswith("image/") or path.endswith((".svg", ".png", ".jpg", ".webp", ".ico")):
        return "images"
    return "autres"


def _file_for(site: Path, base: str, url: str) -> Path | None:
    path = url.split("?", 1)[0].split("#", 1)[0].removeprefix(base)
    target = site / path.lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def measure_weights(site: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        for name, url in PAGES.items():
            context = browser.new_context(locale="fr-FR")  # a new context each time: an empty cache
            page = context.new_page()
            seen: list[Any] = []

            def keep(request: Any, seen: list[Any] = seen) -> None:  # a function: Playwright wraps it
                seen.append(request)

            page.on("requestfinished", keep)
            page.goto(base + url, wait_until="networkidle")
            page.wait_for_timeout(500)
            on_load = list(seen)
            stage: dict[str, Any] = {"chargement": _tally(on_load, site, base)}
            if name == "accueil":
                box = page.locator("#up-recherche-champ")
                box.click()
                box.press_sequentially(SAMPLE_QUERY, delay=60)
                page.wait_for_selector(".up-recherche__resultat", timeout=15000)
                page.wait_for_timeout(800)
                stage["premiere_recherche"] = _tally(seen[len(on_load) :], site, base)
            results[name] = stage
            context.close()
        browser.close()
    return results


def _tally(requests: list[Any], site: Path, base: str) -> dict[str, Any]:
    kinds: dict[str, dict[str, int]] = {}
    files = []
    for req in requests:
        if not req.url.startswith(base):
            continue
        response = req.response()
        ctype = response.headers.get("content-type", "") if response else ""
        kind = _kind(req.url, ctype)
        transfer = req.sizes()["responseBodySize"]
        local = _file_for(site, base, req.url)
        raw = local.stat().st_size if local else transfer
        entry = kinds.setdefault(kind, {"fichiers": 0, "brut": 0, "gzip": 0})
        entry["fichiers"] += 1
        entry["brut"] += raw
        entry["gzip"] += transfer
        files.append({"url": req.url.removeprefix(base), "type": kind, "brut": raw, "gzip": transfer})
    total = {
        "fichiers": sum(k["fichiers"] for k in kinds.values()),
        "brut": sum(k["brut"] for k in kinds.values()),
        "gzip": sum(k["gzip"] for k in kinds.values()),
    }
    return {"par_type": kinds, "total": total, "fichiers": sorted(files, key=lambda f: -f["gzip"])}


def static_budget(site: Path) -> dict[str, Any]:
    """The issue's measure for the home page: HTML + CSS + JS on load, gzip (level 9), as files; then Pagefind's
    fixed part (runtime, worker, French wasm, entry and meta), which only the first query loads."""
    from bs4 import BeautifulSoup

    html = (site / "index.html").read_bytes()
    soup = BeautifulSoup(html, "lxml")
    parts: dict[str, list[Path]] = {"html": [site / "index.html"], "css": [], "js": []}
    for link in soup.find_all("link", rel="stylesheet"):
        parts["css"].append(site / str(link["href"]))
    for script in soup.find_all("script", src=True):
        parts["js"].append(site / str(script["src"]).split("?", 1)[0])
    parts["index"] = []  # nothing of the search index loads with a page
    bundle = site / "pagefind"
    full = (
        sorted(
            [
                *bundle.glob("pagefind*.js"),
                *bundle.glob("wasm.*"),
                *bundle.glob("*.pf_meta"),
                *bundle.glob("pagefind-entry.json"),
            ]
        )
        if bundle.is_dir()
        else []
    )

    def gz(path: Path) -> int:
        return len(gzip.compress(path.read_bytes(), compresslevel=9))

    out: dict[str, dict[str, Any]] = {
        k: {
            "brut": sum(p.stat().st_size for p in v),
            "gzip": sum(gz(p) for p in v),
            "fichiers": [p.relative_to(site).as_posix() for p in v],
        }
        for k, v in parts.items()
    }
    out["total"] = {"brut": sum(v["brut"] for v in out.values()), "gzip": sum(v["gzip"] for v in out.values())}
    # What the first query loads whatever the query (plus one index chunk per word and one fragment per result).
    out["index_complet"] = {
        "brut": sum(p.stat().st_size for p in full),
        "gzip": sum(gz(p) for p in full),
        "fichiers": [p.relative_to(site).as_posix() for p in full],
    }
    out["total_avec_index_complet"] = {k: out["total"][k] + out["index_complet"][k] for k in ("brut", "gzip")}
    return out


def search_index_sizes(site: Path) -> list[dict[str, Any]]:
    rows = []
    bundle = site / "pagefind"
    for path in sorted([*bundle.glob("*"), *bundle.glob("index/*")][:40]):
        if path.is_file():
            data = path.read_bytes()
            docs = None
            if path.suffix == ".json":
                try:
                    docs = len(json.loads(data).get("docs", []))
                except (ValueError, AttributeError):
                    docs = None
            rows.append(
                {
                    "fichier": path.relative_to(site).as_posix(),
                    "brut": len(data),
                    "gzip": len(gzip.compress(data, compresslevel=6, mtime=0)),
                    "documents": docs,
                }
            )
    return rows


# --- Lighthouse ---------------------------------------------------------------------------------

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
    "total-byte-weight",
)


def lighthouse(url: str, preset: str, work: Path) -> dict[str, Any]:
    out = work / f"lh-{preset}-{abs(hash(url))}.json"
    cmd = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)} --user-data-dir={work / 'lh-profile'}",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--locale=fr",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    result = subprocess.run(cmd, env={**ENV, "CHROME_PATH": str(CHROMIUM)}, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.exists():
        return {"erreur": (result.stderr or result.stdout)[-800:]}
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    metrics = {m: report["audits"][m]["numericValue"] for m in METRICS if m in report["audits"]}
    failed = sorted(
        {
            f"{a['id']}"
            for c in CATEGORIES
            for ref in report["categories"][c]["auditRefs"]
            if (a := report["audits"][ref["id"]]).get("score") is not None and a["score"] < 0.9 and ref.get("weight", 0) > 0
        }
    )
    return {"scores": scores, "mesures": metrics, "audits_sous_90": failed}


def measure_lighthouse(site: Path, runs: int) -> dict[str, Any]:
    if not LIGHTHOUSE.exists():
        return {"erreur": f"{LIGHTHOUSE} absent : lancez « npm ci »"}
    if not CHROMIUM.exists():
        return {"erreur": f"{CHROMIUM} absent : « apt-get install -y chromium »"}
    results: dict[str, Any] = {}
    with serve(site) as base, tempfile.TemporaryDirectory() as work:
        for name, url in PAGES.items():
            for preset in ("mobile", "desktop"):
                tries = [lighthouse(base + url, preset, Path(work)) for _ in range(runs)]
                good = [t for t in tries if "scores" in t]
                if not good:
                    results[f"{name}/{preset}"] = tries[-1]
                    continue
                # The median run by performance score: Lighthouse varies a little from run to run.
                good.sort(key=lambda t: t["scores"]["performance"])
                results[f"{name}/{preset}"] = dict(good[len(good) // 2], essais=[t["scores"]["performance"] for t in good])
                print(f"  Lighthouse {name} {preset} : {good[len(good) // 2]['scores']}", flush=True)
    return results


# --- report -------------------------------------------------------------------------------------


def fidelity(site: Path) -> dict[str, Any] | None:
    """The sources' sentences found on the site (tests/test_fidelite.py), or None without the sources."""
    from tests.test_fidelite import coverage, seeds_dir

    seeds = seeds_dir()
    if seeds is None:
        return None
    c = coverage(site, seeds)
    return {
        "phrases": c.total,
        "trouvees": c.found,
        "pourcentage": c.percent,
        "omissions_justifiees": c.omitted,
        "manquantes": len(c.missing),
    }


def _ko(n: int) -> str:
    return f"{n / 1000:.1f} ko"


def _ratio_table(ratio: dict[str, Any]) -> list[str]:
    """The real build against a default Material build: seconds, and CPU seconds when they were measured."""
    cpu = ratio.get("cpu_s")
    if not cpu:
        return [
            "| construction | secondes | rapport |",
            "| --- | ---: | ---: |",
            f"| réelle, à froid | {ratio['reel_froid_s']} s | {ratio['rapport_froid']} × |",
            f"| réelle, à chaud | {ratio['reel_chaud_s']} s | {ratio['rapport_chaud']} × |",
            f"| Material par défaut | {ratio['defaut_material_s']} s | 1 × |",
        ]
    gaps = ratio.get("ecart_des_paires", {})

    def gap(key: str) -> str:
        return f"{gaps[key][0]}–{gaps[key][1]} ×" if key in gaps else ""

    return [
        "| construction | secondes | rapport | rapports des paires | temps processeur | rapport |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| réelle, à froid | {ratio['reel_froid_s']} s | {ratio['rapport_froid']} × | {gap('froid')} "
        f"| {cpu['reel_froid']} s | {ratio['rapport_froid_cpu']} × |",
        f"| réelle, à chaud | {ratio['reel_chaud_s']} s | {ratio['rapport_chaud']} × | {gap('chaud')} "
        f"| {cpu['reel_chaud']} s | {ratio['rapport_chaud_cpu']} × |",
        *(
            [
                f"| réelle avec les PDF du cache, à chaud (`make build`) | {ratio['avec_pdf_chaud_s']} s "
                f"| {ratio['rapport_avec_pdf_chaud']} × | {gap('avec_pdf_chaud')} | {cpu['avec_pdf_chaud']} s "
                f"| {ratio.get('rapport_avec_pdf_chaud_cpu', round(cpu['avec_pdf_chaud'] / cpu['defaut_material'], 2))} × |"
            ]
            if "avec_pdf_chaud_s" in ratio
            else []
        ),
        f"| Material par défaut | {ratio['defaut_material_s']} s | 1 × | | {cpu['defaut_material']} s | 1 × |",
    ]


def _floor_lines(ratio: dict[str, Any]) -> list[str]:
    """Why the cold build and the rebuild after an edit stay above their goals on this machine: measured floors."""
    f = ratio["planchers"]
    cold = ratio.get("etapes_froid_s") or {}
    chain = " ; ".join(
        f"{name} {seconds} s" for name, seconds in cold.items() if name in ("génération", "rendu (MkDocs)", "finition")
    )
    return [
        "Ce qui borne les deux rapports que cette machine n'atteint pas (mesuré dans la même exécution) :",
        "",
        f"- **à froid** (objectif {f['budget_froid_s']} s, deux fois Material) : même réparti sans perte sur les "
        f"{f['coeurs']} cœurs, le temps processeur de la construction à froid ({ratio['cpu_s']['reel_froid']} s) "
        f"demande au moins {f['plancher_froid_s']} s, soit {f['rapport_plancher_froid']} fois Material ; or les "
        "étapes se suivent (les pages ne sont rendues qu'une fois les données validées, et MkDocs les rend une à "
        "une dans un seul processus)"
        + (f" : {chain} (médianes à froid)" if chain else "")
        + (
            f" ; le processus de la construction, où MkDocs rend les pages, utilise à lui seul "
            f"{f['processus_froid_s']} s de processeur."
            if f.get("processus_froid_s")
            else "."
        ),
        f"- **après la modification d'une puce** (objectif {f['budget_edition_s']} s, 1,5 fois la construction à "
        f"chaud avec les PDF du cache) : son temps processeur ({ratio['cpu_s']['avec_pdf_apres_une_edition']} s) "
        f"demande au moins {f['plancher_edition_s']} s sur {f['coeurs']} cœurs. Le PDF du guide, qui contient chaque "
        f"fiche, est à refaire ; fait seul, dans un processus (WeasyPrint met en page un document sur un cœur), il "
        f"prend {f['guide_seul_s']} s ({f['guide_pages']} pages), soit {f['rapport_guide_seul']} fois la "
        "construction à chaud, et il ne commence qu'une fois validées les données dont il est fait. PDF/UA balisé, "
        "il ne peut pas être fait en morceaux recollés sans perdre sa structure.",
    ]


def write_report(data: dict[str, Any]) -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / "rapport.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# Budget de vitesse et de poids",
        "",
        f"Mesuré le {data['date']} par `make bench` ({data['machine']}). "
        "Fichier produit : ne pas modifier à la main, relancer `make bench`.",
        "",
    ]
    ratio = data.get("rapport_material")
    if ratio:
        lines += [
            "## La construction réelle et une construction Material ordinaire",
            "",
            "`python -m macros.build` (la commande de `make build`, sans PDF) et une construction Material par "
            "défaut (navigation.prune, recherche en français) du même contenu déjà rendu en Markdown, faites par "
            f"paires l'une après l'autre dans la même mesure ({ratio['rounds']} paires) : secondes médianes, et "
            "pour chaque rapport la médiane des rapports des paires (une machine partagée qui ralentit un moment "
            "ralentit les deux constructions d'une paire). « Froid » : sans le cache `.cache/` (clone neuf après "
            "`make install`, qui compile le code Python, CI) ; « chaud » : la construction suivante d'un rédacteur. "
            "Objectif de l'issue 21 : au plus 1,5 fois à chaud, 2 fois à froid. Le temps processeur (utilisateur et "
            "système, tous les processus de la construction) dépend moins des autres travaux de la machine.",
            "",
            *(
                [f"(Mesuré le {data['construction_du']} par `python -m tests.bench --rapide --seulement construction`.)", ""]
                if data.get("construction_du") and data.get("construction_du") != data.get("date")
                else []
            ),
            *_ratio_table(ratio),
            "",
            "PDF à part (issue 12) : construction avec les PDF depuis rien "
            f"{ratio['avec_pdf_froid_s']} s ; après la modification d'une puce d'une fiche "
            f"{ratio['avec_pdf_apres_une_edition_s']} s, soit "
            + (
                f"{ratio['rapport_edition']} fois la même construction refaite aussitôt sans changement (médiane "
                f"de {ratio['editions']} modifications différentes, chacune suivie de cette construction à chaud"
                + (
                    f" ; de {ratio['ecart_des_paires']['edition'][0]} à {ratio['ecart_des_paires']['edition'][1]} fois)"
                    if "ecart_des_paires" in ratio
                    else ")"
                )
                if "rapport_edition" in ratio
                else f"{ratio['avec_pdf_apres_une_edition_s'] / ratio['avec_pdf_chaud_s']:.2f} fois la construction "
                "à chaud avec les PDF du cache"
            )
            + " (objectif : au plus 1,5 fois).",
            "",
        ]
        if ratio.get("planchers"):
            lines += [*_floor_lines(ratio), ""]
        if ratio.get("etapes_chaud_s"):
            lines += [
                "Étapes de la construction réelle à chaud (médianes, `python -m macros.build --durees`) : "
                + " ; ".join(f"{name} {seconds} s" for name, seconds in ratio["etapes_chaud_s"].items())
                + ".",
                "",
            ]
    apercu = data.get("apercu")
    if apercu:
        lines += [
            f"Aperçu des rédacteurs (`make serve`) : une modification d'un fichier YAML est visible en "
            f"{apercu['median_s']} s (médiane de {apercu['essais']}, au plus {apercu['max_s']} s ; objectif "
            "3 s), page relue par HTTP comme le fait le navigateur rechargé.",
            "",
        ]
    if data.get("constructions"):
        lines += [
            "## Temps de construction",
            "",
            *([f"(Temps repris de la mesure du {data['constructions_du']}.)", ""] if data.get("constructions_du") else []),
            "Contenu réel, puis contenu synthétique 10× et 100× plus gros (fiches et témoignages copiés avec "
            "de nouveaux identifiants et numéros, dans une copie temporaire), sans les PDF. « Sans macros » : le "
            "même Markdown, déjà rendu, construit par Material sans réglages (navigation.prune, recherche en français).",
            "",
            "| contenu | fiches | témoignages | pages | Markdown | site produit | avec macros | ms/page | "
            "s par Mo de Markdown | sans macros | ms/page | s par Mo |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in data["constructions"]:
            mo = r["markdown_octets"] / 1e6
            lines.append(
                f"| {r['facteur']}× | {r['fiches']} | {r['temoignages']} | {r['pages']} | "
                f"{mo:.1f} Mo | {r['site_octets'] / 1e6:.0f} Mo | {r['avec_macros_s']} s | "
                f"{r['ms_par_page_avec_macros']} | {r['avec_macros_s'] / mo:.1f} | "
                f"{r['sans_macros_s']} s | {r['ms_par_page_sans_macros']} | {r['sans_macros_s'] / mo:.1f} |"
            )
        rows = data["constructions"]
        if len(rows) > 1:
            first, last = rows[0], rows[-1]
            ratio_pages = last["pages"] / first["pages"]
            ratio_time = last["avec_macros_s"] / first["avec_macros_s"]
            ratio_md = last["markdown_octets"] / first["markdown_octets"]
            lines += [
                "",
                f"De {first['facteur']}× à {last['facteur']}× : {ratio_pages:.0f} fois plus de pages, "
                f"{ratio_md:.0f} fois plus de Markdown, {ratio_time:.0f} fois plus de temps avec les macros "
                f"({last['sans_macros_s'] / first['sans_macros_s']:.0f} fois sans). Seules les fiches et "
                "les témoignages sont multipliés : les pages qui les listent tous (témoignages, kit formateur, "
                "modèles) grandissent avec eux, d'où plus de Markdown que de pages. La croissance est "
                "linéaire quand les secondes par Mo de Markdown restent stables ; le temps fixe de "
                "démarrage (Python, MkDocs, thème, données) pèse sur les petites constructions.",
            ]
            steps = list(zip(rows, rows[1:]))
            if steps:
                lines += [
                    "",
                    "Coût de chaque fiche ajoutée (avec ses témoignages, sa page de témoignages et son "
                    "modèle) d'une taille à la suivante : stable si la construction est linéaire.",
                    "",
                    "| de → à | avec macros | sans macros | site produit |",
                    "| --- | ---: | ---: | ---: |",
                ]
                for a, b in steps:
                    added = b["fiches"] - a["fiches"]
                    lines.append(
                        f"| {a['facteur']}× → {b['facteur']}× | "
                        f"{1000 * (b['avec_macros_s'] - a['avec_macros_s']) / added:.0f} ms | "
                        f"{1000 * (b['sans_macros_s'] - a['sans_macros_s']) / added:.0f} ms | "
                        f"{(b['site_octets'] - a['site_octets']) / added / 1024:.0f} ko |"
                    )
        lines.append("")
    fid = data.get("fidelite")
    if fid:
        lines += [
            "## Fidélité aux sources",
            "",
            f"Phrases des documents sources (6 mots ou plus) trouvées sur le site (pages et documents) : "
            f"**{fid['trouvees']} / {fid['phrases']} ({fid['pourcentage']} %)** ; "
            f"{fid['omissions_justifiees']} dans la liste des omissions justifiées "
            f"(tests/fidelite-omissions.yml) ; {fid['manquantes']} manquante(s) (tests/test_fidelite.py).",
            "",
        ]
    budget = data["budget_statique"]
    lines += [
        "## Poids de la page d'accueil (mesure de l'issue)",
        "",
        "HTML + CSS + JS + index de recherche, fichiers compressés par gzip -9 :",
        "",
        "| partie | brut | gzip | fichiers |",
        "| --- | ---: | ---: | --- |",
    ]
    for key in ("html", "css", "js", "index"):
        lines.append(
            f"| {key} | {_ko(budget[key]['brut'])} | {_ko(budget[key]['gzip'])} | {', '.join(budget[key]['fichiers'])} |"
        )
    lines += [
        f"| **total au chargement** | {_ko(budget['total']['brut'])} | **{_ko(budget['total']['gzip'])}** | |",
        f"| recherche (Pagefind, partie fixe), à la première requête | {_ko(budget['index_complet']['brut'])} | "
        f"{_ko(budget['index_complet']['gzip'])} | {', '.join(budget['index_complet']['fichiers'])} |",
        f"| total avec la partie fixe de la recherche | {_ko(budget['total_avec_index_complet']['brut'])} | "
        f"{_ko(budget['total_avec_index_complet']['gzip'])} | |",
        "",
        "Objectif : au plus environ 71 ko (une page Material par défaut mesurée de la même façon, son index "
        "de recherche compris). Aucune page ne charge l'index de recherche : Pagefind (son script, son wasm, "
        "puis un morceau d'index par mot et un fragment par résultat) n'est téléchargé qu'à la première "
        "requête ; le détail de ce qu'elle ajoute est plus bas.",
        "",
    ]
    lines += [
        "## Ce que le navigateur télécharge",
        "",
        "Chromium sans cache, site servi avec gzip (niveau 6) ; « brut » = taille du fichier, "
        "« transféré » = corps compressé reçu.",
        "",
    ]
    for name, stages in data["poids"].items():
        for stage, tally in stages.items():
            label = {
                "chargement": "au chargement",
                "premiere_recherche": f"en plus, à la première recherche (« {SAMPLE_QUERY} »)",
            }[stage]
            lines += [
                f"### {name} ({PAGES[name]}) — {label}",
                "",
                "| type | fichiers | brut | transféré |",
                "| --- | ---: | ---: | ---: |",
            ]
            for kind in ("html", "css", "js", "polices", "images", "index", "autres"):
                if kind in tally["par_type"]:
                    k = tally["par_type"][kind]
                    lines.append(f"| {kind} | {k['fichiers']} | {_ko(k['brut'])} | {_ko(k['gzip'])} |")
            t = tally["total"]
            lines += [f"| **total** | {t['fichiers']} | {_ko(t['brut'])} | **{_ko(t['gzip'])}** |", ""]
    lines += [
        "## Index de recherche (Pagefind, site/pagefind/)",
        "",
        "| fichier | documents | brut | gzip |",
        "| --- | ---: | ---: | ---: |",
    ]
    for r in data["index"]:
        lines.append(
            f"| {r['fichier']} | {r['documents'] if r['documents'] is not None else ''} | "
            f"{_ko(r['brut'])} | {_ko(r['gzip'])} |"
        )
    lines.append("")
    lh = data.get("lighthouse") or {}
    if lh:
        lines += [
            "## Lighthouse",
            "",
            f"Lighthouse {data.get('lighthouse_version', '')}, Chromium de Debian, "
            "site servi avec gzip ; mobile = réglages par défaut (téléphone, réseau et processeur ralentis "
            "par simulation).",
            "",
            "| page | appareil | performance | accessibilité | bonnes pratiques | SEO | FCP | LCP | TBT | CLS | "
            "poids total |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for key, r in lh.items():
            if "scores" not in r:
                lines.append(f"| {key} | erreur : {r.get('erreur', '')[:120]} |")
                continue
            name, preset = key.split("/")
            s, m = r["scores"], r["mesures"]
            lines.append(
                f"| {name} | {preset} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | "
                f"{s['seo']} | {m['first-contentful-paint'] / 1000:.2f} s | "
                f"{m['largest-contentful-paint'] / 1000:.2f} s | {m['total-blocking-time']:.0f} ms | "
                f"{m['cumulative-layout-shift']:.3f} | {_ko(int(m['total-byte-weight']))} |"
            )
        misses = sorted({a for r in lh.values() for a in r.get("audits_sous_90", [])})
        lines += ["", "Audits notés sous 90 : " + (", ".join(misses) if misses else "aucun") + ".", ""]
    lines += [
        "## Ce qui allège les pages",
        "",
        "- **Recherche chargée à la demande** : Pagefind (site/pagefind/, nourri page à page pendant la construction par "
        "macros/outputs/search_index.py) n'est importé par assets/recherche.js que lorsque la boîte de "
        "recherche reçoit le focus ou à la première requête ; il ne télécharge que les morceaux d'index "
        "des mots cherchés et les fragments des résultats affichés.",
        "- **Feuilles de style du thème réduites** à ce que les pages emploient (macros/outputs/css_trim.py) : "
        "les règles dont une classe, un id ou un attribut n'apparaît ni dans le HTML construit ni dans les "
        "scripts du site sont retirées, à chaque construction.",
        "- **Scripts en `defer`** (celui du thème, assets/liens.js et assets/reglages.js) : ils ne bloquent plus "
        "le premier affichage ; les réglages d'affichage enregistrés sont appliqués par quelques lignes du "
        "`<head>`, avant le premier affichage, sans attendre reglages.js.",
        "- **HTML minifié** (minify-html, dans macros/outputs/finish.py), guillemets des attributs gardés.",
        "- **Aucune requête à un autre hôte** : plus d'appel à l'API de GitHub pour les étoiles du dépôt "
        "(overrides/partials/source.html), polices du système (theme.font: false).",
        "",
        "## Limites connues",
        "",
        "- Au-delà de 30 fiches (ou 30 modèles), le menu latéral ne les liste plus une à une et les pages "
        "de témoignages filtrées mènent au menu complet de la page des témoignages (macros/render/views.py, "
        "MENU_MAX) : sinon chaque page répéterait la liste de toutes les autres, et le site grandirait "
        "comme le carré du contenu. À la taille réelle (7 fiches, 13 modèles), tout reste dans le menu.",
        "- Les pages qui listent tout (accueil, index des fiches, témoignages, kit formateur, guide à "
        "imprimer) grandissent avec le contenu : c'est voulu, et chacune n'existe qu'une fois.",
        "- La première requête coûte environ 130 à 190 ko compressés (partie fixe de Pagefind, puis un "
        "morceau d'index par mot) : seuls les lecteurs qui cherchent les téléchargent.",
        "",
    ]
    (OUT / "rapport.md").write_text("\n".join(lines), encoding="utf-8")


def _lighthouse_version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text())["version"] if package.exists() else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projet", type=Path, default=ROOT, help="dossier du projet à mesurer (par défaut : celui-ci)")
    parser.add_argument("--rapide", action="store_true", help="sans la construction 100×, Lighthouse une fois")
    parser.add_argument(
        "--sans-constructions",
        action="store_true",
        help="ne mesure pas les temps de construction (reprend ceux du dernier rapport)",
    )
    parser.add_argument("--lighthouse", type=int, default=3, help="essais Lighthouse par page et appareil (médiane)")
    parser.add_argument(
        "--seulement",
        choices=["construction"],
        help="« construction » : seulement les temps de construction face à Material par défaut et l'aperçu "
        "(affichés, et mis à jour dans le rapport ; ses autres sections restent celles de la dernière mesure)",
    )
    args = parser.parse_args()
    project = args.projet.resolve()
    if args.seulement == "construction":
        print("Temps de construction…", flush=True)
        only = {"rapport_material": measure_ratio(project), "apercu": measure_serve(project)}
        print(json.dumps(only, ensure_ascii=False, indent=2))
        if (OUT / "rapport.json").exists():  # the report's other sections stay as last measured
            last = json.loads((OUT / "rapport.json").read_text(encoding="utf-8"))
            write_report({**last, **only, "construction_du": dt.date.today().isoformat()})
            print(f"Rapport mis à jour (construction et aperçu) : {OUT / 'rapport.md'}")
        return 0
    data: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}",
        "lighthouse_version": _lighthouse_version(),
    }
    with tempfile.TemporaryDirectory(prefix="up-bench-") as tmp:
        site = Path(tmp) / "site"
        print("Construction du site réel…", flush=True)
        seconds, pages = _timed_build(project / "mkdocs.yml", site)
        data["site_reel"] = {"secondes": round(seconds, 2), "pages": pages}
        if args.sans_constructions and (OUT / "rapport.json").exists():
            previous = json.loads((OUT / "rapport.json").read_text(encoding="utf-8"))
            if previous.get("constructions"):  # keep the last measured build times in the report
                data["constructions"] = previous["constructions"]
                for key in ("rapport_material", "apercu"):
                    if previous.get(key):
                        data[key] = previous[key]
                data["constructions_du"] = previous.get("constructions_du", previous.get("date"))
        if not args.sans_constructions:
            factors = [1, 10] if args.rapide else [1, 10, 100]
            print("Temps de construction…", flush=True)
            data["rapport_material"] = measure_ratio(project)
            data["apercu"] = measure_serve(project)
            data["constructions"] = measure_builds(project, factors)
        data["budget_statique"] = static_budget(site)
        data["fidelite"] = fidelity(site)
        data["index"] = search_index_sizes(site)
        print("Poids des pages dans Chromium…", flush=True)
        data["poids"] = measure_weights(site)
        print("Lighthouse…", flush=True)
        data["lighthouse"] = measure_lighthouse(site, 1 if args.rapide else args.lighthouse)
    write_report(data)
    print(f"Rapport écrit : {OUT / 'rapport.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
