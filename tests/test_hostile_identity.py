"""Impersonation: text is NFC, holds no invisible or bidi characters, and no two people, titles or
addresses look alike (Unicode TR39 skeletons); the importer matches people by address first and
refuses an ambiguous name."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TODAY
from kpolicy.records.load import load
from kpolicy.records.yamlio import load_file
from kpolicy.text.confusables import _table, skeleton
from kpolicy.text.plain import HIDDEN_CHARACTERS

ENTRY = ("EXAMPLE DRIVER\nM:\tReal Person <{address}>\nL:\tlinux-kernel@vger.kernel.org\nS:\tMaintained\n"
         "F:\tdrivers/example/\n")


def _records(root: Path) -> None:
    (root / "maintainers").mkdir(parents=True)
    (root / "maintainers" / "aaa-alias.yaml").write_text(
        "id: aaa-alias\nname: Someone Else\naliases:\n  - Real Person\nemails:\n  - someone@example.org\n")
    (root / "maintainers" / "real-person.yaml").write_text(
        "id: real-person\nname: Real Person\nemails:\n  - real@example.org\n")
    for folder in ("subsystems", "stances", "events", "policy", "version-policy"):
        (root / folder).mkdir()


def _import(tmp_path: Path, kpolicy, address: str):
    root = tmp_path / "policies"
    _records(root)
    source = tmp_path / "MAINTAINERS-7.3.4"
    source.write_text(ENTRY.format(address=address))
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    return root, before, kpolicy("import-maintainers", source, "--all", "--policies", root)


def test_an_ambiguous_name_with_a_new_address_is_an_error_not_a_reassignment(tmp_path: Path, kpolicy) -> None:
    root, before, run = _import(tmp_path, kpolicy, "new@example.org")
    assert run.code == 1
    assert "MAINTAINERS-7.3.4:2:1: error[sync.ambiguous-person]" in run.err
    assert "aaa-alias, real-person" in run.err
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before  # nothing written


@pytest.mark.parametrize(("address", "written"), [
    ("real@example.org", "real-person"),
    # another person's address: theirs, with the name as the entry writes it
    ("someone@example.org", {"person": "aaa-alias", "name": "Real Person"}),
])
def test_the_address_decides_whatever_the_name(tmp_path: Path, kpolicy, address: str, written: object) -> None:
    root, _, run = _import(tmp_path, kpolicy, address)
    assert run.code == 0, run.err
    assert load_file(root / "subsystems" / "example-driver.yaml").data["maintainers"] == [written]


def test_rust_with_a_zero_width_space_beside_rust_is_refused(base_tree: Path) -> None:
    twin = base_tree / "subsystems" / "rust-example-2.yaml"
    record = (base_tree / "subsystems" / "rust-example.yaml").read_text()
    twin.write_text(record.replace("id: rust-example", "id: rust-example-2")
                    .replace("title: RUST EXAMPLE [RUST]", 'title: "RUST\u200b EXAMPLE [RUST]"'))
    found = {(p.check, Path(p.path).name) for p in load(base_tree, today=TODAY).problems if p.is_error}
    assert ("text-hidden", "rust-example-2.yaml") in found


def test_a_title_in_nfd_beside_the_same_title_in_nfc_is_refused(base_tree: Path) -> None:
    record = base_tree / "subsystems" / "rust-example.yaml"
    record.write_text(record.read_text().replace("title: RUST EXAMPLE [RUST]", "title: RUST EXAMPL\u00c9 [RUST]"))
    twin = base_tree / "subsystems" / "rust-example-2.yaml"
    twin.write_text(record.read_text().replace("id: rust-example", "id: rust-example-2")
                    .replace("RUST EXAMPL\u00c9", unicodedata.normalize("NFD", "RUST EXAMPL\u00c9")))
    problems = [p for p in load(base_tree, today=TODAY).problems if p.is_error]
    assert ("text-normal", "rust-example-2.yaml") in {(p.check, Path(p.path).name) for p in problems}
    look_alike = [p for p in problems if p.check == "confusable"]  # named both ways: at one, naming the other
    assert len(look_alike) == 1 and {Path(look_alike[0].path).name,
                                     Path(look_alike[0].message.split(" of ")[-1]).name} \
        == {"rust-example.yaml", "rust-example-2.yaml"}


HIDDEN = [c for c in map(chr, range(0x80, 0x30000)) if __import__("re").fullmatch(HIDDEN_CHARACTERS, c)]


@settings(derandomize=True, max_examples=60, deadline=None)
@given(st.sampled_from(HIDDEN), st.integers(0, 40), st.sampled_from(["notes", "name", "aliases"]))
def test_any_hidden_character_anywhere_is_refused(tmp_path_factory, hidden: str, at: int, field: str) -> None:
    root = tmp_path_factory.mktemp("t") / "policies"
    from shutil import copytree

    copytree(Path(__file__).parent / "corpus" / "base", root)
    text = "A second example person, once more."
    value = text[:at] + hidden + text[at:]
    record = root / "maintainers" / "bob-example.yaml"
    body = record.read_text()
    quoted = json.dumps(value)  # a YAML double-quoted string: the character written as an escape
    if field == "notes":
        body = body.replace("notes: A second example person.", f"notes: {quoted}")
    elif field == "name":
        body = body.replace("name: Bob Example", f"name: {quoted}")
    else:
        body = body.replace("  - Bob Q. Example", f"  - {quoted}")
    record.write_text(body, encoding="utf-8")
    assert "text-hidden" in {p.check for p in load(root, today=TODAY).problems}


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.text(alphabet="adeilmnorstuxyzADEILMORSTUX1 .-@", min_size=1, max_size=20), st.data())
def test_a_confusable_substitution_keeps_the_skeleton(text: str, data: st.DataObject) -> None:
    """Replacing any character by one the data calls confusable with it never changes the skeleton:
    the property the check relies on to name both records."""
    table = _table()
    look_alikes = {}
    for source, target in table.items():
        look_alikes.setdefault(target, []).append(source)
    i = data.draw(st.integers(0, len(text) - 1))
    key = table.get(text[i], text[i])
    options = look_alikes.get(key, [])
    if options:
        swapped = text[:i] + data.draw(st.sampled_from(options)) + text[i + 1:]
        assert skeleton(swapped) == skeleton(text)


def test_the_skeleton_table_is_the_tr39_examples() -> None:
    assert skeleton("paypal") == skeleton("p\u0430yp\u0430l")  # Cyrillic a
    assert skeleton("RUST") == skeleton("RU\u0405T")  # Cyrillic DZE
    assert skeleton("rn") == skeleton("m") and skeleton("Il") == skeleton("1l")
    assert skeleton("RUST") != skeleton("RUSTY") and skeleton("ada") != skeleton("bob")
