"""Checking record files before they are written: the problems that new or rewritten files would
bring to a records folder, found as `kpolicy validate` would find them once they were there.

The folder as read (a RecordSet) is not changed: the files are checked in a copy of it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kpolicy.records.checks import run_checks
from kpolicy.records.kinds import KIND_BY_NAME
from kpolicy.records.problems import Problem
from kpolicy.records.reader import RecordSet, schema_problems
from kpolicy.records.schemas import Schemas
from kpolicy.records.yamlio import Document, LoadError, load_text


@dataclass(frozen=True)
class Staged:
    """A record file as it would be written: its kind, its path as shown (that of the file it
    replaces, or where it would be created) and its text."""

    kind: str
    shown: str
    text: str


@dataclass(frozen=True)
class Verdict:
    problems: list[Problem]  # each at the place it has in the staged file (p.path: its shown path)
    documents: dict[str, Document]  # shown path -> document, for every staged file that loads


def with_documents(records: RecordSet, documents: Sequence[tuple[str, Document]]) -> RecordSet:
    """A copy of records in which each (kind, document) replaces the document of the same path,
    or is added (with its file's stem)."""
    docs = {kind: list(found) for kind, found in records.docs.items()}
    stems = {kind: set(found) for kind, found in records.stems.items()}
    for kind, doc in documents:
        same = [i for i, d in enumerate(docs[kind]) if d.path == doc.path]
        if same:
            docs[kind][same[0]] = doc
        else:
            docs[kind].append(doc)
            stems[kind].add(Path(doc.path).stem)
    return dataclasses.replace(records, docs=docs, stems=stems, problems=list(records.problems))


def check_staged(records: RecordSet, staged: Sequence[Staged], schemas: Schemas) -> Verdict:
    """The error problems the staged files bring. First each file on its own (it loads, it fits
    its schema); when all of them do, every check over the folder with them in place, keeping
    only the errors the folder did not have without them."""
    problems: list[Problem] = []
    documents: dict[str, Document] = {}
    valid: list[tuple[str, Document]] = []
    for s in staged:
        try:
            doc = load_text(s.shown, s.text)
        except LoadError as e:
            problems.append(e.problem)
            continue
        documents[s.shown] = doc
        found = schema_problems(doc, KIND_BY_NAME[s.kind], schemas)
        problems.extend(found)
        if not found:
            valid.append((s.kind, doc))
    if problems:
        return Verdict(problems, documents)
    before = {_key(p) for p in run_checks(records) if p.is_error}
    after = run_checks(with_documents(records, valid))
    return Verdict([p for p in after if p.is_error and _key(p) not in before], documents)


def _key(p: Problem) -> tuple[str, str, str]:
    return (p.path, p.check, p.message)


__all__ = ["Staged", "Verdict", "check_staged", "with_documents"]
