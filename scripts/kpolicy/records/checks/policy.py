"""Checks of the policy document's sections."""

from __future__ import annotations

from collections.abc import Iterator

from kpolicy.records.checks.common import located
from kpolicy.records.checks.registry import Finding, check
from kpolicy.records.reader import RecordSet


@check("policy-numbering")
def sections_numbered(tree: RecordSet) -> Iterator[Finding]:
    """Policy sections are numbered 1..N without gaps, and each id starts with its number."""
    sections = sorted(tree.model.sections, key=lambda s: s.number)
    seen: dict[int, str] = {}
    for section in sections:
        n = section.number
        if not section.id.startswith(f"{n:02d}-"):
            yield located(section), ("id",), f"id {section.id!r} does not start with the section number {n:02d}", None
        if n in seen:
            yield located(section), ("number",), f"section number {n} is also used by {seen[n]}", None
        seen[n] = section.path
    for expected, section in enumerate(sections, start=1):
        if section.number > expected and expected not in seen:
            yield located(section), ("number",), f"section {expected} is missing before section {section.number}", None
            break
