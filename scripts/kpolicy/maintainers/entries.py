"""Subsystem records as MAINTAINERS entries: the field lines a record stands for, in the kernel's order."""

from __future__ import annotations

from collections.abc import Iterable

from kpolicy.maintainers.file import Entry
from kpolicy.records.kinds import FIELD_LETTERS
from kpolicy.records.model import Subsystem


def entry_of(s: Subsystem) -> Entry:
    """The MAINTAINERS entry a subsystem record describes: fields in the preferred letter order,
    values of one letter in the record's order."""
    fields = tuple((letter, line) for letter, _ in FIELD_LETTERS for line in s.field_lines(letter))
    return Entry(s.title, fields)


def kernel_order(subsystems: Iterable[Subsystem]) -> list[Subsystem]:
    """Records in the order of the kernel's file.

    Records with fields_from.position keep that order. A record without one (an entry taken
    from a patch rather than a file) goes before the first positioned record whose title sorts
    after its own, the place an alphabetical insertion would give it, and never after THE REST,
    the catch-all entry the kernel keeps last.
    """
    placed = sorted((s for s in subsystems if s.fields_from.position is not None),
                    key=lambda s: (s.fields_from.position, s.title))
    loose = sorted((s for s in subsystems if s.fields_from.position is None), key=lambda s: s.title.upper())
    before: dict[int, list[Subsystem]] = {}
    last = next((i for i, s in enumerate(placed) if s.title == "THE REST"), len(placed))
    for s in loose:
        key = s.title.upper()
        at = next((i for i, p in enumerate(placed) if p.title.upper() > key), last)
        before.setdefault(min(at, last), []).append(s)
    out: list[Subsystem] = []
    for i, s in enumerate(placed):
        out.extend(before.get(i, ()))
        out.append(s)
    out.extend(before.get(len(placed), ()))
    return out
