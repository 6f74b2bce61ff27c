"""Unit tests of the text checks (kpolicy.records.checks.text) and of the checks of subsystems as
MAINTAINERS text (kpolicy.records.checks.maintainers_text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from check_cases import Case, problems_of


def alpha(fields: str, title: str = "ALPHA DRIVER") -> str:
    return f'id: alpha\ntitle: {title}\n{fields}fields_from: {{maintainers_file: "6.12.117"}}\n'


ADA_AND_BOB = "maintainers:\n  - ada\n  - bob\n"
BOB = {"maintainers/bob.yaml": "id: bob\nname: Bob Example\nemails:\n  - bob@example.org\n"}

ENTRY = """\
    ALPHA DRIVER
    M:\tAda Example <ada@example.org>
    S:\tMaintained
    F:\tdrivers/alpha/
    """

CASES = [
    Case("clean: a tab, a line break in prose", "text-hidden", {"stances/alpha.yaml": (
        "subsystem: alpha\nlevel: unknown\nchecked: 2026-01-01\nnotes: \"one\\ttwo\\nthree \\u00e9\"\n")}, ()),
    Case("a zero-width space in a title, a bidi control in a note", "text-hidden", {
        "subsystems/alpha.yaml": alpha("maintainers:\n  - ada\n", '"ALPHA\\u200b DRIVER"'),
        "stances/alpha.yaml": "subsystem: alpha\nlevel: unknown\nchecked: 2026-01-01\nnotes: \"a \\u202e b\"\n",
    }, (
        ("stances/alpha.yaml:4:8 error text-hidden: holds the invisible or direction-changing character U+202E "
        "(RIGHT-TO-LEFT OVERRIDE)"),
        ("subsystems/alpha.yaml:2:8 error text-hidden: holds the invisible or direction-changing character U+200B "
        "(ZERO WIDTH SPACE)"),
    )),

    Case("clean", "maintainers-text", {}, ()),
    Case("a title that reads as a field line", "maintainers-text", {
        "subsystems/alpha.yaml": alpha("maintainers:\n  - ada\n", '"M:\\tsomeone@example.org"')}, (
        ("subsystems/alpha.yaml:2:8 error maintainers-text: title 'M:\\tsomeone@example.org': a title starting "
        "with 'M:' reads as a field line of the entry above"),
    )),
    Case("a line separator in a file pattern and in a person's written name", "maintainers-text", {
        "subsystems/alpha.yaml": alpha('maintainers:\n  - person: ada\n    name: "Ada\\u2028Example"\n'
                                       'files:\n  - "drivers/a\\u2028b/"\n')}, (
        ("subsystems/alpha.yaml:4:5 error maintainers-text: maintainers[0]: a value cannot hold a line break "
        "(the rest would read as another line)"),
        ("subsystems/alpha.yaml:7:5 error maintainers-text: files[0]: a value cannot hold a line break "
        "(the rest would read as another line)"),
    )),

    Case("clean", "status-known", {}, ()),
    Case("an undocumented status", "status-known", {"subsystems/alpha.yaml": alpha(
        "maintainers:\n  - ada\nstatus:\n  - Maintained\n  - Sometimes\n")}, (
        "subsystems/alpha.yaml:7:5 warning status-known: status 'Sometimes' is not one of the documented values",
    )),

    Case("clean", "regex-valid", {"subsystems/alpha.yaml": alpha(
        "maintainers:\n  - ada\nregexes:\n  - alpha_[a-z]+\nkeywords:\n  - \\balpha\\b\n")}, ()),
    Case("a back-reference and a look-ahead", "regex-valid", {"subsystems/alpha.yaml": alpha(
        "maintainers:\n  - ada\nregexes:\n  - (a)\\1\nkeywords:\n  - alpha(?=beta)\n")}, (
        ("subsystems/alpha.yaml:6:5 error regex-valid: invalid regular expression '(a)\\\\1': not supported by the "
        "linear-time engine (RE2): invalid escape sequence: \\1"),
        ("subsystems/alpha.yaml:8:5 error regex-valid: invalid regular expression 'alpha(?=beta)': not supported "
        "by the linear-time engine (RE2): invalid perl operator: (?="),
    )),

    Case("clean", "maintainers-file-match", {"subsystems/alpha.yaml": alpha(
        "maintainers:\n  - ada\nstatus:\n  - Maintained\nfiles:\n  - drivers/alpha/\n")}, (), maintainers=ENTRY),
    Case("no entry of that title", "maintainers-file-match", {}, (
        ("subsystems/alpha.yaml:2:8 error maintainers-file-match: MAINTAINERS-6.12.117 has no entry titled "
        "'ALPHA DRIVER'"),
    ), maintainers=ENTRY.replace("ALPHA DRIVER", "OTHER DRIVER")),
    Case("a value the entry lacks, values the record lacks", "maintainers-file-match", {
        "subsystems/alpha.yaml": alpha("maintainers:\n  - ada\nstatus:\n  - Supported\n")}, (
        ("subsystems/alpha.yaml:2:8 error maintainers-file-match: F: the entry of MAINTAINERS-6.12.117 has "
        "'drivers/alpha/' (its line 4), the record does not"),
        ("subsystems/alpha.yaml:6:3 error maintainers-file-match: S: the entry of MAINTAINERS-6.12.117 has "
        "'Maintained' (its line 3), the record does not"),
        ("subsystems/alpha.yaml:6:5 error maintainers-file-match: S: 'Supported' is not in the entry of "
        "MAINTAINERS-6.12.117"),
    ), maintainers=ENTRY),
    Case("the same people in another order", "maintainers-file-match", {
        "subsystems/alpha.yaml": alpha(ADA_AND_BOB + "status:\n  - Maintained\nfiles:\n  - drivers/alpha/\n"), **BOB}, (
        ("subsystems/alpha.yaml:4:3 error maintainers-file-match: M: the same values as MAINTAINERS-6.12.117, "
        "in another order"),
    ), maintainers=ENTRY.replace("M:", "M:\tBob Example <bob@example.org>\n    M:")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.check}: {c.name}")
def test_check(tmp_path: Path, case: Case) -> None:
    assert problems_of(tmp_path, case) == list(case.expected)
