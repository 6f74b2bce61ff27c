"""Writing files so that a failure part-way leaves what was there before.

`atomic_write` replaces one file: the new content goes to a temporary file beside it, which
then takes the file's name in one rename, so a reader sees the old content or the new, never
a part. `write_all` does the same for several files at once: every new content is written to
a temporary file first, then the files are replaced one by one, and if any step fails the
files already replaced get their old content back (kept as a hard link, or a copy) and the
folders it made are removed. A crash of the machine during the short replace phase is not
covered; any error Python can see is.

Edits made by someone else are never lost: a writer that read a file passes the content it read
(`expect`, a SHA-256 per path, None for a file that must still not exist), and each file is
compared with it right before it is replaced; a file that changed stops the whole write
(`ChangedOnDisk`, naming the file), and nothing is changed. Temporary files are named
`.<name>.kpolicy-<pid>.<random>.tmp` (and `.old`), which the repository's .gitignore excludes, so
`git add -A` never picks one up; those left by a process that no longer runs (killed with -9)
are removed by the next write into the same folder.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

_LEFTOVER = re.compile(r"^\..+\.kpolicy-([0-9]+)\.[^.]+\.(?:tmp|old)$")


class ChangedOnDisk(OSError):
    """A file changed between the moment a command read it and the moment it would replace it."""

    def __init__(self, path: Path):
        super().__init__(errno.EBUSY, f"{path} changed since it was read (saved by someone else?); "
                                      "nothing was written, run the command again", str(path))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _current_digest(target: Path) -> str | None:
    """The SHA-256 of target's content now; None when it does not exist; '' when it is no regular file."""
    from kpolicy.records.safefs import NotRegular, read_regular

    try:
        data = read_regular(target, 1 << 30)
    except FileNotFoundError:
        return None
    except (NotRegular, OSError):
        return ""
    return digest(data)


def _check_unchanged(target: Path, expect: Mapping[Path, str | None] | None) -> None:
    if expect is not None and target in expect and _current_digest(target) != expect[target]:
        raise ChangedOnDisk(target)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_leftovers(folder: Path) -> None:
    """Remove the temporary files of writes into folder whose process no longer runs."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _LEFTOVER.match(name)
        if m and int(m.group(1)) != os.getpid() and not _alive(int(m.group(1))):
            _unlink(folder / name)


def _missing_parents(folder: Path) -> list[Path]:
    """The folders up to and including folder that do not exist yet, outermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    return missing[::-1]


def _new_file_mode() -> int:
    """The mode open() gives a new file: 0o666 less the umask (read without changing it for good)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _temp_copy(target: Path, payload: bytes, new_mode: int) -> Path:
    """payload in a temporary file beside target, with the mode target has (new_mode if it is new);
    mkstemp alone would leave every written file 0600."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.kpolicy-{os.getpid()}.", suffix=".tmp", dir=target.parent)
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = new_mode
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        _unlink(Path(name))
        raise
    return Path(name)


def _backup(target: Path) -> Path:
    """A second name for target's current content, beside it."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.kpolicy-{os.getpid()}.", suffix=".old", dir=target.parent)
    os.close(fd)
    backup = Path(name)
    try:
        os.unlink(backup)
        try:
            os.link(target, backup)
        except OSError:  # a file system without hard links
            shutil.copy2(target, backup)
    except BaseException:
        _unlink(backup)
        raise
    return backup


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _payload(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_all(files: Mapping[Path, str | bytes], expect: Mapping[Path, str | None] | None = None) -> None:
    """Give every path its new content, or (on any error, which is raised) change nothing. With
    expect, a path listed there is only replaced while its content still has that SHA-256 (None:
    while it does not exist); otherwise ChangedOnDisk is raised and nothing is changed."""
    expect = {Path(k): v for k, v in expect.items()} if expect is not None else None
    for folder in {Path(p).parent for p in files}:
        remove_leftovers(folder)
    for path in files:  # before any work: a file changed already is refused at once
        _check_unchanged(Path(path), expect)
    made: list[Path] = []
    staged: list[tuple[Path, Path]] = []  # (temporary file, target)
    done: list[tuple[Path, Path | None]] = []  # (target, backup of its old content; None: it was new)
    new_mode = _new_file_mode()
    try:
        _stage(files, new_mode, made, staged)
        _replace_staged(staged, expect, done)
    except BaseException:
        _roll_back(done, staged, made)
        raise
    for _, backup in done:
        if backup is not None:
            _unlink(backup)


def _stage(files: Mapping[Path, str | bytes], new_mode: int, made: list[Path], staged: list[tuple[Path, Path]]) -> None:
    """Every new content in a temporary file beside its target, making the missing folders;
    appends to made and staged as it goes, so a failure part-way can be undone."""
    for path, data in files.items():
        target = Path(path)
        for folder in _missing_parents(target.parent):
            folder.mkdir()
            made.append(folder)
        staged.append((_temp_copy(target, _payload(data), new_mode), target))


def _replace_staged(staged: list[tuple[Path, Path]], expect: Mapping[Path, str | None] | None,
                    done: list[tuple[Path, Path | None]]) -> None:
    """Each target takes its temporary file's place, its old content kept aside; appends to done."""
    for i, (tmp, target) in enumerate(staged):
        # the last file needs no backup: nothing can fail after it is replaced
        backup = _backup(target) if i < len(staged) - 1 and target.exists() else None
        try:
            _check_unchanged(target, expect)  # again, right before: the read may be minutes old
            os.replace(tmp, target)
        except BaseException:
            if backup is not None:
                _unlink(backup)
            raise
        done.append((target, backup))


def _roll_back(done: list[tuple[Path, Path | None]], staged: list[tuple[Path, Path]], made: list[Path]) -> None:
    """Best effort: put back what was there, remove the temporary files and the folders made."""
    for target, backup in reversed(done):
        with contextlib.suppress(OSError):
            if backup is None:
                _unlink(target)
            else:
                os.replace(backup, target)
    for tmp, _ in staged:
        _unlink(tmp)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def atomic_write(path: str | os.PathLike[str], data: str | bytes, expect: str | Literal[False] | None = False) -> None:
    """Write one file so that readers see either the old content or the new, never a part. expect:
    the SHA-256 of the content read, None for a file that must not exist; False (default): no check."""
    write_all({Path(path): data}, None if expect is False else {Path(path): expect})


__all__ = ["ChangedOnDisk", "atomic_write", "digest", "remove_leftovers", "write_all"]
