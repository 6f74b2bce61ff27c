"""Who a MAINTAINERS line names, when the records could mean more than one person.

The importer unites lines and records by address and by name. An address names one person (the
records refuse an address shared by two). A name does not: two records may both answer to it (one
as its name, another as an alias), and a line with an address no record has would then go to
whichever record the union met first: a real person's new address given to someone who merely
listed the name. So a line is matched by its address first; a line whose address no record has,
and whose name more than one record answers to, is an error that names the records, never a
silent choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .maintainers_file import Entry, MaintainersFile
from .outfmt.plain import plain
from .problems import Problem


def ambiguous_people(m: MaintainersFile, entries: Sequence[Entry], records: Iterable[dict[str, Any]]) -> list[Problem]:
    from .importer import split_line

    by_address: dict[str, str] = {}
    by_name: dict[str, set[str]] = {}
    for r in records:
        for e in r.get("emails", ()):
            by_address[e.lower()] = r["id"]
        for n in [r["name"], *r.get("aliases", ())]:
            by_name.setdefault(n.lower(), set()).add(r["id"])
    problems = []
    for entry in entries:
        for i, (letter, value) in enumerate(entry.fields):
            if letter not in ("M", "R"):
                continue
            line = split_line(value)
            if line.address and line.address.lower() in by_address:
                continue  # the address decides
            name = line.plain_name if not line.bare else None
            owners = sorted(by_name.get(name.lower(), ())) if name else []
            if len(owners) > 1:
                problems.append(Problem(
                    m.path, m.field_line(entry, i), 4, "import.ambiguous-person", "error",
                    plain(f"{letter}: {value!r}: the name {name!r} belongs to the records {', '.join(owners)}, "
                          "and no record has this address"),
                    "add the address to the right person's record (policies/maintainers/<id>.yaml), then import again"))
    return problems


__all__ = ["ambiguous_people"]
