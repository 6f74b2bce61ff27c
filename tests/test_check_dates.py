"""Unit tests of the date checks (kpolicy.records.checks.dates); 'today' is check_cases.TODAY (2026-06-01)."""

from __future__ import annotations

from pathlib import Path

import pytest

from check_cases import Case, problems_of


def stance(source_date: str, history: str = "") -> str:
    """A 'maintains' stance of alpha checked on 2026-01-01, citing one mail of that date."""
    return ("subsystem: alpha\nlevel: maintains\nchecked: 2026-01-01\nsources:\n"
            f"  - url: https://lore.kernel.org/all/1@example.org/\n    title: a mail\n    date: {source_date}\n"
            + history)


def state(date: str) -> str:
    return (f"  - date: {date}\n    level: unknown\n    summary: Nothing was known.\n    sources:\n"
            "      - url: https://lore.kernel.org/all/2@example.org/\n        title: a mail\n"
            "        date: 2024-01-01\n")


RUSTC = """\
    tool: rustc
    name: rustc
    minimums:
      - kernel: "6.1"
        version: 1.62.0
        kind: pinned
        sources:
          - url: https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/scripts/min-tool-version.sh
            title: scripts/min-tool-version.sh
            date: 2022-12-11
    rule:
      since: 2025-01-01
      summary: The minimum follows Debian stable.
      sources:
        - url: https://rust-for-linux.com/rust-version-policy
          title: Rust version policy
          date: 2025-01-01
    rule_history:
      - date: 2023-01-01
        summary: Pinned.
        sources:
          - url: https://rust-for-linux.com/rust-version-policy
            title: Rust version policy
            date: 2023-01-01
      - date: {last}
        summary: Minimum.
        sources:
          - url: https://rust-for-linux.com/rust-version-policy
            title: Rust version policy
            date: 2024-01-01
    as_of: 2026-01-01
    """

EVENT = """\
    id: {id}
    date: 2025-01-02
    title: A talk
    kind: meeting
    sources:
      - url: https://lore.kernel.org/all/2@example.org/
        title: a mail
        date: 2025-01-02
    """

CASES = [
    Case("clean: a partial date", "date-valid", {"stances/alpha.yaml": stance("2025-03")}, ()),
    Case("month 13", "date-valid", {"stances/alpha.yaml": stance("2024-13")}, (
        "stances/alpha.yaml:7:11 error date-valid: '2024-13' is not a real date",
    )),
    Case("after today", "date-valid", {"stances/alpha.yaml": stance("2026-06-02")}, (
        "stances/alpha.yaml:7:11 error date-valid: '2026-06-02' is in the future",
    )),

    Case("clean", "history-order", {"stances/alpha.yaml": stance("2025-01-01", "history:\n" + state("2023-01-01")
                                                                   + state("2024-01-01"))}, ()),
    Case("a stance's history out of order", "history-order", {
        "stances/alpha.yaml": stance("2025-01-01", "history:\n" + state("2024-01-01") + state("2023-01-01")),
    }, (
        "stances/alpha.yaml:16:11 error history-order: history[1] (2023-01-01) is older than history[0] (2024-01-01)",
    )),
    Case("a stance's history ends after checked", "history-order", {
        "stances/alpha.yaml": stance("2025-01-01", "history:\n" + state("2026-02-01")),
    }, (
        "stances/alpha.yaml:9:11 error history-order: history ends after checked (2026-02-01 > 2026-01-01)",
    )),
    Case("a rule history ends after the rule", "history-order", {
        "version-policy/rustc.yaml": RUSTC.replace("{last}", "2025-06-01"),
    }, (
        ("version-policy/rustc.yaml:25:11 error history-order: rule_history ends after rule.since "
        "(2025-06-01 > 2025-01-01)"),
    )),

    Case("clean", "event-id-date", {"events/2025-01-02-talk.yaml": EVENT.replace("{id}", "2025-01-02-talk")}, ()),
    Case("an id with another date", "event-id-date", {
        "events/2025-01-03-talk.yaml": EVENT.replace("{id}", "2025-01-03-talk"),
    }, (
        ("events/2025-01-03-talk.yaml:1:5 error event-id-date: id '2025-01-03-talk' does not start with the date "
        "2025-01-02"),
    )),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.check}: {c.name}")
def test_check(tmp_path: Path, case: Case) -> None:
    assert problems_of(tmp_path, case) == list(case.expected)
