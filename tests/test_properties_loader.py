"""Properties of the strict loader: whatever the input, a Document or a located LoadError.

Generated input: YAML-looking text made of the format's punctuation and the things the loader
refuses (anchors, aliases, tags, several documents, tabs, NUL, a byte-order mark, control and
line-break characters, deep brackets, very long scalars), arbitrary text and arbitrary bytes.
The second half dumps JSON-like data with yaml.safe_dump and reads it back.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus_support import data_paths
from kpolicy.records.yamlio import Document, LoadError, decode, load_file, load_text


def _settings(examples: int) -> settings:
    return settings(derandomize=True, deadline=None, max_examples=examples)


# The line breaks of YAML 1.2 (and of editors). libyaml also ends a line at NEL, LINE SEPARATOR and
# PARAGRAPH SEPARATOR, which the loader refuses, so that its lines are the file's lines.
_LINE_BREAK = re.compile("\r\n|[\n\r]")

FRAGMENTS = [
    "a", "id", "title", "x", "Zed", "é", "\u00e9t\u00e9", "0", "1", "07", "08", "1.5", "1e5", "._", "-.inf", ".nan",
    "2025-01-08", "2025-01-08 10:00:00", "yes", "No", "on", "y", "~", "null", "true", "FALSE",
    ":", ": ", "- ", "-", "? ", "?", ",", "[", "]", "{", "}", "#", " # c", "&", "&a ", "*a", "*", "!", "!!str ",
    "!!int ", "!!float ", "!!bool ", "!!null ", "!!map ", "!!seq ", "!!binary ", "!foo ", "!<tag:x> ",
    "%YAML 1.2\n", "%TAG ! tag:x,2000:\n", "---", "--- ", "...", "|", "|-", ">", ">+2", "'", "''", '"', '\\"',
    "\\", "\\x", "\\u12", "@", "`", "%",
    "\n", "\n", "\n", "\n  ", "\n- ", "\t", "\r", "\r\n", " ", "  ", "\ufeff", "\0", "\x01", "\x07", "\x1b",
    "\x7f", "\x85", "\u2028", "\u2029", "\ud7ff", "\ufffe", "\U0001f600",
]

_long_scalars = st.tuples(st.sampled_from(["x", "9", "1_", "._", " ", "'", '"', "a\n", "#"]),
                          st.integers(0, 6000)).map(lambda t: t[0] * t[1])
_deep = st.tuples(st.sampled_from(["[", "{a: ", "- ", "[{", "? "]), st.integers(0, 200)).map(lambda t: t[0] * t[1])
_piece = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(FRAGMENTS), st.text(max_size=4),
                   _long_scalars, _deep)
yaml_like = st.one_of(
    st.lists(_piece, max_size=40).map("".join),
    st.lists(_piece, max_size=12).map(lambda parts: "k: " + "".join(parts)),
    st.text(),
)


def _max_line(text: str) -> int:
    return len(_LINE_BREAK.findall(text)) + 1


def _check_located(problem: Any, text: str) -> None:
    assert problem.line >= 1 and problem.column >= 1, problem
    assert problem.line <= _max_line(text) + 1, problem
    assert problem.severity == "error" and problem.message, problem


def _load(text: str) -> Document | LoadError:
    try:
        doc = load_text("r.yaml", text)
    except LoadError as e:
        _check_located(e.problem, text)
        assert e.problem.path == "r.yaml"
        return e
    assert isinstance(doc.data, dict)
    return doc


@_settings(1000)
@given(yaml_like)
@example("a: ._\n")  # a plain scalar that looks like a float and has no digit
@example("a: " + "9" * 5000 + "\n")  # an integer longer than Python converts
@example("a: b\u2028c: [\n")  # libyaml counts U+2028 as a line break, and reads two keys from a: b\u2028c: d
def test_any_text_loads_or_is_a_located_refusal(text: str) -> None:
    _load(text)


_bytes = st.one_of(
    st.binary(max_size=200),
    st.tuples(yaml_like, st.binary(max_size=4), st.integers(0, 200), st.booleans()).map(
        lambda t: (b"\xef\xbb\xbf" if t[3] else b"") + t[0].encode("utf-8", "surrogatepass")[:t[2]] + t[1]
        + t[0].encode("utf-8", "surrogatepass")[t[2]:]),
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("loader") / "r.yaml"


@_settings(400)
@given(raw=_bytes)
@example(raw=b"a: b\n\xff")
@example(raw=b"\xef\xbb\xbfa: b\r\n\0")
def test_any_bytes_decode_and_load_or_are_a_located_refusal(raw: bytes, scratch: Path) -> None:
    try:
        text = decode("r.yaml", raw)
    except LoadError as e:
        _check_located(e.problem, raw.decode("utf-8", "replace"))
        assert e.problem.check in ("yaml.encoding", "yaml.nul"), e.problem
        loaded: Any = e
    else:
        assert "\0" not in text
        assert text == raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")  # one byte-order mark dropped
        loaded = _load(text)
    # the file reader gives the same answer as decode + load_text
    scratch.write_bytes(raw)
    try:
        from_file: Any = load_file(scratch, "r.yaml")
    except LoadError as e:
        from_file = e
    assert type(from_file) is type(loaded)
    if isinstance(loaded, LoadError):
        assert from_file.problem == loaded.problem
    else:
        assert from_file.data == loaded.data and from_file.positions == loaded.positions


# -- safe_dump output reads back -----------------------------------------------------------------

_keys = st.one_of(st.text(max_size=12), st.sampled_from(["id", "yes", "y", "08", "1e5", "null", "2025-01-08", "-", ""]))
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(), st.sampled_from(["y", "n", "Y", "08", "-01", "0_7", "1e5", "1.5E+3", "+1", "._", "2025-01-08",
                                "2025-1-8", "2025-01-08T10:00:00Z", "~", "Null", ".inf", "1.0", "6.10", "0o17",
                                "0x1F", "yes", "on", ""]),
)
json_like = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=4)), max_leaves=20)

# Plain strings that YAML 1.1 (PyYAML's dumper) leaves unquoted but that the loader refuses by
# design, with the check that says so.
_REFUSED_PLAIN = [
    (re.compile(r"^(?:y|Y|n|N)$"), "yaml.implicit-bool"),
    (re.compile(r"^[-+]?0[0-9_]+$"), "yaml.ambiguous-number"),
    (re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"), "yaml.timestamp"),  # 2025-1-8; 2025-01-08 is quoted
]


def _compare(loaded: Any, data: Any, doc: Document, path: tuple[Any, ...] = ()) -> None:
    """The loaded value is the dumped one, types kept apart (True is not 1, 1.0 is not 1, '1' is not 1).
    One difference is allowed: a string that YAML 1.1 leaves plain and YAML 1.2 reads as a number
    (1e5), which the loader reads as a number and remembers as written, for the schema's hint."""
    if isinstance(data, str) and type(loaded) in (int, float) and yaml.safe_load(data) == data:
        assert doc.plain_numbers.get(path) == data, (path, data)
        assert re.fullmatch(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+", data), (path, data)
        return
    assert type(loaded) is type(data), (path, loaded, data)
    if isinstance(data, dict):
        assert set(loaded) == set(data), path
        for k in data:
            _compare(loaded[k], data[k], doc, (*path, k))
    elif isinstance(data, list):
        assert len(loaded) == len(data), path
        for i, (x, y) in enumerate(zip(loaded, data, strict=True)):
            _compare(x, y, doc, (*path, i))
    else:
        assert loaded == data, (path, loaded, data)


@_settings(300)
@given(data=st.dictionaries(_keys, json_like, max_size=6), sort=st.booleans(),
       flow=st.sampled_from([None, False, True]))
@example(data={"a": "1e5", "b": "1.0e5"}, sort=True, flow=None)
def test_safe_dump_output_reads_back_the_same(data: dict[str, Any], sort: bool, flow: bool | None) -> None:
    text = yaml.safe_dump(data, sort_keys=sort, default_flow_style=flow)
    try:
        doc = load_text("r.yaml", text)
    except LoadError as e:
        _check_located(e.problem, text)
        line = text.split("\n")[e.problem.line - 1]
        assert any(e.problem.check == check and any(
            isinstance(v, str) and pattern.match(v) and line[e.problem.column - 1:].startswith(v)
            for _, v in data_paths(data)) for pattern, check in _REFUSED_PLAIN), (e.problem, text)
        return
    _compare(doc.data, data, doc)
    if not sort:
        assert [p for p, _ in data_paths(doc.data)] == [p for p, _ in data_paths(data)]  # the file's order
    for path, _ in data_paths(doc.data):
        assert path in doc.positions, path
        if path:
            if isinstance(path[-1], str):
                assert path in doc.key_positions, path
            line, column = doc.positions[path]
            assert 1 <= line <= _max_line(text) and column >= 1, (path, line, column)
