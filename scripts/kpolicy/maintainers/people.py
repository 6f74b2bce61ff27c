"""Reading a person off an M:/R: line of MAINTAINERS: one reading, used by `who` and by sync.

`email_parts` takes a value apart the way get_maintainer.pl's parse_email does:
'Name <address> remark' gives Name and address, '<address> remark' and a bare 'address remark'
give no name, and a value without any '@' gives neither. `parse_email` is that reading as `who`
answers with it (surrounding double quotes of a name dropped); `split_line` is the same reading
as sync keeps it to write the line back exactly (the name as written, the remark, and only a
well-formed address). `people_in` reads a value that lists several addresses.

This module is on `kpolicy who`'s fast path: it imports nothing but `re` and `operator`.
"""

from __future__ import annotations

import re
from operator import itemgetter

_NAME_ADDR = re.compile(r"^([^<]+)<(.+@.*)>(.*)$")
_ADDR_ONLY = re.compile(r"^\s*<(.+@\S*)>(.*)$")
_BARE = re.compile(r"^(.+@\S*)(.*)$")
_ONE_ADDRESS = re.compile(r'^\s*(?:(?:"[^"]*"|[^",<>@()]+)\s*<[^<>@\s]+@[^<>\s]+>|[^\s<>@",]+@[^\s<>@",]+)\s*$')
_EMAIL = re.compile(r'^[^@\s<>"(),;:]+@[^@\s<>"(),;:]+\.[^@\s<>"(),;:]+$')


def email_parts(value: str) -> tuple[str, str, str, bool]:
    """(name as written, address, what follows the address, whether it was in angle brackets),
    as get_maintainer.pl's parse_email reads the value; name and address are stripped, and both
    are empty when the value holds no address."""
    m = _NAME_ADDR.match(value)
    if m:
        return m.group(1).strip(), m.group(2).strip(), m.group(3), True
    m = _ADDR_ONLY.match(value)
    if m:
        return "", m.group(1).strip(), m.group(2), True
    m = _BARE.match(value)
    if m:
        return "", m.group(1).strip(), m.group(2), False
    return "", "", "", False


class Person(tuple[str, str]):
    """A name (empty when the line gives none) and an address. Immutable (a tuple)."""

    __slots__ = ()

    def __new__(cls, name: str, email: str) -> Person:
        return tuple.__new__(cls, (name, email))

    name = property(itemgetter(0))
    email = property(itemgetter(1))

    def __repr__(self) -> str:
        return f"Person(name={self[0]!r}, email={self[1]!r})"

    @property
    def line(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "email": self.email}


def parse_email(value: str) -> Person:
    """get_maintainer.pl's parse_email, without the quoting it adds for output."""
    name, address, _, _ = email_parts(value)
    name = name.removeprefix('"')
    name = name.removesuffix('"')
    return Person(name.replace('\\"', '"'), address)


def _strip_comments(value: str) -> str:
    out = []
    depth = 0
    quoted = False
    for c in value:
        if c == '"' and depth == 0:
            quoted = not quoted
        elif not quoted and c == "(":
            depth += 1
            continue
        elif not quoted and c == ")" and depth:
            depth -= 1
            continue
        if depth == 0:
            out.append(c)
    return "".join(out)


def _split_commas(value: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = angle = False
    for c in value:
        if c == '"':
            quoted = not quoted
        elif c == "<" and not quoted:
            angle = True
        elif c == ">" and not quoted:
            angle = False
        elif c == "," and not quoted and not angle:
            parts.append("".join(current))
            current = []
            continue
        current.append(c)
    parts.append("".join(current))
    return parts


def people_in(value: str) -> list[Person]:
    """The people one M:/R: value stands for (usually one; none when it holds no address)."""
    if "," in value:
        parts = _split_commas(_strip_comments(value))
        if len(parts) > 1 and all(_ONE_ADDRESS.match(p) for p in parts):
            return [p for p in (parse_email(x.strip()) for x in parts) if p.email]
    person = parse_email(value)
    return [person] if person.email else []


class Line:
    """An M:/R: value taken apart to be written back exactly. name is as written (quotes
    included); email None when the line has no well-formed address in angle brackets; bare when
    the whole line is an address."""

    __slots__ = ("bare", "email", "name", "remark", "text")

    def __init__(self, text: str, name: str | None, email: str | None, remark: str | None,
                 bare: bool = False) -> None:
        self.text = text
        self.name = name
        self.email = email
        self.remark = remark
        self.bare = bare

    def __repr__(self) -> str:
        return (f"Line(text={self.text!r}, name={self.name!r}, email={self.email!r}, remark={self.remark!r}, "
                f"bare={self.bare!r})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Line) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[str, str | None, str | None, str | None, bool]:
        return (self.text, self.name, self.email, self.remark, self.bare)

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
    """An M:/R: value read as email_parts reads it, kept whole where its address is not one
    well-formed address: then the line is only a name (or, when the whole line is an address,
    a bare address)."""
    name, address, rest, bracketed = email_parts(text)
    if bracketed and _EMAIL.match(address):
        return Line(text, name or None, address, rest.strip() or None)
    if _EMAIL.match(text.strip()):
        return Line(text, None, None, None, bare=True)
    return Line(text, text, None, None)


__all__ = ["Line", "Person", "email_parts", "parse_email", "people_in", "split_line"]
