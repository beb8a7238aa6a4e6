"""`make essai-zensical`: the site built by Zensical instead of MkDocs, measured against MkDocs' build.

Material for MkDocs is maintained until 2027-05-05; Zensical reads mkdocs.yml but loads no MkDocs plugin. This
trial answers « what would a move cost today? » with figures, on demand (it is not part of `make test`):

1. **stage**: MkDocs builds the project once (into `<work>/mkdocs/`), and a capturing plugin added after ours and
   after the macros plugin writes what an engine needs into `<work>/staging/`: every page's Markdown as the
   macros left it (front matter put back), every file made from data (documents, open data, QR codes…) and the
   hand-written assets, plus a `mkdocs.yml` with the navigation our plugin made and without any plugin;
2. **render**: `zensical build` of the staging folder (the newest Zensical the registry serves, in its own venv,
   `.venv-zensical/`, so that it cannot change ours);
3. **finish**: our finishing pass (`outputs.finish.finish_page`: deferred theme script, CSP hashes, minifying)
   over every page Zensical wrote, and Pagefind over the result;
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
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
import yaml

from .build import set_plugin_options

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # terminal colours in Zensical's messages (plain text, not HTML)


def _capture_plugin(staging: Path) -> Any:
    """An MkDocs plugin that writes each page's Markdown after every other plugin, and every non-theme file."""
    from mkdocs.plugins import BasePlugin, event_priority

    docs = staging / "docs"

    class Capture(BasePlugin):  # type: ignore[type-arg]
        @event_priority(-100)
        def on_files(self, files: Any, config: Any) -> Any:
            docs_dir = Path(config.docs_dir).resolve()
            for f in files:
                if f.is_documentation_page():
                    continue
                if f.generated_by is None and not Path(f.abs_src_path).resolve().is_relative_to(docs_dir):
                    continue  # the theme's own files: Zensical brings its own
                target = docs / f.src_uri
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(f.content_bytes)
            return files

        @event_priority(-100)
        def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
            target = docs / page.file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            meta = {k: v for k, v in page.meta.items() if k != "render_macros"}
            front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) if meta else ""
            target.write_text(f"---\n{front}---\n\n{markdown}" if front else markdown, encoding="utf-8")
            return markdown

    return Capture()


def stage(work: Path) -> tuple[Path, Path, float]:
    """Build with MkDocs into work/mkdocs, capturing the staging folder; return both folders and the seconds."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    staging, built = work / "staging", work / "mkdocs"
    for folder in (staging, built):
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(built), strict=False)
        set_plugin_options(cfg, {"pdf": False})  # the trial is about pages: PDFs change nothing in it
        cfg.plugins["essai-zensical"] = _capture_plugin(staging)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
    seconds = time.perf_counter() - started
    config = _project_config()
    config.update({"docs_dir": "docs", "site_dir": "site", "nav": cfg["nav"], "site_url": cfg["site_url"]})
    config["theme"] = {**config["theme"], "custom_dir": str(ROOT / "overrides")}
    # What our plugin gives the theme's templates (settings, version, local address): plain data, kept.
    config["extra"] = {**config.get("extra", {}), **{k: v for k, v in cfg["extra"].items() if k.startswith("up_")}}
    for key in ("plugins", "hooks", "watch", "strict", "validation"):
        config.pop(key, None)
    (staging / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return staging, built, seconds


class _ProjectLoader(yaml.SafeLoader):
    """mkdocs.yml as written, its `!ENV [NAME, default]` tags read from the environment."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        names = loader.construct_sequence(node)
    else:
        assert isinstance(node, yaml.ScalarNode)
        names = [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((os.environ[v] for v in variables if v in os.environ), default)


_ProjectLoader.add_constructor("!ENV", _env_tag)


def _project_config() -> dict[str, Any]:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ProjectLoader)  # noqa: S506


def zensical_venv(work_root: Path) -> tuple[Path, str]:
    """The newest Zensical the package registry serves, in its own venv; return its command and version."""
    venv = work_root / ".venv-zensical"
    exe = venv / "bin" / "zensical"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # Always ask for the newest: a trial of today's Zensical, not of the one installed months ago.
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--upgrade", "zensical"], check=True)
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True).stdout.strip()
    return exe, version


