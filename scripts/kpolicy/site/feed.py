"""An Atom feed (RFC 4287) of the timeline, newest first: feed.xml at the site's root.

Pure and deterministic: the feed's `updated` is the newest event's date, never the clock. Ids are
name-based UUIDs of the event ids (urn:uuid:...), so an entry keeps its id across builds and
hosts. Links are relative to the feed's own address unless the site's address is known.
"""

from __future__ import annotations

import re
import uuid
from xml.sax.saxutils import escape, quoteattr

from kpolicy.records.model import Catalog, Event
from kpolicy.text.sitemd import anchor

PATH = "feed.xml"
LIMIT = 50
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "kpolicy:timeline")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in XML 1.0


def feed_id(event_id: str | None = None) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, event_id or '')}"


def timestamp(date: str) -> str:
    """An RFC 3339 date-time for a record date that may be YYYY, YYYY-MM or YYYY-MM-DD."""
    y, m, d = [*date.split("-"), "01", "01"][:3]
    return f"{y}-{m}-{d}T00:00:00Z"


def _text(value: str) -> str:
    return escape(_CONTROL.sub(" ", value))


def _attr(value: str) -> str:
    return quoteattr(_CONTROL.sub(" ", value))


def _entry(e: Event, base: str) -> str:
    href = f"{base}timeline/#{anchor(e.id)}"
    summary = " ".join((e.summary or e.title).split())
    sources = "".join(f"\n    <link rel=\"related\" href={_attr(s.url)} title={_attr(s.title)}/>"
                      for s in e.sources if s.url.startswith(("http://", "https://")))
    return (f"  <entry>\n    <id>{feed_id(e.id)}</id>\n    <title>{_text(e.title)}</title>\n"
            f"    <updated>{timestamp(e.date)}</updated>\n"
            f"    <link rel=\"alternate\" type=\"text/html\" href={_attr(href)}/>"
            f"{sources}\n    <category term={_attr(e.kind)}/>\n    <summary>{_text(summary)}</summary>\n  </entry>\n")


def atom_feed(catalog: Catalog, site_name: str, site_url: str | None = None) -> str:
    base = site_url.rstrip("/") + "/" if site_url else ""
    events = sorted(catalog.events, key=lambda e: (e.date, e.id), reverse=True)[:LIMIT]
    updated = timestamp(events[0].date) if events else "1970-01-01T00:00:00Z"
    head = ['<?xml version="1.0" encoding="utf-8"?>',
            '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
            f"  <id>{feed_id()}</id>",
            f"  <title>{_text(site_name)}: timeline</title>",
            ("  <subtitle>Events in the history of Rust in the Linux kernel, newest first, each with its sources."
            "</subtitle>"),
            f"  <updated>{updated}</updated>",
            f"  <author><name>{_text(site_name)} contributors</name></author>",
            f'  <link rel="self" type="application/atom+xml" href={_attr(base + PATH)}/>',
            f'  <link rel="alternate" type="text/html" href={_attr(base + "timeline/")}/>']
    return "\n".join(head) + "\n" + "".join(_entry(e, base) for e in events) + "</feed>\n"
