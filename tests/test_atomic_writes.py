"""Every command that writes, failing part-way: each file-system step a successful run takes is
made to fail in turn (no space left on the device), and every file in the scratch folder,
records and output alike, must be byte for byte as it was, with no temporary file left over.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kpolicy.records.atomic import atomic_write, write_all

CORPUS = Path(__file__).parent / "corpus" / "base"
STEPS = ("open", "fsync", "replace", "rename", "link", "mkdir")


class Faults:
    """Counts the file-system steps taken (creating, writing, syncing, renaming, linking files
    and making folders) and makes the fail_at-th one raise OSError."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.fail_at = fail_at
        self.count = 0
        self.failed: str | None = None

    def step(self, what: str) -> None:
        self.count += 1
        if self.count == self.fail_at:
            self.failed = what
            raise OSError(errno.ENOSPC, "No space left on device")

    @contextmanager
    def active(self) -> Iterator[Faults]:
        with pytest.MonkeyPatch.context() as mp:
            for name in STEPS:
                mp.setattr(os, name, self._wrap(name, getattr(os, name)))
            real_open = io.open

            def opener(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
                if any(c in mode for c in "wax+"):
                    self.step(f"open({mode!r})")
                return real_open(file, mode, *args, **kwargs)

            mp.setattr(io, "open", opener)
            mp.setattr(builtins, "open", opener)
            yield self

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if name == "mkdir" and os.path.isdir(args[0]):
                pass  # a real mkdir says "exists" before anything else
            elif name == "open" and not args[1] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                pass  # opened for reading (a folder, say, while it is removed)
            else:
                self.step(name)
            return real(*args, **kwargs)
        return wrapped


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under root, hidden temporary files included."""
    return {p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes() for p in sorted(root.rglob("*"))}


def steps_of(run: Callable[[], Any]) -> int:
    faults = Faults()
    with faults.active():
        result = run()
    assert result.code == 0, result.err
    return faults.count


def assert_every_failure_changes_nothing(scratch: Path, prepare: Callable[[Path], Callable[[], Any]],
                                         points: Callable[[int], list[int]] = lambda n: list(range(1, n + 1))) -> int:
    """prepare(folder) fills folder and returns the command to run there. Returns the step count.
    A failed step either stops the command (exit 2) with every file as it was, or is one the
    command gets around (a file system without hard links: the old content is copied instead),
    and then the result is exactly that of a run without failures."""
    n = steps_of(prepare(scratch / "dry-run"))
    assert n > 0
    done = snapshot(scratch / "dry-run")
    for k in points(n):
        folder = scratch / f"fail-{k}"
        run = prepare(folder)
        before = snapshot(folder)
        faults = Faults(fail_at=k)
        with faults.active():
            result = run()
        assert faults.failed, f"step {k} of {n} was not reached"
        if result.code == 0 and faults.failed == "link":
            assert snapshot(folder) == done
            continue
        assert result.code == 2, (k, faults.failed, result.out, result.err)
        assert "No space left on device" in result.err and "Traceback" not in result.err
        assert snapshot(folder) == before, f"failing step {k} of {n} ({faults.failed}) changed files"
    return n


def records(folder: Path) -> Path:
    shutil.copytree(CORPUS, folder / "policies")
    return folder / "policies"


def retitle(policies: Path) -> None:
    """A change that alters every output: a subsystem's title."""
    f = policies / "subsystems" / "example-c.yaml"
    f.write_text(f.read_text().replace("EXAMPLE C SUBSYSTEM", "EXAMPLE C CORE"))


def test_export(tmp_path: Path, kpolicy) -> None:
    def prepare(folder: Path) -> Callable[[], Any]:
        policies = records(folder)
        assert kpolicy("export", "--policies", policies, "--out", folder / "api").code == 0  # an earlier export
        retitle(policies)
        return lambda: kpolicy("export", "--policies", policies, "--out", folder / "api")

    assert assert_every_failure_changes_nothing(tmp_path, prepare) >= 6 * 3


def test_export_into_a_new_folder(tmp_path: Path, kpolicy) -> None:
    def prepare(folder: Path) -> Callable[[], Any]:
        policies = records(folder)
        return lambda: kpolicy("export", "--policies", policies, "--out", folder / "out" / "api")

    assert_every_failure_changes_nothing(tmp_path, prepare)


def test_fmt(tmp_path: Path, kpolicy) -> None:
    def prepare(folder: Path) -> Callable[[], Any]:
        policies = records(folder)
        for f in sorted(policies.rglob("*.yaml")):  # needless quotes around the first value
            key, rest = f.read_text().split(": ", 1)
            value, rest = rest.split("\n", 1)
            f.write_text(f'{key}: "{value}"\n{rest}')
        assert kpolicy("fmt", "--check", "--policies", policies).code == 1
        return lambda: kpolicy("fmt", "--policies", policies)

    assert_every_failure_changes_nothing(tmp_path, prepare)


def test_new(tmp_path: Path, kpolicy) -> None:
    def prepare(folder: Path) -> Callable[[], Any]:
        policies = records(folder)
        return lambda: kpolicy("new", "maintainer", "carol-example", "--policies", policies)

    assert_every_failure_changes_nothing(tmp_path, prepare)


def test_import_maintainers(tmp_path: Path, kpolicy) -> None:
    def prepare(folder: Path) -> Callable[[], Any]:
        policies = records(folder)
        exported = kpolicy("export-maintainers", "--policies", policies)
        assert exported.code == 0
        changed = exported.out.replace("EXAMPLE C SUBSYSTEM\n",
                                       "EXAMPLE C SUBSYSTEM\nR:\tCarol Example <carol@example.org>\n")
        changed += "\nNEW EXAMPLE DRIVER\nM:\tDave Example <dave@example.org>\nS:\tMaintained\nF:\tdrivers/new/\n"
        (folder / "MAINTAINERS-6.12.117").write_text(changed)
        return lambda: kpolicy("import-maintainers", folder / "MAINTAINERS-6.12.117", "--all", "--policies", policies)

    # one subsystem updated, one created, two people created: four files
    assert assert_every_failure_changes_nothing(tmp_path, prepare) >= 4 * 3


def test_export_maintainers_output(tmp_path: Path, kpolicy) -> None:
    def prepare(folder: Path) -> Callable[[], Any]:
        policies = records(folder)
        assert kpolicy("export-maintainers", "--policies", policies, "--output", folder / "MAINTAINERS").code == 0
        retitle(policies)
        return lambda: kpolicy("export-maintainers", "--policies", policies, "--output", folder / "MAINTAINERS")

    assert_every_failure_changes_nothing(tmp_path, prepare)


def test_site_out(tmp_path: Path, kpolicy) -> None:
    """The site is written into a staging folder, so the steps are many; the first ones, a spread
    through the middle and all of the final swap are tried."""
    def prepare(folder: Path) -> Callable[[], Any]:
        policies = records(folder)
        assert kpolicy("site", "--policies", policies, "--out", folder / "site").code == 0  # an earlier site
        retitle(policies)
        return lambda: kpolicy("site", "--policies", policies, "--out", folder / "site")

    def points(n: int) -> list[int]:
        return sorted({*range(1, 6), *range(6, n - 8, max(1, n // 12)), *range(max(1, n - 8), n + 1)})

    assert assert_every_failure_changes_nothing(tmp_path, prepare, points) > 20


def test_write_all_puts_back_what_it_replaced(tmp_path: Path) -> None:
    """The rollback itself, at the level of the function: the third of four replaces fails."""
    files = {tmp_path / f"{c}.txt": f"new {c}" for c in "abcd"}
    for f in list(files)[:3]:
        f.write_text(f"old {f.stem}")
    before = snapshot(tmp_path)
    real_replace = os.replace
    calls = []

    def replace(src: Any, dst: Any) -> None:
        calls.append(Path(dst).name)
        if len(calls) == 3:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "replace", replace)
        with pytest.raises(OSError, match="Input/output"):
            write_all(files)
    assert calls[:3] == ["a.txt", "b.txt", "c.txt"]  # a and b were replaced, then put back
    assert snapshot(tmp_path) == before
    write_all(files)
    assert {f.name: f.read_text() for f in tmp_path.iterdir()} == {f"{c}.txt": f"new {c}" for c in "abcd"}


def test_atomic_write_makes_the_folders_it_needs(tmp_path: Path) -> None:
    atomic_write(tmp_path / "a" / "b" / "c.txt", "x")
    assert (tmp_path / "a" / "b" / "c.txt").read_text() == "x"
    assert snapshot(tmp_path) == {"a": None, "a/b": None, "a/b/c.txt": b"x"}
