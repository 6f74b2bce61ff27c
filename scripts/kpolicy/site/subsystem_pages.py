"""The subsystems: an index table, and one page per MAINTAINERS entry."""

from __future__ import annotations

from kpolicy.maintainers.routing import patch_route
from kpolicy.records.kinds import FIELD_LETTERS
from kpolicy.records.model import Catalog, Stance, Subsystem
from kpolicy.site import parts
from kpolicy.site.rust_page import subsystem_section
from kpolicy.site.stance_pages import level_of
from kpolicy.site.vocabulary import FIELD_MEANINGS, LEVELS, ROUTES, RUST_BUILDS, TEMPORARY_BREAKAGE
from kpolicy.text.sitemd import (
    anchor,
    bullets,
    code,
    front_matter,
    inline,
    page_link,
    prose,
    prose_inline,
    table,
    url_link,
)


def _tree_line(line: str) -> str:
    """A T: line, 'type location [branch]': the location linked when it is http(s)."""
    words = line.split()
    if len(words) >= 2 and words[0] in ("git", "hg", "quilt", "stgit", "topgit"):
        rest = " ".join(words[2:])
        return f"{inline(words[0])} {url_link(words[1])}" + (f" {code(rest)}" if rest else "")
    return url_link(line) if len(words) == 1 else code(line)


def _field_values(catalog: Catalog, s: Subsystem, letter: str, here: str) -> list[str]:
    key = dict(FIELD_LETTERS)[letter]
    values = getattr(s, key)
    if key in ("maintainers", "reviewers"):
        return [parts.person_ref(catalog, r, here) for r in values]
    if key in ("web", "patchwork", "bugs", "chat"):
        return [url_link(v) for v in values]
    if key == "profile":
        return [url_link(v) if "://" in v else code(v) for v in values]
    if key == "trees":
        return [_tree_line(v) for v in values]
    if key == "status":
        return [inline(v) for v in values]
    return [code(v) for v in values]  # lists, file patterns, regular expressions


def fields_table(catalog: Catalog, s: Subsystem, here: str) -> str:
    rows = []
    for letter, _ in FIELD_LETTERS:
        values = _field_values(catalog, s, letter, here)
        if values:
            rows.append((f"{letter}: {inline(FIELD_MEANINGS[letter])}", "<br>".join(values)))
    if not rows:
        return "*This record has no MAINTAINERS fields.*"
    return table(("Field", "Value"), rows)


def fields_from(s: Subsystem) -> str:
    ff = s.fields_from
    lines = []
    if ff.maintainers_file:
        lines.append(f"The fields match the MAINTAINERS file of Linux {inline(ff.maintainers_file)} field for field.")
    if ff.release:
        lines.append(f"The entry was merged in Linux {inline(ff.release)}.")
    text = "**Where the fields come from:** " + " ".join(lines) + parts.unverified(ff.verified)
    text += '\n{: data-search-exclude="1" }'
    if ff.sources:
        text += "\n\n" + parts.sources_list(ff.sources, "Taken from")
    return text


