"""Plain text: record text shown on one line, every character that could change what a reader sees
(a line break, a carriage return, an escape sequence, a bidi control, an invisible character)
written as a visible escape."""

from __future__ import annotations

import functools
import re

# C0 and C1 controls, DEL; line and paragraph separators; bidi embeddings, overrides and isolates;
# zero-width and other invisible format characters; the byte-order mark.
HIDDEN_CHARACTERS = ("[\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
                    "\U000e0000-\U000e007f]")


@functools.cache  # compiled on first use: `who` starts in milliseconds
def _pattern() -> re.Pattern[str]:
    return re.compile(HIDDEN_CHARACTERS)


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _show(m: re.Match[str]) -> str:
    c = m.group(0)
    if c in _NAMED:
        return _NAMED[c]
    if ord(c) < 0x100:
        return f"\\x{ord(c):02x}"
    return f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}"


def plain(value: object) -> str:
    """One line of text; hidden characters escaped, backslashes kept as they are."""
    text = str(value)
    return text if text.isascii() and text.isprintable() else _pattern().sub(_show, text)


def plain_keep_tabs(value: object) -> str:
    """As plain, but a tab stays a tab (MAINTAINERS lines and titles hold real tabs)."""
    text = str(value)
    if text.isascii() and text.replace("\t", " ").isprintable():
        return text
    return _pattern().sub(lambda m: "\t" if m.group(0) == "\t" else _show(m), text)
