"""kpolicy validate as a user runs it: formats, exit codes, skipping checks, bad usage."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from conftest import TODAY
from kpolicy.records.checks import REGISTRY
from kpolicy.records.problems import Problem, format_github


def _break_reference(tree: Path) -> None:
    f = tree / "subsystems" / "example-c.yaml"
    f.write_text(f.read_text().replace("  - ada-example\n", "  - ada-example\n  - nobody-example\n"))


def test_clean_tree_exits_0_with_a_summary(base_tree: Path, kpolicy) -> None:
    run = kpolicy("validate", "--policies", base_tree)
    assert (run.code, run.out.strip()) == (0, "11 files checked: 0 errors, 0 warnings")


def test_errors_exit_1_in_text_format(base_tree: Path, kpolicy) -> None:
    _break_reference(base_tree)
    run = kpolicy("validate", "--policies", base_tree)
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0].endswith(
        "subsystems/example-c.yaml:5:5: error[ref-maintainer]: no maintainer record 'nobody-example'")
    assert lines[1] == "    hint: add policies/maintainers/nobody-example.yaml"
    assert lines[-1] == "11 files checked: 1 error, 0 warnings"


def test_default_folder_is_policies_in_the_working_directory(base_tree: Path, kpolicy) -> None:
    run = kpolicy("validate", cwd=base_tree.parent)
    assert run.code == 0 and "11 files checked" in run.out


def test_paths_are_shown_relative_to_the_working_directory(base_tree: Path, kpolicy) -> None:
    _break_reference(base_tree)
    run = kpolicy("validate", cwd=base_tree.parent)
    assert run.out.startswith("policies/subsystems/example-c.yaml:5:5: error[ref-maintainer]")


def test_json_format(base_tree: Path, kpolicy) -> None:
    _break_reference(base_tree)
    run = kpolicy("validate", "--policies", base_tree, "--format", "json")
    assert run.code == 1
    [p] = json.loads(run.out)
    assert {k: p[k] for k in ("line", "column", "check", "severity")} == {
        "line": 5, "column": 5, "check": "ref-maintainer", "severity": "error"}
    assert p["path"].endswith("example-c.yaml")


def test_github_format(base_tree: Path, kpolicy) -> None:
    _break_reference(base_tree)
    run = kpolicy("validate", "--policies", base_tree, "--format", "github")
    first = run.out.splitlines()[0]
    assert first.startswith("::error file=") and ",line=5,col=5,title=ref-maintainer::no maintainer record" in first


def test_github_format_escapes_newlines_and_separators() -> None:
    p = Problem("a,b:c.yaml", 1, 2, "x", "warning", "50% done\nnext", "hint")
    assert format_github([p]) == "::warning file=a%2Cb%3Ac.yaml,line=1,col=2,title=x::50%25 done%0Anext%0Ahint"


def test_skip_turns_a_check_off(base_tree: Path, kpolicy) -> None:
    _break_reference(base_tree)
    run = kpolicy("validate", "--policies", base_tree, "--skip", "ref-maintainer")
    assert run.code == 0


def test_warnings_do_not_fail(base_tree: Path, kpolicy) -> None:
    (base_tree / "maintainers" / "carol-example.yaml").write_text("id: carol-example\nname: Carol Example\n")
    run = kpolicy("validate", "--policies", base_tree)
    assert run.code == 0
    assert "warning[maintainer-unreferenced]" in run.out


def test_unknown_check_is_a_usage_error(base_tree: Path, kpolicy) -> None:
    run = kpolicy("validate", "--policies", base_tree, "--skip", "no-such-check")
    assert run.code == 2
    assert "unknown check no-such-check" in run.err


def test_missing_folder_is_exit_2_without_traceback(tmp_path: Path, kpolicy) -> None:
    run = kpolicy("validate", "--policies", tmp_path / "nope")
    assert run.code == 2
    assert "no such folder" in run.err and "Traceback" not in run.err


def test_bad_format_is_a_usage_error(base_tree: Path, kpolicy) -> None:
    run = kpolicy("validate", "--policies", base_tree, "--format", "xml")
    assert run.code == 2 and "invalid choice" in run.err


def _listed_checks(out: str) -> dict[str, tuple[str, str]]:
    """--list-checks output as {id: (severity, description)}; a description may wrap onto
    indented lines."""
    listed: dict[str, tuple[str, str]] = {}
    last = ""
    for line in out.splitlines():
        if line.startswith(" "):
            severity, description = listed[last]
            listed[last] = (severity, f"{description} {line.strip()}")
        else:
            last, severity, description = line.split(None, 2)
            assert last not in listed, f"{last} is listed twice"
            listed[last] = (severity, description)
    return listed


def test_list_checks_names_every_check(kpolicy) -> None:
    run = kpolicy("validate", "--list-checks")
    assert (run.code, run.err) == (0, "")
    listed = _listed_checks(run.out)
    assert len(REGISTRY) >= 30
    assert list(listed) == list(REGISTRY)  # every registered check, each once, nothing else
    for check_id, check in REGISTRY.items():
        assert check.severity in ("error", "warning") and check.description, check_id
        assert listed[check_id] == (check.severity, " ".join(check.description.split())), check_id
    # a few written out by hand, so that the registry cannot lose them unnoticed
    assert listed["ref-maintainer"] == ("error", "Every person a record names has a maintainer record.")
    assert listed["stance-missing"] == (
        "warning", "Every subsystem has a stance record ('unknown' where nothing is known).")
    assert {i for i, (severity, _) in listed.items() if severity == "warning"} == {
        "maintainer-unreferenced", "stance-missing", "stance-rust-maintainers", "stance-needs-review",
        "checked-after-sources", "status-known"}


def test_in_process_runs_compare_dates_with_the_fixed_day(base_tree: Path, kpolicy) -> None:
    """The kpolicy fixture's runs do not depend on the day they happen: a date after TODAY is in the future."""
    stance = base_tree / "stances" / "example-c.yaml"
    text = stance.read_text()
    assert "checked: 2026-01-10\n" in text
    stance.write_text(text.replace("checked: 2026-01-10\n", f"checked: {TODAY.isoformat()}\n"))
    assert kpolicy("validate", "--policies", base_tree).code == 0
    stance.write_text(text.replace("checked: 2026-01-10\n", f"checked: {TODAY + datetime.timedelta(days=1)}\n"))
    run = kpolicy("validate", "--policies", base_tree)
    assert run.code == 1 and "error[date-valid]" in run.out, run.out


