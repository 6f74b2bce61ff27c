"""N:/K: patterns run by RE2, in time linear in the path: no valid record can hang `who`."""

from __future__ import annotations

import json
import lzma
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpolicy.maintainers.file import read
from kpolicy.records.patterns import PatternError, compile_linear, strip_extended

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def real() -> tuple[list[str], list[str], list[str]]:
    m = read(DATA / "MAINTAINERS-6.12.117.xz")
    n = sorted({v for e in m.entries for k, v in e.fields if k == "N"})
    k = sorted({v for e in m.entries for k, v in e.fields if k == "K"})
    with lzma.open(DATA / "get_maintainer-6.12.117.jsonl.xz", "rt", encoding="utf-8") as f:
        paths = [json.loads(line)["path"] for line in f]
    paths += [v for e in m.entries for k, v in e.fields if k == "F"][::8]  # and some patterns as paths
    return n, k, paths


def test_every_real_pattern_runs_on_the_linear_engine_and_matches_as_before(real) -> None:
    n, k, paths = real
    assert len(n) > 50 and len(k) > 50 and len(paths) > 1500
    for value in k:
        compile_linear(value)
    for value in n:  # the same answers as Python's backtracking engine in extended mode, on real paths
        linear, backtracking = compile_linear(value), re.compile(value, re.VERBOSE).search
        assert [p for p in paths if linear(p)] == [p for p in paths if backtracking(p)], value


@pytest.mark.parametrize("pattern", [r"(a)\1", r"foo(?=bar)", r"(?<!x)y", r"a++", r"(?P<n>a)(?P=n)"])
def test_what_the_linear_engine_cannot_run_is_refused(pattern: str) -> None:
    with pytest.raises(PatternError, match="RE2"):
        compile_linear(pattern)


def test_nested_quantifiers_are_accepted_because_they_cannot_backtrack(base_tree: Path, kpolicy) -> None:
    """The pattern that kept `who` busy for more than a minute on the backtracking engine."""
    record = base_tree / "subsystems" / "rust-example.yaml"
    record.write_text(record.read_text().replace("regexes:\n", 'regexes:\n  - "(a+)+b"\n  - "(x|x)*y"\n'))
    assert kpolicy("validate", "--policies", base_tree).code == 0
    paths = ["a" * n for n in range(1, 200)] + ["x" * 5000, "rust/example/" + "a" * 100 + "c"]
    run = kpolicy("who", "--no-cache", "--format", "json", "--policies", base_tree, *paths)
    assert run.code == 0 and len(json.loads(run.out)) == len(paths)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t#\\[]^ab(c)", max_size=30))  # no line break: a MAINTAINERS value has none
def test_extended_mode_is_stripped_as_perl_and_python_strip_it(pattern: str) -> None:
    warnings.simplefilter("ignore", FutureWarning)  # "possible nested set": not what is tested here
    try:
        expected = re.compile(pattern, re.VERBOSE)
    except re.error:
        return
    try:
        plain = re.compile(strip_extended(pattern))
    except re.error:
        pytest.fail(f"{pattern!r} compiles in extended mode but not once stripped: {strip_extended(pattern)!r}")
    for subject in ("", "a", "ab", "abc", " a", "#", "[", "]", "^", "\\", "c)", "aab b"):
        assert bool(expected.search(subject)) == bool(plain.search(subject)), (pattern, subject)
