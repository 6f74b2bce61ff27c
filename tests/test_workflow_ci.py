"""CI, pre-commit and the contributor guide call commands that exist, with options that parse."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT
from kpolicy.cli import COMMANDS, build_parser
from kpolicy.records.kinds import KIND_BY_NAME
from kpolicy.records.shape import Shapes
from kpolicy.workflow.fmt import reformat

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
USES_LINE = re.compile(r"^\s*(?:- )?uses: (\S+)(.*)$", re.MULTILINE)
PINNED = re.compile(r"^actions/[a-z-]+@[0-9a-f]{40}$")  # a commit: a tag can be moved, a commit cannot
VERSION_COMMENT = re.compile(r"^ # v\d+\.\d+\.\d+$")  # which release that commit is, for readers and Dependabot


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def _steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job_id, step) for job_id, job in workflow["jobs"].items() for step in job.get("steps", ())]


def _kpolicy_calls(script: str) -> list[list[str]]:
    """Each kpolicy invocation in a shell script, as arguments (variables stand in as words)."""
    calls = []
    for line in script.replace("\\\n", " ").splitlines():
        if "kpolicy" not in line:
            continue
        words = shlex.split(re.sub(r"\$\{?[A-Z_]+\}?", "VALUE", line), comments=True)
        for i, word in enumerate(words):
            if word.endswith("bin/kpolicy") or word == "kpolicy":
                rest = words[i + 1:]
                cut = next((j for j, w in enumerate(rest) if w in (">>", ">", "|", "&&", "||", ";")), len(rest))
                calls.append(rest[:cut])
    return calls


def _parses(args: list[str]) -> None:
    parsed = build_parser().parse_args(args)
    assert parsed.command in COMMANDS


def test_workflows_exist_and_pin_every_action_to_a_commit() -> None:
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "dependency-audit.yml", "dependency-ranges.yml"}
    for path in WORKFLOWS:
        text = path.read_text()
        lines = USES_LINE.findall(text)
        assert len(lines) == sum("uses" in step for _, step in _steps(_load(path)))
        for action, comment in lines:
            assert PINNED.match(action), f"{path.name}: {action} is not pinned to a commit"
            assert VERSION_COMMENT.match(comment), f"{path.name}: {action} has no '# vX.Y.Z' comment"
        workflow = _load(path)
        assert "container" not in str(workflow), f"{path.name}: a container image tag is not pinned; use the runner"
        for job_id, job in workflow["jobs"].items():
            for step in job.get("steps", ()):
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}:{job_id}"


def test_dependabot_watches_the_lock_uv_and_the_actions() -> None:
    config = _load(ROOT / ".github" / "dependabot.yml")
    ecosystems = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert ecosystems == {("uv", "/"), ("pip", "/scripts"), ("github-actions", "/")}
    assert all(u.get("groups") for u in config["updates"])
    assert re.search(r"^uv==[\d.]+ \\$", (ROOT / "scripts" / "uv-requirements.txt").read_text(), re.MULTILINE)


def test_workflow_commands_are_the_local_ones_and_parse() -> None:
    seen: set[str] = set()
    for path in WORKFLOWS:
        for job_id, step in _steps(_load(path)):
            script = step.get("run", "")
            for call in _kpolicy_calls(script):
                _parses(call)
                seen.add(call[0])
            assert "pip install -e" not in script and "pip install ." not in script and "uv sync" not in script, \
                f"{path.name}:{job_id}: set up with scripts/setup.sh, as contributors do"
            for match in re.findall(r"(?:bash )?((?:scripts|\.ci)/[\w./-]+)", script):
                assert (ROOT / match).is_file(), f"{path.name}:{job_id}: {match} does not exist"
            assert "kpolicy " not in script or ".venv/bin/kpolicy" in script
    assert {"validate", "fmt", "diff"} <= seen


def test_pull_requests_get_annotations_layout_check_semantic_diff_tests_and_a_strict_site() -> None:
    ci = _load(ROOT / ".github/workflows/ci.yml")
    triggers = ci.get("on") or ci.get(True)  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    runs = {job: " ".join(s.get("run", "") for s in j.get("steps", ())) for job, j in ci["jobs"].items()}
    everything = " ".join(runs.values())
    assert ".venv/bin/kpolicy validate --format github" in everything
    assert ".venv/bin/kpolicy fmt --check" in everything
    assert re.search(r'\.venv/bin/kpolicy diff "\$BASE_SHA" HEAD >> "\$GITHUB_STEP_SUMMARY"', everything)
    records = [s for s in ci["jobs"]["records"]["steps"] if "run" in s]
    names = [s["run"].split()[0:2] for s in records]
    summary = next(i for i, s in enumerate(records) if "GITHUB_STEP_SUMMARY" in s["run"])
    validate = next(i for i, s in enumerate(records) if "kpolicy validate" in s["run"])
    assert validate < summary and "steps.validate.outcome == 'success'" in records[summary]["if"], names
    assert ".ci/run" in everything and "mkdocs build --strict" in everything
    deploy = ci["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert set(deploy["needs"]) == {"records", "tests", "site"}
    assert "refs/heads/main" in deploy["if"]
    uses = {s["uses"].split("@")[0] for _, s in _steps(ci) if "uses" in s}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses


def test_dependency_audit_audits_the_setup_environment() -> None:
    audit = _load(ROOT / ".github/workflows/dependency-audit.yml")
    script = " ".join(s.get("run", "") for _, s in _steps(audit))
    env = {k: v for _, s in _steps(audit) for k, v in s.get("env", {}).items()}
    assert "bash scripts/setup.sh" in script and "pip-audit" in script and "--strict" in script
    assert env["PIPAPI_PYTHON_LOCATION"] == ".venv/bin/python"
    assert "schedule" in (audit.get("on") or audit.get(True))


@pytest.mark.parametrize("path", [".pre-commit-hooks.yaml", ".pre-commit-config.yaml"])
def test_pre_commit_hooks_run_real_commands_on_record_files(path: str) -> None:
    data = _load(ROOT / path)
    hooks = data if isinstance(data, list) else [h for repo in data["repos"] for h in repo["hooks"]]
    ids = {h["id"] for h in hooks}
    assert ids == {"kpolicy-fmt", "kpolicy-validate"}
    for hook in hooks:
        words = shlex.split(hook["entry"])
        assert words[0] == ("kpolicy" if path == ".pre-commit-hooks.yaml" else ".venv/bin/kpolicy")
        _parses(words[1:] + (["policies/stances/x.yaml"] if hook["id"] == "kpolicy-fmt" else []))
        files = re.compile(hook["files"])
        assert files.search("policies/stances/block-layer.yaml")
        assert not files.search("docs/index.md")
    fmt = next(h for h in hooks if h["id"] == "kpolicy-fmt")
    assert fmt.get("pass_filenames", True) is True and not re.search(fmt["files"], "policies/README.md")
    assert fmt.get("require_serial") is True  # one run, one summary: not batches that contradict each other
    validate = next(h for h in hooks if h["id"] == "kpolicy-validate")
    assert validate["pass_filenames"] is False


def test_contributing_commands_parse_and_its_example_record_is_canonical() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text()
    blocks = "\n".join(re.findall(r"```sh\n(.*?)```", text, re.DOTALL))
    commands = [c for c in re.findall(r"^\s*(?:\.venv/bin/)?kpolicy (.+)$", blocks, re.MULTILINE) if c != "--help"]
    for command in commands:
        _parses(shlex.split(command))
    assert {c.split()[0] for c in commands} >= {"new", "fmt", "validate", "diff"}
    for name in ("new", "fmt", "validate", "diff", "stale"):
        assert f"kpolicy {name}" in text
    [example] = re.findall(r"```yaml\n(# yaml-language-server.*?)```", text, re.DOTALL)
    formatted, problems = reformat("CONTRIBUTING.md", example, KIND_BY_NAME["stance"], Shapes())
    assert not problems and formatted == example


def test_pull_request_template_has_the_reviewers_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text()
    # an item may wrap onto indented lines
    items = [" ".join(item.split()) for item in re.findall(r"^- \[ \] (.+(?:\n +\S.*)*)", text, re.MULTILINE)]
    assert len(items) >= 6
    for needle in ("`kpolicy validate`", "`kpolicy diff`", "primary sources first", "`verified: false`", "`as_of`",
                   "`scripts/test.sh` passes"):
        assert any(needle in item for item in items), needle
