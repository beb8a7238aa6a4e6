"""`python -m macros.build [--out site]`: strict build into a temporary folder, then swap it in.

A failed build leaves the previous `site/` untouched and removes its temporary folder, so a deploy
never picks up a half-built site.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def source_date_epoch(folder: Path) -> str | None:
    """Time of the last commit, for reproducible builds; None outside a git checkout."""
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True, text=True,
                              timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value.isdigit() else None


def build(out: Path, config: Path) -> int:
    out = out.resolve()
    # The data first, in this process: a mistake in a YAML file stops here in a second, with the same
    # messages as `make check`, before MkDocs even starts.
    from .loader import DataError, load_site

    try:
        load_site(config.parent / "data")
    except DataError as exc:
        print(exc, file=sys.stderr)
        print(f"\nÉchec de la construction : « {out.name}/ » n'a pas été modifié.", file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    epoch = source_date_epoch(config.parent)
    if epoch and "SOURCE_DATE_EPOCH" not in env:
        env["SOURCE_DATE_EPOCH"] = epoch  # same commit, same bytes (sitemap dates, sitemap.xml.gz header)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
           "--site-dir", str(tmp)]
    try:
        result = subprocess.run(cmd, cwd=config.parent, env=env, capture_output=True, text=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        # Show what went wrong (errors and warnings, which fail a strict build), not the INFO chatter.
        log = [line for line in (result.stderr + result.stdout).splitlines() if not line.startswith("INFO")]
        print("\n".join(log), file=sys.stderr)
        print(f"\nÉchec de la construction : « {out.name}/ » n'a pas été modifié.", file=sys.stderr)
        return result.returncode
    old = out.with_name(f".{out.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Site construit dans {out}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "site")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    args = parser.parse_args()
    return build(args.out, args.config.resolve())


if __name__ == "__main__":
    sys.exit(main())
