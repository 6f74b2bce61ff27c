"""The addresses written inside a file, as scripts/get_maintainer.pl finds them (maintainers_in_file,
clean_file_emails).

get_maintainer.pl -f PATH reads a file's own addresses only when PATH ends in '.yaml' (device-tree
bindings and other schemas carry a `maintainers:` list), or for every file with --file-emails; a
file named MAINTAINERS never. It takes every 'Name <address>'-like run in the whole text (not just
the `maintainers:` list), then keeps at most the last two or three words of the name. This module
does the same, character for character: Perl's \\p{L} is a Unicode letter (category L*).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from kpolicy.maintainers.mailmap import _PERL_SPACE, _S, escape_name
from kpolicy.maintainers.people import _ADDR_ONLY, _BARE, _NAME_ADDR, Person, parse_email

# [\p{L}"' ,.+-]*\s*[,]*\s*[(<{]?[A-Za-z0-9_.+-]+@[A-Za-z0-9.-]+\.[A-Za-z0-9]+[)>}]?
# Python's [^\W\d_] is every letter plus the numerals of categories Nl and No, which are then cut off
_CANDIDATE = re.compile(rf"""(?:[^\W\d_]|["' ,.+-])*{_S},*{_S}"""
                        r"[(<{]?[A-Za-z0-9_.+-]+@[A-Za-z0-9.-]+\.[A-Za-z0-9]+[)>}]?")
_BRACKET = re.compile(r"[(<{]?([A-Za-z0-9_.+-]+@[A-Za-z0-9.-]+)[)>}]?")
_QUOTED = re.compile(r'^"(.*)"$')
_PARTICLE = re.compile(r"^['\,.+-]$")


def _is_letter(c: str) -> bool:
    return unicodedata.category(c)[0] == "L"


def candidates(text: str) -> Iterator[str]:
    """The strings get_maintainer.pl's pattern finds in text, in order (its //g match)."""
    pos = 0
    while True:
        m = _CANDIDATE.search(text, pos)
        if m is None:
            return
        start, end = m.start(), m.end()
        at = text.index("@", start)
        cut = max((i for i in range(start, at) if unicodedata.category(text[i]) in ("Nl", "No")), default=-1)
        if cut >= 0:  # \p{L} does not take it: the match starts after it
            m2 = _CANDIDATE.match(text, cut + 1)
            assert m2 is not None
            start, end = m2.start(), m2.end()
        yield text[start:end]
        pos = end if end > start else end + 1


def _perl_parse(value: str) -> tuple[str, str]:
    """parse_email as the script has it: the name comes back quoted by escape_name."""
    name = address = ""
    m = _NAME_ADDR.match(value)
    if m:
        name, address = m.group(1), m.group(2)
    else:
        m = _ADDR_ONLY.match(value) or _BARE.match(value)
        if m:
            address = m.group(1)
    name = name.strip(_PERL_SPACE).removeprefix('"').removesuffix('"')
    return escape_name(name), address.strip(_PERL_SPACE)


def _split_name(name: str) -> list[str]:
    """Perl's split(/[^\\p{L}',.+-]/, name): empty leading fields kept, empty trailing ones dropped."""
    parts, current = [], []
    for c in name:
        if _is_letter(c) or c in "',.+-":
            current.append(c)
        else:
            parts.append("".join(current))
            current = []
    parts.append("".join(current))
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def clean(found: str) -> str:
    """clean_file_emails for one candidate: 'Name <address>' as format_email prints it."""
    email = _BRACKET.sub(r"<\1>", found)
    name, address = _perl_parse(email)
    m = _QUOTED.match(name)
    if m:
        name = m.group(1)
    nw = [w for w in _split_name(name) if not _PARTICLE.match(w)]
    if len(nw) > 2:
        first, middle, last = nw[-3], nw[-2], nw[-1]
        if ((len(first) == 1 and _is_letter(first)) or (len(first) == 2 and first[-1] == ".")
                or len(middle) == 1 or (len(middle) == 2 and middle[-1] == ".")):
            name = f"{first} {middle} {last}"
        else:
            name = f"{middle} {last}"
    else:
        name = " ".join(nw)
    if name[-1:] in (",", "."):
        name = name[:-1]
    if name[:1] in (",", "."):
        name = name[1:]
    name = name.strip(_PERL_SPACE).removeprefix('"').removesuffix('"')
    name = escape_name(name)
    return f"{name} <{address}>" if name else address


def people_in_file(path: str, text: str) -> list[Person]:
    """The people get_maintainer.pl -f PATH adds from the file's own text (none unless a .yaml file)."""
    if re.search(r"\bMAINTAINERS\Z", path) or not re.search(r"\.yaml\n?\Z", path):
        return []
    out = dict.fromkeys(clean(c) for c in candidates(text))
    return [p for p in (parse_email(x) for x in out) if p.email]
