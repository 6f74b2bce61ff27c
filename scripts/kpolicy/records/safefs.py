"""Reading files from a checkout that anyone may have written: only regular files, never a link.

A pull request can add a symbolic link, and git keeps it as one: a record that links to a file
elsewhere on the machine would have that file's text read, quoted in messages and published. So
every reader here opens a file without following a link (O_NOFOLLOW), without waiting on a FIFO
or a device (O_NONBLOCK), and checks on the open file that it is a regular file, before reading a
byte. Folders are walked with lstat: a link to a folder is refused, not entered.

`walk_records` is the one walk over a records folder: `validate`, `fmt`, `fmt --check` and
`diff` see exactly the same files. Names that cannot be shown on one line (a line break or other
control character), or that are too long for the file system to take a temporary file beside them,
are refused with the name shown escaped.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from kpolicy.records.problems import Problem
from kpolicy.text.plain import plain

# A formatted copy is written beside the record as '.<name>.<random>.tmp' before it replaces it:
# the name must leave room for that within the usual 255-byte limit of a file name.
MAX_NAME_BYTES = 200


class NotRegular(Exception):
    """A path that is a link, a folder, a FIFO or a device where a regular file was expected."""

    def __init__(self, shown: str, what: str):
        super().__init__(f"{shown}: {what}")
        self.shown = shown
        self.what = what


def kind_of_entry(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_regular(path: str | os.PathLike[str], limit: int, shown: str | None = None, *,
                 follow_links: bool = False) -> bytes:
    """Up to limit + 1 bytes of a regular file (the caller sees that it is too large). Raises
    NotRegular for anything else, OSError when it cannot be opened or read. follow_links is for a
    file the user names on the command line (their own MAINTAINERS file), never for the checkout."""
    shown = shown or os.fspath(path)
    flags = _FLAGS & ~getattr(os, "O_NOFOLLOW", 0) if follow_links else _FLAGS
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if not follow_links and (e.errno == getattr(os, "ELOOP", -1) or os.path.islink(path)):
            raise NotRegular(shown, "a symbolic link") from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(shown, kind_of_entry(st.st_mode))
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def name_problem(path: Path, shown: str) -> Problem | None:
    """A file name that cannot be shown on one line, or that is too long to format, or None."""
    name = path.name
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        return Problem(plain(shown), 1, 1, "file-name", "error",
                       f"the name {plain(name)} holds a line break or another control character",
                       "rename the file to <id>.yaml")
    if len(os.fsencode(name)) > MAX_NAME_BYTES:
        return Problem(plain(shown), 1, 1, "file-name", "error",
                       f"the name is {len(os.fsencode(name))} bytes long; at most {MAX_NAME_BYTES}",
                       "rename the file to <id>.yaml (ids are at most 120 characters)")
    return None


@dataclass(frozen=True)
class Entry:
    path: Path
    kind_folder: str


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def listdir(folder: Path, shown: str) -> tuple[list[Path], list[Problem]]:
    """The entries of a folder, sorted; an unreadable folder is a located problem."""
    try:
        return sorted(folder.iterdir()), []
    except OSError as e:
        return [], [Problem(plain(shown), 1, 1, "file-unreadable", "error",
                            f"cannot read the folder: {e.strerror or e}", "make it readable, or remove it")]


def not_regular_problem(path: Path, shown: str, what: str) -> Problem:
    return Problem(plain(shown), 1, 1, "file-not-regular", "error",
                   f"{plain(path.name)!s} is {what}; only regular files are read",
                   "replace it by a regular file holding the record (a link may point outside the repository)")




def tree_files(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The regular files under folder (recursively, links never followed), sorted, and every entry
    that is not a regular file or a real folder, with what it is."""
    good: list[Path] = []
    bad: list[tuple[Path, str]] = []
    todo = [folder]
    while todo:
        current = todo.pop()
        try:
            names = sorted(os.listdir(current))
        except OSError as e:
            bad.append((current, f"an unreadable folder ({e.strerror or e})"))
            continue
        for name in names:
            path = current / name
            mode = os.lstat(path).st_mode
            if stat.S_ISDIR(mode):
                todo.append(path)
            elif stat.S_ISREG(mode):
                good.append(path)
            else:
                bad.append((path, kind_of_entry(mode)))
    return sorted(good), sorted(bad)


def inside_without_links(path: Path, top: Path) -> str | None:
    """None when path is a regular file reached from top through real folders only; otherwise what
    is wrong with it (a link on the way, or not a regular file, or outside top)."""
    try:
        rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(top))
    except ValueError:
        return "outside the folder"
    current = Path(os.path.abspath(top))
    for part in rel.parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except OSError as e:
            return f"unreadable ({e.strerror or e})"
        if stat.S_ISLNK(mode):
            if current == Path(os.path.abspath(path)):
                return "a symbolic link"
            return f"reached through the link {current}"
    return None if stat.S_ISREG(mode) else kind_of_entry(mode)


__all__ = ["MAX_NAME_BYTES", "NotRegular", "inside_without_links", "kind_of_entry", "listdir", "name_problem",
           "not_regular_problem", "read_regular", "tree_files"]
