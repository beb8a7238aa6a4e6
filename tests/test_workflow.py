"""The GitHub Actions workflow: valid, runs the same test command as .ci/run on every pull request, and
publishes site/ on GitHub Pages when main changes."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github/workflows/site.yml"


def load() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    if True in data:  # YAML 1.1 reads the key « on » as true
        data["on"] = data.pop(True)
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in steps(job) if "uses" in step]


def test_workflow_is_valid() -> None:
    data = load()
    assert data["name"]
    assert data["jobs"]
    for name, job in data["jobs"].items():
        assert job.get("runs-on"), name
        assert steps(job), name
        for step in steps(job):
            assert ("run" in step) != ("uses" in step), (name, step)
        for need in [job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs", []):
            assert need in data["jobs"], (name, need)


def test_pull_requests_run_the_same_command_as_ci() -> None:
    data = load()
    assert "pull_request" in data["on"]
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE), "the README's test command is in .ci/run"
    test_jobs = [job for job in data["jobs"].values() if "if" not in job]
    assert any(re.search(r"^bash \.ci/run$", runs(job), re.MULTILINE) for job in test_jobs)
    job = next(job for job in test_jobs if "bash .ci/run" in runs(job))
    assert any(u.startswith("actions/checkout@") for u in uses(job))
    checkout = next(s for s in steps(job) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout.get("with", {}).get("fetch-depth") == 0, "page dates need the whole git history"


def test_main_is_published_on_github_pages() -> None:
    data = load()
    assert data["on"]["push"]["branches"] == ["main"]
    jobs = data["jobs"]
    build = next(job for job in jobs.values() if any(u.startswith("actions/upload-pages-artifact@") for u in uses(job)))
    assert "main" in build["if"] and "push" in build["if"]
    assert "make build" in runs(build)
    upload = next(s for s in steps(build) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert build.get("needs") in ("test", ["test"]), "publish only what passed the tests"
    deploy = next(job for job in jobs.values() if any(u.startswith("actions/deploy-pages@") for u in uses(job)))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_readme_explains_publishing() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "GitHub Pages" in readme and "site/" in readme
    assert ".github/workflows/site.yml" in readme
    assert "hébergeur" in readme


def test_a_quick_data_job_answers_first() -> None:
    """Editors get the data check (and a build) in minutes, before the long browser suite."""
    jobs = load()["jobs"]
    quick = next(job for job in jobs.values() if job.get("name") == "Vérifier les données")
    assert quick.get("timeout-minutes", 360) <= 15
    commands = [step.get("run", "").strip() for step in steps(quick)]
    assert commands.index("make check") < commands.index("make build")
    assert "bash .ci/run" not in runs(quick), "the quick job does not run the browser suite"
    quick_id = next(key for key, job in jobs.items() if job is quick)
    full = next(job for job in jobs.values() if "bash .ci/run" in runs(job))
    assert full.get("needs") in (quick_id, [quick_id]), "the full tests wait for the quick check"


def test_pull_requests_keep_the_built_site_as_a_preview() -> None:
    jobs = load()["jobs"]
    quick = next(job for job in jobs.values() if job.get("name") == "Vérifier les données")
    upload = next(s for s in steps(quick) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "apercu-du-site"
    assert upload["with"]["path"] == "site"
    assert "pull_request" in upload["if"]
    later = steps(quick)[steps(quick).index(upload) + 1 :]
    explain = next(s for s in later if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert "pull_request" in explain["if"]
    assert "apercu-du-site" in explain["run"] and "http.server" in explain["run"]
    assert upload["id"] in explain["env"]["ARTEFACT"], "the summary links to the uploaded artifact"


def test_the_published_site_gets_its_public_address() -> None:
    """The Pages build gives SITE_URL from the address GitHub Pages reports (citations, QR codes, permanent links)."""
    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    pages = next(s for s in steps if str(s.get("uses", "")).startswith("actions/configure-pages"))
    build = next(s for s in steps if s.get("run") == "make build")
    assert build["env"]["SITE_URL"].startswith("${{ steps." + pages["id"] + ".outputs.base_url }}")
    # Every job that builds needs Node.js (the search index is made by Pagefind, from npm).
    for name in ("check", "build"):
        installs = " ".join(str(s.get("run", "")) for s in workflow["jobs"][name]["steps"])
        assert "nodejs" in installs and "npm" in installs, name
