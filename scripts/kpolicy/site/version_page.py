"""The toolchain version policy: minimum rustc and bindgen per kernel release, the rule, its history,
distributions and unstable features."""

from __future__ import annotations

from kpolicy.records.model import Catalog, Source, VersionPolicy, VersionStep
from kpolicy.site import parts
from kpolicy.site.charts import Step, step_chart
from kpolicy.site.toolchain_answer import toolchain_answer
from kpolicy.text.sitemd import anchor, bullets, code, collapsed, inline, prose, prose_inline, table

FEATURE_STATUS = {"in-use": "in use", "stabilized": "stabilized", "dropped": "dropped"}
FEATURE_SCOPE = {"kernel-crate": "kernel crate only", "all-rust-code": "all Rust code (drivers too)"}


def _details(note: str | None, sources: tuple[Source, ...], verified: bool, facts: list[str] | None = None) -> str:
    """One table cell: facts, the note, then the sources, each on its own line."""
    lines = list(facts or [])
    if note:
        lines.append(prose_inline(note))
    lines.append("Sources: " + parts.sources_inline(sources) + parts.unverified(verified))
    return "<br>".join(lines)


def version_chart(vp: VersionPolicy) -> str:
    steps = [Step(m.kernel, m.version, m.kind == "pinned") for m in vp.minimums]
    return step_chart(f"chart-{anchor(vp.tool)}", f"Minimum {vp.name} version by kernel release", steps,
                      f"Minimum {vp.name} version from each kernel release on; the line runs on until the "
                      "next change.")


def _arch_minimums(step: VersionStep) -> str:
    """'s390 needs 1.96.0, powerpc needs 1.95.0' (empty when no architecture needs more)."""
    return ", ".join(f"{inline(a.arch)} needs **{inline(a.version)}**" for a in step.architectures)


def architectures_section(vp: VersionPolicy) -> str:
    """One row per architecture, one column per release read: does the release build Rust code there;
    the conditions of the newest release that does, listed under the table (which stays narrow
    enough not to scroll: a scrolling region is one keyboard users cannot reach)."""
    releases = vp.architectures
    arches: list[str] = []
    for r in releases:
        arches += [a.arch for a in r.supported if a.arch not in arches]
    rows, conditions = [], []
    for arch in sorted(arches):
        cells, newest = [], None
        for r in releases:
            found = next((a for a in r.supported if a.arch == arch), None)
            cells.append("no" if found is None else "yes" if found.documented else "yes\\*")
            newest = found or newest
        rows.append((code(arch), *cells))
        bits = [inline(newest.constraints.rstrip("."))] if newest and newest.constraints else []
        if newest and newest.kconfig == "always":
            bits.append("Kconfig: always")
        elif newest and newest.kconfig:
            bits.append(f"Kconfig: {code(newest.kconfig)}")
        if bits:
            conditions.append(f"{code(arch)}: {'; '.join(bits)}")
    out = [f"### Architectures {{#{anchor(vp.tool)}-architectures}}",
           ("Which architectures can build the kernel's Rust code, release by release, as each release's "
            "Documentation/rust/arch-support.rst and the `select HAVE_RUST` lines of its arch/*/Kconfig say."),
           table(("Architecture", *(inline(r.kernel) for r in releases)), rows)]
    if any(cell == "yes\\*" for row in rows for cell in row):
        out.append("\\* Kconfig lets the release build Rust code there, but its arch-support.rst does not list "
                   "the architecture.")
    if conditions:
        out.append(f"Conditions in the newest release that supports each: {'; '.join(conditions)}.")
    out.append(collapsed(f"What each release's tree says, with sources ({len(releases)} releases)", bullets(
        f"Linux {inline(r.kernel)}: " + (f"{prose_inline(r.note)} " if r.note else "")
        + f"sources: {parts.sources_inline(r.sources)}{parts.unverified(r.verified)}" for r in releases)))
    return "\n\n".join(out)


