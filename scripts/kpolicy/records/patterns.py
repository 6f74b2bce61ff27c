"""N: and K: patterns that cannot hang: run by RE2, whose matching time is linear in the text.

get_maintainer.pl matches N: values as Perl regular expressions in extended mode (`m/$x/x`:
spaces and '#' comments outside a character class are ignored). A backtracking engine (Perl's,
Python's `re`) can take exponential time on a pattern with nested quantifiers such as `(a+)+b`,
and records arrive from anyone. RE2 (google-re2) has no backtracking: every pattern it accepts
runs in time linear in the path. What RE2 does not support (back-references, look-around,
possessive quantifiers) is refused by `kpolicy validate` with the engine's reason, so a record
never holds a pattern that would have to run on a backtracking engine. Every N:/K: value of the
real MAINTAINERS files of 6.1, 6.12, 7.2 and 7.3 is supported (tests/test_patterns.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

TYPE_CHECKING = False  # not typing's: `kpolicy who` reads this module, and importing typing costs it ms
if TYPE_CHECKING:
    from typing import Any


class PatternError(ValueError):
    pass


def strip_extended(pattern: str) -> str:
    """The pattern with what extended mode ignores removed: whitespace and '#' comments outside a
    character class and not escaped. RE2 has no extended mode of its own."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
            out.append(c)
            i += 1
            continue
        if c == "[":
            out.append(c)
            i += 1
            if pattern[i:i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i:i + 1] == "]":  # a ']' first in a class is a literal
                out.append("]")
                i += 1
            in_class = True
            continue
        if c in " \t\n\r\f\v":
            i += 1
            continue
        if c == "#":
            end = pattern.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


@functools.cache  # made on first use: RE2 is imported only when a pattern is compiled
def _options() -> Any:
    """RE2's options for every pattern: errors are reported as exceptions, not logged."""
    import re2

    options = re2.Options()
    options.log_errors = False
    return options


def compile_linear(pattern: str, extended: bool = True) -> Callable[[str], object]:
    """A search function for the pattern, run by RE2; PatternError when RE2 cannot run it."""
    import re2

    options = _options()
    text = strip_extended(pattern) if extended else pattern
    try:
        search: Callable[[str], object] = re2.compile(text, options).search
        return search
    except re2.error as e:
        reason = e.args[0] if e.args else e
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise PatternError(f"not supported by the linear-time engine (RE2): {reason}") from None
    except (TypeError, ValueError, OverflowError) as e:
        raise PatternError(f"not supported by the linear-time engine (RE2): {e}") from None


__all__ = ["PatternError", "compile_linear", "strip_extended"]
