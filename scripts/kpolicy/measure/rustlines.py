"""Counting the lines of one Rust source file, on its bytes (never decoded).

- physical lines: the number of line feeds, plus one when the file does not end with one;
- code lines: lines that hold anything other than white space once comments are removed.

Comments are `//` to the end of the line (so `///` and `//!` doc comments too) and `/* ... */`
blocks, which nest in Rust (`/** */` and `/*! */` doc blocks included). A line with code and a
comment is a code line; a line inside a block comment is not. String literals ("...", with
escapes; raw strings r"..." and r#"..."#; byte strings b"..." and br"...") and character
literals ('"', '\\'') are code, so a `//` or `/*` inside them starts no comment, and each line of
a string that spans lines is a code line unless it is blank. `#[doc = "..."]` attributes are code. A lifetime ('a)
is not a character literal.
"""

from __future__ import annotations

import re

# The next thing that changes how the text after it is read. Group 1: the hashes of a raw string.
_TOKEN = re.compile(rb"""//|/\*|r(\#*)"|"|'(?:\\.[^'\n]*|[^'\\\n])'""")
_STRING_END = re.compile(rb'(?:[^"\\]|\\.)*"', re.DOTALL)
_BLOCK_MARK = re.compile(rb"/\*|\*/")
_CODE_LINE = re.compile(rb"^[ \t\r\f\v]*[^ \t\r\f\v\n]", re.MULTILINE)


def physical_lines(data: bytes) -> int:
    n = data.count(b"\n")
    return n + 1 if data and not data.endswith(b"\n") else n


def strip_comments(data: bytes) -> bytes:
    """The text with every comment replaced by the line feeds it held (so lines keep their numbers)."""
    if b"/" not in data:
        return data
    out: list[bytes] = []
    pos = 0
    n = len(data)
    search = _TOKEN.search
    while pos < n:
        m = search(data, pos)
        if m is None:
            break
        start = m.start()
        tok = m.group()
        if tok == b"//":
            out.append(data[pos:start])
            end = data.find(b"\n", start)
            pos = n if end < 0 else end  # the line feed stays
        elif tok == b"/*":
            out.append(data[pos:start])
            end = _block_end(data, start + 2)
            out.append(b"\n" * data.count(b"\n", start, end))
            pos = end
        elif tok == b'"':
            s = _STRING_END.match(data, m.end())
            end = s.end() if s else n
            out.append(data[pos:end])
            pos = end
        elif tok[:1] == b"r":
            closing = b'"' + m.group(1)
            end = data.find(closing, m.end())
            end = n if end < 0 else end + len(closing)
            out.append(data[pos:end])
            pos = end
        else:  # a character literal
            out.append(data[pos:m.end()])
            pos = m.end()
    out.append(data[pos:])
    return b"".join(out)


def _block_end(data: bytes, pos: int) -> int:
    """The position after the '*/' that closes a block comment opened before pos (blocks nest)."""
    depth = 1
    for m in _BLOCK_MARK.finditer(data, pos):
        depth += 1 if m.group() == b"/*" else -1
        if depth == 0:
            return m.end()
    return len(data)  # an unterminated comment runs to the end of the file


def count(data: bytes) -> tuple[int, int]:
    """(physical lines, code lines) of a Rust source file."""
    return physical_lines(data), len(_CODE_LINE.findall(strip_comments(data)))
