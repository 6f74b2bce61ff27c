"""MAINTAINERS entries into subsystem and maintainer records, keeping what the records add.

What the file says is written into the records; nothing else is touched:

- a subsystem record is found by its exact title. Its field keys (maintainers, reviewers,
  lists, status, web, ... keywords) and title are set from the entry, and fields_from gets
  maintainers_file (the file's kernel version) and position (the entry's place in the file).
  Everything else (kernel, pairs_with, renamed_to, notes, fields_from.release, .sources,
  .verified) stays as it is. A new record's id is the slug of its title.
- a person is an address: every M:/R: line with the same address (any case) is the same
  person; lines with exactly the same name are the same person too (as get_maintainer.pl
  treats them: Rafael J. Wysocki writes two addresses). An existing maintainer record claims
  the lines with one of its addresses, or its name or an alias. A record gains the addresses
  and spellings it lacks (appended; the current address stays first) and keeps the rest
  (links, sources, notes). A new record's name is the spelling the file uses most, its id the
  slug of that name, its addresses most used first.
- a subsystem names people by id; where a line writes the person differently from the
  record's name and first address, the reference keeps the line's own spelling, address and
  remark (the mapping form), so that the entry can be written back exactly.

Running the same import twice changes nothing the second time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpolicy.maintainers.file import Entry
from kpolicy.records.problems import Problem
from kpolicy.records.model import FIELD_LETTERS, slug

FIELD_KEYS = dict(FIELD_LETTERS)
_LETTER_OF = {key: letter for letter, key in FIELD_LETTERS}
PEOPLE_KEYS = ("maintainers", "reviewers")
_EMAIL = re.compile(r'^[^@\s<>"(),;:]+@[^@\s<>"(),;:]+\.[^@\s<>"(),;:]+$')
_NAME = re.compile(r"^[^<>\x00-\x1f\x7f]+$")


def unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


# -- one M:/R: line ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """An M:/R: value taken apart. name is as written (quotes included); email None when the
    line has no address in angle brackets; bare when the whole line is an address."""
    text: str
    name: str | None
    email: str | None
    remark: str | None
    bare: bool = False

    @property
    def plain_name(self) -> str | None:
        """The name without the quotes RFC 822 needs around some names."""
        n = self.name
        if n and len(n) >= 2 and n[0] == '"' and n[-1] == '"':
            n = n[1:-1].replace('\\"', '"')
        return n or None

    @property
    def address(self) -> str | None:
        return self.text if self.bare else self.email

    def rebuilt(self, name: str | None, email: str | None, remark: str | None) -> str:
        base = f"{name} <{email}>" if email else (name or "")
        return f"{base} {remark}" if remark else base


def split_line(text: str) -> Line:
    lt, gt = text.find("<"), text.find(">")
    if 0 <= lt < gt:
        name = text[:lt].strip() or None
        email = text[lt + 1:gt].strip()
        rest = text[gt + 1:].strip() or None
        if _EMAIL.match(email):
            return Line(text, name, email, rest)
    if _EMAIL.match(text.strip()):
        return Line(text, None, None, None, bare=True)
    return Line(text, text, None, None)


# -- people -------------------------------------------------------------------------------------

class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.record: dict[str, str] = {}  # root -> existing record id

    def find(self, k: str) -> str:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        ia, ib = self.record.get(ra), self.record.get(rb)
        if ia and ib and ia != ib:
            return  # never merge two existing records
        self.parent[rb] = ra
        if ib and not ia:
            self.record[ra] = ib


@dataclass
class Person:
    id: str
    existing: dict[str, Any] | None
    names: Counter[str] = field(default_factory=Counter)
    emails: Counter[str] = field(default_factory=Counter)  # as written
    first_seen: dict[str, int] = field(default_factory=dict)

    def _ordered(self, counter: Counter[str]) -> list[str]:
        return sorted(counter, key=lambda k: (-counter[k], self.first_seen[k]))

    def data(self) -> dict[str, Any]:
        d = dict(self.existing) if self.existing else {"id": self.id}
        names = self._ordered(self.names)
        if not self.existing:
            d["name"] = names[0] if names else (self._ordered(self.emails) or [self.id])[0]
        known = {d["name"]} | set(d.get("aliases", ()))
        aliases = list(d.get("aliases", ())) + [n for n in names if n not in known]
        if aliases:
            d["aliases"] = aliases
        emails = list(d.get("emails", ()))
        lower = {e.lower() for e in emails}
        for e in self._ordered(self.emails):
            if e.lower() not in lower:
                emails.append(e)
                lower.add(e.lower())
        if emails:
            d["emails"] = emails
        return d


class People:
    """Who is who among the M:/R: lines of a whole file, anchored on the existing records."""

    def __init__(self, entries: Sequence[Entry], existing: Iterable[dict[str, Any]], taken_ids: set[str]):
        u = _Union()
        records = list(existing)
        for r in records:
            key = f"record:{r['id']}"
            u.find(key)
            u.record[key] = r["id"]
        for r in records:
            key = f"record:{r['id']}"
            for e in r.get("emails", ()):
                u.union(key, f"address:{e.lower()}")
            for n in [r["name"], *r.get("aliases", ())]:
                u.union(key, f"name:{n.lower()}")
        self.lines: dict[str, Line] = {}
        order: list[str] = []
        for e in entries:
            for letter, value in e.fields:
                if letter in ("M", "R") and value not in self.lines:
                    line = self.lines[value] = split_line(value)
                    order.append(value)
                    keys = self._keys(line)
                    for k in keys[1:]:
                        u.union(keys[0], k)
        self._u = u
        by_record = {r["id"]: r for r in records}
        self.people: dict[str, Person] = {}  # root -> person
        self.of_line: dict[str, Person] = {}
        for position, value in enumerate(order):
            line = self.lines[value]
            root = u.find(self._keys(line)[0])
            person = self.people.get(root)
            if person is None:
                rid = u.record.get(root)
                person = self.people[root] = Person(rid or "", by_record[rid] if rid else None)
            if line.plain_name and not line.bare and _NAME.match(line.plain_name):
                person.names[line.plain_name] += 1
                person.first_seen.setdefault(line.plain_name, position)
            if line.address:
                person.emails[line.address] += 1
                person.first_seen.setdefault(line.address, position)
            self.of_line[value] = person
        # a new person's id is the slug of the spelling the file uses most (of the address when
        # no line gives a name), given in order of first appearance
        for person in self.people.values():
            if person.existing is None:
                pool = person.names or person.emails
                best = person._ordered(pool)[0] if pool else "person"
                person.id = unique_id(slug(best, "person"), taken_ids)

    @staticmethod
    def _keys(line: Line) -> list[str]:
        keys = []
        if line.address:
            keys.append(f"address:{line.address.lower()}")
        if line.plain_name and not line.bare:
            keys.append(f"name:{line.plain_name.lower()}")
        return keys or [f"line:{line.text}"]

    def ref(self, value: str, record: dict[str, Any]) -> str | dict[str, Any]:
        """The person_ref for one M:/R: value, given the person's record data."""
        line = self.lines[value]
        person = self.of_line[value]
        default_name = record["name"]
        default_email = (record.get("emails") or [None])[0]
        if line.bare:
            name, email, remark = line.text, None, None
        else:
            name, email, remark = line.name, line.email, line.remark
        out: dict[str, Any] = {"person": person.id}
        if name is not None and name != default_name and _NAME.match(name):
            out["name"] = name
        resolved_name = out.get("name", default_name)
        if email != default_email:
            out["email"] = email
        if remark is not None and _NAME.match(remark):
            out["remark"] = remark
        if line.rebuilt(resolved_name, email, out.get("remark")) != value:
            out["line"] = value
        return person.id if len(out) == 1 else out


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


