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
from collections.abc import Iterable, Iterator
from operator import itemgetter

# the field letters in the kernel's preferred order (drift and the tests read it from here)
from kpolicy.records.kinds import FIELD_ORDER as FIELD_ORDER

_VERSION_IN_NAME = re.compile(r"MAINTAINERS-([1-9][0-9]*\.[0-9]+(?:\.[0-9]+)?(?:-rc[0-9]+)?)(?:\.(?:xz|gz))?$")
MAX_FILE_BYTES = 16 << 20  # the 6.12 file is 0.8 MB (compressed or not); a larger one is refused unread
# what `irregular` says of a line with no field letter right after a field line: get_maintainer.pl
# reads it as the title of a new entry, but it is far more often a field line gone wrong
TITLE_INSIDE_ENTRY = "a line without a field letter right after a field line (read as the title of a new entry)"


class MaintainersFileError(Exception):
    """A file that cannot be read as MAINTAINERS text; path, line and column say where. check
    names the reason: maintainers.read (the file cannot be opened) or one about its content
    (maintainers.encoding, maintainers.empty, maintainers.too-large, maintainers.compression)."""

    def __init__(self, path: str, line: int, column: int, message: str, check: str = "maintainers.read"):
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path, self.line, self.column, self.message, self.check = path, line, column, message, check


class Entry(tuple[str, tuple[tuple[str, str], ...], int]):
    """One entry: its title and its field lines, in the file's order. Immutable (a tuple)."""

    __slots__ = ()

    def __new__(cls, title: str, fields: tuple[tuple[str, str], ...], line: int = 0) -> Entry:
        # fields: (letter, value), value as written after the separator; line: the title's line in
        # the file it was read from (0: not read from a file)
        return tuple.__new__(cls, (title, fields, line))

    title = property(itemgetter(0))
    fields = property(itemgetter(1))
    line = property(itemgetter(2))

    def __repr__(self) -> str:
        return f"Entry(title={self[0]!r}, fields={self[1]!r}, line={self[2]!r})"

    def __getnewargs__(self) -> tuple[str, tuple[tuple[str, str], ...], int]:
        return (self[0], self[1], self[2])

    def values(self, letter: str) -> tuple[str, ...]:
        return tuple(v for k, v in self[1] if k == letter)

    def field_line(self, index: int) -> int:
        """The file line of fields[index] (exact for a file in the kernel's layout)."""
        return self[2] + 1 + index

    def text(self) -> str:
        return "\n".join([self[0]] + [f"{k}:\t{v}" for k, v in self[1]])


class MaintainersFile:
    """A parsed file: the entries, the text around them, and what is irregular about it."""

    __slots__ = ("_lines", "entries", "irregular", "path", "preamble", "trailer", "version")

    def __init__(self, entries: tuple[Entry, ...], preamble: str = "", trailer: str = "\n", path: str = "",
                 version: str | None = None, irregular: tuple[tuple[int, str], ...] = (),
                 lines: dict[int, tuple[int, ...]] | None = None):
        self.entries = entries
        self.preamble = preamble  # everything before the first entry's title
        self.trailer = trailer  # everything after the last entry's last line
        self.path = path
        self.version = version  # the kernel version, from a file name MAINTAINERS-<version>
        self.irregular = irregular  # (line, what) the kernel's layout writes differently
        self._lines = lines or {}  # title line -> the line of each field, where the layout is irregular

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MaintainersFile) and all(
            getattr(self, k) == getattr(other, k) for k in self.__slots__ if k != "_lines")

    def field_line(self, entry: Entry, index: int) -> int:
        """The file line of entry.fields[index], whatever the layout."""
        lines = self._lines.get(entry.line)
        return lines[index] if lines else entry.field_line(index)

    __hash__ = None  # type: ignore[assignment]

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
    """Parse MAINTAINERS text. Raises MaintainersFileError when no entry is found. CRLF line
    ends are read as LF (and noted as irregular)."""
    if "\r\n" in source:
        parsed = parse(source.replace("\r\n", "\n"), path, version)
        first = source.count("\n", 0, source.index("\r\n")) + 1
        parsed.irregular = ((first, "CRLF line ends (read as LF)"), *parsed.irregular)
        return parsed
    start = _first_title(_head_lines(source)) if _ANY_FIELD.search(source) else None
    if start is None:
        raise MaintainersFileError(path, 1, 1, "no MAINTAINERS entry found (an entry is a title line "
                                               "followed by field lines such as 'M:<tab>Name <address>')",
                                   "maintainers.empty")
    regular = _parse_regular(source, start, path, version)
    if regular is not None:
        return regular
    return _parse_lines(source.split("\n"), start, path, version)


