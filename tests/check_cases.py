"""Support for the per-check unit tests (tests/test_check_*.py): a case is a few small YAML records
written to a temporary records folder, loaded with a fixed 'today', and the exact problems one
check reports for them."""

from __future__ import annotations

import datetime
import os
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from kpolicy.maintainers.file import parse
from kpolicy.records.checks import REGISTRY
from kpolicy.records.load import load

TODAY = datetime.date(2026, 6, 1)
MAINTAINERS_VERSION = "6.12.117"

# A small clean tree every case starts from (a case's files replace or add to it; None removes one).
BASE: dict[str, str] = {
    "maintainers/ada.yaml": """\
        id: ada
        name: Ada Example
        emails:
          - ada@example.org
        """,
    "subsystems/alpha.yaml": """\
        id: alpha
        title: ALPHA DRIVER
        maintainers:
          - ada
        status:
          - Maintained
        fields_from: {maintainers_file: "6.12.117"}
        """,
    "stances/alpha.yaml": """\
        subsystem: alpha
        level: unknown
        checked: 2026-01-01
        """,
}


@dataclass(frozen=True)
class Case:
    name: str  # the test's id
    check: str  # the check under test
    files: dict[str, str | None]  # records folder path -> YAML text (dedented); None removes a BASE file
    expected: tuple[str, ...]  # "path:line:col severity check: message", in the order validate prints them
    base: bool = True  # start from BASE
    maintainers: str | None = field(default=None)  # MAINTAINERS text (of MAINTAINERS_VERSION), for --maintainers


def problems_of(tmp_path: Path, case: Case) -> list[str]:
    """The problems case.check reports for the case's records, as 'path:line:col severity check: message'.
    Any problem that is not a cross-record check (a schema or YAML error) fails the test: the
    records of a case must be valid except for what the check looks at."""
    root = tmp_path / "policies"
    files = {**BASE, **case.files} if case.base else dict(case.files)
    for rel, text in files.items():
        if text is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    parsed = None
    if case.maintainers is not None:
        name = f"MAINTAINERS-{MAINTAINERS_VERSION}"
        parsed = parse(textwrap.dedent(case.maintainers), str(tmp_path / name), MAINTAINERS_VERSION)
    result = load(root, today=TODAY, maintainers_file=parsed)
    foreign = [p for p in result.problems if p.check not in REGISTRY]
    assert not foreign, f"the records of the case are not schema-valid: {[p.message for p in foreign]}"
    return [f"{Path(os.path.relpath(os.path.abspath(p.path), root)).as_posix()}:{p.line}:{p.column} "
            f"{p.severity} {p.check}: {p.message}"
            for p in result.problems if p.check == case.check]
