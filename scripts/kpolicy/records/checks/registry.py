"""The check registry: each check is a small named function, registered by id, skippable by id.

A check receives the RecordSet of schema-valid documents and yields findings: (document, path to
the value, message, hint); the registry turns each into a Problem at the value's line and column.
Checks run only on documents that passed their schema, so they may rely on the shapes the schema
guarantees; existence is judged by file name, so a broken record does not make every reference to
it look dangling. Most checks read the typed records (tree.model, kpolicy.records.model), whose
`doc` locates a field; the path of a finding is a path into that document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass
from typing import Any

from kpolicy.records.problems import Problem
from kpolicy.records.reader import RecordSet
from kpolicy.records.yamlio import Document

Finding = tuple[Document, tuple[Any, ...], str, "str | None"]  # document, path to the value, message, hint
CheckFunction = Callable[[RecordSet], Iterator[Finding]]


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    description: str
    run: Callable[[RecordSet], Iterator[Problem]]
    function: CheckFunction  # the check itself, yielding findings


REGISTRY: dict[str, Check] = {}


def check(check_id: str, severity: str = "error") -> Callable[[CheckFunction], CheckFunction]:
    """Register a check. The function yields (document, path, message, hint); path points at the value."""

    def register(fn: CheckFunction) -> CheckFunction:
        def run(tree: RecordSet) -> Iterator[Problem]:
            for doc, path, message, hint in fn(tree):
                line, col = doc.position(path)
                yield Problem(doc.path, line, col, check_id, severity, message, hint)

        # the docstring on one line: Python 3.13 dedents docstrings and 3.11 does not
        REGISTRY[check_id] = Check(check_id, severity, " ".join((fn.__doc__ or "").split()), run, fn)
        return fn

    return register


def run_checks(tree: RecordSet, skip: Set[str] = frozenset()) -> list[Problem]:
    """Every problem the registered checks find, but those of the checks in skip. The typed records
    are built afresh from tree.docs (a caller may have changed them since the last run)."""
    tree.refresh_model()
    problems: list[Problem] = []
    for c in REGISTRY.values():
        if c.id not in skip:
            problems.extend(c.run(tree))
    return problems
