"""Bounded inputs: every value the schemas accept can be checked, rendered, exported and built.

Each example takes the clean corpus tree and gives every bounded field of every record (dates,
kernel releases, tool versions, positions and section numbers) a value generated from the very
pattern or range the schema declares for it. Whatever the schema accepts must then go through the
cross-record checks, the JSON export, the MAINTAINERS export and the rendering of every page of
the site without an exception: at worst a located problem (a date in the future, a version that
decreases). A 400-digit rustc version once passed the schema and broke the site.
"""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kpolicy.export import export_data
from kpolicy.maintainers.entries import entry_of, kernel_order
from kpolicy.maintainers.file import text
from kpolicy.records.build import build_catalog
from kpolicy.records.checks import run_checks
from kpolicy.records.kinds import KIND_BY_NAME
from kpolicy.records.reader import read_records
from kpolicy.records.schemas import SCHEMA_DIR, Schemas
from kpolicy.site.build import site_inputs
from kpolicy.site.pages import render_site

CORPUS = Path(__file__).parent / "corpus" / "base"
COMMON = json.loads((SCHEMA_DIR / "common.schema.json").read_text())["$defs"]
VERSIONS = json.loads((SCHEMA_DIR / "version-policy.schema.json").read_text())


def _pattern(node: dict[str, Any]) -> str:
    return node["pattern"]


def _version_patterns() -> dict[str, str]:
    found = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("version", "stable_since") and isinstance(value, dict) and "pattern" in value:
                    found[key] = value["pattern"]
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(VERSIONS)
    return found


RELEASE = st.from_regex(_pattern(COMMON["kernel_release"]), fullmatch=True)
APPROX_DATE = st.from_regex(_pattern(COMMON["approx_date"]), fullmatch=True)
# as_of also has format "date": a calendar day, in the years the pattern allows (1991-2099)
DATE = st.dates(datetime.date(1991, 1, 1), datetime.date(2099, 12, 31)).map(datetime.date.isoformat)
VERSION = {key: st.from_regex(p, fullmatch=True) for key, p in _version_patterns().items()}
KEYS = {"kernel": RELEASE, "since": RELEASE, "until": RELEASE, "maintainers_file": RELEASE, "release": RELEASE,
        "date": st.one_of(APPROX_DATE, DATE), "as_of": DATE, "checked": DATE, "version": VERSION["version"],
        "stable_since": VERSION["stable_since"],
        "position": st.integers(1, 100000), "number": st.integers(1, 99)}


@pytest.fixture(scope="module")
def base():
    """tests/corpus/base read (that it is clean is test_corpus.py's test_base_tree_is_clean)."""
    return read_records(CORPUS, today=datetime.date(2026, 11, 21))


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    out = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for k, v in items:
        if isinstance(k, str) and k in KEYS and not isinstance(v, (dict, list)):
            out.append(((*path, k), k))
        out.extend(_leaves(v, (*path, k)))
    return out


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


@settings(derandomize=True, max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_every_schema_valid_value_checks_exports_and_renders(base, data: st.DataObject) -> None:
    schemas = Schemas.default()
    tree = copy.deepcopy(base)
    tree.today = datetime.date(2026, 11, 21)
    tree.memo = {}
    for kind, docs in tree.docs.items():
        for doc in docs:
            for path, key in _leaves(doc.data):
                if data.draw(st.integers(0, 5)) == 0:  # a few fields at a time, so that many examples pass the checks
                    strategy = DATE if path[-2:] == ("rule", "since") else KEYS[key]  # the rule's date
                    _set(doc.data, path, data.draw(strategy, label=f"{doc.path}:{path}"))
            if not schemas.is_valid(KIND_BY_NAME[kind].schema, doc.data):
                event("not schema-valid")
                return  # not schema-valid (an event id no longer fits...): the schema's own business
    # the checks of order and time refuse most random combinations; the pages must not depend on them
    problems = run_checks(tree, skip={"version-order", "history-order", "event-id-date", "kernel-range", "date-valid",
                                      "stance-since", "version-architectures"})
    for p in problems:
        assert p.line >= 1 and p.column >= 1 and p.message
    if any(p.is_error for p in problems):
        event("refused by a check")
        return
    event("rendered")
    catalog = build_catalog(tree.docs)
    json.dumps(export_data(catalog))
    text([entry_of(s) for s in kernel_order(catalog.subsystems.values())])
    site = render_site(catalog, site_inputs(catalog, SCHEMA_DIR.parent, tree.today))
    assert site.pages


@pytest.mark.parametrize("extreme", ["largest", "smallest"])
def test_the_extremes_the_schema_allows_check_export_and_render(base, extreme: str) -> None:
    """The longest numbers each pattern accepts (where a float conversion or a chart scale would
    overflow) and the smallest ones, everywhere at once."""
    values = {"largest": {"release": "9.99.999-rc99", "approx": "2099-12-31", "day": "2099-12-31",
                          "version": "9999.9999.9999", "position": 100000, "number": 99},
              "smallest": {"release": "1.0", "approx": "1991", "day": "1991-01-01", "version": "0.0.0",
                           "position": 1, "number": 1}}[extreme]
    schemas = Schemas.default()
    tree = copy.deepcopy(base)
    tree.memo = {}
    for kind, docs in tree.docs.items():
        for doc in docs:
            for path, key in _leaves(doc.data):
                if (key in ("kernel", "since", "until", "maintainers_file", "release")
                        and path[-2:] != ("rule", "since")):
                    value = values["release"]
                elif key in ("date", "since"):
                    value = values["approx"]
                elif key in ("as_of", "checked"):
                    value = values["day"]
                elif key in ("version", "stable_since"):
                    value = values["version"]
                else:
                    value = values[key]
                _set(doc.data, path, value)
            assert schemas.is_valid(KIND_BY_NAME[kind].schema, doc.data), (
                doc.path, list(schemas.errors(KIND_BY_NAME[kind], doc.data)))
    problems = run_checks(tree, skip={"version-order", "history-order", "event-id-date", "kernel-range", "date-valid",
                                      "policy-numbering", "checked-after-sources", "stance-since",
                                      "version-architectures", "id-file-name"})  # a release record's id is its release
    assert not [p for p in problems if p.is_error], problems
    catalog = build_catalog(tree.docs)
    json.dumps(export_data(catalog))
    text([entry_of(s) for s in kernel_order(catalog.subsystems.values())])
    assert render_site(catalog, site_inputs(catalog, SCHEMA_DIR.parent, datetime.date(2026, 11, 21))).pages
