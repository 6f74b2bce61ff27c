"""Checks of the characters of every text a record holds."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from kpolicy.records.checks.common import all_docs
from kpolicy.records.checks.registry import Finding, check
from kpolicy.records.reader import RecordSet


@functools.cache
def _hidden_in_records() -> re.Pattern[str]:
    """The characters text-hidden refuses: those plain text hides, but tab and line feed."""
    from kpolicy.text.plain import HIDDEN_CHARACTERS

    return re.compile(HIDDEN_CHARACTERS.replace("\x00-\x1f", "\x00-\x08\x0b-\x1f"))


def _strings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if type(value) is str:
        yield path, value
    elif type(value) is dict:
        for k, v in value.items():
            yield from _strings(v, (*path, k))
    elif type(value) is list:
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))


@check("text-hidden")
def no_hidden_characters(tree: RecordSet) -> Iterator[Finding]:
    """No text holds an invisible character or a bidi control (zero-width spaces, U+202E, ...): they
    make a value look like another or reorder what a reader sees. Tabs and line breaks are allowed
    where the schema allows them."""
    # Every string of every record, whatever field holds it: this check walks the raw data.
    hidden = _hidden_in_records()
    for _, doc in all_docs(tree):
        for path, text in _strings(doc.data):
            if text.isascii():
                continue
            m = hidden.search(text)
            if m:
                char = m.group(0)
                message = (f"holds the invisible or direction-changing character U+{ord(char):04X} "
                           f"({unicodedata.name(char, 'unnamed')})")
                yield doc, path, message, "remove it; write plain text"