def stance_section(catalog: Catalog, st: Stance, here: str) -> str:
    out = []
    level = LEVELS.get(st.level)
    dates = f" — {parts.stance_dates(st)}" if st.checked else ""
    out.append(f"{parts.level_badge(st.level, here)}{dates}{parts.unverified(st.verified)}")
    if st.needs_review:
        out.append("**Needs review:** the facts behind this stance changed in MAINTAINERS since it was "
                   "recorded; it has not been re-examined yet.")
        out.append(bullets(f"Linux {inline(release)}: {prose_inline(reason)}" for release, reason in st.needs_review))
    if level:  # the same words on every page at this level: kept out of the search index
        out.append(f"*{inline(level.meaning)}*\n{{: data-search-exclude=\"1\" }}")
    if st.summary:
        out.append(prose(st.summary))
    flags = _stance_flags(catalog, st, here)
    # Fixed phrases on every page: shown, but kept out of the search index (its size is budgeted).
    if flags:
        out.append("<br>\n".join(flags) + '\n{: .kp-flags data-search-exclude="1" }')
    if st.level != "unknown" or st.sources:
        out.append(parts.sources_list(st.sources))
    if st.since is not None:
        note = f" {prose_inline(st.since.note)}" if st.since.note else ""
        out.append(f"**Since when:** the level holds since {inline(st.since.words())}.{note}"
                   f"{parts.unverified(st.since.verified)} Sources: {parts.sources_inline(st.since.sources)}")
    if st.notes:
        out.append("**Notes:** " + prose(st.notes))
    if st.history:
        out.append("**Earlier stances:**")
        out.append(bullets(f"{inline(h.date)}: {parts.level_badge(h.level, here)} {prose_inline(h.summary)} "
                           f"(sources: {parts.sources_inline(h.sources)}){parts.unverified(h.verified)}"
                           for h in st.history))
    return "\n\n".join(out)


def _stance_flags(catalog: Catalog, st: Stance, here: str) -> list[str]:
    """The stance's flags, one line each, then one line for those nobody has recorded."""
    flags, unknown = [], []
    if st.temporary_breakage != "unknown":
        flags.append("**Temporary Rust breakage:** "
                     + inline(TEMPORARY_BREAKAGE.get(st.temporary_breakage, st.temporary_breakage)))
    else:
        unknown.append("whether a C change may break the Rust build for a while")
    if st.rust_enabled_builds != "unknown":
        flags.append("**Builds with Rust enabled:** "
                     + inline(RUST_BUILDS.get(st.rust_enabled_builds, st.rust_enabled_builds)))
    else:
        unknown.append("whether its maintainers build with Rust enabled")
    if st.rust_maintainers:
        flags.append("**Rust maintainers:** "
                     + parts.join(parts.person_link(catalog, p, here) for p in st.rust_maintainers))
    if st.route.via != "unknown":
        flags.append("**Rust patches merged through:** " + inline(ROUTES.get(st.route.via, st.route.via))
                     + (f": {_tree_line(st.route.tree)}" if st.route.tree else ""))
    else:
        unknown.append("through which tree its Rust patches are merged")
    if unknown:  # one line for what nobody has recorded, not a placeholder per fact
        flags.append("**Not recorded yet:** " + "; ".join(unknown) + ". "
                     + page_link("Know it? Add it with a source", parts.CONTRIBUTING, here) + ".")
    return flags


def route_section(catalog: Catalog, s: Subsystem, here: str) -> str:
    r = patch_route(catalog, s.id)
    out = []
    if s not in r.owners:
        owners = parts.join(parts.subsystem_link(catalog, o.id, here) for o in r.owners)
        out.append(f"The Rust side of this subsystem has its own entry: {owners}. Its people are the addressees; "
                   "this entry's people are copied.")
    people = [
        f"**To:** {parts.join((parts.person_ref(catalog, p, here) for p in r.to), empty='nobody is listed')}",
        f"**Cc:** {parts.join(parts.person_ref(catalog, p, here) for p in r.cc)}",
        f"**Lists:** {parts.join(code(x) for x in r.lists)}",
        ("**Merged through:** " + inline(ROUTES.get(r.route.via, r.route.via))
         + (f", {_tree_line(r.tree)}" if r.tree else "")) if r.route.via != "unknown" else
        (f"**Tree (MAINTAINERS T: line):** {_tree_line(r.tree)}" if r.tree else ""),
    ]
    out.append(bullets(p for p in people if p))
    basis = "From the MAINTAINERS fields of this entry and its paired entries, and the stance's route"
    if r.rust_entry is not None and r.rust_entry.id != s.id:
        basis += ("; Rust patches also go to the list of the "
                  f"{parts.subsystem_link(catalog, r.rust_entry.id, here)} entry")
    basis += "; `scripts/get_maintainer.pl` run on the actual patch has the last word."
    out.append(basis)
    if r.route.note:
        out.append(f"**Note:** {prose_inline(r.route.note)}")
    return "\n\n".join(out)


