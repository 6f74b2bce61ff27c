"""The home page: what the site is, the headline numbers, and where to start."""

from __future__ import annotations

import re

from kpolicy.records.kinds import LEVELS_TAKING_RUST
from kpolicy.records.model import Catalog
from kpolicy.records.naming import release_key
from kpolicy.site import parts
from kpolicy.site.rust_page import headline
from kpolicy.site.stance_pages import level_counts, stance_chart
from kpolicy.site.timeline_page import newest_first
from kpolicy.site.vocabulary import LEVELS
from kpolicy.text.sitemd import anchor, bullets, inline, page_href, page_link, table


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def newest_check(catalog: Catalog) -> tuple[str, str] | None:
    """The most recent date on which a record was checked against its sources, and what it was."""
    dated: list[tuple[str, str]] = []
    for st in catalog.stances.values():
        if st.checked:
            name = catalog.subsystems[st.subsystem].title if st.subsystem in catalog.subsystems else st.subsystem
            dated.append((st.checked, f"the stance of {name}"))
    dated.extend((vp.as_of, f"the {vp.name} version policy") for vp in catalog.version_policies.values())
    dated.extend((sec.as_of, f"policy section {sec.number}") for sec in catalog.sections)
    return max(dated) if dated else None


def synced_release(catalog: Catalog) -> str | None:
    """The newest release whose MAINTAINERS file the live entries were checked against."""
    releases = {s.fields_from.maintainers_file for s in catalog.subsystems.values()
                if not s.is_history and s.fields_from.maintainers_file
                and re.fullmatch(r"\d+(?:\.\d+)*", s.fields_from.maintainers_file)}
    return max(releases, key=release_key) if releases else None


def status_section(catalog: Catalog, here: str) -> str:
    """Rust's status in the kernel, from the records: the newest word on the experiment, how many
    live entries take Rust, and the toolchain floor."""
    counts = level_counts(catalog)
    takes = sum(counts[lvl] for lvl in LEVELS_TAKING_RUST if lvl in counts)
    refuse = counts.get("no-engagement", 0)
    items = []
    experiment = [e for e in newest_first(catalog) if "experiment" in e.title.lower()]
    if experiment:
        e = experiment[0]
        items.append(f"**Experimental?** The newest recorded event about the Rust experiment: "
                     f"{page_link(e.title, parts.TIMELINE, here, anchor(e.id))} ({inline(e.date)})"
                     f"{parts.unverified(e.verified)}.")
    do_not = page_link(plural(refuse, "subsystem") + " do not engage", parts.level_page("no-engagement"), here)
    no_stance = str(counts.get("unknown", 0)) + " have no recorded stance"
    items.append(f"**Who takes Rust?** {takes} of {sum(counts.values())} recorded live subsystems take Rust code "
                 f"in some form; {do_not}; "
                 f"{page_link(no_stance, parts.level_page('unknown'), here)}.")
    return "## Rust in the kernel today {#status}\n\n" + bullets(items)


def latest_section(catalog: Catalog, here: str, limit: int = 6) -> str:
    items = [f"{inline(e.date)}: {page_link(e.title, parts.TIMELINE, here, anchor(e.id))}{parts.unverified(e.verified)}"
             for e in newest_first(catalog)[:limit]]
    release = synced_release(catalog)
    out = ["## Latest changes {#latest}"]
    if release:
        out.append(f"The live MAINTAINERS entries are recorded as they stand in Linux {inline(release)}.")
    out.append(bullets(items) if items else "*No events are recorded yet.*")
    out.append(f"All events: the {page_link('timeline', parts.TIMELINE, here)}, also as an "
               f"[Atom feed]({page_href('feed.xml', here)}).")
    return "\n\n".join(out)


def home_page(catalog: Catalog) -> str:
    here = parts.HOME
    counts = level_counts(catalog)
    known = sum(n for level, n in counts.items() if level != "unknown")
    out = [
        "# Kernel Rust policy knowledge base",
        "The Linux kernel takes Rust subsystem by subsystem, and each subsystem decides how. This site keeps "
        "that knowledge as reviewed records with sources: which subsystems take Rust and through which tree, "
        "who maintains and reviews what, the minimum toolchain versions and the rule that raises them, the "
        "answers of the \"Rust kernel policy\" document, and a timeline. Every claim shows its sources and "
        "the date it was last checked, and a claim nobody could check against a primary source is marked "
        + parts.UNVERIFIED + ".",
        status_section(catalog, here),
        "## Where to start {#start}",
        bullets([
            (f"**Where do I send a Rust patch?** Find the subsystem among the "
             f"{page_link('subsystems', parts.SUBSYSTEMS, here)} (or search above): its page starts with the "
             f"people, lists and tree. {page_link('Not recorded here?', 'not-recorded.md', here)}"),
            (f"**What does the kernel say about Rust in general?** The "
             f"{page_link('Rust kernel policy', parts.POLICY, here)}, "
             "question by question, with the data behind each answer."),
            f"**Which compiler do I need?** The {page_link('version policy', parts.VERSION_POLICY, here)}.",
            (f"**Who are the Rust maintainers?** The {page_link('maintainers', parts.MAINTAINERS, here, 'rust')}, "
             "people with a Rust role first."),
            f"**How did we get here?** The {page_link('timeline', parts.TIMELINE, here)}, newest first.",
            (f"**How much Rust is there, and where?** {page_link('Rust by numbers', parts.RUST, here)}, measured "
             "from each release's source."),
            (f"**Something is wrong or missing?** Every page ends with its record files and a way to report a "
             f"problem; {page_link('Contributing', parts.CONTRIBUTING, here)} explains how to change a record."),
            f"**Want the data?** The {page_link('JSON API', parts.API, here)} serves every record.",
        ]),
        latest_section(catalog, here),
        "## At a glance {#at-a-glance}",
    ]
    facts = [
        (f"{page_link(plural(sum(counts.values()), 'live subsystem'), parts.SUBSYSTEMS, here)} recorded, "
         f"{known} of them with a documented Rust stance; "
         f"{page_link(plural(len(catalog.maintainers), 'person', 'people'), parts.MAINTAINERS, here)}; "
         f"{page_link(plural(len(catalog.events), 'event'), parts.TIMELINE, here)}."),
    ]
    for vp in catalog.version_policies.values():
        cur = vp.current
        per_arch = "".join(f", {inline(a.arch)} {inline(a.version)} since {inline(vp.since(a.arch))}"
                           for a in cur.architectures)
        facts.append(f"Current minimum {page_link(vp.name, parts.VERSION_POLICY, here)}: **{inline(cur.version)}** "
                     f"(since Linux {inline(vp.since())}{per_arch}){parts.unverified(cur.verified)}.")
    measured = headline(catalog, here)
    if measured:
        facts.append(measured)
    newest = newest_check(catalog)
    if newest:
        facts.append(f"Newest verification: {inline(newest[0])} ({inline(newest[1])}).")
    out.append(bullets(facts))
    # two columns, the meaning under its badge: the count stays in view on a phone
    rows = [(f"{parts.level_badge(level, here)}<br>{inline(LEVELS[level].meaning)}", str(n))
            for level, n in counts.items()]
    out.append(table(("Stance and what it means", "Subsystems"), rows, ("left", "right")))
    out.append(stance_chart(catalog, "home-stance-chart"))
    return "\n\n".join(out) + "\n"
