"""Who is who among the M:/R: lines of a MAINTAINERS file, anchored on the maintainer records.

A person is an address: every M:/R: line with the same address (any case) is the same person;
lines with exactly the same name are the same person too (as get_maintainer.pl treats them:
Rafael J. Wysocki writes two addresses). An existing maintainer record claims the lines with one
of its addresses, or its name or an alias; two existing records are never merged. A record gains
the addresses and spellings it lacks (appended; the current address stays first) and keeps the
rest. A new person's name is the spelling the file uses most, its id the slug of that name, its
addresses most used first. Where a line writes the person differently from the record's name and
first address, the reference keeps the line's own spelling, address and remark (the mapping
form), so that the entry can be written back exactly.

With a .mailmap (kpolicy.maintainers.mailmap, get_maintainer.pl's rules), a line whose person the
mailmap gives another address (the address get_maintainer.pl would print for it) is that person
too: the line's own address and the mapped one are both keys, so a record that has either claims
it, and the mapped address is the person's current one (Identity.current). The line's own address
decides first: a mapped address that another existing record has is not taken (the mailmap never
merges two records).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kpolicy.maintainers.file import Entry
from kpolicy.maintainers.people import Line, Person, parse_email, split_line
from kpolicy.records.naming import slug

TYPE_CHECKING = False
if TYPE_CHECKING:
    from kpolicy.maintainers.mailmap import Mailmap

_NAME = re.compile(r"^[^<>\x00-\x1f\x7f]+$")
_EMAIL = re.compile(r'^[^@\s<>"(),;:]+@[^@\s<>"(),;:]+\.[^@\s<>"(),;:]+$')  # as split_line takes an address


def unique_id(base: str, taken: set[str]) -> str:
    """base, or base-2, base-3...: the first that is not taken (it is taken from then on)."""
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


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
class Identity:
    """One person as the lines of a file and an existing record (if any) show them."""

    id: str
    existing: dict[str, Any] | None
    names: Counter[str] = field(default_factory=Counter)
    emails: Counter[str] = field(default_factory=Counter)  # as written
    current: Counter[str] = field(default_factory=Counter)  # the addresses a .mailmap gives the lines
    first_seen: dict[str, int] = field(default_factory=dict)

    def _ordered(self, counter: Counter[str]) -> list[str]:
        return sorted(counter, key=lambda k: (-counter[k], self.first_seen[k]))

    def saw(self, line: Line, position: int, mapped: str | None = None) -> None:
        """Count the spelling and address of a line (the position-th line of the file), and the
        address a .mailmap gives it (mapped)."""
        if line.plain_name and not line.bare and _NAME.match(line.plain_name):
            self.names[line.plain_name] += 1
            self.first_seen.setdefault(line.plain_name, position)
        if line.address:
            self.emails[line.address] += 1
            self.first_seen.setdefault(line.address, position)
        if mapped:
            self.current[mapped] += 1
            self.first_seen.setdefault(mapped, position)

    def current_addresses(self) -> list[str]:
        """The addresses a .mailmap gives this person's lines, most used first."""
        return self._ordered(self.current)

    def data(self) -> dict[str, Any]:
        d: dict[str, Any] = dict(self.existing) if self.existing else {"id": self.id}
        names = self._ordered(self.names)
        if not self.existing:
            d["name"] = names[0] if names else (self._ordered(self.emails) or [self.id])[0]
        known = {d["name"]} | set(d.get("aliases", ()))
        aliases = list(d.get("aliases", ())) + [n for n in names if n not in known]
        if aliases:
            d["aliases"] = aliases
        emails = list(d.get("emails", ()))
        lower = {e.lower() for e in emails}
        for e in [*self._ordered(self.emails), *self._ordered(self.current)]:
            if e.lower() not in lower:
                emails.append(e)
                lower.add(e.lower())
        if emails:
            d["emails"] = emails
        return d


def _anchored(records: list[dict[str, Any]]) -> _Union:
    """The union of every record with its addresses and spellings."""
    u = _Union()
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
    return u


class People:
    """Who is who among the M:/R: lines of a whole file, anchored on the existing records."""

    def __init__(self, entries: Sequence[Entry], existing: Iterable[dict[str, Any]], taken_ids: set[str],
                 mailmap: Mailmap | None = None):
        records = list(existing)
        u = _anchored(records)
        self.lines: dict[str, Line] = {}
        self.mapped: dict[str, str] = {}  # M:/R: value -> the other address a .mailmap gives it
        order: list[str] = []
        for e in entries:
            for letter, value in e.fields:
                if letter in ("M", "R") and value not in self.lines:
                    line = self.lines[value] = split_line(value)
                    order.append(value)
                    keys = self._keys(line)
                    for k in keys[1:]:
                        u.union(keys[0], k)
        if mailmap:
            self._map(order, mailmap, u)
        self._u = u
        by_record = {r["id"]: r for r in records}
        self.people: dict[str, Identity] = {}  # root -> person
        self.of_line: dict[str, Identity] = {}
        for position, value in enumerate(order):
            line = self.lines[value]
            root = u.find(self._keys(line)[0])
            person = self.people.get(root)
            if person is None:
                rid = u.record.get(root)
                person = self.people[root] = Identity(rid or "", by_record[rid] if rid else None)
            person.saw(line, position, self.mapped.get(value))
            self.of_line[value] = person
        # a new person's id is the slug of the spelling the file uses most (of the address when
        # no line gives a name), given in order of first appearance
        for person in self.people.values():
            if person.existing is None:
                pool = person.names or person.emails
                best = person._ordered(pool)[0] if pool else "person"
                person.id = unique_id(slug(best, "person"), taken_ids)

    def _map(self, order: list[str], mailmap: Mailmap, u: _Union) -> None:
        """The address the mailmap gives each line (when it is another, well-formed one that no
        other record has), joined to the line's person."""
        for value in order:
            line = self.lines[value]
            if not line.address:
                continue
            address = mailmap.printed(Person(parse_email(value).name, line.address)).email
            if address.lower() == line.address.lower() or not _EMAIL.match(address):
                continue
            own, theirs = u.find(self._keys(line)[0]), u.find(f"address:{address.lower()}")
            if own != theirs and own in u.record and theirs in u.record:
                continue  # two existing records: the records keep them apart
            u.union(self._keys(line)[0], f"address:{address.lower()}")
            self.mapped[value] = address

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
        name: str | None
        email: str | None
        remark: str | None
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


__all__ = ["Identity", "People", "unique_id"]
