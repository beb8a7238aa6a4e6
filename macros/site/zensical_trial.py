"""`make essai-zensical`: the site built by Zensical instead of MkDocs, measured against MkDocs' build.

Material for MkDocs is maintained until 2027-05-05; Zensical reads mkdocs.yml but loads no MkDocs plugin. This
trial answers « what would a move cost today? » with figures, on demand (it is not part of `make test`):

1. **stage**: the generate stage (generate.py, no MkDocs) writes `<work>/staging/`: docs/ with its macros
   rendered, the pages and files made from data, a `mkdocs.yml` with the navigation and without any plugin; and
   MkDocs builds the project as `make build PDF=0` does (into `<work>/mkdocs/`), for the comparison;
2. **render**: `zensical build` of the staging folder (the newest Zensical the registry serves, in its own venv,
   `.venv-zensical/`, so that it cannot change ours);
3. **finish**: our real finishing pass (`outputs.finish.finish_site`, as a build runs it, with the synonym groups
   of the data: deferred theme script, keywords, CSP hashes, minifying, the Pagefind index fed page by page, our
   own style sheets minified) over every page Zensical wrote. Its theme-sheet trimming looks for Material's
   sheets (`assets/stylesheets/main.*.min.css`): Zensical's are elsewhere (`assets/stylesheets/classic/`,
   `modern/`), so it trims none of them (the report says how many sheets it trimmed);
4. **report** (`bench/essai-zensical.md`): pages missing on either side, links that lead nowhere in Zensical's
   site, pages whose main text differs, what the finish pass refused, what Zensical printed.

Nothing is read or written outside the project: the work folder is `.cache/essai-zensical/`.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import os
import re
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
import yaml

from ..outputs import finish as finishing
from ..outputs import search_index
from ..outputs.workers import cores
from .generate import Generated, Options, generate_project, project_config

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # terminal colours in Zensical's messages (plain text, not HTML)


def stage(work: Path) -> tuple[Generated, Path, Path, float, float]:
    """Stage (a) writes the staging folder (work/staging, without PDFs: the trial is about pages), and MkDocs
    builds the project as `make build PDF=0` does (work/mkdocs), for the comparison; return what stage (a) made,
    both folders and the seconds of each."""
    staging, built = work / "staging", work / "mkdocs"
    started = time.perf_counter()
    config = project_config(ROOT)
    made = generate_project(config, Options(pdf=False, workers=cores()))
    raw = {k: v for k, v in config.raw.items() if k not in ("strict", "validation")}  # MkDocs' own settings
    # For Zensical: the pages' HTML links from their source file (it rewrites them), the content marks as a Markdown
    # extension it loads by name, its « classic » look (Material's: with its default, « modern », our white header
    # text is on white).
    made.write(staging, raw, zensical=True)
    staged = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "macros.build", "--sans-pdf", "--out", str(built)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return made, staging, built, staged, time.perf_counter() - started


def zensical_venv(work_root: Path) -> tuple[Path, str]:
    """The newest Zensical the package registry serves, in its own venv; return its command and version."""
    venv = work_root / ".venv-zensical"
    exe = venv / "bin" / "zensical"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # Always ask for the newest: a trial of today's Zensical, not of the one installed months ago.
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--upgrade", "zensical"], check=True)
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True).stdout.strip()
    # Our code for the extension it loads by name (zensical_marks.py): the project and our venv's libraries, after
    # Zensical's own (a .pth file appends them to its path), so that Zensical keeps the versions it asked for.
    purelib = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    (Path(purelib) / "usagers-partenaires.pth").write_text(f"{work_root}\n{ours}\n", encoding="utf-8")
    return exe, version


def render(exe: Path, config: Path) -> tuple[int, list[str], float]:
    started = time.perf_counter()
    run = subprocess.run(
        [str(exe), "build", "--clean", "-f", str(config)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "TERM": "dumb"},
    )
    # Its messages without the source excerpts it draws under each (box-drawing characters) nor colours.
    drawn = set("│╯╭─┬")
    lines = [ANSI.sub("", line).strip() for line in (run.stdout + run.stderr).splitlines()]
    lines = [line for line in lines if line and not drawn & set(line) and not line.startswith(("File ", "^"))]
    return run.returncode, lines, time.perf_counter() - started


def pages(site: Path) -> set[str]:
    """The pages of a built site, as their paths (« fiches/recherche/index.html »); search and 404 left out."""
    return {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "pagefind" not in p.relative_to(site).parts and p.name != "404.html"
    }


def main_text(path: Path) -> str:
    doc = lxml.html.document_fromstring(path.read_bytes())
    found = doc.xpath("//article") or doc.xpath("//main") or [doc]
    return " ".join(found[0].text_content().split())


def broken_links(site: Path) -> dict[str, list[str]]:
    """Links inside the site that lead to no file of it, per page; the site is served from a folder (as on GitHub
    Pages), so that a link climbing above the site's root (« ../../assets/… » on a page one folder deep) leads
    nowhere, as it would there, instead of being brought back to the root."""
    out: dict[str, list[str]] = {}
    mount = "/dossier-du-site/"
    for page in sorted(pages(site)):
        doc = lxml.html.document_fromstring((site / page).read_bytes())
        base = mount + (page.rsplit("/", 1)[0] + "/" if "/" in page else "")
        for href in doc.xpath("//a/@href|//link[@rel='stylesheet']/@href|//script/@src|//img/@src"):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = os.path.normpath(os.path.join(base, unquote(parts.path)))
            if not (target + "/").startswith(mount):
                out.setdefault(page, []).append(href)
                continue
            full = site / os.path.relpath(target, mount)
            if full.is_dir():
                full = full / "index.html"
            if not full.exists():
                out.setdefault(page, []).append(href)
    return out


# What our pipeline adds around a page's text, found in each build: (name in the report, XPath).
BLOCKS = (
    ("texte marqué pour la recherche (`data-pagefind-body`)", "//*[@data-pagefind-body]"),
    ("« Définitions des mots de cette page »", "//*[contains(concat(' ', @class, ' '), ' up-definitions ')]"),
    ("« Citer, partager, imprimer »", "//*[@id='up-partage-titre']"),
    ("« Modifier cette page » (date, liens)", "//*[contains(concat(' ', @class, ' '), ' up-modifier')]"),
)


def blocks(site: Path) -> list[int]:
    """How many pages of a built site have each of BLOCKS."""
    found = [0] * len(BLOCKS)
    for page in pages(site):
        doc = lxml.html.document_fromstring((site / page).read_bytes())
        for n, (_, xpath) in enumerate(BLOCKS):
            found[n] += bool(doc.xpath(xpath))
    return found


@dataclass(frozen=True)
class Finished:
    """What our finishing pass made of one Zensical build."""

    pages: int
    failed: list[str]
    index: str
    sheets: int  # style sheets trimmed or minified (the theme's and ours)
    theme_sheets: int  # of which the theme's, trimmed to the pages' words


def finish(site: Path, made: Generated) -> Finished:
    """Our finishing pass over Zensical's pages, as a build runs it (outputs/finish.finish_site: on every core,
    the search index fed as the pages come, the style sheets last), without PDFs."""
    pages = finishing.built_pages(site, made.context.files)  # not the redirect pages copied from data
    options = finishing.Options(finished=True, policy=True)
    groups = search_index.synonym_groups(made.context.site)
    try:
        done = finishing.finish_site(ROOT, site, pages, options, groups)
    except Exception as exc:  # a report, not a build: the failure is told
        return Finished(0, [f"{type(exc).__name__}: {exc}"], f"échec ({type(exc).__name__})", 0, 0)
    indexed = sum(1 for page in done.pages.values() if page.indexed is not None)
    files = sum(1 for path in done.index.rglob("*") if path.is_file())
    theme = sum(1 for path in done.sheets if path.startswith(("assets/stylesheets/main.", "assets/stylesheets/palette.")))
    return Finished(len(done.pages), [], f"{indexed} pages indexées ({files} fichiers)", len(done.sheets), theme)


@dataclass
class Run:
    """One Zensical build of the staging folder, measured against MkDocs' build."""

    label: str
    code: int
    seconds: float
    ours: set[str]
    theirs: set[str]
    differing: list[tuple[float, str]]
    contained: float  # the least part of a page's text in Zensical's build found in MkDocs'
    links: dict[str, list[str]]
    finished: Finished
    printed: list[str]
    blocks: list[tuple[int, int]]  # per BLOCKS: pages with it in MkDocs' build, in Zensical's

    @property
    def missing(self) -> list[str]:
        return sorted(self.ours - self.theirs)

    @property
    def extra(self) -> list[str]:
        return sorted(self.theirs - self.ours)

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.printed if "warn" in line.lower() or "error" in line.lower()]

    @property
    def messages(self) -> list[str]:
        counted = collections.Counter(
            line for line in self.printed if not line.startswith(("Traceback", "return ", "build(", "rv = ", "sys.exit"))
        )
        return [f"{n} × {line}" if n > 1 else line for line, n in counted.most_common()]


