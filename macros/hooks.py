"""MkDocs hooks: load the data once per build, add one page per data item, keep the nav in order.

MkDocs loads hooks by file path, so the project root goes on sys.path to import the `macros` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import pages, state  # noqa: E402
from macros.loader import DataError, load_site  # noqa: E402


@event_priority(100)  # before the macros plugin renders anything
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    data_dir = Path(config.config_file_path).resolve().parent / "data"
    try:
        site = load_site(data_dir)
    except DataError as exc:
        raise PluginError(str(exc)) from None
    state.set_site(site)
    config.nav = pages.extend_nav(config.nav or [], site)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for generated in pages.generated_pages(state.get_site()):
        files.append(File.generated(config, generated.path, content=generated.markdown))
    return files
