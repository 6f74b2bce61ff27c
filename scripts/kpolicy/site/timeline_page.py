"""The timeline: every event, oldest first, grouped by year."""

from __future__ import annotations

from ..records import Catalog, Event
from . import parts
from .mdtext import anchor, bullets, inline, page_link, prose
from .vocabulary import EVENT_KINDS


def event_block(catalog: Catalog, e: Event, here: str) -> str:
    kind = EVENT_KINDS.get(e.kind, e.kind)
    out = [f"### {inline(e.date)}: {inline(e.title)} {{#{anchor(e.id)}}}"]
    facts = [f'<span class="kp-badge kp-event">{inline(kind)}</span>']
    if e.kernel:
        facts.append(f"Linux {inline(e.kernel)}")
    if not e.verified:
        facts.append(parts.UNVERIFIED)
    out.append(" · ".join(facts))
    if e.summary:
        out.append(prose(e.summary))
    related = []
    if e.subsystems:
        related.append("Subsystems: " + ", ".join(parts.subsystem_link(catalog, s, here) for s in e.subsystems))
    if e.people:
        related.append("People: " + ", ".join(parts.person_link(catalog, p, here) for p in e.people))
    if related:
        out.append(bullets(related))
    out.append(parts.sources_list(e.sources))
    return "\n\n".join(out)


def timeline_page(catalog: Catalog) -> str:
    here = parts.TIMELINE
    out = ["# Timeline",
           ("Events in the history of Rust in the kernel: releases, policy changes, meetings, changes of people "
           "and disputes, each with its sources. Dates are as precise as the sources allow.")]
    if not catalog.events:
        out.append("*No events are recorded yet.*")
    year = None
    for e in catalog.events:
        if e.date[:4] != year:
            year = e.date[:4]
            out.append(f"## {inline(year)} {{#year-{anchor(year)}}}")
        out.append(event_block(catalog, e, here))
    return "\n\n".join(out) + "\n"


def recent_events(catalog: Catalog, here: str, limit: int | None = None) -> str:
    events = list(catalog.events)
    if limit is not None:
        events = events[-limit:]
    if not events:
        return "*No events are recorded yet.*"
    return bullets(f"{inline(e.date)}: {page_link(e.title, parts.TIMELINE, here, anchor(e.id))}"
                   f"{parts.unverified(e.verified)}" for e in events)
