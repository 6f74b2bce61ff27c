"""Every registered check has its unit tests: at least one case that finds nothing and one that
finds something, in the tables of tests/test_check_*.py (a new check without them fails here)."""

from __future__ import annotations

import importlib
from pathlib import Path

from check_cases import Case
from kpolicy.records.checks import REGISTRY

TABLES = sorted(p.stem for p in Path(__file__).parent.glob("test_check_*.py") if p.stem != "test_check_coverage")


def _cases() -> list[Case]:
    cases: list[Case] = []
    for name in TABLES:
        cases.extend(importlib.import_module(name).CASES)
    return cases


def test_every_check_has_a_clean_case_and_a_finding_case() -> None:
    cases = _cases()
    clean = {c.check for c in cases if not c.expected}
    finding = {c.check for c in cases if c.expected}
    assert sorted(set(REGISTRY) - clean) == [], "checks without a case that finds nothing"
    assert sorted(set(REGISTRY) - finding) == [], "checks without a case that finds something"


def test_cases_name_registered_checks_only() -> None:
    assert sorted({c.check for c in _cases()} - set(REGISTRY)) == []


def test_every_expected_problem_is_of_the_check_under_test() -> None:
    wrong = [(c.name, e) for c in _cases() for e in c.expected if f" {c.check}: " not in e]
    assert wrong == []


def test_the_tables_are_found() -> None:
    assert len(TABLES) >= 6, TABLES
