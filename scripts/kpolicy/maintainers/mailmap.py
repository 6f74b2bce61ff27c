"""A kernel tree's .mailmap, read and applied the way scripts/get_maintainer.pl does it.

get_maintainer.pl (read_mailmap, mailmap_email) differs from git's own mailmap rules, and we follow
the script, not git:

- a line is cut at the first '#', then trimmed; four forms are understood (others are skipped):
  'Name <a>' (the name for address a), '<a> <b>' (address a for address b),
  'Name <a> <b>' (name and address for address b), 'Name <a> Other <b>' (name and address for
  the person written 'Other <b>');
- the keys are compared exactly, case included (a Perl hash): 'A@x' and 'a@x' are different keys;
- a later line for the same key replaces an earlier one, separately for the name and for the
  address: 'Name <a>' after '<c> <a>' changes the name for a and keeps the address c;
- a person is looked up first as 'Name <address>' (the name quoted as get_maintainer.pl quotes
  it); only when neither a name nor an address is mapped for that key, by the address alone.
"""

from __future__ import annotations

import re

from kpolicy.maintainers.people import Person, parse_email

_MUST_QUOTE = re.compile(r"[^\w \-]", re.ASCII | re.IGNORECASE)
_UNESCAPED_QUOTE = re.compile(r'(?<!\\)"')
# Perl's \s under the Unicode rules the script's UTF-8 input gets (no \x1c-\x1f, which Python adds)
_PERL_SPACE = ("\t\n\x0b\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
               "\u2028\u2029\u202f\u205f\u3000")


_S = f"[{_PERL_SPACE}]*"
_COMMENT = re.compile(r"#.*$")
_NAME_ONLY = re.compile(r"^([^<]+)<([^>]+)>$")
_ADDRESS_FOR_ADDRESS = re.compile(rf"^<([^>]+)>{_S}<([^>]+)>$")
_BOTH_FOR_ADDRESS = re.compile(rf"^(.+)<([^>]+)>{_S}<([^>]+)>$")
_BOTH_FOR_PERSON = re.compile(rf"^(.+)<([^>]+)>{_S}(.+){_S}<([^>]+)>$")


def escape_name(name: str) -> str:
    """get_maintainer.pl's escape_name: a name with anything but ASCII letters, digits, '_', ' '
    and '-' is put in double quotes (its inner quotes escaped)."""
    if _MUST_QUOTE.search(name):
        return '"' + _UNESCAPED_QUOTE.sub('\\\\"', name) + '"'
    return name


def formatted(person: Person) -> str:
    """get_maintainer.pl's format_email(name, address, 1) for a person."""
    name = person.name.strip(_PERL_SPACE)
    return f"{escape_name(name)} <{person.email}>" if name else person.email


def _trim(text: str) -> str:
    return text.strip(_PERL_SPACE)


class Mailmap:
    """Names and addresses by key, as get_maintainer.pl keeps them."""

    __slots__ = ("addresses", "names")

    def __init__(self, names: dict[str, str] | None = None, addresses: dict[str, str] | None = None):
        self.names = names or {}
        self.addresses = addresses or {}

    def __bool__(self) -> bool:
        return bool(self.names or self.addresses)

    @classmethod
    def parse(cls, text: str) -> Mailmap:
        names: dict[str, str] = {}
        addresses: dict[str, str] = {}
        for raw in text.split("\n"):
            line = _trim(_COMMENT.sub("", raw))
            if not line:
                continue
            m = _NAME_ONLY.match(line)
            if m:
                person = parse_email(f"{m.group(1).rstrip(_PERL_SPACE)} <{m.group(2)}>")
                names[person.email] = person.name
                continue
            m = _ADDRESS_FOR_ADDRESS.match(line)
            if m:
                addresses[m.group(2)] = m.group(1)
                continue
            m = _BOTH_FOR_ADDRESS.match(line)
            if m:
                real = parse_email(f"{m.group(1).rstrip(_PERL_SPACE)} <{m.group(2)}>")
                names[m.group(3)] = real.name
                addresses[m.group(3)] = real.email
                continue
            m = _BOTH_FOR_PERSON.match(line)
            if m:
                real = parse_email(f"{m.group(1).rstrip(_PERL_SPACE)} <{m.group(2)}>")
                wrong = parse_email(f"{m.group(3).rstrip(_PERL_SPACE)} <{m.group(4)}>")
                key = formatted(wrong)
                names[key] = real.name
                addresses[key] = real.email
        return cls(names, addresses)

    @classmethod
    def from_bytes(cls, raw: bytes) -> Mailmap:
        """The mailmap in a file's bytes; bytes that are not UTF-8 are kept as they are
        (surrogate escapes)."""
        return cls.parse(raw.decode("utf-8", "surrogateescape"))

    def map(self, person: Person) -> Person:
        """get_maintainer.pl's mailmap_email."""
        names, addresses = self.names, self.addresses
        if not names and not addresses:
            return person
        key = formatted(person)
        if key in names or key in addresses:
            name, address = names.get(key, person.name), addresses.get(key, person.email)
        else:
            name, address = names.get(person.email, person.name), addresses.get(person.email, person.email)
        if name == person.name and address == person.email:
            return person
        return Person(_trim(name), _trim(address))

    def printed(self, person: Person) -> Person:
        """The person as get_maintainer.pl prints someone no earlier line names: its
        deduplicate_email maps an address twice (before and after looking for an earlier one with
        the same name or address), so a mapping to an address the file maps again is followed once."""
        return self.map(self.map(person))
