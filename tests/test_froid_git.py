"""mkdocs-macros' `git` variable, read only by a page that uses it (macros_env.defer_git_variable): a build whose
pages do not read it runs none of mkdocs-macros' 12 git commands; a page that reads it gets the same values. No
build: mkdocs-macros' own function, and a template rendered as it renders pages (Jinja)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import jinja2
import pytest
from mkdocs_macros import context

from macros.site import macros_env

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The commands mkdocs-macros runs (its reads go through subprocess.check_output), run for real, in the project."""
    ran: list[list[str]] = []
    real = subprocess.check_output

    def check_output(command: list[str], **kwargs: Any) -> Any:
        ran.append(list(command))
        return real(command, cwd=ROOT, **kwargs)

    monkeypatch.setattr(context.subprocess, "check_output", check_output)
    # mkdocs-macros' own function, even when a build ran earlier in this process (macros.build deferred it), put
    # back as it was after the test
    current = context.get_git_info
    original = getattr(current, "args", (current,))[0] if getattr(current, "deferred", False) else current
    monkeypatch.setattr(context, "get_git_info", original)
    return ran


def test_no_git_command_runs_until_a_page_reads_git(commands: list[list[str]]) -> None:
    told = context.get_git_info()
    assert len(commands) >= 10 and all(c[0] == "git" for c in commands)  # mkdocs-macros' own, as it starts
    commands.clear()

    macros_env.defer_git_variable()
    macros_env.defer_git_variable()  # twice (a second build in the same process): still one LazyGit
    deferred = context.get_git_info()
    assert isinstance(deferred, macros_env.LazyGit)
    assert commands == []

    page = jinja2.Environment().from_string("{{ git.short_commit }} {{ git.commit }} {{ git['status'] }}")
    shown = page.render(git=deferred)
    assert shown == f"{told['short_commit']} {told['commit']} {told['status']}"
    assert len(commands) >= 10  # read once, when the page read it
    assert dict(deferred) == {key: value for key, value in told.items()}