def related_section(catalog: Catalog, s: Subsystem, here: str) -> str:
    items = _pair_and_rename_items(catalog, s, here) + _lifetime_items(s)
    for h in s.people_history:
        role = "maintainer" if h.role == "maintainer" else "reviewer"
        verb = "joined as" if h.change == "joined" else "left as"
        items.append(f"Between Linux {inline(h.after)} and {inline(h.by)}: "
                     f"{parts.person_link(catalog, h.person, here)} {verb} {role} "
                     f"(MAINTAINERS of the two releases)")
    items.extend(f"{inline(e.date)}: {page_link(e.title, parts.TIMELINE, here, anchor(e.id))}"
                 for e in catalog.events if s.id in e.subsystems)
    return bullets(items) if items else "*No paired entries, renames or events are recorded.*"


def _pair_and_rename_items(catalog: Catalog, s: Subsystem, here: str) -> list[str]:
    items = []
    for other in catalog.pairs(s.id):
        o = catalog.subsystems.get(other)
        side = "Rust entry" if o is not None and o.is_rust_entry else "C entry"
        was = (" (history: renamed or gone, it routes nothing)"
               if o is not None and o.is_history and not s.is_history else "")
        items.append(f"Paired {side}: {parts.subsystem_link(catalog, other, here)}{was}")
    if s.renamed_to:
        items.append(f"Continues as: {parts.subsystem_link(catalog, s.renamed_to, here)}")
    for old in (catalog.subsystems[o] for o in catalog.renamed_from.get(s.id, ())):
        last = catalog.stance(old.id)
        items.append(f"Formerly: {parts.subsystem_link(catalog, old.id, here)}, now history"
                     + (f" (its last recorded stance: {parts.level_badge(last.level, here)})"
                        if last.level != "unknown" else ""))
    return items


def _lifetime_items(s: Subsystem) -> list[str]:
    """Since and until when the entry is in MAINTAINERS, as far as the compared releases tell."""
    items = []
    if s.kernel_since_after:
        items.append(f"In MAINTAINERS since a release after Linux {inline(s.kernel_since_after)}, "
                     f"by {inline(s.kernel_since)} (the first compared release that has it)")
    elif s.kernel_since and s.kernel_since_is_window:
        items.append(f"In MAINTAINERS by Linux {inline(s.kernel_since)} (the earliest compared release has it)")
    elif s.kernel_since:
        items.append(f"In MAINTAINERS since Linux {inline(s.kernel_since)}")
    if s.kernel_until_after:
        items.append(f"History, not a live entry: gone from MAINTAINERS after Linux {inline(s.kernel_until_after)}, "
                     f"by {inline(s.kernel_until)}")
    elif s.kernel_until:
        items.append(f"History, not a live entry: gone from MAINTAINERS in Linux {inline(s.kernel_until)}")
    return items


def history_notice(catalog: Catalog, s: Subsystem, here: str) -> str:
    """The first thing on the page of a renamed or vanished entry: it is history, and what continues it."""
    if s.renamed_to:
        then = f"It continues as {parts.subsystem_link(catalog, s.renamed_to, here)}: send patches there."
    else:
        then = ("No entry continues it; `scripts/get_maintainer.pl` on your patch names the people to write to "
                "today.")
    gone = s.kernel_until or s.kernel_until_after
    when = f" (gone from MAINTAINERS by Linux {inline(gone)})" if gone else ""
    return (f"**History, not a live entry{when}.** {then} What follows is the entry as it last stood."
            '\n{: .kp-history }')


