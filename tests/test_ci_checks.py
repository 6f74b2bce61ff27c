"""CI runs the README's checks: .ci/run type checks and lints (scripts/lint.sh) before it runs the
tests (scripts/test.sh), the workflow has a lint job of its own, and the README names both."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")


def _commands(script: str) -> list[list[str]]:
    """The simple commands of a shell script at the top level: no comments, no compound parts."""
    out = []
    for raw in script.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            continue
        if words:
            out.append(words)
    return out


def _runs(words: list[str], script: str) -> bool:
    """Whether one command runs the script (bash scripts/x.sh, or scripts/x.sh itself)."""
    return words[:2] == ["bash", script] or words[:1] == [script]


def _top_level_index(script: str, name: str) -> int:
    """The index of the command that runs `name` outside any if/for/while block (-1 if none)."""
    depth = 0
    for i, words in enumerate(_commands(script)):
        first = words[0]
        if first in ("if", "for", "while", "until", "case"):
            depth += 1
        if depth == 0 and _runs(words, name):
            return i
        if first in ("fi", "done", "esac") or words[-1] in ("fi", "done", "esac"):
            depth -= 1
    return -1


def test_ci_run_lints_before_it_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    lint = _top_level_index(script, "scripts/lint.sh")
    test = _top_level_index(script, "scripts/test.sh")
    assert lint >= 0, ".ci/run does not run scripts/lint.sh unconditionally"
    assert test >= 0, ".ci/run does not run scripts/test.sh unconditionally"
    assert lint < test, ".ci/run must type check and lint before it runs the tests"
    assert "set -euo pipefail" in script, "a failing lint.sh must stop .ci/run with its exit code"


def test_the_script_reading_above_can_say_no() -> None:
    # the reading of .ci/run above must be able to say no, or the test above could not fail
    script = "set -e\n# bash scripts/lint.sh\nif true; then\n  bash scripts/lint.sh\nfi\nbash scripts/test.sh\n"
    assert _top_level_index(script, "scripts/lint.sh") == -1
    assert _top_level_index(script, "scripts/test.sh") == 4
    assert _top_level_index("echo scripts/lint.sh\n", "scripts/lint.sh") == -1


def test_lint_sh_fails_on_any_finding_of_either_tool() -> None:
    script = (ROOT / "scripts" / "lint.sh").read_text()
    commands = [" ".join(words) for words in _commands(script)]
    assert "set -euo pipefail" in commands
    ruff = [c for c in commands if c.startswith(".venv/bin/ruff check")]
    mypy = [c for c in commands if c.startswith(".venv/bin/mypy")]
    assert ruff and mypy, commands
    # each tool's failure is kept, both run, and the script exits with it
    assert all(c.endswith("|| status=1") for c in ruff + mypy), commands
    assert commands[-1] == "exit $status"
    assert "status=0" in commands


def test_the_workflow_has_a_lint_job_with_pinned_actions() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    jobs = workflow["jobs"]
    lint = [name for name, job in jobs.items()
            if any("scripts/lint.sh" in str(step.get("run", "")) for step in job.get("steps", []))]
    assert lint, "no job of .github/workflows/ci.yml runs scripts/lint.sh"
    for name in lint:
        for step in jobs[name]["steps"]:
            if "uses" in step:
                assert PINNED.match(step["uses"]), f"{name}: {step['uses']} is not pinned by commit"
    # the site is published only after a job that lints: the tests job runs .ci/run, which lints first
    tests = " ".join(str(step.get("run", "")) for step in jobs["tests"]["steps"])
    assert ".ci/run" in tests and "tests" in jobs["deploy"]["needs"]


def test_readme_and_contributing_name_the_checks() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "scripts/lint.sh" in readme and "scripts/test.sh" in readme
    checks = readme[readme.index("### Checks"):]
    checks = checks[:checks.index("\n## ")] if "\n## " in checks else checks
    assert "scripts/lint.sh" in checks and "mypy" in checks and "ruff" in checks
    assert "scripts/lint.sh" in (ROOT / "CONTRIBUTING.md").read_text()
