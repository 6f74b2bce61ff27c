"""The kernel's MAINTAINERS format: read a file into entries, and write entries back as text.

A file is a preamble (free text: the format's description), then entries. An entry is a
title line followed by field lines `X:<tab>value`, one field letter per line; entries are
separated by one blank line. Reading follows scripts/get_maintainer.pl where the format is
loose: any upper-case letter followed by ':' starts a field line, the whitespace after the
colon is not part of the value, blank and '#' comment lines never end an entry (only a new
title does), and values are kept exactly as written, whatever they hold (lower-case or
unknown S: values, lists with a display name or a remark, people written without an address).

For a file in the kernel's own layout, `text(parse(f))` is byte for byte the file. Anything
that layout would write differently (a space instead of the tab, two blank lines, a comment
inside an entry) is listed in `MaintainersFile.irregular` with its line number.

This module imports nothing heavy: `kpolicy who` parses the whole file on every call.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

# The field letters in the order the kernel's documentation prefers them (records.FIELD_LETTERS).
FIELD_ORDER = "MRLSWQBCPTFXNK"
_VERSION_IN_NAME = re.compile(r"MAINTAINERS-([1-9][0-9]*\.[0-9]+(?:\.[0-9]+)?(?:-rc[0-9]+)?)(?:\.(?:xz|gz))?$")
MAX_FILE_BYTES = 64 << 20  # the 6.12 file is 0.8 MB; the compressed fixture expands to that


class MaintainersFileError(Exception):
    """A file that cannot be read as MAINTAINERS text; path, line and column say where."""

    def __init__(self, path: str, line: int, column: int, message: str):
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry: its title and its field lines, in the file's order."""

    title: str
    fields: tuple[tuple[str, str], ...]  # (letter, value), value as written after the separator
    line: int = 0  # line number of the title in the file it was read from (0: not read from a file)

    def values(self, letter: str) -> tuple[str, ...]:
        return tuple(v for k, v in self.fields if k == letter)

    def field_line(self, index: int) -> int:
        """The file line of fields[index] (exact for a file in the kernel's layout)."""
        return self.line + 1 + index

    def text(self) -> str:
        return "\n".join([self.title] + [f"{k}:\t{v}" for k, v in self.fields])


@dataclass(frozen=True)
class MaintainersFile:
    entries: tuple[Entry, ...]
    preamble: str = ""  # everything before the first entry's title
    trailer: str = "\n"  # everything after the last entry's last line
    path: str = ""
    version: str | None = None  # the kernel version, from a file name MAINTAINERS-<version>
    irregular: tuple[tuple[int, str], ...] = ()  # (line, what) the kernel's layout writes differently

    def by_title(self) -> dict[str, Entry]:
        return {e.title: e for e in self.entries}


def text(entries: tuple[Entry, ...] | list[Entry], preamble: str = "", trailer: str = "\n") -> str:
    """MAINTAINERS text: the preamble, then the entries separated by one blank line."""
    return preamble + "\n\n".join(e.text() for e in entries) + (trailer if entries else "")


def version_from_name(path: str | os.PathLike[str]) -> str | None:
    m = _VERSION_IN_NAME.search(os.path.basename(os.fspath(path)))
    return m.group(1) if m else None


def _is_field(line: str) -> bool:
    return len(line) > 1 and line[1] == ":" and "A" <= line[0] <= "Z"


def _is_skipped(line: str) -> bool:
    """Lines get_maintainer.pl skips: blank, or a '#' comment."""
    stripped = line.lstrip()
    return not stripped or stripped[0] == "#"


def parse(source: str, path: str = "MAINTAINERS", version: str | None = None) -> MaintainersFile:
    """Parse MAINTAINERS text. Raises MaintainersFileError when no entry is found."""
    lines = source.split("\n")
    start = _first_title(lines)
    if start is None:
        raise MaintainersFileError(path, 1, 1, "no MAINTAINERS entry found (an entry is a title line "
                                               "followed by field lines such as 'M:<tab>Name <address>')")
    return _parse_lines(lines, start, path, version)


