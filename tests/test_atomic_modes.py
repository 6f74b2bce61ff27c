"""Files written through kpolicy.records.atomic keep the mode they had; new files get the umask's mode.
(A temporary file from mkstemp is 0600: renamed into place as it was, every record and export
would end up readable by its owner alone.)"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kpolicy.records.atomic import atomic_write, write_all


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664, 0o755, 0o444])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask: None, mode: int) -> None:
    target = tmp_path / "record.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(mode)
    atomic_write(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert _mode(target) == mode


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path, mask: int, expected: int) -> None:
    old = os.umask(mask)
    try:
        write_all({tmp_path / "a.json": "{}", tmp_path / "sub" / "b.json": "{}"})
        assert os.umask(old) == mask  # write_all left the umask as it found it
    finally:
        os.umask(old)
    assert _mode(tmp_path / "a.json") == expected
    assert _mode(tmp_path / "sub" / "b.json") == expected


def test_fmt_keeps_a_record_readable_by_all(tmp_path: Path, umask: None, kpolicy) -> None:
    folder = tmp_path / "policies" / "maintainers"
    folder.mkdir(parents=True)
    record = folder / "jane-doe.yaml"
    record.write_text("id: jane-doe\nname:   Jane Doe\nemails:\n- jane@example.org\n", encoding="utf-8")
    record.chmod(0o644)
    before = record.read_text(encoding="utf-8")
    run = kpolicy("fmt", "--policies", tmp_path / "policies")
    assert run.code == 0, run.err
    assert record.read_text(encoding="utf-8") != before  # it was rewritten
    assert _mode(record) == 0o644
