"""Writing files so that a failure part-way leaves what was there before.

`atomic_write` replaces one file: the new content goes to a temporary file beside it, which
then takes the file's name in one rename, so a reader sees the old content or the new, never
a part. `write_all` does the same for several files at once: every new content is written to
a temporary file first, then the files are replaced one by one, and if any step fails the
files already replaced get their old content back (kept as a hard link, or a copy) and the
folders it made are removed. A crash of the machine during the short replace phase is not
covered; any error Python can see is.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path


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
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
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
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
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
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _payload(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_all(files: Mapping[Path, str | bytes]) -> None:
    """Give every path its new content, or (on any error, which is raised) change nothing."""
    made: list[Path] = []
    staged: list[tuple[Path, Path]] = []  # (temporary file, target)
    done: list[tuple[Path, Path | None]] = []  # (target, backup of its old content; None: it was new)
    new_mode = _new_file_mode()
    try:
        for path, data in files.items():
            target = Path(path)
            for folder in _missing_parents(target.parent):
                folder.mkdir()
                made.append(folder)
            staged.append((_temp_copy(target, _payload(data), new_mode), target))
        for i, (tmp, target) in enumerate(staged):
            # the last file needs no backup: nothing can fail after it is replaced
            backup = _backup(target) if i < len(staged) - 1 and target.exists() else None
            try:
                os.replace(tmp, target)
            except BaseException:
                if backup is not None:
                    _unlink(backup)
                raise
            done.append((target, backup))
    except BaseException:
        for target, backup in reversed(done):  # best effort: put back what was there
            try:
                if backup is None:
                    _unlink(target)
                else:
                    os.replace(backup, target)
            except OSError:
                pass
        for tmp, _ in staged:
            _unlink(tmp)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    for _, backup in done:
        if backup is not None:
            _unlink(backup)


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write one file so that readers see either the old content or the new, never a part."""
    write_all({Path(path): data})


__all__ = ["atomic_write", "write_all"]
