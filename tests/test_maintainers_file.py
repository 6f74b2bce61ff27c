"""The MAINTAINERS parser and writer, on the kernel's real 6.12.117 file and on small broken ones."""

from __future__ import annotations

import hashlib
import lzma
import re
from pathlib import Path

import pytest

from conftest import ROOT
from kpolicy.maintainers import file as mf
from kpolicy.records.kinds import FIELD_LETTERS

FIXTURE = ROOT / "tests" / "data" / "MAINTAINERS-6.12.117.xz"
SHA256 = "9198306bed1755ac948b3a295c147d892b57b790339be4afd56d902d4d40e69a"


@pytest.fixture(scope="module")
def raw() -> bytes:
    return lzma.decompress(FIXTURE.read_bytes())


@pytest.fixture(scope="module")
def real(raw: bytes) -> mf.MaintainersFile:
    return mf.parse(raw.decode("utf-8"), "MAINTAINERS-6.12.117", "6.12.117")


def test_fixture_is_the_kernel_file_byte_for_byte(raw: bytes) -> None:
    assert hashlib.sha256(raw).hexdigest() == SHA256


def test_field_order_is_the_kernels_documented_order(real: mf.MaintainersFile) -> None:
    """The letters in the order the file's own preamble describes them (its preferred order)."""
    documented = "".join(m.group(1) for m in re.finditer(r"^\t([A-Z]): ", real.preamble, re.M))
    assert documented == "MRLSWQBCPTFXNK"
    assert documented == mf.FIELD_ORDER
    assert "".join(letter for letter, _ in FIELD_LETTERS) == documented


def test_every_entry_is_read(real: mf.MaintainersFile) -> None:
    assert len(real.entries) == 2906
    assert real.entries[0].title == "3C59X NETWORK DRIVER" and real.entries[0].line == 70
    assert real.entries[-1].title == "THE REST"
    assert real.entries[-1].values("F") == ("*", "*/")
    assert real.irregular == ()
    assert real.preamble.startswith("List of maintainers\n===================\n")
    assert real.preamble.endswith("          alphabetical order.\n\n")


def test_writing_gives_the_file_back_byte_for_byte(raw: bytes, real: mf.MaintainersFile) -> None:
    assert mf.text(real.entries, real.preamble, real.trailer).encode("utf-8") == raw


def test_reading_the_compressed_file_and_its_version() -> None:
    m = mf.read(FIXTURE)
    assert m.version == "6.12.117" and len(m.entries) == 2906


def test_every_field_letter_occurs(real: mf.MaintainersFile) -> None:
    seen = {letter for e in real.entries for letter, _ in e.fields}
    assert seen == set(mf.FIELD_ORDER)


def test_what_real_files_hold_beyond_the_documentation(real: mf.MaintainersFile) -> None:
    by = real.by_title()
    statuses = {s for e in real.entries for s in e.values("S")}
    assert {"Odd fixes", "Buried alive in reporters", "Orphan / Obsolete"} <= statuses  # lower-case, unlisted
    assert max(len(e.values("S")) for e in real.entries) == 3
    assert sum(1 for e in real.entries if not e.values("S")) > 0  # entries without S:
    assert "NXP S32 Linux Team <s32@nxp.com>" in {v for e in real.entries for v in e.values("L")}
    assert "pvrusb2@isely.net\t(subscribers-only)" in {v for e in real.entries for v in e.values("L")}
    people = {v for e in real.entries for v in e.values("M") + e.values("R")}
    assert "x86@kernel.org" in people  # an M: line without a name or angle brackets
    assert '"James E.J. Bottomley" <James.Bottomley@HansenPartnership.com>' in people  # quoted name
    assert "Charles Hsu\t<hsu.yungteng@gmail.com>" in people  # a tab before the address
    assert "Juri Lelli <juri.lelli@redhat.com> (SCHED_DEADLINE)" in people  # a remark after it
    assert {"\"Theodore Ts'o\" <tytso@mit.edu>", "Theodore Y. Ts'o <tytso@mit.edu>"} <= people  # one person, two ways
    assert "HPET:\tHigh Precision Event Timers driver" in by  # a title with a tab


def test_field_lines_are_located(real: mf.MaintainersFile, raw: bytes) -> None:
    lines = raw.decode("utf-8").split("\n")
    rest = real.by_title()["THE REST"]
    assert lines[rest.line - 1] == "THE REST"
    assert lines[rest.field_line(0) - 1] == "M:\tLinus Torvalds <torvalds@linux-foundation.org>"


def test_a_loose_file_is_read_like_get_maintainer_and_its_oddities_are_listed() -> None:
    text = ("Preamble text\n\tM: described, not a field\n\n"
            "FIRST\nM:  Ada <ada@example.org>\nS:\tMaintained\n# a comment\n\nF:\tdrivers/a/\n"
            "SECOND\nF:\tb/\n\n\n")
    m = mf.parse(text)
    assert [e.title for e in m.entries] == ["FIRST", "SECOND"]
    assert m.entries[0].fields == (("M", "Ada <ada@example.org>"), ("S", "Maintained"), ("F", "drivers/a/"))
    assert m.preamble == "Preamble text\n\tM: described, not a field\n\n"
    assert [line for line, _ in m.irregular] == [5, 7, 9, 10, 12]
    assert dict(m.irregular)[5] == "the separator after the field letter is not one tab"
    assert dict(m.irregular)[10] == mf.TITLE_INSIDE_ENTRY


def test_a_file_without_entries_is_refused_with_its_location() -> None:
    with pytest.raises(mf.MaintainersFileError) as e:
        mf.parse("just some text\n\nno fields here\n", "notes.txt")
    assert str(e.value).startswith("notes.txt:1:1: no MAINTAINERS entry found")


def test_bad_utf8_is_located(tmp_path: Path) -> None:
    f = tmp_path / "MAINTAINERS-6.1"
    f.write_bytes(b"TITLE\nM:\tA <a@example.org>\nF:\tx\xff/\n")
    with pytest.raises(mf.MaintainersFileError) as e:
        mf.read(f)
    assert (e.value.line, e.value.column, e.value.message) == (3, 5, "invalid UTF-8 byte 0xff")


def test_a_damaged_archive_is_a_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "MAINTAINERS-6.12.xz"
    f.write_bytes(b"not xz at all")
    with pytest.raises(mf.MaintainersFileError, match="cannot decompress"):
        mf.read(f)


@pytest.mark.parametrize(("name", "version"), [
    ("MAINTAINERS-6.12.117", "6.12.117"), ("MAINTAINERS-6.13-rc2.gz", "6.13-rc2"), ("MAINTAINERS", None),
    ("MAINTAINERS-latest", None)])
def test_version_from_the_file_name(name: str, version: str | None) -> None:
    assert mf.version_from_name(f"some/dir/{name}") == version