def _check(tree: Any, changes: list[Change], source: str, schemas: Any, display_path: Any) -> list[Problem]:
    """Schema and cross-record problems the change would bring (ones already there do not count),
    each located at the MAINTAINERS line the offending value comes from."""
    from kpolicy.records.checks import run_checks
    from kpolicy.records.schemas import KIND_BY_NAME
    from kpolicy.records.reader import schema_problems
    from kpolicy.records.yamlio import LoadError, load_text

    def key(p: Problem) -> tuple[str, str, str]:
        return (p.path, p.check, p.message)

    before = {key(p) for p in run_checks(tree) if p.is_error}
    problems: list[Problem] = []
    written: dict[str, tuple[Change, Any]] = {}
    for c in changes:
        shown = display_path(c.path)
        try:
            doc = load_text(shown, c.text)
        except LoadError as e:
            problems.append(e.problem)
            continue
        written[shown] = (c, doc)
        found = schema_problems(doc, KIND_BY_NAME[c.kind], schemas)
        if found:
            problems.extend(_at_source(p, c, doc, source) for p in found)
            continue
        docs = tree.docs[c.kind]
        for i, d in enumerate(docs):
            if d.path == shown:
                docs[i] = doc
                break
        else:
            docs.append(doc)
            tree.stems[c.kind].add(Path(c.path).stem)
    if problems:
        return problems
    return [_at_source(p, *written[p.path], source) if p.path in written else p
            for p in run_checks(tree) if p.is_error and key(p) not in before]


def _at_source(p: Problem, c: Change, doc: Any, source: str) -> Problem:
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


