"""kpolicy new as a contributor uses it: a skeleton, what to fill in, then validate and fmt agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpolicy.records.load import load
from kpolicy.records.problems import display_path


def _fill(path: Path, values: dict[str, str]) -> None:
    """Replace the skeleton's empty values, key by key, as a contributor would in an editor."""
    lines = path.read_text().splitlines()
    for key, value in values.items():
        for i, line in enumerate(lines):
            if line.rstrip().endswith(f'{key}: ""'):
                lines[i] = line.replace('""', value)
                break
        else:
            raise AssertionError(f"no empty {key} in {path}")
    path.write_text("\n".join(lines) + "\n")


def test_new_stance_is_a_skeleton_with_the_schema_line(base_tree: Path, kpolicy) -> None:
    (base_tree / "stances" / "example-c.yaml").unlink()
    run = kpolicy("new", "stance", "example-c", "--policies", base_tree)
    assert run.code == 0, run.err
    path = base_tree / "stances" / "example-c.yaml"
    assert path.read_text() == (
        "# yaml-language-server: $schema=../../schema/stance.schema.json\n"
        "subsystem: example-c\n"
        'level: ""\n'
        'checked: ""\n'
        "sources:\n"
        '  - url: ""\n'
        '    title: ""\n'
        '    date: ""\n'
    )
    assert run.out.startswith(f"created {display_path(path)}\n"), run.out
    fill = run.out.split("Fill in")[1].split("Optional fields")[0]
    for name in ("level", "checked", "sources[0].url", "sources[0].title", "sources[0].date"):
        assert f"  {name} " in fill
    assert "no-engagement (no work with Rust developers); unknown when no source says." in " ".join(fill.split())
    assert "'YYYY-MM-DD'" in fill  # the type of checked and of a source's date
    optional = run.out.split("Optional fields")[1]
    assert "temporary_breakage" in optional and "history" in optional and "  subsystem " not in optional
    assert f"  kpolicy validate --policies {base_tree}\n" in run.out  # ready to paste


def test_skeleton_fails_validation_at_each_empty_value_then_passes_when_filled(base_tree: Path, kpolicy) -> None:
    (base_tree / "stances" / "example-c.yaml").unlink()
    assert kpolicy("new", "stance", "example-c", "--policies", base_tree).code == 0
    path = base_tree / "stances" / "example-c.yaml"
    before = kpolicy("validate", "--policies", base_tree)
    assert before.code == 1
    located = {line.split(": error")[0].rsplit(":", 2)[1] for line in before.out.splitlines()
               if "stances/example-c.yaml" in line}
    assert located == {"3", "4", "6", "7", "8"}  # level, checked, and the source's url, title, date
    assert "level: '' is not one of maintains" in before.out

    _fill(path, {"level": "wants-help", "checked": '"2026-01-10"', "url": "https://lore.kernel.org/all/x@y/",
                 "title": '"Re: Rust for the example subsystem"', "date": '"2025-12-01"'})
    after = kpolicy("validate", "--policies", base_tree)
    assert after.code == 0, after.out
    assert kpolicy("fmt", "--check", path).code == 0


def test_every_kind_lands_in_its_folder_and_is_already_canonical(base_tree: Path, kpolicy) -> None:
    made = {
        ("subsystem", "new-driver-rust"): "subsystems/new-driver-rust.yaml",
        ("maintainer", "carol-example"): "maintainers/carol-example.yaml",
        ("stance", "new-driver-rust"): "stances/new-driver-rust.yaml",
        ("event", "2025-09-10-something-happened"): "events/2025-09-10-something-happened.yaml",
    }
    for (kind, record_id), rel in made.items():
        run = kpolicy("new", kind, record_id, "--policies", base_tree)
        assert run.code == 0, run.err
        assert (base_tree / rel).is_file()
    check = kpolicy("fmt", "--check", *(base_tree / rel for rel in made.values()))
    assert check.code == 0, check.out + check.err
    event = (base_tree / "events/2025-09-10-something-happened.yaml").read_text()
    assert 'date: "2025-09-10"\n' in event  # taken from the id
    assert "schema/event.schema.json" in event.splitlines()[0]


