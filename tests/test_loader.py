"""The strict loader: what it accepts, what it refuses, and where it says the problem is."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpolicy.records.atomic import atomic_write
from kpolicy.records.yamlio import MAX_FILE_BYTES, LoadError, load_file, load_text


def problem(text: str | bytes, tmp_path: Path):
    f = tmp_path / "r.yaml"
    f.write_bytes(text.encode() if isinstance(text, str) else text)
    with pytest.raises(LoadError) as e:
        load_file(f, "r.yaml")
    return e.value.problem


def test_values_keep_their_positions() -> None:
    doc = load_text("r.yaml", "id: x\nlist:\n  - a\n  - {k: v}\n")
    assert doc.data == {"id": "x", "list": ["a", {"k": "v"}]}
    assert doc.position(("list", 1, "k")) == (4, 9)
    assert doc.position(("list",), key=True) == (2, 1)
    # a path deeper than the document points at the nearest value that exists
    assert doc.position(("list", 0, "missing")) == (3, 5)


def test_dates_versions_and_words_stay_strings() -> None:
    doc = load_text("r.yaml", "d: 2025-01-08\nv: 1.85.0\nq: '6.10'\nw: Supported\nn:\nt: true\n")
    assert doc.data == {"d": "2025-01-08", "v": "1.85.0", "q": "6.10", "w": "Supported", "n": None, "t": True}


def test_plain_numbers_are_remembered_for_hints() -> None:
    doc = load_text("r.yaml", "kernel: 6.10\n")
    assert doc.data == {"kernel": 6.1}
    assert doc.plain_numbers == {("kernel",): "6.10"}


def test_byte_order_mark_and_crlf_are_accepted(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_bytes(b"\xef\xbb\xbfid: x\r\nname: Zed\r\n")
    doc = load_file(f)
    assert doc.data == {"id": "x", "name": "Zed"}
    assert doc.position(("name",)) == (2, 7)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    with f.open("wb") as out:
        out.truncate(50 * 1024 * 1024)  # a sparse 50 MB file
    with pytest.raises(LoadError) as e:
        load_file(f, "r.yaml")
    p = e.value.problem
    assert (p.check, p.line, p.column) == ("yaml.too-large", 1, 1)
    assert f"{MAX_FILE_BYTES:,}" in p.message


@pytest.mark.parametrize("text,check,pos", [
    ("a: on\n", "yaml.implicit-bool", (1, 4)),
    ("a: [1, 2\n", "yaml.syntax", (2, 1)),
    ("a: !!binary aGVsbG8=\n", "yaml.tag", (1, 4)),
    ("a: !!int nope\n", "yaml.tag", (1, 4)),
    ("a: b\n...\n---\nc: d\n", "yaml.multi-document", (3, 1)),
    ("just text\n", "yaml.not-mapping", (1, 1)),
])
def test_refusals(text: str, check: str, pos: tuple[int, int], tmp_path: Path) -> None:
    p = problem(text, tmp_path)
    assert (p.check, (p.line, p.column)) == (check, pos)
    assert p.path == "r.yaml"


def test_alias_bomb_is_refused_at_the_first_anchor(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    p = problem(bomb, tmp_path)
    assert (p.check, p.line, p.column) == ("yaml.alias", 1, 4)


def test_atomic_write_replaces_whole_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    f = tmp_path / "out" / "a.json"
    atomic_write(f, "first")
    atomic_write(f, "second")
    assert f.read_text() == "second"
    assert [p.name for p in f.parent.iterdir()] == ["a.json"]


def test_atomic_write_failure_keeps_the_old_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    f = tmp_path / "a.json"
    f.write_text("old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(f, "new")
    assert f.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


@pytest.mark.parametrize("parser", ["libyaml", "pure-python"])
@pytest.mark.parametrize(("opening", "closing", "column"), [("[", "]", 71), ("{a: ", "}", 260)])
def test_too_deep_is_the_loaders_own_rule_under_any_parser(monkeypatch: pytest.MonkeyPatch, parser: str,
                                                           opening: str, closing: str, column: int) -> None:
    """libyaml 0.2.6 refuses nesting past 1000 levels itself, scanning a flow list ahead of the events
    the loader sees; the loader's own limit (64) and its location hold with any parser."""
    from kpolicy.records import yamlio
    if parser == "pure-python":
        monkeypatch.setattr(yamlio, "_CLoader", None)
    elif yamlio._CLoader is None:
        pytest.skip("PyYAML without libyaml")
    with pytest.raises(LoadError) as e:
        load_text("r.yaml", "id: x\nnotes: " + opening * 10_000 + closing * 10_000 + "\n")
    p = e.value.problem
    assert (p.check, p.line, p.column) == ("yaml.too-deep", 2, column)
