"""The "Rust kernel policy" document, section by section in the original order: our answer, the
original section, and the live data that illustrates it."""

from __future__ import annotations

from collections.abc import Callable

from kpolicy.export import POLICY_DOCUMENT
from kpolicy.records.model import Catalog, PolicySection, RecordLink
from kpolicy.site import parts
from kpolicy.site.stance_pages import level_counts
from kpolicy.site.timeline_page import recent_events
from kpolicy.site.version_page import current_minimums
from kpolicy.site.vocabulary import VIEWS
from kpolicy.text.sitemd import anchor, code, collapsed, inline, link, page_link, prose, table

HERE = parts.POLICY
TIMELINE_EXCERPT = 12  # the latest events shown under a question; the timeline page has them all

# The original document's last change, as its repository records it (the file's newest commit in
# the snapshot of 2026-06-07 of github.com/Rust-for-Linux/rust-for-linux.com, src/Rust-kernel-policy.md).
ORIGINAL_CHANGED = ("2025-04-02", "https://github.com/Rust-for-Linux/rust-for-linux.com/commits/main/src/Rust-kernel-policy.md")


def section_anchor(sec: PolicySection) -> str:
    """The heading id of a section: the original's own, so that swapping the site in an address
    lands on the same question; our record id when the link does not point into the original."""
    base = POLICY_DOCUMENT["url"] + "#"
    if sec.original.startswith(base):
        fragment = sec.original[len(base):]
        if fragment and anchor(fragment) == fragment:
            return fragment
    return anchor(sec.id)


def rust_entries(catalog: Catalog) -> str:
    rows = []
    for s in catalog.subsystems.values():
        if not s.is_rust_entry:
            continue
        people = ", ".join(parts.person_ref(catalog, m, HERE, with_email=False) for m in s.maintainers) or "none"
        c_side = [p for p in catalog.pairs(s.id) if p in catalog.subsystems and not catalog.subsystems[p].is_rust_entry]
        rows.append((parts.subsystem_link(catalog, s.id, HERE), people,
                     ", ".join(parts.subsystem_link(catalog, p, HERE) for p in c_side) or "",
                     parts.level_badge(catalog.stance(s.id).level, HERE)))
    if not rows:
        return "*No &#91;RUST&#93; entry is recorded yet.*"
    return table(("Entry", "Maintainers (M:)", "C entry", "Stance"), rows)


def temporary_breakage(catalog: Catalog) -> str:
    rows = []
    for s in catalog.subsystems.values():
        st = catalog.stance(s.id)
        if st.temporary_breakage == "allowed":
            rows.append((parts.subsystem_link(catalog, s.id, HERE, "stance"),
                         inline(st.checked) + parts.unverified(st.verified), parts.sources_inline(st.sources)))
    if not rows:
        return "*No recorded subsystem allows it.*"
    return table(("Subsystem", "Last checked", "Sources"), rows)


def _rust_driver_files(files: tuple[str, ...]) -> list[str]:
    return [f for f in files if f.startswith("drivers/") and f.endswith(".rs")]


def reference_drivers(catalog: Catalog) -> str:
    rows = []
    for s in catalog.subsystems.values():
        files = _rust_driver_files(s.files)
        if files:
            rows.append((parts.subsystem_link(catalog, s.id, HERE), ", ".join(code(f) for f in files),
                         inline(s.kernel_since) if s.kernel_since else ""))
    if not rows:
        return "*No MAINTAINERS entry in the records names a Rust driver file.*"
    return ("Rust driver source files (under <code>drivers/</code>) named by the recorded MAINTAINERS entries; "
            "reference drivers are among them.\n\n" + table(("Entry", "Rust driver files", "Entry since"), rows))


def stance_levels(catalog: Catalog) -> str:
    counts = level_counts(catalog)
    rows = [(parts.level_badge(level, HERE), str(n)) for level, n in counts.items()]
    return table(("Stance", "Subsystems"), rows, ("left", "right")) + "\n\n" + \
        page_link("The stance scale explained", parts.STANCES, HERE) + "."


def version_policy(catalog: Catalog) -> str:
    return current_minimums(catalog) + "\n\n" + page_link("Every step, the rule and its history",
                                                          parts.VERSION_POLICY, HERE) + "."


def timeline(catalog: Catalog) -> str:
    return (recent_events(catalog, HERE, limit=TIMELINE_EXCERPT) + "\n\n"
            + page_link("The whole timeline", parts.TIMELINE, HERE) + ".")