def _parse_lines(lines: list[str], start: int, path: str, version: str | None) -> MaintainersFile:
    """Line by line, as get_maintainer.pl reads: works for any file, and notes what is irregular."""
    n = len(lines)
    entries: list[Entry] = []
    irregular: list[tuple[int, str]] = []
    title: str | None = None
    title_line = 0
    fields: list[tuple[str, str]] = []
    blanks = 1  # blank lines seen since the last field or title line
    last_content = start
    for i in range(start, n):
        line = lines[i]
        if line[1:2] == ":" and "A" <= line[0] <= "Z":  # a field line
            value = line[3:]
            if line[2:3] != "\t" or value[:1] in (" ", "\t", "\r", "\f", "\v"):
                value = line[2:].lstrip(" \t\n\r\f\v")
                irregular.append((i + 1, "the separator after the field letter is not one tab"))
            if blanks and fields:
                irregular.append((i + 1, "field line after a blank or comment line inside an entry"))
            fields.append((line[0], value))
            blanks = 0
            last_content = i
        elif _is_skipped(line):
            if line.strip():
                irregular.append((i + 1, "comment line (ignored, as get_maintainer.pl does)"))
            blanks += 1
        else:
            if title is not None:
                entries.append(Entry(title, tuple(fields), title_line))
                if blanks != 1 or lines[i - 1] != "":
                    irregular.append((i + 1, "entries are not separated by exactly one blank line"))
            title, title_line, fields, blanks = line, i + 1, [], 0
            last_content = i
    if title is not None:
        entries.append(Entry(title, tuple(fields), title_line))
    preamble = "".join(line + "\n" for line in lines[:start])
    trailer = "\n".join([""] + lines[last_content + 1:])
    if any(line.strip() for line in lines[last_content + 1:]):
        irregular.append((last_content + 2, "text after the last entry"))
    elif trailer != "\n":
        irregular.append((last_content + 2, "the file does not end with one newline after the last entry"))
    return MaintainersFile(tuple(entries), preamble, trailer, path, version, tuple(irregular))


def _first_title(lines: list[str]) -> int | None:
    """The first line that is neither blank, a comment nor a field, and is followed by a field line."""
    candidate: int | None = None
    for i, line in enumerate(lines):
        if _is_field(line):
            if candidate is not None:
                return candidate
        elif not _is_skipped(line):
            candidate = i
    return None


def decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise MaintainersFileError(path, line, column, f"invalid UTF-8 byte 0x{raw[e.start]:02x}") from None


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes; a name ending in .xz or .gz is decompressed."""
    shown = os.fspath(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise MaintainersFileError(shown, 1, 1, f"cannot read file: {e.strerror or e}") from None
    if shown.endswith((".xz", ".gz")):
        import gzip
        import io
        import lzma
        import zlib

        try:
            if shown.endswith(".xz"):
                raw = lzma.LZMADecompressor().decompress(raw, MAX_FILE_BYTES + 1)
            else:
                with gzip.GzipFile(fileobj=io.BytesIO(raw)) as g:
                    raw = g.read(MAX_FILE_BYTES + 1)
        except (lzma.LZMAError, OSError, EOFError, zlib.error) as e:
            raise MaintainersFileError(shown, 1, 1, f"cannot decompress: {e}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise MaintainersFileError(shown, 1, 1, f"file is larger than {MAX_FILE_BYTES:,} bytes")
    return raw


def read(path: str | os.PathLike[str], version: str | None = None, display: str | None = None) -> MaintainersFile:
    """Read and parse a MAINTAINERS file; the version defaults to the one in its name."""
    shown = display or os.fspath(path)
    return parse(decode(read_bytes(path), shown), shown, version or version_from_name(path))
