"""The build's options are the plugin's typed configuration (mkdocs.yml, `plugins: - usagers-partenaires:`), set by
the build command's flags and by `make build PDF=0 CSP=0` / `make serve PDF=1`; none travels as an environment
variable read deep in the code (issue 21). No build needed: milliseconds to a couple of seconds each."""

from __future__ import annotations

import ast
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from macros.site.build import PLUGIN, command_options, parse_arguments, set_plugin_options

ROOT = Path(__file__).resolve().parent.parent
# The modules that may read the environment, and why it is not an option of the build.
READS_ENVIRONMENT = {
    "macros/site/build.py": "the build command: SOURCE_DATE_EPOCH from git (reproducible bytes), MkDocs' warning",
    "macros/site/zensical_trial.py": "`make essai-zensical`: hands the environment to Zensical's process",
    "macros/site/generate.py": "project_config reads mkdocs.yml's !ENV tags as MkDocs does (staging folder, no MkDocs)",
    "macros/data/github.py": "`make check` under GitHub Actions writes its annotations and summary there",
}


def _project(tmp_path: Path, options: str) -> Path:
    """A tiny MkDocs project with our plugin and the given options (YAML lines under it)."""
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: essai\nplugins:\n  - {PLUGIN}:\n{options}", encoding="utf-8")
    return config


def _options(config: Path) -> dict[str, object]:
    return dict(load_config(str(config)).plugins[PLUGIN].config)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('      pdf: "non"\n', "bool"),
        ("      preview_pdf: 1\n", "bool"),
        ('      csp: "false"\n', "bool"),
        ("      pagefind: 3\n", "str"),
    ],
)
def test_a_wrong_type_in_mkdocs_yml_is_mkdocs_config_error(
    line: str, expected: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = _project(tmp_path, line)
    name = line.split(":")[0].strip()
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        load_config(str(config))
    said = caplog.text
    assert f"Plugin '{PLUGIN}' option '{name}'" in said and f"Expected type: <class '{expected}'>" in said, said


def test_the_build_command_stops_on_a_wrong_option_and_says_which(tmp_path: Path) -> None:
    """What an editor sees after writing `pdf: non` (a string in YAML): the build stops, names the option."""
    config = _project(tmp_path, "      pdf: non\n")
    done = subprocess.run(
        [sys.executable, "-m", "macros.build", "--config", str(config), "--out", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=120,
    )
    assert done.returncode == 1
    assert "option 'pdf': Expected type: <class 'bool'>" in done.stderr, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()


def test_the_project_options_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build makes PDFs and its policy; the preview makes no PDF unless `make serve PDF=1` asked (mkdocs.yml's
    `preview_pdf: !ENV [UP_APERCU_PDF, false]`, which the Makefile sets to true)."""
    monkeypatch.delenv("UP_APERCU_PDF", raising=False)
    assert _options(ROOT / "mkdocs.yml") == {"pdf": True, "preview_pdf": False, "csp": True, "pagefind": None}
    monkeypatch.setenv("UP_APERCU_PDF", "true")
    assert _options(ROOT / "mkdocs.yml")["preview_pdf"] is True


@pytest.mark.parametrize("command", ["serve", "build"])
def test_the_preview_makes_no_pdf_unless_asked(command: str, tmp_path: Path) -> None:
    for preview_pdf in (False, True):
        config = _project(tmp_path / str(preview_pdf), f"      preview_pdf: {str(preview_pdf).lower()}\n")
        plugin: Any = load_config(str(config)).plugins[PLUGIN]  # our UsagersPlugin
        plugin.on_startup(command=command, dirty=False)
        assert plugin.options().pdfs is (preview_pdf if command == "serve" else True)


def test_the_build_flags_set_the_options_for_that_build_only() -> None:
    cfg = load_config(str(ROOT / "mkdocs.yml"))
    set_plugin_options(cfg, command_options(parse_arguments(["--sans-pdf", "--sans-csp", "--pagefind", "bin/pf"])))
    assert dict(cfg.plugins[PLUGIN].config) == {"pdf": False, "preview_pdf": False, "csp": False, "pagefind": "bin/pf"}
    untouched = load_config(str(ROOT / "mkdocs.yml"))
    set_plugin_options(untouched, command_options(parse_arguments([])))
    assert dict(untouched.plugins[PLUGIN].config)["pdf"] is True


def _make(*args: str, **env: str) -> list[str]:
    """The commands `make` would run (dry run: nothing is built)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("PDF", "CSP", "UP_PDF", "UP_CSP", "MAKEFLAGS")}
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.skipif(shutil.which("make") is None, reason="make n'est pas installé")
def test_make_gives_the_options_to_the_build_and_the_preview() -> None:
    def build_line(*args: str, **env: str) -> str:
        return next(line for line in _make("build", *args, **env) if "-m macros.build" in line)

    def serve_line(*args: str, **env: str) -> str:
        return next(line for line in _make("serve", *args, **env) if "mkdocs serve" in line)

    assert "--sans" not in build_line()
    assert "--sans-pdf" in build_line("PDF=0") and "--sans-csp" not in build_line("PDF=0")
    assert "--sans-csp" in build_line("CSP=0")
    assert "--sans-pdf" in build_line(UP_PDF="0"), "the older form (README) still works"
    assert "--sans-csp" in build_line(UP_CSP="0")
    assert "UP_APERCU_PDF=false" in serve_line()
    assert "UP_APERCU_PDF=true" in serve_line("PDF=1")
    assert "UP_APERCU_PDF=true" in serve_line(UP_PDF="1"), "the trainer kit's note says UP_PDF=1 make serve"


def environment_reads(source: str) -> list[int]:
    """The lines where a module reads the environment: os.environ, os.getenv, os.environb, or `environ` imported
    from os."""
    tree = ast.parse(source)
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "os"
        for alias in node.names
        if alias.name in ("environ", "getenv", "environb")
    }
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("environ", "getenv", "environb")
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ):
            lines.append(node.lineno)
        elif isinstance(node, ast.Name) and node.id in imported:
            lines.append(node.lineno)
    return sorted(lines)


def test_environment_reads_are_found() -> None:
    assert environment_reads("import os\nx = os.environ.get('A')\ny = os.getenv('B')\n") == [2, 3]
    assert environment_reads("from os import environ as e\nz = e['C']\n") == [2]
    assert environment_reads("import os\nos.path.join('a')\nenviron = {}\n") == []


def test_no_module_reads_the_environment_for_its_behaviour() -> None:
    """Options come down as arguments (the plugin's config → finish.Options, pdf.require(asked), the Pagefind
    binary); only the modules of READS_ENVIRONMENT read the environment, each for the reason given there."""
    reading = {}
    for path in sorted((ROOT / "macros").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        lines = environment_reads(path.read_text(encoding="utf-8"))
        if lines:
            reading[rel] = lines
    unexpected = {rel: lines for rel, lines in reading.items() if rel not in READS_ENVIRONMENT}
    assert not unexpected, f"read the environment (make it an option of the plugin, passed down): {unexpected}"
    assert set(reading) == set(READS_ENVIRONMENT), "a module listed no longer reads it: take it off the list"


def test_the_pagefind_option_is_a_path_from_the_project(tmp_path: Path) -> None:
    from macros.outputs import search_index

    assert search_index.pagefind_binary(ROOT) == ROOT / search_index.PAGEFIND
    assert search_index.pagefind_binary(ROOT, Path("outils/pagefind")) == ROOT / "outils" / "pagefind"
    assert search_index.pagefind_binary(ROOT, tmp_path / "pagefind") == tmp_path / "pagefind"
