"""Unit tests of the identity checks (kpolicy.records.checks.identity)."""

from __future__ import annotations

from pathlib import Path

import pytest

from check_cases import Case, problems_of


def person(pid: str, name: str, *emails: str, aliases: tuple[str, ...] = ()) -> str:
    out = f"id: {pid}\nname: {name}\n"
    if aliases:
        out += "aliases:\n" + "".join(f"  - {a}\n" for a in aliases)
    if emails:
        out += "emails:\n" + "".join(f"  - {e}\n" for e in emails)
    return out


def subsystem(sid: str, title: str, people: str = "  - ada\n") -> str:
    return f'id: {sid}\ntitle: {title}\nmaintainers:\n{people}fields_from: {{maintainers_file: "6.12.117"}}\n'


def stance_of(sid: str) -> str:
    return f"subsystem: {sid}\nlevel: unknown\nchecked: 2026-01-01\n"


BETA = {"stances/beta.yaml": stance_of("beta")}

CASES = [
    Case("clean", "id-file-name", {}, ()),
    Case("a maintainer and a stance named otherwise", "id-file-name", {
        "maintainers/ada.yaml": person("ada-x", "Ada Example", "ada@example.org"),
        "stances/alpha.yaml": stance_of("alpha-x"),
    }, (
        "maintainers/ada.yaml:1:5 error id-file-name: id 'ada-x' differs from the file name 'ada'",
        "stances/alpha.yaml:1:12 error id-file-name: subsystem 'alpha-x' differs from the file name 'alpha'",
    )),

    Case("clean: composed letters", "text-normal", {"maintainers/ada.yaml": person("ada", "Ad\u00e1 Example")}, ()),
    Case("decomposed letters in a name, an alias and a subsystem's written name", "text-normal", {
        "maintainers/ada.yaml": person("ada", "Ada\u0301 Example", aliases=("A. Exa\u0301mple",)),
        "subsystems/alpha.yaml": subsystem("alpha", "ALPHA DRIVER",
                                           "  - person: ada\n    name: Ade\u0301 Example\n"),
    }, (
        ("maintainers/ada.yaml:2:7 error text-normal: 'Ada\u0301 Example' is not in Unicode normal form C "
        "(composed characters)"),
        ("maintainers/ada.yaml:4:5 error text-normal: 'A. Exa\u0301mple' is not in Unicode normal form C "
        "(composed characters)"),
        ("subsystems/alpha.yaml:5:11 error text-normal: 'Ade\u0301 Example' is not in Unicode normal form C "
        "(composed characters)"),
    )),

    Case("clean", "confusable", {"maintainers/bob.yaml": person("bob", "Bob Example", "bob@example.org")}, ()),
    Case("a Cyrillic a in a name, I for l in a title", "confusable", {
        "maintainers/bob.yaml": person("bob", "\u0410da Example", "bob@example.org"),
        "subsystems/beta.yaml": subsystem("beta", "ALPHA DRlVER"), **BETA,
    }, (
        ("maintainers/bob.yaml:2:7 error confusable: person '\u0410da Example' looks like 'Ada Example' of "
        "{root}/maintainers/ada.yaml"),
        ("subsystems/beta.yaml:2:8 error confusable: title 'ALPHA DRlVER' looks like 'ALPHA DRIVER' of "
        "{root}/subsystems/alpha.yaml"),
    )),
    Case("one address twice is another check's", "confusable", {
        "maintainers/bob.yaml": person("bob", "Bob Example", "ada@example.org")}, ()),

    Case("clean", "subsystem-title-unique", {"subsystems/beta.yaml": subsystem("beta", "BETA"), **BETA}, ()),
    Case("two records, one title", "subsystem-title-unique", {
        "subsystems/beta.yaml": subsystem("beta", "ALPHA DRIVER"), **BETA}, (
        ("subsystems/beta.yaml:2:8 error subsystem-title-unique: title 'ALPHA DRIVER' is already used by "
        "{root}/subsystems/alpha.yaml"),
    )),

    Case("clean", "maintainer-email-unique", {"maintainers/bob.yaml": person("bob", "Bob", "bob@example.org")}, ()),
    Case("an address of two people, in other case", "maintainer-email-unique", {
        "maintainers/bob.yaml": person("bob", "Bob", "bob@example.org", "ADA@example.org")}, (
        "maintainers/bob.yaml:5:5 error maintainer-email-unique: ADA@example.org is also an address of ada",
    )),

    Case("clean: a recorded address in other case", "person-email-known", {
        "subsystems/alpha.yaml": subsystem("alpha", "ALPHA DRIVER", "  - person: ada\n    email: Ada@Example.org\n"),
    }, ()),
    Case("an address the person's record does not have", "person-email-known", {
        "subsystems/alpha.yaml": subsystem("alpha", "ALPHA DRIVER",
                                           "  - person: ada\n    email: ada@old.example.org\n"),
    }, (
        "subsystems/alpha.yaml:5:12 error person-email-known: ada@old.example.org is not among ada's addresses",
    )),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.check}: {c.name}")
def test_check(tmp_path: Path, case: Case) -> None:
    root = (tmp_path / "policies").as_posix()
    assert problems_of(tmp_path, case) == [e.replace("{root}", root) for e in case.expected]
