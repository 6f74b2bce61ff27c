"""Unit tests of the release and version order checks (kpolicy.records.checks.versions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from check_cases import Case, problems_of

SOURCE = ("sources:\n      - url: https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/\n"
          "        title: Linux\n        date: 2024-01-01\n")


def rustc(*steps: tuple[str, str, str], architectures: str = "") -> str:
    """A rustc version policy with these (kernel, version, extra lines of the step) minimums."""
    out = "tool: rustc\nname: rustc\nminimums:\n"
    for kernel, version, extra in steps:
        out += f'  - kernel: "{kernel}"\n    version: {version}\n    kind: minimum\n    {SOURCE}{extra}'
    return out + architectures + "as_of: 2026-01-01\n"


def arch_release(kernel: str, *arches: str) -> str:
    return (f'  - kernel: "{kernel}"\n    supported:\n' + "".join(f"      - arch: {a}\n" for a in arches)
            + f"    {SOURCE}")


def alpha(kernel: str = "", history: str = "") -> str:
    return ("id: alpha\ntitle: ALPHA DRIVER\nmaintainers:\n  - ada\n" + kernel + history
            + 'fields_from: {maintainers_file: "6.12.117"}\n')


def change(after: str, by: str) -> str:
    return f'  - after: "{after}"\n    by: "{by}"\n    person: ada\n    role: maintainer\n    change: joined\n'


TWICE = ("    architectures:\n      - arch: arm64\n        version: 1.70.0\n"
         "      - arch: arm64\n        version: 1.62.0\n")

CASES = [
    Case("clean", "version-order", {"version-policy/rustc.yaml": rustc(("6.1", "1.62.0", ""),
                                                                        ("6.11", "1.78.0", ""))}, ()),
    Case("releases out of order", "version-order", {
        "version-policy/rustc.yaml": rustc(("6.11", "1.78.0", ""), ("6.1", "1.62.0", "")),
    }, (
        "version-policy/rustc.yaml:11:13 error version-order: kernel 6.1 does not come after 6.11",
    )),
    Case("a version that goes down", "version-order", {
        "version-policy/rustc.yaml": rustc(("6.1", "1.78.0", ""), ("6.11", "1.62.0", "")),
    }, (
        "version-policy/rustc.yaml:12:14 error version-order: rustc 1.62.0 for 6.11 is lower than 1.78.0 for 6.1",
    )),

    Case("clean", "version-architectures", {"version-policy/rustc.yaml": rustc(
        ("6.1", "1.62.0", "    architectures:\n      - arch: arm64\n        version: 1.70.0\n"),
        architectures="architectures:\n" + arch_release("6.1", "x86_64", "arm64") + arch_release("6.2", "x86_64"),
    )}, ()),
    Case("an architecture twice and not above the general version", "version-architectures", {
        "version-policy/rustc.yaml": rustc(("6.1", "1.62.0", TWICE)),
    }, (
        "version-policy/rustc.yaml:14:15 error version-architectures: arm64 is listed twice",
        ("version-policy/rustc.yaml:15:18 error version-architectures: arm64 needs 1.62.0, not more than the "
        "general 1.62.0"),
    )),
    Case("architecture lists out of order, an architecture twice", "version-architectures", {
        "version-policy/rustc.yaml": rustc(("6.1", "1.62.0", ""), architectures="architectures:\n"
                                           + arch_release("6.2", "x86_64", "x86_64") + arch_release("6.1", "arm64")),
    }, (
        "version-policy/rustc.yaml:15:15 error version-architectures: x86_64 is listed twice",
        "version-policy/rustc.yaml:20:13 error version-architectures: kernel 6.1 does not come after 6.2",
    )),

    Case("clean", "kernel-range", {"subsystems/alpha.yaml": alpha(
        'kernel:\n  since: "6.1"\n  until: {after: "6.12", by: "7.2"}\n',
        "people_history:\n" + change("6.1", "6.12") + change("6.12", "7.2"))}, ()),
    Case("until before since", "kernel-range", {"subsystems/alpha.yaml": alpha(
        'kernel:\n  since: "6.12"\n  until: "6.1"\n')}, (
        "subsystems/alpha.yaml:7:10 error kernel-range: until 6.1 is not after since 6.12",
    )),
    Case("a window whose after is not before its by; until's after before since", "kernel-range", {
        "subsystems/alpha.yaml": alpha('kernel:\n  since: {after: "6.12", by: "6.12"}\n'
                                       '  until: {after: "6.1", by: "7.2"}\n'),
    }, (
        "subsystems/alpha.yaml:6:18 error kernel-range: since: after 6.12 is not before by 6.12",
        "subsystems/alpha.yaml:7:18 error kernel-range: until: after 6.1 comes before since after 6.12, by 6.12",
    )),
    Case("people history out of order", "kernel-range", {"subsystems/alpha.yaml": alpha(
        "", "people_history:\n" + change("6.12", "7.2") + change("6.1", "6.12") + change("7.2", "6.1"))}, (
        "subsystems/alpha.yaml:12:9 error kernel-range: by 6.12 comes before the change above it (7.2)",
        "subsystems/alpha.yaml:16:12 error kernel-range: after 7.2 is not before by 6.1",
    )),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.check}: {c.name}")
def test_check(tmp_path: Path, case: Case) -> None:
    assert problems_of(tmp_path, case) == list(case.expected)