_ANY_FIELD = re.compile(r"^[A-Z]:", re.MULTILINE)
# a field line whose value starts with neither white space nor a line end, or is empty
_FIELD_LINE = re.compile(r"^([A-Z]):\t([^ \t\n\r\f\v][^\n]*|)$", re.MULTILINE)


def _parse_regular(source: str, start: int, path: str, version: str | None) -> MaintainersFile | None:
    """The fast way, for a file in the kernel's layout: every entry a title and 'X:<tab>value'
    lines, one blank line between entries, one newline at the end. None for any other file,
    which _parse_lines then reads (both give the same result where both apply)."""
    offset = 0
    for _ in range(start):
        offset = source.index("\n", offset) + 1
    preamble, body = source[:offset], source[offset:-1]
    if not source.endswith("\n") or body.endswith("\n") or "\n" not in body:
        return None
    fields = _FIELD_LINE.findall(body)
    blocks = body.split("\n\n")
    if len(fields) != body.count("\n") + 1 - len(blocks) - (len(blocks) - 1):
        return None  # a line that is neither a title nor a field line, or a blank line too many
    entries = []
    k = 0
    line = start + 1
    for block in blocks:
        n = block.count("\n")
        title = block[:block.find("\n")] if n else block
        if not n or not title.strip() or title.lstrip()[:1] == "#" or _is_field(title):
            return None
        entries.append(Entry(title, tuple(fields[k:k + n]), line))
        k += n
        line += n + 2
    return MaintainersFile(tuple(entries), preamble, "\n", path, version, ())


def _parse_lines(lines: list[str], start: int, path: str, version: str | None) -> MaintainersFile:
    """Line by line, as get_maintainer.pl reads: works for any file, and notes what is irregular."""
    n = len(lines)
    entries: list[Entry] = []
    irregular: list[tuple[int, str]] = []
    title: str | None = None
    title_line = 0
    fields: list[tuple[str, str]] = []
    where: dict[int, tuple[int, ...]] = {}  # title line -> field lines
    field_lines: list[int] = []
    blanks = 1  # blank lines seen since the last field or title line
    last_content = start
    for i in range(start, n):
        line = lines[i]
        if line[1:2] == ":" and "A" <= line[0] <= "Z":  # a field line
            value = _field_value(line, i + 1, irregular)
            if blanks and title is not None:
                irregular.append((i + 1, "field line after a blank or comment line inside an entry"))
            fields.append((line[0], value))
            field_lines.append(i + 1)
            blanks = 0
            last_content = i
        elif _is_skipped(line):
            if line.strip():
                irregular.append((i + 1, "comment line (ignored, as get_maintainer.pl does)"))
            blanks += 1
        else:
            if title is not None:
                entries.append(Entry(title, tuple(fields), title_line))
                where[title_line] = tuple(field_lines)
                if blanks == 0:
                    irregular.append((i + 1, TITLE_INSIDE_ENTRY))
                elif blanks != 1 or lines[i - 1] != "":
                    irregular.append((i + 1, "entries are not separated by exactly one blank line"))
            title, title_line, fields, field_lines, blanks = line, i + 1, [], [], 0
            last_content = i
    if title is not None:
        entries.append(Entry(title, tuple(fields), title_line))
        where[title_line] = tuple(field_lines)
    preamble = "".join(line + "\n" for line in lines[:start])
    trailer = _trailer(lines, last_content, irregular)
    return MaintainersFile(tuple(entries), preamble, trailer, path, version, tuple(irregular), where)


