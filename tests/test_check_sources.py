"""Unit tests of the source and URL checks (kpolicy.records.checks.sources)."""

from __future__ import annotations

from pathlib import Path

import pytest

from check_cases import Case, problems_of


def stance(checked: str) -> str:
    """A 'maintains' stance of alpha, checked on that day, citing one mail of 2025-01-01."""
    return (f"subsystem: alpha\nlevel: maintains\nchecked: {checked}\nsources:\n"
            "  - url: https://lore.kernel.org/all/1@example.org/\n    title: a mail\n    date: 2025-01-01\n")


CASES = [
    Case("clean", "sources-required", {}, ()),
    Case("a stance, a history entry and an event without sources", "sources-required", {
        "stances/alpha.yaml": """\
            subsystem: alpha
            level: maintains
            checked: 2026-01-01
            history:
              - date: 2024-01-01
                level: unknown
                summary: Nothing was known.
                sources: []
            """,
        "events/2025-01-02-talk.yaml": """\
            id: 2025-01-02-talk
            date: 2025-01-02
            title: A talk
            kind: meeting
            sources: []
            """,
    }, (
        "events/2025-01-02-talk.yaml:5:10 error sources-required: event has no source",
        "stances/alpha.yaml:1:1 error sources-required: stance 'maintains' has no source",
        "stances/alpha.yaml:8:14 error sources-required: history entry has no source",
    )),
    Case("an empty fields_from sources list", "sources-required", {
        "subsystems/alpha.yaml": """\
            id: alpha
            title: ALPHA DRIVER
            maintainers:
              - ada
            fields_from:
              release: "6.15"
              sources: []
            """,
    }, (
        "subsystems/alpha.yaml:7:12 error sources-required: fields_from has no source",
    )),
    Case("a version policy's step and distribution", "sources-required", {
        "version-policy/rustc.yaml": """\
            tool: rustc
            name: rustc
            minimums:
              - kernel: "6.1"
                version: 1.62.0
                kind: pinned
                sources: []
            distributions:
              - name: Debian
                sources: []
            as_of: 2026-01-01
            """,
    }, (
        "version-policy/rustc.yaml:7:14 error sources-required: version step has no source",
        "version-policy/rustc.yaml:10:14 error sources-required: distribution has no source",
    )),

    Case("clean", "sources-primary-first", {"stances/alpha.yaml": """\
        subsystem: alpha
        level: maintains
        checked: 2026-01-01
        sources:
          - url: https://lore.kernel.org/all/1@example.org/
            title: a mail
            date: 2025-01-01
          - url: https://lwn.net/Articles/1/
            title: an article
            date: 2025-01-02
        """}, ()),
    Case("a primary source after a secondary one", "sources-primary-first", {"stances/alpha.yaml": """\
        subsystem: alpha
        level: maintains
        checked: 2026-01-01
        sources:
          - url: https://lwn.net/Articles/1/
            title: an article
            date: 2025-01-02
          - url: https://lore.kernel.org/all/1@example.org/
            title: a mail
            date: 2025-01-01
        """}, (
        ("stances/alpha.yaml:8:10 error sources-primary-first: primary source "
        "https://lore.kernel.org/all/1@example.org/ comes after a secondary one"),
    )),

    Case("clean", "url-normal", {"stances/alpha.yaml": stance("2026-01-01")}, ()),
    Case("an upper-case host and a dot segment", "url-normal", {"stances/alpha.yaml": """\
        subsystem: alpha
        level: maintains
        checked: 2026-01-01
        sources:
          - url: https://LORE.kernel.org/all/1@example.org/
            title: a mail
            date: 2025-01-01
          - url: https://lore.kernel.org/all/../2@example.org/
            title: another mail
            date: 2025-01-01
        """}, (
        ("stances/alpha.yaml:5:10 error url-normal: 'https://LORE.kernel.org/all/1@example.org/' is not written "
        "in its normal form"),
        ("stances/alpha.yaml:8:10 error url-normal: 'https://lore.kernel.org/all/../2@example.org/' is not "
        "written in its normal form"),
    )),

    Case("clean", "checked-after-sources", {"stances/alpha.yaml": stance("2026-01-01")}, ()),
    Case("a stance checked before its source, and a section", "checked-after-sources", {
        "stances/alpha.yaml": stance("2024-12-31"),
        "policy/01-one.yaml": """\
            id: 01-one
            number: 1
            question: Q?
            answer: A.
            original: https://rust-for-linux.com/rust-kernel-policy
            as_of: 2025-02-01
            sources:
              - url: https://rust-for-linux.com/rust-kernel-policy
                title: Rust kernel policy
                date: 2025-02-09
            """,
    }, (
        ("policy/01-one.yaml:6:8 warning checked-after-sources: as_of 2025-02-01 is older than a cited source "
        "(2025-02-09)"),
        ("stances/alpha.yaml:3:10 warning checked-after-sources: checked 2024-12-31 is older than a cited source "
        "(2025-01-01)"),
    )),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.check}: {c.name}")
def test_check(tmp_path: Path, case: Case) -> None:
    assert problems_of(tmp_path, case) == list(case.expected)