def _tool_section(vp: VersionPolicy) -> str:
    cur = vp.current
    kind = "exactly" if cur.kind == "pinned" else "at least"
    per_arch = f"; on some architectures more: {_arch_minimums(cur)}" if cur.architectures else ""
    out = [
        f"## {inline(vp.name)} {{#{anchor(vp.tool)}}}",
        (f"**Current:** Linux {inline(cur.kernel)} and later need {inline(vp.name)} {kind} "
        f"**{inline(cur.version)}**{per_arch}. Record checked {inline(vp.as_of)}."),
        version_chart(vp),
    ]
    rows = []
    for m in vp.minimums:
        facts = [f"Per architecture: {_arch_minimums(m)}"] if m.architectures else []
        rows.append((inline(m.kernel), f"**{inline(m.version)}**", inline(m.kind),
                     _details(m.note, m.sources, m.verified, facts)))
    out.append(collapsed(f"Each change of the {inline(vp.tool)} minimum, why, and its sources ({len(rows)} steps)",
                         table(("Kernel", "Version", "Kind", "Details and sources"), rows)))
    if vp.rule:
        out.append(f"### The rule {{#{anchor(vp.tool)}-rule}}")
        out.append(f"In force since {inline(vp.rule.date)}{parts.unverified(vp.rule.verified)}:")
        out.append(prose(vp.rule.summary))
        out.append(parts.sources_folded(vp.rule.sources))
    if vp.rule_history:
        out.append(f"### Earlier rules {{#{anchor(vp.tool)}-rule-history}}")
        n = len(vp.rule_history)
        out.append(f"{n} earlier {'version' if n == 1 else 'versions'} of the rule, the first from "
                   f"{inline(vp.rule_history[0].date)}.")
        out.append(collapsed(f"Every earlier rule, with sources ({len(vp.rule_history)})", bullets(
            f"{inline(r.date)}: {prose_inline(r.summary)} (sources: {parts.sources_inline(r.sources)})"
            f"{parts.unverified(r.verified)}" for r in vp.rule_history)))
    if vp.distributions:
        out.append(f"### Distributions {{#{anchor(vp.tool)}-distributions}}")
        out.append(bullets(inline(d.name) + (f": **{inline(d.version)}**" if d.version else ": no version recorded")
                           + parts.unverified(d.verified) for d in vp.distributions))
        distribution_rows = [
            (inline(d.name), inline(d.version) if d.version else "",
             _details(d.note, d.sources, d.verified, [f"Packages: {code(d.packages)}"] if d.packages else []))
            for d in vp.distributions]
        out.append(collapsed(f"Packages, notes and sources per distribution ({len(distribution_rows)})",
                             table(("Distribution", "Version", "Details and sources"), distribution_rows)))
    if vp.unstable_features:
        out.append(f"### Unstable features {{#{anchor(vp.tool)}-unstable-features}}")
        by_status: dict[str, list[str]] = {}
        for f in vp.unstable_features:
            by_status.setdefault(f.status, []).append(code(f.name))
        out.append(bullets(f"{inline(FEATURE_STATUS.get(status, status)).capitalize()} ({len(names)}): "
                           + ", ".join(names) for status, names in by_status.items()))
        feature_rows = []
        for f in vp.unstable_features:
            facts = ([f"Allowed in: {inline(FEATURE_SCOPE.get(f.scope, f.scope))}"] if f.scope else []) \
                + ([f"Stable since Rust {inline(f.stable_since)}"] if f.stable_since else [])
            feature_rows.append((code(f.name), inline(FEATURE_STATUS.get(f.status, f.status)),
                                 _details(f.note, f.sources, f.verified, facts)))
        out.append(collapsed(f"Where each feature is allowed, what it is for, and its sources "
                             f"({len(feature_rows)} features)",
                             table(("Feature", "Status", "Details and sources"), feature_rows)))
    if vp.architectures:
        out.append(architectures_section(vp))
    if vp.notes:
        out.append("**Notes:** " + prose(vp.notes))
    return "\n\n".join(out)


def current_minimums(catalog: Catalog) -> str:
    """One line per tool: the current minimum and the release it applies from."""
    items = []
    for vp in catalog.version_policies.values():
        cur = vp.current
        per_arch = "".join(f"; {inline(a.arch)} needs **{inline(a.version)}** since Linux {inline(vp.since(a.arch))}"
                           for a in cur.architectures)
        items.append(f"{inline(vp.name)} **{inline(cur.version)}** ({inline(cur.kind)} since Linux "
                     f"{inline(vp.since())}{per_arch}; sources: {parts.sources_inline(cur.sources)})"
                     f"{parts.unverified(cur.verified)}")
    return bullets(items) if items else "*No version policy is recorded.*"


def _details_intro(catalog: Catalog) -> str:
    if not catalog.version_policies:
        return ""
    extra = [f"for {inline(vp.tool)} also " + " and ".join(
        what for what, present in (("the unstable features the kernel uses", vp.unstable_features),
                                   ("the architectures it builds on", vp.architectures)) if present)
        for vp in catalog.version_policies.values() if vp.unstable_features or vp.architectures]
    return ("For each tool: every change of the minimum with its reason and sources, the rule that raises it, "
            "the earlier rules and the distributions that ship it" + (f"; {'; '.join(extra)}" if extra else "")
            + ". Long lists are folded: open a box to read one.")


def version_policy_page(catalog: Catalog) -> str:
    out = [
        "# Version policy",
        ("Building the kernel's Rust code needs a Rust compiler (rustc) and bindgen, which generates Rust "
        "bindings from C headers. The kernel states a minimum version of each, and raises it by a published "
        "rule. Each step below cites the change that made it."),
        toolchain_answer(catalog),
        "## Details {#details}" if catalog.version_policies else "",
        _details_intro(catalog),
    ]
    out.extend(_tool_section(vp) for vp in catalog.version_policies.values())
    if not catalog.version_policies:
        out.append("*No version policy record exists yet.*")
    return "\n\n".join(o for o in out if o) + "\n"
