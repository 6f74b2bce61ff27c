"""The stance scale: the five levels (plus unknown), a chart of how subsystems spread over them,
and one page per level listing its subsystems."""

from __future__ import annotations

from kpolicy.records.model import Catalog
from kpolicy.site import parts
from kpolicy.site.charts import Bar, bar_chart
from kpolicy.site.past_cases import past_cases
from kpolicy.site.vocabulary import LEVELS, ROUTES
from kpolicy.text.sitemd import front_matter, inline, page_link, prose_inline, table

SCALE_SOURCE = ("https://lwn.net/Articles/1015409/",
                "A process for handling Rust code in the core kernel (LWN, LSFMM+BPF 2025)", "2025-03-27")


def level_of(catalog: Catalog, subsystem_id: str) -> str:
    """The subsystem's level on the scale; a value the scale does not know counts as unknown."""
    level = catalog.stance(subsystem_id).level
    return level if level in LEVELS else "unknown"


def level_counts(catalog: Catalog) -> dict[str, int]:
    """Live subsystems per level (renamed or vanished entries are history and do not count)."""
    counts = dict.fromkeys(LEVELS, 0)
    for s in (s.id for s in catalog.subsystems.values() if not s.is_history):
        level = catalog.stance(s).level
        counts[level if level in counts else "unknown"] += 1
    return counts


def stance_chart(catalog: Catalog, chart_id: str = "stance-chart") -> str:
    counts = level_counts(catalog)
    bars = [Bar(level, LEVELS[level].label, n) for level, n in counts.items()]
    return bar_chart(chart_id, "Subsystems by Rust stance", bars,
                     f"Subsystems by Rust stance ({sum(counts.values())} recorded entries).")


def stance_scale(catalog: Catalog) -> str:
    here = parts.STANCES
    counts = level_counts(catalog)
    url, title, date = SCALE_SOURCE
    out = [
        "# The stance scale",
        ("At LSFMM+BPF 2025 Andreas Hindborg described five ways in which a kernel subsystem handles Rust, "
        "from the most engaged to the least; the discussion named it the \"Brauner-Hellwig scale\". Every "
        "subsystem record here sits on it, with a source, or is marked *unknown*. None of the positions is "
        "wrong; the last one is the least productive."),
        f"Source: [{inline(title)}]({url}) ({date}, secondary).",
        stance_chart(catalog),
    ]
    rows = []
    for level, info in LEVELS.items():
        rows.append((parts.level_badge(level, here), inline(info.meaning), str(counts.get(level, 0))))
    out.append(table(("Level", "What it means", "Subsystems"), rows, ("left", "left", "right")))
    for level, info in LEVELS.items():
        subs = [s for s in catalog.subsystems.values() if not s.is_history and level_of(catalog, s.id) == level]
        out.append(f"## {inline(info.label)} {{#{level}}}")
        out.append(inline(info.meaning) + (f" {inline(info.example)}" if info.example else ""))
        shown = subs[:12]
        names = ", ".join(page_link(s.title, parts.subsystem_page(s.id), here) for s in shown)
        more = f" and {len(subs) - len(shown)} more" if len(subs) > len(shown) else ""
        listing = f"{names}{more}." if subs else "No subsystem is recorded at this level."
        out.append(f"{listing} {page_link(f'All {len(subs)} on one page', parts.level_page(level), here)}.")
    return "\n\n".join(out) + "\n"


def level_page(catalog: Catalog, level: str) -> str:
    here = parts.level_page(level)
    info = LEVELS[level]
    subs = [s for s in catalog.subsystems.values() if not s.is_history and level_of(catalog, s.id) == level]
    out = [f"# {inline(info.label)}", inline(info.meaning) + (f" {inline(info.example)}" if info.example else ""),
           f"{len(subs)} live subsystems are recorded at this level now; past cases follow. "
           + page_link("The whole scale", parts.STANCES, here) + "."]
    if subs:
        rows = []
        for s in subs:
            st = catalog.stance(s.id)
            lines = [prose_inline(st.summary)] if st.summary else []
            lines.append(f"{parts.stance_dates(st, capital=True)}{parts.unverified(st.verified)}"
                         + (f" · sources: {parts.sources_inline(st.sources)}" if st.sources else ""))
            rows.append((page_link(s.title, parts.subsystem_page(s.id), here), "<br>".join(lines),
                         inline(ROUTES.get(st.route.via, st.route.via))))
        out.append(table(("Entry", "Stance, since when, sources", "Rust patches through"), rows))
    out.append(past_cases(catalog, level, here))
    return front_matter(search={"exclude": True}) + "\n\n".join(out) + "\n"
