"""Properties of the validator: any damage to one record gives located problems, never a crash.

Each example takes the clean tree tests/corpus/base, damages one record (a value replaced by
random JSON-like data, a key deleted, an unknown key added, the record copied under another
name, or the whole file replaced by random text), and runs catalog.load() and, for some
examples, `kpolicy validate --format json` in-process. One copy of the tree is reused: each
example rewrites one file and puts it back afterwards.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TODAY
from corpus_support import data_paths
from kpolicy.cli import main
from kpolicy.records.load import load
from kpolicy.records.problems import SEVERITIES
from kpolicy.records.yamlio import load_file

BASE = Path(__file__).parent / "corpus" / "base"
RECORDS = sorted(str(p.relative_to(BASE)) for p in BASE.rglob("*.yaml"))
DATA = {rel: load_file(BASE / rel).data for rel in RECORDS}

FIELD_NAMES = ["id", "title", "name", "url", "date", "level", "via", "sources", "kernel", "version", "kind", "person",
               "email", "emails", "since", "until", "status", "as_of", "checked", "summary", "route", "minimums",
               "maintainers",
               "subsystem", "subsystems", "people", "records", "number", "rust_maintainers", "pairs_with", "renamed_to",
               "history", "fields_from", "maintainers_file", "release", "position", "verified", "notes", "tool",
               "rule", "files", "regexes", "links", "aliases"]
_strings = st.one_of(
    st.sampled_from(["", "x", "ada-example", "bob-example", "rust-example", "example-c", "2025-02-09-policy-published",
                     "01-how-is-rust-introduced-in-a-subsystem", "6.1", "6.15", "1.78.0", "7.0-rc3", "2025-02-30",
                     "2025-01-08", "2099-01-01", "1900-01", "2025", "maintains", "rust-tree", "minimum", "pinned",
                     "Supported", "https://lore.kernel.org/x", "https://example.org/", "javascript:alert(1)",
                     "a@b.example", "ada@example.org", "bob@example.org", "carol-example", "2026-12-31",
                     "<script>x</script>", "[a](javascript:x)", "x" * 300, "(", "\\", "rust/",
                     "RUST EXAMPLE [RUST]", "EXAMPLE C SUBSYSTEM", "subsystem", "event", "stance-levels"]),
    st.text(max_size=12),
)
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**6), st.floats(allow_nan=False), _strings)
json_like = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=6)), inner, max_size=4)),
    max_leaves=10)


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    data[path[0]] = _set(data[path[0]], path[1:], value)
    return data


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        data = data[p]
    return data


@st.composite
def damage(draw: st.DrawFn) -> tuple[str, str, str]:
    """(record path, what was done, the new text of the file)."""
    rel = draw(st.sampled_from(RECORDS))
    data = json.loads(json.dumps(DATA[rel]))
    paths = [p for p, _ in data_paths(data)]
    how = draw(st.sampled_from(["replace", "tweak", "tweak", "list", "delete", "add", "copy", "text"]))
    if how == "text":
        text = draw(st.one_of(st.text(), st.text(st.sampled_from("ab:- []{}#&*!|>'\"\n\t\0\r\ufeff"))))
        return rel, how, text
    if how == "tweak":  # a value of the same type: another id, date, number, flag; the schema may well pass
        path = draw(st.sampled_from([p for p in paths if not isinstance(_get(data, p), (dict, list))]))
        old = _get(data, path)
        new = {bool: st.booleans(), int: st.integers(-3, 100), str: _strings}.get(type(old), _scalars)
        data = _set(data, path, draw(new))
    elif how == "list" and any(isinstance(_get(data, p), list) and _get(data, p) for p in paths):
        # an item repeated, dropped or moved
        path = draw(st.sampled_from([p for p in paths if isinstance(_get(data, p), list) and _get(data, p)]))
        items = _get(data, path)
        i, j = draw(st.integers(0, len(items) - 1)), draw(st.integers(0, len(items) - 1))
        op = draw(st.sampled_from(["repeat", "drop", "move"]))
        if op == "repeat":
            items.insert(j, json.loads(json.dumps(items[i])))
        elif op == "drop":
            del items[i]
        else:
            items.insert(j, items.pop(i))
    elif how in ("replace", "copy", "list"):
        path = draw(st.sampled_from(paths))
        data = _set(data, path, draw(json_like))
    elif how == "delete":
        path = draw(st.sampled_from([p for p in paths if p and isinstance(p[-1], str)]))
        del _get(data, path[:-1])[path[-1]]
    else:
        path = draw(st.sampled_from([p for p in paths if isinstance(_get(data, p), dict)]))
        _get(data, path)[draw(st.one_of(st.sampled_from([*FIELD_NAMES, "titel", "extra"]), st.text(max_size=8)))] = \
            draw(json_like)
    return rel, f"{how} {path}", yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("validator") / "policies"
    shutil.copytree(BASE, root)
    return root


@contextlib.contextmanager
def damaged(tree: Path, rel: str, how: str, text: str) -> Iterator[None]:
    """The tree with one file rewritten (or a copy of it added), put back afterwards."""
    target = tree / rel if not how.startswith("copy") else tree / rel.split("/")[0] / "zz-copy.yaml"
    target.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        yield
    finally:
        if how.startswith("copy"):
            target.unlink()
        else:
            shutil.copyfile(BASE / rel, target)


def _lines(path: str) -> int:
    """Lines as YAML 1.2 and editors count them: a line ends at LF, CR LF or CR."""
    return len(re.findall(rb"\r\n|\r|\n", Path(path).read_bytes())) + 1


@settings(derandomize=True, deadline=None, max_examples=400)
@given(case=damage(), cli=st.integers(0, 3))
def test_any_damage_gives_located_problems_and_no_crash(tree: Path, case: tuple[str, str, str], cli: int) -> None:
    rel, how, text = case
    with damaged(tree, rel, how, text):
        result = load(tree, today=TODAY)
        for p in result.problems:
            assert Path(p.path).is_file(), p
            assert p.severity in SEVERITIES, p
            assert 1 <= p.line <= _lines(p.path) + 1 and p.column >= 1, (p, how, text)
            assert p.message and p.check, p
        has_error = any(p.severity == "error" for p in result.problems)
        assert (result.catalog is None) == has_error
        if cli == 0:  # a quarter of the examples also go through the command
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["validate", "--policies", str(tree), "--format", "json"])
            assert code == (1 if has_error else 0), err.getvalue()
            reported = json.loads(out.getvalue())
            assert len(reported) == len(result.problems)
            assert all({"path", "line", "column", "check", "severity", "message"} <= set(p) for p in reported)
            assert "Traceback" not in out.getvalue() + err.getvalue() and err.getvalue() == ""
    assert (tree / rel).read_bytes() == (BASE / rel).read_bytes()  # the tree was put back
    assert not list(tree.glob("*/zz-copy.yaml"))


def test_the_base_tree_is_clean() -> None:
    result = load(BASE, today=TODAY)
    assert result.problems == [] and result.catalog is not None
