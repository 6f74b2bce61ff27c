"""kpolicy sync --mailmap / --tree: a person's current address from the tree's .mailmap.

The records get the address get_maintainer.pl would print for a line as the person's first
address and keep the MAINTAINERS address after it; a person is matched by either address, so
that syncing again, with or without the mailmap, changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpolicy.maintainers.mailmap import Mailmap
from kpolicy.maintainers.people import Person
from kpolicy.records.kinds import KIND_BY_NAME
from kpolicy.records.shape import Shapes
from kpolicy.records.writer import dump
from kpolicy.records.yamlio import load_file

ENTRY = """\
EXAMPLE [RUST]
M:\tAda Example <ada@old.example>
M:\tBob Builder <bob@old.example>
R:\tCarol Case <carol@old.example> (reviews the bindings)
R:\tDan Same <dan@example.org>
R:\tEve Upper <eve@old.example>
S:\tMaintained
F:\trust/kernel/example.rs
"""

# The four forms get_maintainer.pl reads; the last line's key is not Eve's address as the file
# writes it (keys are exact, case included), so Eve keeps hers.
MAILMAP = """\
# a comment
Ada Example <ada@example.org> <ada@old.example>
<bob@example.org>   <bob@old.example>
Carol Case <carol@example.org> Carol Case <carol@old.example>
Dan Other <dan@example.org>
<eve@example.org> <Eve@Old.Example>
"""

PEOPLE = {
    "ada-example": {"id": "ada-example", "name": "Ada Example", "emails": ["ada@example.org", "ada@old.example"]},
    "bob-builder": {"id": "bob-builder", "name": "Bob Builder", "emails": ["bob@example.org", "bob@old.example"]},
    "carol-case": {"id": "carol-case", "name": "Carol Case", "emails": ["carol@example.org", "carol@old.example"]},
    "dan-same": {"id": "dan-same", "name": "Dan Same", "emails": ["dan@example.org"]},
    "eve-upper": {"id": "eve-upper", "name": "Eve Upper", "emails": ["eve@old.example"]},
}
PEOPLE_WITHOUT = {pid: {**d, "emails": [e for e in d["emails"] if "old" in e or pid == "dan-same"]}
                  for pid, d in PEOPLE.items()}
# the lines keep their own addresses: the references say so where it is not the current one
MAINTAINERS = [{"person": "ada-example", "email": "ada@old.example"},
               {"person": "bob-builder", "email": "bob@old.example"}]
REVIEWERS = [{"person": "carol-case", "email": "carol@old.example", "remark": "(reviews the bindings)"},
             "dan-same", "eve-upper"]


def _tree(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(records folder, the 7.3 MAINTAINERS file, a kernel tree with the .mailmap)."""
    root = tmp_path / "policies"
    root.mkdir()
    m = tmp_path / "MAINTAINERS-7.3"
    m.write_text(ENTRY, encoding="utf-8")
    tree = tmp_path / "linux"
    tree.mkdir()
    (tree / ".mailmap").write_text(MAILMAP, encoding="utf-8")
    return root, m, tree


def _people(root: Path) -> dict[str, dict]:
    return {p.stem: load_file(p).data for p in sorted((root / "maintainers").glob("*.yaml"))}


def _snapshot(root: Path) -> dict[Path, bytes | None]:
    return {p: p.read_bytes() if p.is_file() else None for p in sorted(root.rglob("*"))}


def test_sync_takes_current_addresses_from_the_mailmap(tmp_path: Path, kpolicy) -> None:
    root, m, tree = _tree(tmp_path)
    run = kpolicy("sync", m, "--policies", root, "--mailmap", tree / ".mailmap")
    assert run.code == 0, run.err
    assert "3 current addresses taken from .mailmap" in run.err
    assert _people(root) == PEOPLE
    example = load_file(root / "subsystems" / "example-rust.yaml").data
    assert example["maintainers"] == MAINTAINERS
    assert example["reviewers"] == REVIEWERS
    assert kpolicy("validate", "--policies", root).code == 0
    # the records still say exactly what the file says
    drift = kpolicy("drift", m, "--policies", root)
    assert drift.code == 0, drift.out


def test_a_second_sync_with_or_without_the_mailmap_changes_nothing(tmp_path: Path, kpolicy) -> None:
    root, m, tree = _tree(tmp_path)
    assert kpolicy("sync", m, "--policies", root, "--tree", tree).code == 0
    before = _snapshot(root)
    without = kpolicy("sync", m, "--policies", root)
    assert without.code == 0 and "nothing to change" in without.err, without.err
    assert "mailmap" not in without.err
    assert _snapshot(root) == before
    again = kpolicy("sync", m, "--policies", root, "--tree", tree)
    assert again.code == 0 and "nothing to change" in again.err, again.err
    assert "0 current addresses taken from .mailmap" in again.err
    assert _snapshot(root) == before


