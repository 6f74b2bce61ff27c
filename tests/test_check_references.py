"""Unit tests of the reference checks (kpolicy.records.checks.references)."""

from __future__ import annotations

from pathlib import Path

import pytest

from check_cases import Case, problems_of

STANCE_OF_BETA = """\
    subsystem: beta
    level: unknown
    checked: 2026-01-01
    """

CASES = [
    Case("clean", "ref-maintainer", {}, ()),
    Case("unknown maintainer, reviewer and rust maintainer", "ref-maintainer", {
        "subsystems/alpha.yaml": """\
            id: alpha
            title: ALPHA DRIVER
            maintainers:
              - ada
              - person: zed
                name: Zed
            reviewers:
              - yan
            fields_from: {maintainers_file: "6.12.117"}
            """,
        "stances/alpha.yaml": """\
            subsystem: alpha
            level: rust-submaintainer
            checked: 2026-01-01
            rust_maintainers:
              - xia
            sources:
              - url: https://lore.kernel.org/all/1@example.org/
                title: a mail
                date: 2025-01-01
            """,
    }, (
        "stances/alpha.yaml:5:5 error ref-maintainer: no maintainer record 'xia'",
        "subsystems/alpha.yaml:5:13 error ref-maintainer: no maintainer record 'zed'",
        "subsystems/alpha.yaml:8:5 error ref-maintainer: no maintainer record 'yan'",
    )),
    Case("unknown person in an event and in people_history", "ref-maintainer", {
        "events/2025-01-02-talk.yaml": """\
            id: 2025-01-02-talk
            date: 2025-01-02
            title: A talk
            kind: meeting
            people:
              - ada
              - vic
            sources:
              - url: https://lore.kernel.org/all/2@example.org/
                title: a mail
                date: 2025-01-02
            """,
        "subsystems/alpha.yaml": """\
            id: alpha
            title: ALPHA DRIVER
            maintainers:
              - ada
            people_history:
              - after: "6.1"
                by: "6.12"
                person: uma
                role: maintainer
                change: left
            fields_from: {maintainers_file: "6.12.117"}
            """,
    }, (
        "events/2025-01-02-talk.yaml:7:5 error ref-maintainer: no maintainer record 'vic'",
        "subsystems/alpha.yaml:8:13 error ref-maintainer: no maintainer record 'uma'",
    )),

    Case("clean", "ref-subsystem", {
        "subsystems/beta.yaml": """\
            id: beta
            title: BETA
            maintainers:
              - ada
            pairs_with:
              - alpha
            fields_from: {maintainers_file: "6.12.117"}
            """,
        "stances/beta.yaml": STANCE_OF_BETA,
    }, ()),
    Case("pairs with itself and a missing entry; renamed to a missing entry", "ref-subsystem", {
        "subsystems/alpha.yaml": """\
            id: alpha
            title: ALPHA DRIVER
            maintainers:
              - ada
            pairs_with:
              - alpha
              - gamma
            renamed_to: delta
            fields_from: {maintainers_file: "6.12.117"}
            """,
    }, (
        "subsystems/alpha.yaml:6:5 error ref-subsystem: an entry cannot pair with itself",
        "subsystems/alpha.yaml:7:5 error ref-subsystem: no subsystem record 'gamma'",
        "subsystems/alpha.yaml:8:13 error ref-subsystem: no subsystem record 'delta'",
    )),
    Case("a stance and an event for missing subsystems", "ref-subsystem", {
        "stances/omega.yaml": """\
            subsystem: omega
            level: unknown
            checked: 2026-01-01
            """,
        "events/2025-01-02-talk.yaml": """\
            id: 2025-01-02-talk
            date: 2025-01-02
            title: A talk
            kind: meeting
            subsystems: [alpha, psi]
            sources:
              - url: https://lore.kernel.org/all/2@example.org/
                title: a mail
                date: 2025-01-02
            """,
    }, (
        "events/2025-01-02-talk.yaml:5:21 error ref-subsystem: no subsystem record 'psi'",
        "stances/omega.yaml:1:12 error ref-subsystem: stance for a subsystem that has no record: 'omega'",
    )),

    Case("clean", "renamed-cycle", {
        "subsystems/beta.yaml": """\
            id: beta
            title: BETA
            renamed_to: alpha
            fields_from: {maintainers_file: "6.12.117"}
            """,
        "stances/beta.yaml": STANCE_OF_BETA,
    }, ()),
    Case("two entries renamed to each other", "renamed-cycle", {
        "subsystems/alpha.yaml": """\
            id: alpha
            title: ALPHA DRIVER
            maintainers:
              - ada
            renamed_to: beta
            fields_from: {maintainers_file: "6.12.117"}
            """,
        "subsystems/beta.yaml": """\
            id: beta
            title: BETA
            renamed_to: alpha
            fields_from: {maintainers_file: "6.12.117"}
            """,
        "stances/beta.yaml": STANCE_OF_BETA,
    }, (
        "subsystems/alpha.yaml:5:13 error renamed-cycle: renamed_to goes round in a circle: alpha -> beta -> alpha",
        "subsystems/beta.yaml:3:13 error renamed-cycle: renamed_to goes round in a circle: beta -> alpha -> beta",
    )),

    Case("clean", "ref-record", {
        "policy/01-one.yaml": """\
            id: 01-one
            number: 1
            question: Q?
            answer: A.
            original: https://rust-for-linux.com/rust-kernel-policy
            as_of: 2026-01-01
            records:
              - kind: subsystem
                id: alpha
              - kind: maintainer
                id: ada
            sources:
              - url: https://rust-for-linux.com/rust-kernel-policy
                title: Rust kernel policy
                date: 2025-02-09
            """,
    }, ()),
    Case("links to missing records", "ref-record", {
        "policy/01-one.yaml": """\
            id: 01-one
            number: 1
            question: Q?
            answer: A.
            original: https://rust-for-linux.com/rust-kernel-policy
            as_of: 2026-01-01
            records:
              - kind: stance
                id: beta
              - kind: event
                id: 2025-01-01-none
            sources:
              - url: https://rust-for-linux.com/rust-kernel-policy
                title: Rust kernel policy
                date: 2025-02-09
            """,
    }, (
        "policy/01-one.yaml:9:9 error ref-record: no stance record 'beta'",
        "policy/01-one.yaml:11:9 error ref-record: no event record '2025-01-01-none'",
    )),

    Case("clean", "maintainer-unreferenced", {}, ()),
    Case("a person no record names", "maintainer-unreferenced", {
        "maintainers/bob.yaml": """\
            id: bob
            name: Bob Example
            """,
    }, (
        "maintainers/bob.yaml:1:5 warning maintainer-unreferenced: no subsystem, stance or event names 'bob'",
    )),

    Case("clean", "stance-missing", {}, ()),
    Case("a subsystem without a stance", "stance-missing", {"stances/alpha.yaml": None}, (
        "subsystems/alpha.yaml:1:5 warning stance-missing: no stance record for 'alpha'",
    )),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.check}: {c.name}")
def test_check(tmp_path: Path, case: Case) -> None:
    assert problems_of(tmp_path, case) == list(case.expected)
