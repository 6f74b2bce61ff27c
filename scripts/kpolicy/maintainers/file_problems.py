"""What is wrong with a MAINTAINERS file's entries, located at the file's lines.

The parser reads any text as get_maintainer.pl does; this module says which of what it read
cannot become records: a line with no field letter right after a field line (a stray line, read
as the title of a new entry that takes the field lines after it), an entry without a single
field line, two entries with one title, a field letter the records do not know, and control
characters. What the kernel's layout merely writes differently (a space after the colon, a
comment line inside an entry, CRLF line ends) is a warning: get_maintainer.pl reads it the same
way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kpolicy.maintainers.file import TITLE_INSIDE_ENTRY, Entry, MaintainersFile
from kpolicy.records.kinds import FIELD_LETTERS
from kpolicy.records.problems import Problem

KNOWN_LETTERS = "".join(letter for letter, _ in FIELD_LETTERS)
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # a tab is allowed (a few real titles hold one)


def entry_problems(m: MaintainersFile, entries: Iterable[Entry] | None = None) -> list[Problem]:
    """Errors in entries (default: every entry of m), and duplicate titles among them."""
    out: list[Problem] = []
    seen: dict[str, int] = {}
    stray = {line for line, what in m.irregular if what == TITLE_INSIDE_ENTRY}
    for e in m.entries if entries is None else entries:
        if e.line in stray:
            out.append(Problem(m.path, e.line, 1, "maintainers.entry", "error",
                               f"{e.title[:60]!r} follows a field line but is not one; it would be read as the "
                               "title of a new entry, which takes the field lines below it",
                               "give it its field letter ('X:<tab>value'), or put a blank line before a new "
                               "entry's title"))
        if e.title in seen:
            out.append(Problem(m.path, e.line, 1, "maintainers.duplicate-title", "error",
                               f"a second entry titled {e.title!r} (the first is on line {seen[e.title]})",
                               "every entry has its own title; merge the two or rename one"))
        seen.setdefault(e.title, e.line)
        if not e.fields:
            out.append(Problem(m.path, e.line, 1, "maintainers.entry", "error",
                               f"{e.title[:60]!r} is neither a field line ('X:<tab>value') nor the title of an "
                               "entry: no field line follows it",
                               "a field line starts with an upper-case letter and a colon; a title is "
                               "followed by its fields"))
        bad = _CONTROL.search(e.title)
        if bad:
            out.append(_control(m.path, e.line, bad.start() + 1, bad.group()))
        for i, (letter, value) in enumerate(e.fields):
            line = m.field_line(e, i)
            if letter not in KNOWN_LETTERS:
                out.append(Problem(m.path, line, 1, "maintainers.field", "error",
                                   f"unknown field letter {letter}: in entry {e.title!r}",
                                   f"the records know {KNOWN_LETTERS}"))
            bad = _CONTROL.search(value)
            if bad:
                out.append(_control(m.path, line, len(f"{letter}:\t") + bad.start() + 1, bad.group()))
    return out


def layout_warnings(m: MaintainersFile) -> list[Problem]:
    """What the kernel's layout would write differently (the errors among it excepted)."""
    return [Problem(m.path, line, 1, "maintainers.layout", "warning", what,
                    "get_maintainer.pl reads it the same way; the kernel's layout would not write it so")
            for line, what in m.irregular if what != TITLE_INSIDE_ENTRY]


def _control(path: str, line: int, column: int, char: str) -> Problem:
    return Problem(path, line, column, "maintainers.control", "error",
                   f"control character U+{ord(char):04X} in a MAINTAINERS line", "remove it")


__all__ = ["KNOWN_LETTERS", "entry_problems", "layout_warnings"]
