"""MAINTAINERS text (`kpolicy export-maintainers`).

A MAINTAINERS entry is a title line followed by 'X:<tab>value' lines; get_maintainer.pl and
kpolicy's own reader skip blank and '#' lines, and take any line 'X:...' (X a capital letter) as
a field of the entry above. So a title that reads as a field line ('M:<tab>someone@example'
would add a maintainer to the entry before it), as a comment or as a blank line, and a value
that holds a line break, cannot be written: they are refused, never escaped (the format has no
escapes)."""

from __future__ import annotations

import re

_FIELD = re.compile(r"^[A-Z]:")
_BREAK = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def title_problem(title: str) -> str | None:
    """Why a title cannot be written as a MAINTAINERS title line, or None."""
    if not title.strip():
        return "a blank title would end the entry above instead of starting one"
    if _FIELD.match(title):
        return f"a title starting with {title[:2]!r} reads as a field line of the entry above"
    if title.lstrip().startswith("#"):
        return "a title starting with '#' reads as a comment and is skipped"
    if _BREAK.search(title):
        return "a title cannot hold a line break"
    return None


def value_problem(value: str) -> str | None:
    """Why a field value cannot be written after 'X:<tab>', or None."""
    if _BREAK.search(value):
        return "a value cannot hold a line break (the rest would read as another line)"
    return None


__all__ = ["title_problem", "value_problem"]
