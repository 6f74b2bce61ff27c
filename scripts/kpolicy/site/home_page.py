"""The home page: what the site is, the headline numbers, and where to start."""

from __future__ import annotations

from ..records import Catalog
from . import parts
from .mdtext import bullets, inline, page_link, table
from .rust_page import headline
from .stance_pages import level_counts, stance_chart
from .vocabulary import LEVELS


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def newest_check(catalog: Catalog) -> tuple[str, str] | None:
    """The most recent date on which a record was checked against its sources, and what it was."""
    dated: list[tuple[str, str]] = []
    for st in catalog.stances.values():
        if st.checked:
            name = catalog.subsystems[st.subsystem].title if st.subsystem in catalog.subsystems else st.subsystem
            dated.append((st.checked, f"the stance of {name}"))
    for vp in catalog.version_policies.values():
        dated.append((vp.as_of, f"the {vp.name} version policy"))
    for sec in catalog.sections:
        dated.append((sec.as_of, f"policy section {sec.number}"))
    return max(dated) if dated else None


def home_page(catalog: Catalog) -> str:
    here = parts.HOME
    counts = level_counts(catalog)
    known = sum(n for level, n in counts.items() if level != "unknown")
    out = [
        "# Kernel Rust policy knowledge base",
        "The Linux kernel takes Rust subsystem by subsystem, and each subsystem decides how. This site keeps "
        "that knowledge as reviewed records with sources: which subsystems take Rust and through which tree, "
        "who maintains and reviews what, the minimum toolchain versions and the rule that raises them, the "
        "answers of the \"Rust kernel policy\" document, and a timeline. Every page is generated from the "
        "records; every claim shows its sources and the date it was last checked, and a claim nobody could "
        "check against a primary source is marked " + parts.UNVERIFIED + ".",
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
        per_arch = "".join(f", {inline(a.arch)} {inline(a.version)}" for a in cur.architectures)
        facts.append(f"Current minimum {page_link(vp.name, parts.VERSION_POLICY, here)}: **{inline(cur.version)}** "
                     f"(from Linux {inline(cur.kernel)}{per_arch}){parts.unverified(cur.verified)}.")
    measured = headline(catalog, here)
    if measured:
        facts.append(measured)
    newest = newest_check(catalog)
    if newest:
        facts.append(f"Newest verification: {inline(newest[0])} ({inline(newest[1])}).")
    out.append(bullets(facts))
    rows = [(parts.level_badge(level, here), inline(LEVELS[level].meaning), str(n)) for level, n in counts.items()]
    out.append(table(("Stance", "Meaning", "Subsystems"), rows, ("left", "left", "right")))
    out.append(stance_chart(catalog, "home-stance-chart"))
    out.append("## Where to start {#start}")
    out.append(bullets([
        (f"**May I send Rust code to a subsystem, and to whom?** Find it among the "
        f"{page_link('subsystems', parts.SUBSYSTEMS, here)} (or search above): its page gives the stance, "
        "the tree and the people to address."),
        (f"**What does the kernel say about Rust in general?** The {page_link('Rust kernel policy', parts.POLICY, here)}, "
        "question by question, with the data behind each answer."),
        f"**Which compiler do I need?** The {page_link('version policy', parts.VERSION_POLICY, here)}.",
        f"**How did we get here?** The {page_link('timeline', parts.TIMELINE, here)}.",
        (f"**How much Rust is there, and where?** {page_link('Rust by numbers', parts.RUST, here)}, measured "
        "from each release's source."),
        (f"**Something is wrong or missing?** {page_link('Contributing', parts.CONTRIBUTING, here)} explains how "
        "to change a record by pull request."),
        f"**Want the data?** The {page_link('JSON API', parts.API, here)} serves every record.",
    ]))
    return "\n\n".join(out) + "\n"
