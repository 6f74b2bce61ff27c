"""Checks of dates: real and not in the future, histories in order, event ids that start with their date."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kpolicy.records.checks.common import all_docs, located, parse_date, scan, sort_key
from kpolicy.records.checks.registry import Finding, check
from kpolicy.records.reader import RecordSet
from kpolicy.records.yamlio import Document


@check("date-valid")
def dates_are_real(tree: RecordSet) -> Iterator[Finding]:
    """Dates are real calendar dates and not in the future."""
    for _, doc in all_docs(tree):
        for path, value in scan(tree, doc).dates:
            try:
                day = parse_date(value)
            except ValueError:
                yield doc, path, f"{value!r} is not a real date", "write YYYY-MM-DD, YYYY-MM or YYYY"
                continue
            if day > tree.today:
                yield doc, path, f"{value!r} is in the future", None


@check("history-order")
def histories_in_order(tree: RecordSet) -> Iterator[Finding]:
    """Histories are oldest first and end no later than the current state."""
    for st in tree.model.stances:
        yield from _ordered(located(st), "history", [h.date for h in st.history], st.checked, "checked")
    for vp in tree.model.version_policies:
        yield from _ordered(located(vp), "rule_history", [r.date for r in vp.rule_history],
                            vp.rule.date if vp.rule else None, "rule.since")


def _ordered(doc: Document, key: str, dates: Sequence[str], ceiling: str | None,
             ceiling_name: str) -> Iterator[Finding]:
    for i in range(1, len(dates)):
        if sort_key(dates[i]) < sort_key(dates[i - 1]):
            yield doc, (key, i, "date"), f"{key}[{i}] ({dates[i]}) is older than {key}[{i - 1}] ({dates[i - 1]})", \
                "list history oldest first"
    if ceiling and dates and sort_key(dates[-1]) > sort_key(ceiling):
        yield doc, (key, len(dates) - 1, "date"), f"{key} ends after {ceiling_name} ({dates[-1]} > {ceiling})", None


@check("event-id-date")
def event_ids_start_with_date(tree: RecordSet) -> Iterator[Finding]:
    """An event's id starts with its date."""
    for e in tree.model.events:
        if not e.id.startswith(e.date + "-"):
            yield located(e), ("id",), f"id {e.id!r} does not start with the date {e.date}", None
