"""records.staged: the problems files would bring before they are written, without touching the records as read."""

from __future__ import annotations

import datetime

from conftest import CORPUS
from kpolicy.records.problems import display_path
from kpolicy.records.reader import RecordSet, read_records
from kpolicy.records.schemas import Schemas
from kpolicy.records.staged import Staged, check_staged

TODAY = datetime.date(2026, 1, 20)


def _records() -> RecordSet:
    return read_records(CORPUS / "base", Schemas.default(), TODAY)


def _shown(folder: str, stem: str) -> str:
    return display_path(CORPUS / "base" / folder / f"{stem}.yaml")


def test_a_new_stance_of_an_unknown_subsystem_is_a_new_problem_and_the_records_stay_as_read() -> None:
    records = _records()
    docs_before = {k: list(v) for k, v in records.docs.items()}
    stems_before = {k: set(v) for k, v in records.stems.items()}
    staged = Staged("stance", _shown("stances", "no-such-subsystem"),
                    "subsystem: no-such-subsystem\nlevel: unknown\nchecked: 2026-01-10\n")
    verdict = check_staged(records, [staged], Schemas.default())
    assert [p.path for p in verdict.problems] == [staged.shown]
    assert all(p.is_error for p in verdict.problems)
    assert "no-such-subsystem" in verdict.problems[0].message
    assert list(verdict.documents) == [staged.shown]
    assert records.docs == docs_before and records.stems == stems_before


def test_rewriting_a_record_with_the_same_data_brings_no_problem() -> None:
    records = _records()
    path = CORPUS / "base" / "stances" / "example-c.yaml"
    verdict = check_staged(records, [Staged("stance", display_path(path), path.read_text())], Schemas.default())
    assert verdict.problems == []


def test_a_file_that_does_not_fit_its_schema_stops_before_the_cross_record_checks() -> None:
    records = _records()
    bad = Staged("stance", _shown("stances", "example-c"), "subsystem: example-c\nlevel: maybe\nchecked: 2026-01-10\n")
    unloadable = Staged("stance", _shown("stances", "other"), "subsystem: [unclosed\n")
    verdict = check_staged(records, [bad, unloadable], Schemas.default())
    assert {p.path for p in verdict.problems} == {bad.shown, unloadable.shown}
    assert list(verdict.documents) == [bad.shown]  # the one that loads, for locating its problems

