"""Hostile records: markup and script URLs in every text and URL field of every record kind,
each refused at the exact line and column of the value (the one-file corpus cases run through
every command in test_hostile_input.py)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from kpolicy.records.kinds import KINDS
from kpolicy.records.load import load
from kpolicy.records.yamlio import load_file

CORPUS = Path(__file__).parent / "corpus"
TODAY = datetime.date(2026, 12, 1)  # the date checks' "today": after every date of the corpus
MARKUP = ("<script>alert(1)</script>", "x<img src=x onerror=alert(1)>", "</title><svg/onload=alert(1)>")
SCRIPT_URLS = ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "JaVaScRiPt:alert(1)",
               "vbscript:msgbox(1)")


def _string_leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _string_leaves(v, (*path, k))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _string_leaves(v, (*path, i))]
    return [(path, value)] if isinstance(value, str) else []


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _cases() -> list[tuple[str, tuple[Any, ...], str]]:
    cases = []
    for kind in KINDS:
        for f in sorted((CORPUS / "base" / kind.folder).glob("*.yaml")):
            rel = f"{kind.folder}/{f.name}"
            for path, value in _string_leaves(load_file(f).data):
                is_url = value.startswith("http")
                cases.extend((rel, path, payload) for payload in (SCRIPT_URLS if is_url else MARKUP))
    return cases


CASES = _cases()


def test_the_generated_corpus_reaches_every_kind() -> None:
    assert {c[0].split("/")[0] for c in CASES} == {k.folder for k in KINDS}
    assert len(CASES) > 250


# Values the schemas restrict to a fixed list (folder, field path without list indices): there a
# payload is not one of the values; everywhere else it does not match the field's pattern.
ENUM_FIELDS = {
    ("events", "kind"), ("policy", "records.kind"), ("policy", "views"), ("releases", "rust.areas.area"),
    ("releases", "toolchain.rustc.by_arch.variable"), ("stances", "level"), ("stances", "history.level"),
    ("stances", "route.via"), ("stances", "rust_enabled_builds"), ("stances", "temporary_breakage"),
    ("version-policy", "tool"), ("version-policy", "minimums.kind"), ("version-policy", "unstable_features.scope"),
    ("version-policy", "unstable_features.status"),
}


def _field(path: tuple[Any, ...]) -> str:
    """A field path as messages write it: 'records[0].kind'."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" if i else p for i, p in enumerate(path))


def test_every_enum_field_is_reached() -> None:
    reached = {(rel.split("/")[0], ".".join(p for p in path if not isinstance(p, int))) for rel, path, _ in CASES}
    assert reached >= ENUM_FIELDS


@pytest.mark.parametrize("rel,path,payload", CASES, ids=[f"{c[0]}:{'.'.join(map(str, c[1]))}:{i % 4}"
                                                          for i, c in enumerate(CASES)])
def test_markup_and_script_urls_are_refused_where_they_stand(rel: str, path: tuple[Any, ...], payload: str,
                                                              base_tree: Path) -> None:
    target = base_tree / rel
    data = load_file(target).data
    _set(data, path, payload)
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    where = load_file(target).position(path)
    result = load(base_tree, today=TODAY)
    assert result.catalog is None
    [error] = result.errors  # the one value, and nothing else, is refused
    assert error.path.endswith(rel), error
    assert (error.line, error.column) == where, error
    field = _field(path)
    if (rel.split("/")[0], ".".join(p for p in path if not isinstance(p, int))) in ENUM_FIELDS:
        assert error.check == "schema.enum"
        assert error.message.startswith(f"{field}: {payload!r} is not one of "), error.message
    else:
        assert (error.check, error.message) == ("schema.pattern", f"{field}: {payload!r} is not valid")
