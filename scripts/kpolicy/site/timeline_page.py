"""The timeline: every event, newest first, grouped by year, with an index of the years."""

from __future__ import annotations

from kpolicy.records.model import Catalog, Event
from kpolicy.site import parts
from kpolicy.site.vocabulary import EVENT_KINDS
from kpolicy.text.sitemd import anchor, bullets, inline, page_href, page_link, prose


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


def newest_first(catalog: Catalog) -> list[Event]:
    return sorted(catalog.events, key=lambda e: (e.date, e.id), reverse=True)


def timeline_page(catalog: Catalog) -> str:
    here = parts.TIMELINE
    events = newest_first(catalog)
    years = list(dict.fromkeys(e.date[:4] for e in events))
    out = ["# Timeline",
           ("Events in the history of Rust in the kernel, newest first: releases, policy changes, meetings, "
           "changes of people and disputes, each with its sources. Dates are as precise as the sources allow. "
           "New events also reach readers through the [Atom feed](" + page_href("feed.xml", here) + ").")]
    if not events:
        out.append("*No events are recorded yet.*")
    else:
        out.append("Years: " + " · ".join(f"[{inline(y)}](#year-{anchor(y)})" for y in years)
                   + '\n{: .kp-years data-search-exclude="1" }')
    year = None
    for e in events:
        if e.date[:4] != year:
            year = e.date[:4]
            out.append(f"## {inline(year)} {{#year-{anchor(year)}}}")
        out.append(event_block(catalog, e, here))
    return "\n\n".join(out) + "\n"


def recent_events(catalog: Catalog, here: str, limit: int | None = None) -> str:
    """The newest events first, as a list of links into the timeline."""
    events = newest_first(catalog)
    if limit is not None:
        events = events[:limit]
    if not events:
        return "*No events are recorded yet.*"
    return bullets(f"{inline(e.date)}: {page_link(e.title, parts.TIMELINE, here, anchor(e.id))}"
                   f"{parts.unverified(e.verified)}" for e in events)