def measure(label: str, exe: Path, config: Path, built: Path, made: Generated) -> Run:
    code, printed, seconds = render(exe, config)
    zsite = config.parent / str(yaml.safe_load(config.read_text(encoding="utf-8"))["site_dir"])
    ours, theirs = pages(built), pages(zsite) if zsite.is_dir() else set()
    links = broken_links(zsite) if zsite.is_dir() else {}
    # Compared finished, as MkDocs' pages are.
    finished = finish(zsite, made) if zsite.is_dir() else Finished(0, [], "pas de site", 0, 0)
    ratios, contained = {}, [1.0]
    for page in sorted(ours & theirs):
        a, b = main_text(built / page), main_text(zsite / page)
        if a == b:
            ratios[page] = 1.0
            continue
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        ratios[page] = matcher.quick_ratio()
        # How much of Zensical's text is found, in order, in MkDocs' (ours adds marks and boxes around it).
        contained.append(sum(block.size for block in matcher.get_matching_blocks()) / max(len(b), 1))
    differing = sorted((r, p) for p, r in ratios.items() if r < 0.98)
    found = list(zip(blocks(built), blocks(zsite) if zsite.is_dir() else [0] * len(BLOCKS), strict=True))
    return Run(label, code, seconds, ours, theirs, differing, min(contained), links, finished, printed, found)