def test_a_later_sync_with_the_mailmap_moves_the_current_address_first(tmp_path: Path, kpolicy) -> None:
    root, m, tree = _tree(tmp_path)
    assert kpolicy("sync", m, "--policies", root).code == 0
    assert _people(root) == PEOPLE_WITHOUT
    assert load_file(root / "subsystems" / "example-rust.yaml").data["maintainers"] == ["ada-example", "bob-builder"]
    run = kpolicy("sync", m, "--policies", root, "--tree", tree)
    assert run.code == 0, run.err
    assert "3 maintainer records updated" in run.err and "3 current addresses taken from .mailmap" in run.err
    assert _people(root) == PEOPLE
    example = load_file(root / "subsystems" / "example-rust.yaml").data
    assert example["maintainers"] == MAINTAINERS and example["reviewers"] == REVIEWERS


def test_a_person_is_matched_by_either_address(tmp_path: Path, kpolicy) -> None:
    """A later release that writes Bob with his current address, and Ada with the address the
    file had, names the same two people: no new record."""
    root, m, tree = _tree(tmp_path)
    assert kpolicy("sync", m, "--policies", root, "--mailmap", tree / ".mailmap").code == 0
    later = tmp_path / "MAINTAINERS-7.4"
    later.write_text(ENTRY.replace("Bob Builder <bob@old.example>", "B. Builder <bob@example.org>"), encoding="utf-8")
    run = kpolicy("sync", later, "--policies", root)
    assert run.code == 0, run.err
    people = _people(root)
    assert sorted(people) == sorted(PEOPLE)
    assert people["bob-builder"] == {**PEOPLE["bob-builder"], "aliases": ["B. Builder"]}
    assert people["ada-example"] == PEOPLE["ada-example"]
    example = load_file(root / "subsystems" / "example-rust.yaml").data
    assert example["maintainers"] == [MAINTAINERS[0], {"person": "bob-builder", "name": "B. Builder"}]


def test_the_mailmap_never_merges_two_records(tmp_path: Path, kpolicy) -> None:
    """A mapped address that another person's record has stays theirs (a person decides)."""
    root, m, tree = _tree(tmp_path)
    (root / "maintainers").mkdir()
    for pid, name, email in (("ada-example", "Ada Example", "ada@old.example"),
                             ("ada-other", "Ada Other", "ada@example.org")):
        (root / "maintainers" / f"{pid}.yaml").write_text(
            dump({"id": pid, "name": name, "emails": [email]}, KIND_BY_NAME["maintainer"], Shapes()), encoding="utf-8")
    run = kpolicy("sync", m, "--policies", root, "--mailmap", tree / ".mailmap")
    assert run.code == 0, run.err
    people = _people(root)
    assert people["ada-example"] == {"id": "ada-example", "name": "Ada Example", "emails": ["ada@old.example"]}
    assert people["ada-other"] == {"id": "ada-other", "name": "Ada Other", "emails": ["ada@example.org"]}
    assert "2 current addresses taken from .mailmap" in run.err


@pytest.mark.parametrize("option", ["--mailmap", "--tree"])
def test_a_bad_mailmap_or_tree_is_a_usage_error(tmp_path: Path, kpolicy, option: str) -> None:
    root, m, _ = _tree(tmp_path)
    before = _snapshot(root)
    run = kpolicy("sync", m, "--policies", root, option, tmp_path / "nothing")
    assert run.code == 2, run.err
    assert ("nothing:1:1: cannot read file" if option == "--mailmap" else "nothing: no such folder") in run.err
    assert _snapshot(root) == before


def test_a_tree_without_a_mailmap_maps_nothing(tmp_path: Path, kpolicy) -> None:
    root, m, tree = _tree(tmp_path)
    (tree / ".mailmap").unlink()
    run = kpolicy("import-maintainers", m, "--policies", root, "--tree", tree)
    assert run.code == 0, run.err
    assert _people(root) == PEOPLE_WITHOUT


def test_the_printed_address_follows_a_mapping_once_more() -> None:
    """get_maintainer.pl's deduplicate_email maps an address, then maps the result again."""
    m = Mailmap.parse("<b@example.org> <a@example.org>\n<c@example.org> <b@example.org>\n"
                      "<d@example.org> <c@example.org>\n")
    assert m.map(Person("", "a@example.org")).email == "b@example.org"
    assert m.printed(Person("", "a@example.org")).email == "c@example.org"