def test_stray_file_in_the_records_folder(base_tree: Path, kpolicy) -> None:
    (base_tree / "notes.txt").write_text("x")
    run = kpolicy("validate", "--policies", base_tree)
    assert run.code == 1 and "notes.txt:1:1: error[file-unexpected]" in run.out


def test_a_longterm_release_needs_a_release_series_and_a_source(base_tree: Path, kpolicy) -> None:
    path = base_tree / "version-policy" / "rustc.yaml"
    good = ('longterm:\n  - kernel: "6.12"\n    sources:\n      - url: https://www.kernel.org/category/releases.html\n'
            '        title: Active kernel releases\n        date: "2025"\n')
    text = path.read_text(encoding="utf-8")
    path.write_text(text + good, encoding="utf-8")
    assert kpolicy("validate", "--policies", base_tree).code == 0
    path.write_text(text + good.replace('"6.12"', '"6.12.3"'), encoding="utf-8")  # a stable release, not a series
    run = kpolicy("validate", "--policies", base_tree)
    assert run.code == 1 and "rustc.yaml:" in run.out and "longterm" in run.out, run.out
    path.write_text(text + 'longterm:\n  - kernel: "6.12"\n    sources: []\n', encoding="utf-8")
    run = kpolicy("validate", "--policies", base_tree)
    assert run.code == 1 and "rustc.yaml:" in run.out, run.out
