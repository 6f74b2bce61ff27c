"""Checks that what a record names exists: people, subsystems, linked records, rename chains."""

from __future__ import annotations

from collections.abc import Iterator

from kpolicy.records.checks.common import located
from kpolicy.records.checks.registry import Finding, check
from kpolicy.records.model import Subsystem
from kpolicy.records.reader import RecordSet


@check("ref-maintainer")
def maintainers_exist(tree: RecordSet) -> Iterator[Finding]:
    """Every person a record names has a maintainer record."""
    known = tree.stems["maintainer"]
    for record in tree.model.all():
        for path, person in record.person_refs():
            if person not in known:
                yield located(record), path, f"no maintainer record {person!r}", \
                    f"add policies/maintainers/{person}.yaml"


@check("ref-subsystem")
def subsystems_exist(tree: RecordSet) -> Iterator[Finding]:
    """Every subsystem a record names exists, and no entry pairs with itself."""
    known = tree.stems["subsystem"]
    for s in tree.model.subsystems:
        yield from _subsystem_refs(s, known)
    for st in tree.model.stances:
        if st.subsystem not in known:
            yield located(st), ("subsystem",), f"stance for a subsystem that has no record: {st.subsystem!r}", \
                f"add policies/subsystems/{st.subsystem}.yaml"
    for e in tree.model.events:
        for i, name in enumerate(e.subsystems):
            if name not in known:
                yield located(e), ("subsystems", i), f"no subsystem record {name!r}", None


def _subsystem_refs(s: Subsystem, known: set[str]) -> Iterator[Finding]:
    for i, other in enumerate(s.pairs_with):
        if other == s.id:
            yield located(s), ("pairs_with", i), "an entry cannot pair with itself", None
        elif other not in known:
            yield located(s), ("pairs_with", i), f"no subsystem record {other!r}", None
    if s.renamed_to is not None and s.renamed_to not in known:
        yield located(s), ("renamed_to",), f"no subsystem record {s.renamed_to!r}", None


@check("renamed-cycle")
def renames_end(tree: RecordSet) -> Iterator[Finding]:
    """Following renamed_to from any entry ends at an entry that was not renamed."""
    target = {s.id: s.renamed_to for s in tree.model.subsystems if s.renamed_to is not None}
    for s in tree.model.subsystems:
        seen = [s.id]
        current = target.get(s.id)
        while current is not None and current not in seen:
            seen.append(current)
            current = target.get(current)
        if current is not None:
            yield located(s), ("renamed_to",), \
                f"renamed_to goes round in a circle: {' -> '.join([*seen, current])}", None


@check("ref-record")
def linked_records_exist(tree: RecordSet) -> Iterator[Finding]:
    """Records that a policy section links to exist."""
    for section in tree.model.sections:
        for i, link in enumerate(section.records):
            if link.id not in tree.stems[link.kind]:
                yield located(section), ("records", i, "id"), f"no {link.kind} record {link.id!r}", None


@check("maintainer-unreferenced", "warning")
def maintainers_referenced(tree: RecordSet) -> Iterator[Finding]:
    """Every maintainer record is named by some subsystem, stance or event."""
    used = {person for record in tree.model.all() for _, person in record.person_refs()}
    for m in tree.model.maintainers:
        if m.id not in used:
            yield located(m), ("id",), f"no subsystem, stance or event names {m.id!r}", \
                "remove the record, or reference the person"


@check("stance-missing", "warning")
def every_subsystem_has_stance(tree: RecordSet) -> Iterator[Finding]:
    """Every subsystem has a stance record ('unknown' where nothing is known)."""
    for s in tree.model.subsystems:
        if s.id not in tree.stems["stance"]:
            yield located(s), ("id",), f"no stance record for {s.id!r}", \
                f"add policies/stances/{s.id}.yaml with level: unknown"
