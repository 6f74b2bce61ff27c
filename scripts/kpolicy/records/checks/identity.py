"""Checks of what says who or what a record is: ids equal file names, names in one normal form,
no look-alikes, titles and addresses used once, a person's address is one of theirs."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from kpolicy.records.checks.common import all_docs, located, stem
from kpolicy.records.checks.registry import Finding, check
from kpolicy.records.kinds import KIND_BY_NAME
from kpolicy.records.reader import RecordSet
from kpolicy.records.yamlio import Document


@check("id-file-name")
def id_equals_file_name(tree: RecordSet) -> Iterator[Finding]:
    """A record's id equals its file name."""
    for kind, doc in all_docs(tree):
        key = KIND_BY_NAME[kind].id_field
        if doc.data[key] != stem(doc):
            yield doc, (key,), f"{key} {doc.data[key]!r} differs from the file name {stem(doc)!r}", \
                f"rename the file to {doc.data[key]}.yaml, or change {key}"


@check("text-normal")
def identities_in_nfc(tree: RecordSet) -> Iterator[Finding]:
    """Ids, names, titles and addresses are in Unicode normal form C, so that one name is written one way."""
    for record in tree.model.all():
        for path, value in record.identity():
            if not value.isascii() and unicodedata.normalize("NFC", value) != value:
                yield located(record), path, f"{value!r} is not in Unicode normal form C (composed characters)", \
                    f"write {unicodedata.normalize('NFC', value)!r}"


@check("confusable")
def no_look_alikes(tree: RecordSet) -> Iterator[Finding]:
    """No two people, two subsystem titles or two addresses look alike: their confusable skeletons
    (Unicode TR39) differ. Catches a Cyrillic letter in a name or an address, 'I' for 'l', and
    two records for the same name."""
    from kpolicy.text.confusables import skeleton

    people: list[tuple[Document, tuple[Any, ...], str, str]] = []
    addresses: list[tuple[Document, tuple[Any, ...], str, str]] = []
    for m in sorted(tree.model.maintainers, key=lambda m: m.path):
        doc = located(m)
        people.append((doc, ("name",), m.name, m.id))
        people.extend((doc, ("aliases", i), a, m.id) for i, a in enumerate(m.aliases))
        addresses.extend((doc, ("emails", i), e.lower(), m.id) for i, e in enumerate(m.emails))
    titles = [(located(s), ("title",), s.title, s.id) for s in sorted(tree.model.subsystems, key=lambda s: s.path)]
    for what, values in (("person", people), ("title", titles), ("address", addresses)):
        seen: dict[str, tuple[Document, str, str]] = {}
        for doc, path, value, owner in values:
            first = seen.setdefault(skeleton(value), (doc, value, owner))
            if first[2] == owner:
                continue
            if what != "person" and first[1] == value:
                continue  # the same title or address twice: subsystem-title-unique, maintainer-email-unique
            yield doc, path, f"{what} {value!r} looks like {first[1]!r} of {first[0].path}", \
                "one person, title or address is written once; if they really differ, tell them apart in plain letters"


@check("subsystem-title-unique")
def titles_unique(tree: RecordSet) -> Iterator[Finding]:
    """No two subsystem records share a MAINTAINERS title."""
    seen: dict[str, str] = {}
    for s in sorted(tree.model.subsystems, key=lambda s: s.path):
        if s.title in seen:
            yield located(s), ("title",), f"title {s.title!r} is already used by {seen[s.title]}", None
        else:
            seen[s.title] = s.path


@check("maintainer-email-unique")
def emails_unique(tree: RecordSet) -> Iterator[Finding]:
    """An address belongs to one person."""
    seen: dict[str, str] = {}
    for m in sorted(tree.model.maintainers, key=lambda m: m.path):
        for i, email in enumerate(m.emails):
            low = email.lower()
            if low in seen:
                yield located(m), ("emails", i), f"{email} is also an address of {seen[low]}", "merge the two records"
            else:
                seen[low] = m.id


@check("person-email-known")
def ref_emails_recorded(tree: RecordSet) -> Iterator[Finding]:
    """An address a subsystem writes for a person is one of that person's recorded addresses."""
    emails = {m.id: {e.lower() for e in m.emails} for m in tree.model.maintainers}
    for s in tree.model.subsystems:
        for path, ref in s.people():
            if ("email" in ref.written_keys and ref.email and ref.person in emails
                    and ref.email.lower() not in emails[ref.person]):
                yield located(s), (*path[:2], "email"), f"{ref.email} is not among {ref.person}'s addresses", \
                    f"add it to policies/maintainers/{ref.person}.yaml"