def theme_alone(staging: Path) -> Path:
    """A second configuration of the staging folder without our theme overrides: what Zensical's own templates
    (and its own look) make of our pages, whatever the state of overrides/."""
    config = yaml.safe_load((staging / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"] = {k: v for k, v in config["theme"].items() if k not in ("custom_dir", "variant")}
    config["site_dir"] = "site-theme-seul"
    path = staging / "mkdocs-theme-seul.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def report(work: Path, out: Path) -> int:
    made, staging, built, staging_seconds, mkdocs_seconds = stage(work)
    exe, version = zensical_venv(ROOT)
    runs = [
        measure("avec nos surcharges (overrides/)", exe, staging / "mkdocs.yml", built, made),
        measure("thème de Zensical seul", exe, theme_alone(staging), built, made),
    ]

    def row(title: str, value: Any) -> str:
        return f"| {title} | " + " | ".join(str(value(r)) for r in runs) + " |"

    lines = [
        "# Essai de Zensical (`make essai-zensical`)",
        "",
        f"Fait le {time.strftime('%Y-%m-%d')} avec **{version or 'zensical (version inconnue)'}**, la plus récente que "
        "sert le registre de paquets, sur le dossier de mise en scène de l'étape « générer » "
        f"(`.cache/essai-zensical/staging/`, fait en {staging_seconds:.1f} s, sans PDF) ; comparé à la construction "
        f"MkDocs du même commit (`make build PDF=0`, {mkdocs_seconds:.1f} s). Deux constructions : avec nos "
        "surcharges du thème, et avec les gabarits de Zensical seuls (ce qu'il fait de nos pages quel que soit "
        "l'état de overrides/).",
        "",
        "| mesure | " + " | ".join(r.label for r in runs) + " |",
        "| --- |" + " --- |" * len(runs),
        row("construction Zensical : code de sortie, durée", lambda r: f"{r.code}, {r.seconds:.1f} s"),
        row("pages MkDocs / Zensical", lambda r: f"{len(r.ours)} / {len(r.theirs)}"),
        row("pages absentes chez Zensical", lambda r: len(r.missing)),
        row("pages en plus chez Zensical", lambda r: len(r.extra)),
        row("pages au texte principal différent (< 98 % de ressemblance)", lambda r: len(r.differing)),
        row(
            "part du texte de Zensical retrouvée dans celui de MkDocs (la page la plus basse)",
            lambda r: f"{r.contained:.1%}",
        ),
        row(
            "liens internes qui ne mènent à rien (pages touchées)",
            lambda r: f"{sum(map(len, r.links.values()))} ({len(r.links)})",
        ),
        row("« page does not exist » (liens Markdown)", lambda r: sum("page does not exist" in m for m in r.printed)),
        row("avertissements ou erreurs affichés par Zensical", lambda r: len(r.warnings)),
        row(
            "pages finies par notre passe (`finish_site` : CSP, scripts différés, mots-clés, minification)",
            lambda r: f"{r.finished.pages}, {len(r.finished.failed)} échecs",
        ),
        row("index de recherche (Pagefind, nourri par la passe)", lambda r: r.finished.index),
        row(
            "feuilles de style allégées ou minifiées (dont celles du thème)",
            lambda r: f"{r.finished.sheets} ({r.finished.theme_sheets})",
        ),
        *(
            row(f"pages avec {name}, MkDocs / Zensical", lambda r, n=n: f"{r.blocks[n][0]} / {r.blocks[n][1]}")
            for n, (name, _) in enumerate(BLOCKS)
        ),
        "",
    ]

    def section(title: str, items: list[str], limit: int = 15) -> None:
        if items:
            lines.extend([f"### {title}", ""])
            lines.extend(f"- {item}" for item in items[:limit])
            if len(items) > limit:
                lines.append(f"- … et {len(items) - limit} autres")
            lines.append("")

    for r in runs:
        lines.extend([f"## {r.label[0].upper()}{r.label[1:]}", ""])
        section("Pages absentes chez Zensical", r.missing)
        section("Pages en plus chez Zensical", r.extra)
        section("Textes différents (ressemblance, page)", [f"{ratio:.0%} {p}" for ratio, p in r.differing])
        section(
            "Liens qui ne mènent à rien (page : liens)",
            [f"{p} : {', '.join(hrefs[:3])}{' …' if len(hrefs) > 3 else ''}" for p, hrefs in sorted(r.links.items())],
        )
        section("Échecs de la passe de finition", r.finished.failed)
        section("Ce que Zensical a affiché (messages distincts, les plus fréquents d'abord)", r.messages)
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:20]))
    print(f"Rapport : {out}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="Construit le site avec Zensical et le compare à MkDocs.")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "essai-zensical.md")
    args = parser.parse_args()
    work = ROOT / ".cache" / "essai-zensical"
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return report(work, args.out)


if __name__ == "__main__":
    sys.exit(main())