def render(exe: Path, staging: Path) -> tuple[int, list[str], float]:
    started = time.perf_counter()
    run = subprocess.run(
        [str(exe), "build", "--clean", "-f", str(staging / "mkdocs.yml")],
        cwd=staging,
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
    """Links inside the site that lead to no file of it, per page."""
    out: dict[str, list[str]] = {}
    for page in sorted(pages(site)):
        doc = lxml.html.document_fromstring((site / page).read_bytes())
        base = "/" + page.rsplit("/", 1)[0] + "/" if "/" in page else "/"
        for href in doc.xpath("//a/@href|//link[@rel='stylesheet']/@href|//script/@src|//img/@src"):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = os.path.normpath(os.path.join(base, unquote(parts.path))).lstrip("/")
            full = site / target
            if full.is_dir():
                full = full / "index.html"
            if not full.exists():
                out.setdefault(page, []).append(href)
    return out


def finish(site: Path) -> tuple[int, list[str]]:
    """Our finishing pass over Zensical's pages; return how many were finished and what failed."""
    from ..outputs.finish import finish_page

    done, failed = 0, []
    for page in sorted(pages(site)):
        path = site / page
        try:
            path.write_text(finish_page(path.read_text(encoding="utf-8")).html, encoding="utf-8")
            done += 1
        except Exception as exc:  # a report, not a build: every failure is listed
            failed.append(f"{page} : {type(exc).__name__}: {exc}")
    return done, failed


def search(site: Path) -> str:
    from ..outputs.search_index import run_pagefind

    try:
        bundle = run_pagefind(site, ROOT)
    except Exception as exc:
        return f"échec ({type(exc).__name__}: {exc})"
    return f"index écrit ({sum(1 for _ in bundle.rglob('*'))} fichiers)"


def report(work: Path, out: Path) -> int:
    staging, built, mkdocs_seconds = stage(work)
    exe, version = zensical_venv(ROOT)
    code, printed, zensical_seconds = render(exe, staging)
    zsite = staging / "site"
    ours, theirs = pages(built), pages(zsite) if zsite.is_dir() else set()
    missing, extra = sorted(ours - theirs), sorted(theirs - ours)
    common = sorted(ours & theirs)
    ratios = {}
    for page in common:
        a, b = main_text(built / page), main_text(zsite / page)
        ratios[page] = difflib.SequenceMatcher(None, a, b, autojunk=False).quick_ratio() if a != b else 1.0
    differing = sorted((r, p) for p, r in ratios.items() if r < 0.98)
    links = broken_links(zsite) if zsite.is_dir() else {}
    finished, failed = finish(zsite) if zsite.is_dir() else (0, [])
    index = search(zsite) if zsite.is_dir() else "pas de site"
    counted = collections.Counter(
        line for line in printed if not line.startswith(("Traceback", "return ", "build(", "rv = ", "sys.exit"))
    )
    messages = [f"{n} × {line}" if n > 1 else line for line, n in counted.most_common()]
    warnings = [line for line in printed if "warn" in line.lower() or "error" in line.lower()]
    lines = [
        "# Essai de Zensical (`make essai-zensical`)",
        "",
        f"Fait le {time.strftime('%Y-%m-%d')} avec **{version or 'zensical (version inconnue)'}**, la plus récente que "
        "sert le registre de paquets ; comparé à la construction MkDocs du même commit.",
        "",
        "| mesure | valeur |",
        "| --- | --- |",
        f"| construction MkDocs (avec la mise en scène) | {mkdocs_seconds:.1f} s |",
        f"| construction Zensical (code de sortie {code}) | {zensical_seconds:.1f} s |",
        f"| pages MkDocs / Zensical | {len(ours)} / {len(theirs)} |",
        f"| pages absentes chez Zensical | {len(missing)} |",
        f"| pages en plus chez Zensical | {len(extra)} |",
        f"| pages au texte principal différent (< 98 % de ressemblance) | {len(differing)} |",
        f"| liens internes qui ne mènent à rien (pages touchées) | {sum(map(len, links.values()))} ({len(links)}) |",
        f"| avertissements ou erreurs affichés par Zensical | {len(warnings)} |",
        f"| pages finies par notre passe (CSP, scripts différés, minification) | {finished}, {len(failed)} échecs |",
        f"| index de recherche (Pagefind) | {index} |",
        "",
    ]

    def section(title: str, items: list[str], limit: int = 15) -> None:
        if items:
            lines.extend([f"## {title}", ""])
            lines.extend(f"- {item}" for item in items[:limit])
            if len(items) > limit:
                lines.append(f"- … et {len(items) - limit} autres")
            lines.append("")

    section("Pages absentes chez Zensical", missing)
    section("Pages en plus chez Zensical", extra)
    section("Textes différents (ressemblance, page)", [f"{r:.0%} {p}" for r, p in differing])
    section(
        "Liens qui ne mènent à rien (page : liens)",
        [f"{p} : {', '.join(hrefs[:3])}{' …' if len(hrefs) > 3 else ''}" for p, hrefs in sorted(links.items())],
    )
    section("Échecs de la passe de finition", failed)
    section("Ce que Zensical a affiché (messages distincts, les plus fréquents d'abord)", messages)
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:18]))
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