def _field_value(line: str, number: int, irregular: list[tuple[int, str]]) -> str:
    """The value of a field line (file line number), noting a separator other than one tab."""
    value = line[3:]
    if line[2:3] != "\t" or value[:1] in (" ", "\t", "\r", "\f", "\v"):
        value = line[2:].lstrip(" \t\n\r\f\v")
        irregular.append((number, "the separator after the field letter is not one tab"))
    return value


def _trailer(lines: list[str], last_content: int, irregular: list[tuple[int, str]]) -> str:
    """What follows the last entry, noting anything there but the one final newline."""
    trailer = "\n".join(["", *lines[last_content + 1:]])
    if any(line.strip() for line in lines[last_content + 1:]):
        irregular.append((last_content + 2, "text after the last entry"))
    elif trailer != "\n":
        irregular.append((last_content + 2, "the file does not end with one newline after the last entry"))
    return trailer


def _first_title(lines: Iterable[str]) -> int | None:
    """The first line that is neither blank, a comment nor a field, and is followed by a field line."""
    candidate: int | None = None
    for i, line in enumerate(lines):
        if _is_field(line):
            if candidate is not None:
                return candidate
        elif not _is_skipped(line):
            candidate = i
    return None


def _head_lines(source: str) -> Iterator[str]:
    """The lines of source, split one by one (the first entry is near the top)."""
    pos = 0
    while True:
        end = source.find("\n", pos)
        if end < 0:
            yield source[pos:]
            return
        yield source[pos:end]
        pos = end + 1


def decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise MaintainersFileError(path, line, column, f"invalid UTF-8 byte 0x{raw[e.start]:02x}",
                                   "maintainers.encoding") from None


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes; a name ending in .xz or .gz is decompressed."""
    shown = os.fspath(path)
    from kpolicy.records.safefs import NotRegular, read_regular

    try:
        raw = read_regular(path, MAX_FILE_BYTES, shown, follow_links=True)  # a FIFO would never end
    except NotRegular as e:
        raise MaintainersFileError(shown, 1, 1, f"cannot read file: {e.what}, not a regular file") from None
    except OSError as e:
        raise MaintainersFileError(shown, 1, 1, f"cannot read file: {e.strerror or e}") from None
    if shown.endswith((".xz", ".gz")):
        import gzip
        import io
        import lzma
        import zlib

        try:
            if shown.endswith(".xz"):
                d = lzma.LZMADecompressor()
                raw = d.decompress(raw, MAX_FILE_BYTES + 1)
                if not d.eof and len(raw) <= MAX_FILE_BYTES:
                    raise EOFError("the compressed data ends before its end marker")
            else:
                with gzip.GzipFile(fileobj=io.BytesIO(raw)) as g:
                    raw = g.read(MAX_FILE_BYTES + 1)
        except (lzma.LZMAError, OSError, EOFError, zlib.error) as e:
            raise MaintainersFileError(shown, 1, 1, f"cannot decompress: {e}", "maintainers.compression") from None
    if len(raw) > MAX_FILE_BYTES:
        raise MaintainersFileError(shown, 1, 1, f"file is larger than {MAX_FILE_BYTES:,} bytes",
                                   "maintainers.too-large")
    return raw


def read(path: str | os.PathLike[str], version: str | None = None, display: str | None = None) -> MaintainersFile:
    """Read and parse a MAINTAINERS file; the version defaults to the one in its name."""
    shown = display or os.fspath(path)
    return parse(decode(read_bytes(path), shown), shown, version or version_from_name(path))
