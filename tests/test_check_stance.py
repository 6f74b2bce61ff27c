"""Unit tests of the stance checks (kpolicy.records.checks.stance) and the policy numbering check."""

from __future__ import annotations

from pathlib import Path

import pytest

from check_cases import Case, problems_of

MAIL = "  - url: https://lore.kernel.org/all/1@example.org/\n    title: a mail\n    date: 2025-01-01\n"


def stance(level: str = "maintains", extra: str = "", checked: str = "2026-01-01") -> str:
    return f"subsystem: alpha\nlevel: {level}\nchecked: {checked}\nsources:\n{MAIL}{extra}"


def since(**fields: str) -> str:
    lines = "".join(f'  {k}: "{v}"\n' for k, v in fields.items())
    return f"since:\n{lines}  sources:\n  {MAIL.replace(chr(10) + '  ', chr(10) + '    ')}"


def history(date: str) -> str:
    return (f"history:\n  - date: {date}\n    level: unknown\n    summary: Nothing was known.\n    sources:\n"
            "      - url: https://lore.kernel.org/all/2@example.org/\n        title: a mail\n"
            "        date: 2023-01-01\n")


def section(number: int, section_id: str) -> str:
    return (f"id: {section_id}\nnumber: {number}\nquestion: Q?\nanswer: A.\n"
            "original: https://rust-for-linux.com/rust-kernel-policy\nas_of: 2026-01-01\nsources:\n"
            "  - url: https://rust-for-linux.com/rust-kernel-policy\n    title: Rust kernel policy\n"
            "    date: 2025-02-09\n")


CASES = [
    Case("clean", "stance-rust-maintainers", {"stances/alpha.yaml": stance(
        "rust-submaintainer", "rust_maintainers:\n  - ada\n")}, ()),
    Case("no rust maintainer named", "stance-rust-maintainers", {"stances/alpha.yaml": stance("rust-submaintainer")}, (
        "stances/alpha.yaml:2:8 warning stance-rust-maintainers: level rust-submaintainer but no rust_maintainers",
    )),

    Case("clean", "stance-needs-review", {"stances/alpha.yaml": stance()}, ()),
    Case("a review mark", "stance-needs-review", {"stances/alpha.yaml": stance(
        extra='needs_review:\n  - release: "7.2"\n    reason: the entry lost its last maintainer\n')}, (
        "stances/alpha.yaml:9:5 warning stance-needs-review: needs review (7.2): the entry lost its last maintainer",
    )),

    Case("clean", "stance-since", {"stances/alpha.yaml": stance(
        extra=since(date="2025-01", kernel="6.13", after="6.12") + history("2024-01-01"))}, ()),
    Case("after without kernel", "stance-since", {
        "stances/alpha.yaml": stance(extra=since(date="2025", after="6.12"))}, (
        ("stances/alpha.yaml:10:10 error stance-since: since.after needs since.kernel (the first release known to "
        "show it)"),
    )),
    Case("after not before kernel", "stance-since", {"stances/alpha.yaml": stance(
        extra=since(kernel="6.12", after="6.12"))}, (
        "stances/alpha.yaml:10:10 error stance-since: since.after 6.12 is not before since.kernel 6.12",
    )),
    Case("begins after the check and before the history", "stance-since", {"stances/alpha.yaml": stance(
        extra=since(date="2026-02") + history("2026-03-01"), checked="2026-01-15")}, (
        ("stances/alpha.yaml:9:9 error stance-since: since 2026-02 is older than the last history entry "
        "(2026-03-01)"),
        ("stances/alpha.yaml:9:9 error stance-since: the level cannot begin (2026-02) after it was last checked "
        "(2026-01-15)"),
    )),

    Case("clean", "policy-numbering", {"policy/01-one.yaml": section(1, "01-one"),
                                       "policy/02-two.yaml": section(2, "02-two")}, ()),
    Case("an id without its number, a number twice", "policy-numbering", {
        "policy/01-one.yaml": section(1, "01-one"), "policy/01-two.yaml": section(1, "01-two"),
        "policy/03-three.yaml": section(2, "03-three")}, (
        "policy/01-two.yaml:2:9 error policy-numbering: section number 1 is also used by {root}/policy/01-one.yaml",
        "policy/03-three.yaml:1:5 error policy-numbering: id '03-three' does not start with the section number 02",
    )),
    Case("a gap", "policy-numbering", {"policy/01-one.yaml": section(1, "01-one"),
                                       "policy/03-three.yaml": section(3, "03-three")}, (
        "policy/03-three.yaml:2:9 error policy-numbering: section 2 is missing before section 3",
    )),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.check}: {c.name}")
def test_check(tmp_path: Path, case: Case) -> None:
    root = (tmp_path / "policies").as_posix()
    assert problems_of(tmp_path, case) == [e.replace("{root}", root) for e in case.expected]
