"""kpolicy fmt: one canonical layout, reached in one run, never at the cost of a record's meaning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from kpolicy.records.kinds import KIND_BY_NAME
from kpolicy.records.shape import Shapes
from kpolicy.records.writer import WIDTH, comment_positions, same_data
from kpolicy.records.yamlio import load_file, load_text
from kpolicy.workflow.fmt import reformat

SHAPES = Shapes()
STANCE = KIND_BY_NAME["stance"]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _canonical(text: str, kind: str = "stance") -> str:
    formatted, problems = reformat("x.yaml", text, KIND_BY_NAME[kind], SHAPES)
    assert not problems, problems
    assert formatted is not None
    return formatted


def test_check_lists_files_that_would_change_and_exits_1(base_tree: Path, kpolicy) -> None:
    before = _snapshot(base_tree)
    run = kpolicy("fmt", "--check", cwd=base_tree.parent)
    assert run.code == 1
    assert "would reformat policies/stances/rust-example.yaml" in run.out.splitlines()
    assert run.err.strip().endswith("11 files would be reformatted, 0 files already canonical")
    assert _snapshot(base_tree) == before


def test_format_then_nothing_left_to_do_and_the_data_is_the_same(base_tree: Path, kpolicy) -> None:
    data = {p: load_file(p).data for p in base_tree.rglob("*.yaml")}
    first = kpolicy("fmt", "--policies", base_tree)
    assert first.code == 0 and first.out.count("reformatted ") == 11
    after_first = _snapshot(base_tree)
    assert {p: load_file(p).data for p in base_tree.rglob("*.yaml")} == data
    assert kpolicy("fmt", "--check", "--policies", base_tree).code == 0
    second = kpolicy("fmt", "--policies", base_tree)
    assert second.code == 0 and second.out == ""
    assert "0 files reformatted, 11 files already canonical" in second.err
    assert _snapshot(base_tree) == after_first
    assert kpolicy("validate", "--policies", base_tree).code == 0
    assert not [p for p in base_tree.rglob("*") if p.name.startswith(".")]  # no temporary files left


def test_the_canonical_layout() -> None:
    text = (
        "history:\n"
        "- {date: 2024-06, level: no-engagement, summary: Before., sources: []}\n"
        "checked: 2026-01-10\n"
        "level: 'rust-submaintainer'\n"
        "subsystem: rust-example\n"
        "route: {note: Copy the C maintainers., via: rust-tree}\n"
        "rust_maintainers: [bob-example, ada-example]\n"
        "sources:\n"
        "  - title: '[PATCH] rust: example'\n"
        "    url: \"https://lwn.net/Articles/1/\"\n"
        "    date: 2025\n".replace("2025\n", "'2025'\n")
    )
    assert _canonical(text) == (
        "# yaml-language-server: $schema=../../schema/stance.schema.json\n"
        "subsystem: rust-example\n"
        "level: rust-submaintainer\n"
        "rust_maintainers:\n"
        "  - bob-example\n"  # list order is kept: it means something
        "  - ada-example\n"
        "route:\n"
        "  via: rust-tree\n"
        "  note: Copy the C maintainers.\n"
        'checked: "2026-01-10"\n'
        "sources:\n"
        '  - url: https://lwn.net/Articles/1/\n'
        '    title: "[PATCH] rust: example"\n'
        '    date: "2025"\n'
        "history:\n"
        '  - date: "2024-06"\n'
        "    level: no-engagement\n"
        "    summary: Before.\n"
        "    sources: []\n"
    )


@pytest.mark.parametrize("value", ["6.10", "6.12.117", "6-1", "2025-02-09-1", "1e-3", "0x-1", "1.78.0", "2025-02-09",
                                   "2025", "yes", "No", "off", "null",
                                   "y", "true", "0x1F", "1e3", "1_000", "1:20", "~", "-rc1", "*glob", "&x", "!x",
                                   "@x", "%x", "'quoted'", '"dq"', "[x]", "{x}", "> x", "| x", "- x", "? x", ": x",
                                   "#x", " lead", "trail ", ""])
def test_strings_that_do_not_start_with_a_letter_or_are_yaml_words_are_double_quoted(value: str) -> None:
    text = _canonical(f"subsystem: x\nlevel: unknown\nchecked: '2026-01-10'\nnotes: {_sq(value)}\n")
    line = text.splitlines()[-1]
    assert line.startswith('notes: "'), line
    assert load_text("x", text).data["notes"] == value


@pytest.mark.parametrize("value", ["git https://github.com/Rust-for-Linux/linux.git rust-next", "Maintained",
                                   "include/linux/blk*", "Odd Fixes", "rust-for-linux@vger.kernel.org",
                                   "Björn Roy Baron", "A title: with a colon", "2025-02-09-policy-page",
                                   "05-same-standards", "2022-maintainers-summit"])
def test_other_strings_are_plain_unless_yaml_needs_quotes(value: str) -> None:
    text = _canonical(f"subsystem: x\nlevel: unknown\nchecked: '2026-01-10'\nnotes: {_sq(value)}\n")
    line = text.splitlines()[-1]
    assert load_text("x", text).data["notes"] == value
    if ": " in value:
        assert line == f'notes: "{value}"'  # YAML would read a mapping
    else:
        assert line == f"notes: {value}"


def _sq(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def test_long_prose_is_folded_and_one_line_fields_never_wrap() -> None:
    prose = " ".join(["word"] * 40)
    title = "A very long source title " + "that goes on " * 10
    text = _canonical("subsystem: x\nlevel: unknown\nchecked: '2026-01-10'\n"
                      f"summary: {prose}\nsources:\n  - url: https://lwn.net/\n    title: {title.strip()}\n"
                      "    date: '2025'\n    note: Short enough to stay on its line even when indented.\n")
    lines = text.splitlines()
    assert lines[3] == "summary: >-"
    body = lines[4:lines.index('checked: "2026-01-10"')]
    assert len(body) > 1 and all(line.startswith("  word") for line in body)
    assert all(len(line) <= WIDTH + len(" word") for line in body)
    assert f"    title: {title.strip()}" in lines  # a line field, however long
    assert "    note: Short enough to stay on its line even when indented." in lines
    unbreakable = "Checked at https://example.org/" + "x" * 70  # no space after column 80: a block would not help
    again = _canonical(text.replace("Short enough to stay on its line even when indented.", unbreakable))
    assert f"    note: {unbreakable}" in again.splitlines()


def test_paragraphs_survive_folding() -> None:
    answer = ("First paragraph " * 8).strip() + "\n\n" + ("Second paragraph with `code` " * 5).strip()
    text = _canonical(f"id: 01-x\nnumber: 1\nanswer: {json.dumps(answer)}\n", "policy-section")
    assert "answer: >-" in text
    assert load_text("x", text).data["answer"] == answer


def test_comments_are_refused_with_their_position_and_the_file_is_left_alone(base_tree: Path, kpolicy) -> None:
    path = base_tree / "stances" / "example-c.yaml"
    path.write_text("subsystem: example-c  # the C side\nlevel: unknown\n# checked again in January\n"
                    "checked: 2026-01-10\nnotes: 'a # in a string is no comment'\n")
    before = path.read_bytes()
    run = kpolicy("fmt", path)
    assert run.code == 1
    lines = run.err.splitlines()
    assert lines[0] == f"{path}:1:23: error[fmt.comment]: comments are not kept in records (formatting would drop them)"
    assert lines[2].startswith(f"{path}:3:1: error[fmt.comment]")
    assert "hint: move the text into a notes field" in lines[1]
    assert path.read_bytes() == before


def test_the_schema_line_is_the_only_comment_and_fmt_writes_it() -> None:
    text = ("# yaml-language-server: $schema=../../elsewhere/x.json\n"
            "subsystem: x\nlevel: unknown\nchecked: '2026-01-10'\n")
    assert comment_positions(text) == []
    assert _canonical(text).splitlines()[0] == "# yaml-language-server: $schema=../../schema/stance.schema.json"
    assert comment_positions("a: |\n  # inside a block\nb: '#x' # but this is one\n") == [(3, 9)]
    assert comment_positions("a: >- # after the indicator\n  text\n") == [(1, 7)]


def test_a_record_that_does_not_load_gets_the_loaders_error(base_tree: Path, kpolicy) -> None:
    path = base_tree / "stances" / "example-c.yaml"
    path.write_text("subsystem: example-c\nlevel: unknown\nlevel: maintains\n")
    run = kpolicy("fmt", "--check", path)
    assert run.code == 1
    assert f"{path}:3:1: error[yaml.duplicate-key]: duplicate key 'level'" in run.err
    assert path.read_text() == "subsystem: example-c\nlevel: unknown\nlevel: maintains\n"


def test_diff_shows_the_change_and_changes_nothing(base_tree: Path, kpolicy) -> None:
    path = base_tree / "stances" / "example-c.yaml"
    before = path.read_bytes()
    run = kpolicy("fmt", "--diff", path)
    assert run.code == 1
    assert f"+++ b/{path}" in run.out
    assert '-checked: 2026-01-10\n+checked: "2026-01-10"\n' in run.out
    assert path.read_bytes() == before


def test_github_format_annotates_each_file_to_reformat(base_tree: Path, kpolicy) -> None:
    run = kpolicy("fmt", "--check", "--format", "github", base_tree / "stances")
    assert run.code == 1
    lines = run.out.splitlines()
    assert len(lines) == 2 and all(line.startswith("::error file=") for line in lines)
    assert "title=fmt.layout::not in the canonical layout%0Arun: kpolicy fmt " in lines[0]


def test_paths_outside_record_folders_and_missing_paths_are_problems(tmp_path: Path, kpolicy) -> None:
    stray = tmp_path / "notes" / "x.yaml"
    stray.parent.mkdir()
    stray.write_text("a: 1\n")
    run = kpolicy("fmt", stray, tmp_path / "missing.yaml", tmp_path / "notes")
    assert run.code == 1
    assert "x.yaml:1:1: error[fmt.not-a-record]: not in a record folder" in run.err
    assert "missing.yaml:1:1: error[io]: no such file or folder" in run.err
    assert stray.read_text() == "a: 1\n"
    assert kpolicy("fmt", "--policies", tmp_path / "nope").code == 2


def test_every_record_in_the_repository_formats_without_loss() -> None:
    for path in sorted((ROOT / "policies").rglob("*.yaml")):
        kind = next(k for k in KIND_BY_NAME.values() if k.folder == path.parent.name)
        text = path.read_text()
        formatted, problems = reformat(str(path), text, kind, SHAPES)
        assert not problems, problems
        assert formatted is not None
        assert same_data(load_text("a", text).data, load_text("b", formatted).data)
        assert reformat(str(path), formatted, kind, SHAPES)[0] == formatted  # a second run changes nothing


def test_same_data_tells_types_apart() -> None:
    assert not same_data({"a": 1}, {"a": True})
    assert not same_data({"a": 1}, {"a": 1.0})
    assert not same_data({"a": [1, 2]}, {"a": [2, 1]})
    assert same_data({"a": {"b": "c"}, "d": None}, {"d": None, "a": {"b": "c"}})


_text = st.lists(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
                 | st.sampled_from(["\n", "\t", "\x85", "\u2028", " ", "  ", "#", ": ", "- ", "'", '"', "\\", "`",
                                    "word"]),
                 max_size=60).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summary=_text, note=_text, title=_text)
def test_any_text_comes_back_unchanged(summary: str, note: str, title: str) -> None:
    data = {"subsystem": "x", "level": "unknown", "checked": "2026-01-10", "summary": summary,
            "route": {"via": "unknown", "note": note}, "sources": [{"url": "https://lwn.net/", "title": title}]}
    from kpolicy.records.writer import dump

    text = _canonical(dump(data, STANCE, SHAPES, fold=False))
    assert load_text("x", text).data == data
    assert _canonical(text) == text


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A[0-9a-z]{1,6}(?:-[0-9a-z]{1,6}){0,4}\Z"))
def test_a_plain_string_reads_back_as_the_same_string_in_yaml_1_1_and_here(value: str) -> None:
    from kpolicy.records.writer import needs_quotes

    if needs_quotes(value):
        return
    assert load_text("x", f"v: {value}\n").data["v"] == value
    assert yaml.safe_load(f"v: {value}\n")["v"] == value
