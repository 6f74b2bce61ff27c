"""Hostile records: markup and script URLs in every text and URL field of every record kind,
each refused at the exact line and column of the value (the one-file corpus cases run through
every command in test_hostile_input.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kpolicy.records.load import load
from kpolicy.records.kinds import KINDS
from kpolicy.records.yamlio import load_file

CORPUS = Path(__file__).parent / "corpus"
MARKUP = ("<script>alert(1)</script>", "x<img src=x onerror=alert(1)>", "</title><svg/onload=alert(1)>")
SCRIPT_URLS = ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "JaVaScRiPt:alert(1)",
               "vbscript:msgbox(1)")


def _string_leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _string_leaves(v, path + (k,))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _string_leaves(v, path + (i,))]
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
                for payload in (SCRIPT_URLS if is_url else MARKUP):
                    cases.append((rel, path, payload))
    return cases


CASES = _cases()


def test_the_generated_corpus_reaches_every_kind() -> None:
    assert {c[0].split("/")[0] for c in CASES} == {k.folder for k in KINDS}
    assert len(CASES) > 250


@pytest.mark.parametrize("rel,path,payload", CASES, ids=[f"{c[0]}:{'.'.join(map(str, c[1]))}:{i % 4}"
                                                          for i, c in enumerate(CASES)])
def test_markup_and_script_urls_are_refused_where_they_stand(rel: str, path: tuple[Any, ...], payload: str,
                                                              base_tree: Path) -> None:
    target = base_tree / rel
    data = load_file(target).data
    _set(data, path, payload)
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    where = load_file(target).position(path)
    result = load(base_tree)
    located = [(p.line, p.column) for p in result.errors if p.path.endswith(rel)]
    assert where in located, f"{payload!r} in {'.'.join(map(str, path))} was not refused at {where}: {result.errors}"
    assert result.catalog is None