def test_new_subsystem_maintainer_and_stance_validate_once_filled(base_tree: Path, kpolicy) -> None:
    for kind in ("subsystem", "stance"):
        assert kpolicy("new", kind, "new-driver-rust", "--policies", base_tree).code == 0
    assert kpolicy("new", "maintainer", "carol-example", "--policies", base_tree).code == 0
    _fill(base_tree / "subsystems/new-driver-rust.yaml",
          {"title": "NEW DRIVER [RUST]", "maintainers_file": '"6.12.117"'})
    with (base_tree / "subsystems/new-driver-rust.yaml").open("a") as f:
        f.write("maintainers:\n  - carol-example\n")
    _fill(base_tree / "maintainers/carol-example.yaml", {"name": "Carol Example"})
    text = (base_tree / "stances/new-driver-rust.yaml").read_text()
    (base_tree / "stances/new-driver-rust.yaml").write_text(
        text.split("sources:")[0].replace('level: ""', "level: unknown").replace('checked: ""',
                                                                                 'checked: "2026-01-10"'))
    result = load(base_tree)
    assert result.errors == [], result.errors
    fmt = kpolicy("fmt", "--policies", base_tree)
    assert fmt.code == 0
    assert "reformatted " + str(base_tree / "subsystems/new-driver-rust.yaml") in fmt.out  # maintainers moved up
    assert load(base_tree).errors == []


def test_refuses_to_overwrite(base_tree: Path, kpolicy) -> None:
    path = base_tree / "stances" / "example-c.yaml"
    before = path.read_bytes()
    run = kpolicy("new", "stance", "example-c", "--policies", base_tree)
    assert run.code == 2
    assert run.err.strip() == f"kpolicy new: {path} already exists; edit it instead"
    assert path.read_bytes() == before


@pytest.mark.parametrize(("kind", "bad", "expected"), [
    ("maintainer", "Carol Example", ("invalid maintainer id 'Carol Example': A lowercase slug: letters a-z, "
                                     "digits and single hyphens. A record's id equals its file name without "
                                     "'.yaml'. Did you mean 'carol-example'?")),
    ("subsystem", "../escape", "invalid subsystem id '../escape'"),
    ("event", "policy-published", "For example: YYYY-MM-DD-policy-published"),
    ("event", "2025-02-09-Policy", "For example: 2025-02-09-policy"),
])
def test_refuses_an_invalid_id_and_writes_nothing(base_tree: Path, kpolicy, kind: str, bad: str,
                                                  expected: str) -> None:
    files = sorted(base_tree.rglob("*"))
    run = kpolicy("new", kind, bad, "--policies", base_tree)
    assert run.code == 2
    assert expected in run.err
    assert sorted(base_tree.rglob("*")) == files
    assert not (base_tree.parent / "escape.yaml").exists()


def test_unknown_kind_and_missing_folder_are_usage_errors(tmp_path: Path, kpolicy) -> None:
    bad_kind = kpolicy("new", "version-policy", "rustc", "--policies", tmp_path)
    assert bad_kind.code == 2 and "invalid choice: 'version-policy'" in bad_kind.err
    missing = kpolicy("new", "maintainer", "carol-example", "--policies", tmp_path / "nope")
    assert missing.code == 2 and "no such folder" in missing.err
    assert not (tmp_path / "nope").exists()


def test_a_stance_without_its_subsystem_says_what_to_add(base_tree: Path, kpolicy) -> None:
    run = kpolicy("new", "stance", "not-yet-there", "--policies", base_tree)
    assert run.code == 0
    assert (f"there is no subsystem record 'not-yet-there' yet: kpolicy new subsystem not-yet-there "
            f"--policies {base_tree}") in run.out