# Views that list many rows (entries, drivers, events): folded under a summary that names them.
FOLDED_VIEWS = frozenset({"rust-entries", "temporary-breakage", "reference-drivers", "timeline"})

def _folded_summary(catalog: Catalog, view: str) -> str:
    """A folded view's summary: what it lists, and how many."""
    subsystems = catalog.subsystems.values()
    count = {
        "rust-entries": lambda: sum(1 for s in subsystems if s.is_rust_entry),
        "temporary-breakage": lambda: sum(1 for s in subsystems
                                          if catalog.stance(s.id).temporary_breakage == "allowed"),
        "reference-drivers": lambda: sum(1 for s in subsystems if _rust_driver_files(s.files)),
        "timeline": lambda: min(TIMELINE_EXCERPT, len(catalog.events)),
    }[view]()
    label = "The latest events of the timeline" if view == "timeline" else VIEWS[view]
    return f"{inline(label)} ({count})"


VIEW_RENDERERS: dict[str, Callable[[Catalog], str]] = {
    "rust-entries": rust_entries,
    "temporary-breakage": temporary_breakage,
    "reference-drivers": reference_drivers,
    "stance-levels": stance_levels,
    "version-policy": version_policy,
    "timeline": timeline,
}


def record_link(catalog: Catalog, r: RecordLink) -> str:
    if r.kind == "subsystem":
        return parts.subsystem_link(catalog, r.id, HERE)
    if r.kind == "stance":
        return "stance of " + parts.subsystem_link(catalog, r.id, HERE, "stance")
    if r.kind == "maintainer":
        return parts.person_link(catalog, r.id, HERE)
    if r.kind == "version-policy" and r.id in catalog.version_policies:
        return page_link(catalog.version_policies[r.id].name, parts.VERSION_POLICY, HERE, anchor(r.id))
    if r.kind == "event":
        e = next((e for e in catalog.events if e.id == r.id), None)
        if e is not None:
            return page_link(e.title, parts.TIMELINE, HERE, anchor(e.id))
    return code(f"{r.kind}: {r.id}")


def section_block(catalog: Catalog, sec: PolicySection, shown: set[str] | None = None) -> str:
    """One question. A view already shown under an earlier question is linked, not repeated."""
    shown = shown if shown is not None else set()
    out = [
        f"## {sec.number}. {inline(sec.question)} {{#{section_anchor(sec)}}}",
        prose(sec.answer),
        f"{link('Original section', sec.original)} · checked {inline(sec.as_of)}{parts.unverified(sec.verified)}",
    ]
    for view in sec.views:
        render = VIEW_RENDERERS.get(view)
        if render is None:
            continue
        first = next((other for other in catalog.sections if view in other.views), sec)
        if view in shown and first is not sec:
            out.append(f"**{inline(VIEWS[view])}:** shown under "
                       + page_link(f"question {first.number}", HERE, HERE, section_anchor(first)) + ".")
            continue
        shown.add(view)
        if view in FOLDED_VIEWS:  # a long list of examples: the answer above stays in view
            out.append(collapsed(_folded_summary(catalog, view), render(catalog)))
        else:
            out.append(f"**{inline(VIEWS[view])}:**")
            out.append(render(catalog))
    if sec.records:
        out.append("**Records:** " + ", ".join(record_link(catalog, r) for r in sec.records))
    out.append(parts.sources_folded(sec.sources))
    return "\n\n".join(out)


def policy_page(catalog: Catalog) -> str:
    changed, history = ORIGINAL_CHANGED
    out = [
        "# Rust kernel policy",
        (f"The {link(POLICY_DOCUMENT['title'], POLICY_DOCUMENT['url'])} page on rust-for-linux.com was written "
         "because it was often unclear what the kernel's rules about Rust are and who looks after what. It "
         "answers questions about how Rust enters the kernel with what, as far as its authors know, holds today."),
        ("**Not hard rules.** The original says so itself: as with most things in the kernel, these points can "
         "change with the situation and with what key maintainers and the kernel community agree on."),
        (f"The original was last changed on {inline(changed)} ({link('its history', history)}). Below, each "
         "question in the document's order, with the same anchors as the original (replace the site's address "
         "in a link and it lands on the same question): our summary of the answer, a link to the original "
         "section, and the records that show the answer in practice. The summaries are ours; the original is "
         "the reference."),
    ]
    if not catalog.sections:
        out.append("*No section of the document is recorded yet.*")
    shown: set[str] = set()
    out.extend(section_block(catalog, sec, shown) for sec in catalog.sections)  # in order: shown grows
    return "\n\n".join(out) + "\n"