def subsystem_page(catalog: Catalog, s: Subsystem) -> str:
    here = parts.subsystem_page(s.id)
    st = catalog.stance(s.id)
    facts = [f"Status: {inline(s.status[0])}" if s.status else "Status: not given",
             f"Stance: {parts.level_badge(st.level, here)}"]
    if s.is_rust_entry:
        facts.append('<span class="kp-badge kp-rust-entry">&#91;RUST&#93; entry</span>')
    body = [
        f"# {inline(s.title)}",
        " · ".join(facts),
    ]
    if s.is_history:
        body.append(history_notice(catalog, s, here))
    route = (route_section(catalog, s, here) if not s.is_history or not s.renamed_to else
             f"To the entry that continues this one: {parts.subsystem_link(catalog, s.renamed_to, here, 'send')}.")
    body += ["## Where to send a Rust patch {#send data-search-exclude=\"1\"}", route,
             "## Rust stance {#stance}"]
    if not st.verified:
        body.append("**Unverified:** this stance could not be checked against a primary source yet; treat it "
                    'with care.\n{: .kp-warn data-search-exclude="1" }')
    body += [
        stance_section(catalog, st, here),
        "## MAINTAINERS entry {#fields}", fields_table(catalog, s, here),
        fields_from(s),
        "## Related {#related data-search-exclude=\"1\"}", related_section(catalog, s, here),
    ]
    measured = subsystem_section(catalog, s.title)
    if measured:
        body += ["## Rust in the source {#rust-lines}", measured]
    if s.notes:
        body += ["## Notes {#notes}", prose(s.notes)]
    return "\n\n".join(body) + "\n"


def _route_cell(st: Stance) -> str:
    return inline(ROUTES.get(st.route.via, st.route.via))


def _first_letter(title: str) -> str:
    c = title[:1].upper()
    return c if "A" <= c <= "Z" else "#"


def subsystems_index(catalog: Catalog) -> str:
    here = parts.SUBSYSTEMS
    subs = sorted(catalog.subsystems.values(), key=lambda s: (_first_letter(s.title), s.title))
    letters = sorted({_first_letter(s.title) for s in subs}, key=lambda c: (c != "#", c))
    counts = dict.fromkeys(LEVELS, 0)
    live = [s for s in subs if not s.is_history]
    for s in live:
        counts[level_of(catalog, s.id)] += 1
    history = len(subs) - len(live)
    out = [
        "# Subsystems",
        f"{len(live)} live MAINTAINERS entries are recorded"
        + (f", and {history} renamed or vanished one{'s' if history != 1 else ''} kept as history" if history else "")
        + ". Each has a page with every MAINTAINERS field, its Rust "
        "stance with sources and history, and where to send a Rust patch. By stance: "
        + ", ".join(f"{parts.level_badge(lvl, here)} {n}" for lvl, n in counts.items() if n) + ".",
        "Jump to: " + " ".join(f"[{inline(c)}](#letter-{'other' if c == '#' else c.lower()})" for c in letters),
    ]
    for c in letters:
        rows = []
        for s in (s for s in subs if _first_letter(s.title) == c):
            st = catalog.stance(s.id)
            stance = parts.level_badge(st.level, here) + (f" <small>checked {inline(st.checked)}</small>"
                                                          if st.checked else "")
            if s.is_history:
                stance = (("see " + parts.subsystem_link(catalog, s.renamed_to, here)) if s.renamed_to
                          else "none (history)")
            status = "history" if s.is_history else inline(s.status[0]) if s.status else ""
            rows.append((page_link(s.title, parts.subsystem_page(s.id), here), status,
                         stance + parts.unverified(st.verified), _route_cell(st)))
        letter_id = "other" if c == "#" else c.lower()
        out.append(f"## {inline(c)} {{#letter-{letter_id}}}")
        out.append(table(("Entry", "Status", "Stance (as of)", "Rust patches merged through"), rows))
    return front_matter(search={"exclude": True}) + "\n\n".join(out) + "\n"



