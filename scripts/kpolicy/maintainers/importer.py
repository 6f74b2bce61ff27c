"""MAINTAINERS entries planned into subsystem records, keeping what the records add.

What the file says is written into the records; nothing else is touched. A subsystem record is
found by its exact title. Its field keys (maintainers, reviewers, lists, status, web, ...
keywords) and title are set from the entry, and fields_from gets maintainers_file (the file's
kernel version) and position (the entry's place in the file). Everything else (kernel,
pairs_with, renamed_to, notes, fields_from.release, .sources, .verified) stays as it is. A new
record's id is the slug of its title. People are named by id (kpolicy.maintainers.identity says
who is who; kpolicy.maintainers.people reads the lines).

A planned change is checked before anything is written (`check`, through
kpolicy.records.staged), and each problem it would bring is shown at the MAINTAINERS line its
value comes from. Running the same import twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpolicy.maintainers.file import Entry
from kpolicy.maintainers.identity import People
from kpolicy.records.kinds import FIELD_LETTERS
from kpolicy.records.problems import Problem
from kpolicy.records.reader import RecordSet
from kpolicy.records.schemas import Schemas
from kpolicy.records.staged import Staged, check_staged
from kpolicy.records.yamlio import Document

FIELD_KEYS = dict(FIELD_LETTERS)
_LETTER_OF = {key: letter for letter, key in FIELD_LETTERS}
PEOPLE_KEYS = ("maintainers", "reviewers")


# -- entries ------------------------------------------------------------------------------------

def subsystem_data(entry: Entry, position: int, version: str, people: People, person_data: dict[str, dict[str, Any]],
                   existing: dict[str, Any] | None, new_id: str) -> dict[str, Any]:
    d: dict[str, Any] = {k: v for k, v in (existing or {}).items() if k not in FIELD_KEYS.values()}
    d["id"] = existing["id"] if existing else new_id
    d["title"] = entry.title
    for letter, key in FIELD_LETTERS:
        values = entry.values(letter)
        if not values:
            continue
        if key in PEOPLE_KEYS:
            d[key] = [people.ref(v, person_data[people.of_line[v].id]) for v in values]
        else:
            d[key] = list(values)
    ff = dict(d.get("fields_from", {}))
    ff["maintainers_file"] = version
    ff["position"] = position
    d["fields_from"] = ff
    return d


# -- planning and writing -----------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    kind: str  # "subsystem" or "maintainer"
    path: Path
    data: dict[str, Any]
    text: str
    new: bool
    # the MAINTAINERS lines this record is written from: ("", title line) then (letter, line) per
    # field for a subsystem; ("", the first line naming them) for a person
    source: tuple[tuple[str, int], ...] = ()
    read: str | None = None  # SHA-256 of the file as read (None: new); it is only replaced while unchanged


def check(records: RecordSet, changes: list[Change], source: str, schemas: Schemas,
          display_path: Callable[[Path], str]) -> list[Problem]:
    """Schema and cross-record problems the change would bring (ones already there do not count),
    each located at the MAINTAINERS line the offending value comes from."""
    by_shown = {display_path(c.path): c for c in changes}
    verdict = check_staged(records, [Staged(c.kind, shown, c.text) for shown, c in by_shown.items()], schemas)
    return [_at_source(p, by_shown[p.path], verdict.documents[p.path], source) if p.path in verdict.documents
            else p for p in verdict.problems]


def _at_source(p: Problem, c: Change, doc: Document, source: str) -> Problem:
    """p, found in the record c would write, moved to the MAINTAINERS line its value comes from."""
    if not c.source:
        return p
    line = c.source[0][1]  # a subsystem's title line, or the first line naming a person
    at = {pos: path for path, pos in doc.positions.items()}
    path = at.get((p.line, p.column), ())
    letter = _LETTER_OF.get(path[0]) if path and c.kind == "subsystem" else None
    if letter is not None:
        nth = path[1] if len(path) > 1 and isinstance(path[1], int) else 0
        lines = [n for k, n in c.source[1:] if k == letter]
        line = lines[nth] if nth < len(lines) else line
    return Problem(source, line, 1, p.check, p.severity, f"{p.message} (in {p.path}, which this line would write)",
                   p.hint)


__all__ = ["FIELD_KEYS", "PEOPLE_KEYS", "Change", "check", "subsystem_data"]
