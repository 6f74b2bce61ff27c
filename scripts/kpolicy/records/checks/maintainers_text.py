"""Checks of subsystem records as MAINTAINERS text: writable as the file's lines, documented
statuses, patterns the linear-time engine runs, and (validate --maintainers) the same fields as
the file they were taken from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kpolicy.records.checks.common import located
from kpolicy.records.checks.registry import Finding, check
from kpolicy.records.kinds import FIELD_LETTERS
from kpolicy.records.patterns import PatternError, compile_linear
from kpolicy.records.reader import RecordSet
from kpolicy.records.yamlio import Document


@check("maintainers-text")
def writable_as_maintainers_text(tree: RecordSet) -> Iterator[Finding]:
    """A subsystem's title and field values can be written as MAINTAINERS text: no title reads as a
    field line ('M:...'), a comment or a blank line, no value holds a line break."""
    from kpolicy.text.maintainers import title_problem, value_problem

    for s in tree.model.subsystems:
        doc = located(s)
        why = title_problem(s.title)
        if why:
            yield doc, ("title",), f"title {s.title!r}: {why}", \
                "write the title as MAINTAINERS has it (a title never starts with 'X:' or '#')"
        # every text the record writes in a field, as written (a person's name or address, where the
        # record gives one, is part of the M:/R: line): read from the document, not the typed record
        for _, key in FIELD_LETTERS:
            for i, value in enumerate(doc.data.get(key, ())):
                texts = [value] if isinstance(value, str) else [v for v in value.values() if isinstance(v, str)]
                for text in texts:
                    why = value_problem(text)
                    if why:
                        yield doc, (key, i), f"{key}[{i}]: {why}", None


_DOCUMENTED_STATUS = ("supported", "maintained", "odd fixes", "orphan", "obsolete")


@check("status-known", "warning")
def status_documented(tree: RecordSet) -> Iterator[Finding]:
    """S: values start with one of the documented statuses."""
    for s in tree.model.subsystems:
        for i, status in enumerate(s.status):
            if not status.lower().startswith(_DOCUMENTED_STATUS):
                yield located(s), ("status", i), f"status {status!r} is not one of the documented values", \
                    "Supported, Maintained, Odd Fixes, Orphan, Obsolete"


@check("regex-valid")
def regexes_compile(tree: RecordSet) -> Iterator[Finding]:
    """N: and K: patterns are regular expressions the linear-time engine (RE2) runs: none can hang `who`."""
    for s in tree.model.subsystems:
        for key, patterns in (("regexes", s.regexes), ("keywords", s.keywords)):
            for i, pattern in enumerate(patterns):
                try:
                    compile_linear(pattern)
                except PatternError as e:
                    yield located(s), (key, i), f"invalid regular expression {pattern!r}: {e}", \
                        "write it without back-references or look-around (RE2 syntax)"


@check("maintainers-file-match")
def fields_match_maintainers_file(tree: RecordSet) -> Iterator[Finding]:
    """With validate --maintainers FILE: a record whose fields_from.maintainers_file is FILE's version has
    exactly the fields of FILE's entry of the same title (M:/R: as the lines 'Name <email>')."""
    m = tree.maintainers_file
    if m is None or not m.version:
        return
    entries = tree.memo.get("maintainers-file-entries")
    if entries is None:
        entries = tree.memo["maintainers-file-entries"] = m.by_title()
    shown = m.path.replace("\\", "/").rsplit("/", 1)[-1]
    for record in tree.model.subsystems:
        if record.fields_from.maintainers_file != m.version:
            continue
        doc = located(record)
        entry = entries.get(record.title)
        if entry is None:
            yield doc, ("title",), f"{shown} has no entry titled {record.title!r}", \
                "correct the title, or fields_from.maintainers_file"
            continue
        for letter, key in FIELD_LETTERS:
            yield from _field_differences(doc, letter, key, record.field_lines(letter), entry, m, shown)


def _field_differences(doc: Document, letter: str, key: str, mine: tuple[str, ...], entry: Any, m: Any,
                       shown: str) -> Iterator[Finding]:
    """How one field of a record differs from the same field of its MAINTAINERS entry."""
    theirs = entry.values(letter)
    if mine == theirs:
        return
    for i, value in enumerate(mine):
        if value not in theirs:
            yield doc, (key, i), f"{letter}: {value!r} is not in the entry of {shown}", None
    for value in theirs:
        if value not in mine:
            line = m.field_line(entry, entry.fields.index((letter, value)))
            yield doc, (key,) if (key,) in doc.positions else ("title",), \
                f"{letter}: the entry of {shown} has {value!r} (its line {line}), the record does not", None
    if sorted(mine) == sorted(theirs):
        yield doc, (key,), f"{letter}: the same values as {shown}, in another order", None
