"""The GitHub workflows lint clean with actionlint and run what CONTRIBUTING.md promises."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def actionlint() -> str:
    """The actionlint binary pinned in requirements-dev.txt, beside this Python."""
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint is missing: `make test` installs it from requirements-dev.txt", pytrace=False)
    return found


def steps(name: str) -> list[dict]:  # type: ignore[type-arg]
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_workflows_lint_clean() -> None:
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert files
    command = [actionlint(), "-color=false", "-oneline", *files]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_finds_mistakes(tmp_path: Path) -> None:
    """The lint is real: a broken workflow fails it."""
    bad = tmp_path / "bad.yml"
    workflow = "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    bad.write_text(workflow, encoding="utf-8")
    done = subprocess.run([actionlint(), "-color=false", "-oneline", str(bad)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "nope" in done.stdout


def test_pull_request_check_runs_check_build_tests_and_keeps_the_site() -> None:
    runs = [step.get("run", "").strip().splitlines()[-1:] for step in steps("check.yml")]
    assert ["make check"] in runs and ["make build"] in runs and ["bash .ci/run"] in runs
    uploads = [step for step in steps("check.yml") if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
    assert uploads and uploads[0]["with"]["path"] == "site/"


def test_deploy_publishes_main_with_the_official_pages_actions() -> None:
    workflow = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as True
    uses = [str(step.get("uses", "")).split("@")[0] for step in steps("deploy.yml")]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    assert workflow["permissions"] == {"contents": "write", "pages": "write", "id-token": "write"}
    runs = [str(step.get("run", "")).strip().splitlines()[-1] if step.get("run") else "" for step in steps("deploy.yml")]
    assert runs.index("make offline-zip") < runs.index("make site-size") < runs.index("make release-zip")
    built = next(step for step in steps("deploy.yml") if str(step.get("run", "")).strip().endswith("make offline-zip"))
    assert built["env"]["OFFLINE_ZIP_URL"].endswith("/releases/download/offline-copy/digests-offline.zip")


QUOTING = ("make build", "bash .ci/run", "make offline-zip", "make site-size", "make verify", "make enrich")
"""Steps whose log quotes contributors' (or registries') text at length."""


@pytest.mark.parametrize("name", ["check.yml", "deploy.yml", "verify.yml", "enrich.yml"])
def test_steps_that_print_contributors_text_run_no_workflow_command_from_it(name: str) -> None:
    for step in steps(name):
        run = step.get("run", "")
        lines = [line.strip() for line in run.splitlines()]
        if not any(line.startswith(QUOTING) for line in lines):
            continue
        stop = next(i for i, line in enumerate(lines) if line == 'echo "::stop-commands::$token"')
        command = next(i for i, line in enumerate(lines) if line.startswith(QUOTING))
        assert stop < command and "trap 'echo \"::$token::\"' EXIT" in lines, run
        assert "/dev/urandom" in run


def test_make_check_keeps_its_annotations_and_the_verify_issue_quotes_no_markdown() -> None:
    assert "make check" in [step.get("run", "") for step in steps("check.yml")]  # its lines are escaped by problems.log_line
    issue = next(step["run"] for step in steps("verify.yml") if "gh issue" in step.get("run", ""))
    assert "```" not in issue and "sed 's/^/    /' verify.txt" in issue
    suggestions = next(step["run"] for step in steps("enrich.yml") if "gh issue" in step.get("run", ""))
    assert "```" not in suggestions and "sed 's/^/    /' enrich.txt" in suggestions


def _readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def test_the_publish_section_names_what_the_deploy_workflow_uses() -> None:
    """README's "Publish on GitHub Pages" follows deploy.yml: its permissions, environment, variables,
    actions and make targets are each named there, so that neither can change without the other."""
    doc = _readme_section("Publish on GitHub Pages")
    workflow = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text(encoding="utf-8"))
    for name, level in workflow["permissions"].items():
        assert f"`{name}: {level}`" in doc, name
    for job in workflow["jobs"].values():
        if "environment" in job:
            assert f"`{job['environment']['name']}`" in doc
    for branch in workflow[True]["push"]["branches"]:
        assert f"`{branch}`" in doc
    for step in steps("deploy.yml"):
        for variable in step.get("env", {}):
            if variable not in ("GH_TOKEN",):  # the workflow's own token, nothing to set
                assert f"`{variable}`" in doc, variable
        if step.get("uses"):
            assert f"`{str(step['uses']).split('@')[0]}`" in doc, step["uses"]
        for line in str(step.get("run", "")).splitlines():
            if line.strip().startswith("make "):
                assert f"`{line.strip()}`" in doc, line
    tag = re.search(r"^RELEASE_TAG := (\S+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert tag and f"`{tag.group(1)}`" in doc
    assert "Source: GitHub Actions" in doc and "Deploy from a branch" in doc and "`make deploy`" in doc
    assert "Source: GitHub Actions" in workflow_text("deploy.yml") and "Publish on\n# GitHub Pages" in workflow_text("deploy.yml")
    assert "(README.md#publish-on-github-pages)" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def workflow_text(name: str) -> str:
    return (WORKFLOWS / name).read_text(encoding="utf-8")
