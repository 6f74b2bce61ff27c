"""The version page's answers first: which rustc and bindgen a kernel release needs, one row per
release the records know, and where to get such a toolchain."""

from __future__ import annotations

import re

from kpolicy.records.model import Catalog, Longterm, VersionPolicy, VersionStep
from kpolicy.records.naming import release_key
from kpolicy.site import parts
from kpolicy.text.sitemd import bullets, collapsed, inline, link, prose_inline, table

_RELEASE = re.compile(r"^(\d+)\.(\d+)")

# Where a toolchain comes from; each is a page of the project that publishes it.
TOOLCHAIN_SOURCES = (
    ("The kernel's Rust Quick Start", "https://docs.kernel.org/rust/quick-start.html",
     "how to install the requirements, and how to check them with `make LLVM=1 rustavailable`"),
    ("rustup", "https://rustup.rs/",
     "any Rust release, e.g. `rustup override set 1.85.0` in the kernel tree, plus the `rust-src` component"),
    ("kernel.org LLVM+Rust toolchains", "https://kernel.org/pub/tools/llvm/rust/",
     "prebuilt LLVM and Rust together, made for building the kernel"),
)


def known_releases(catalog: Catalog) -> list[str]:
    """Every kernel release (major.minor) the records name: version steps, events, MAINTAINERS
    files and since/until windows. Rows are made for these only; none is invented in between."""
    names: set[str] = set()
    values: list[str | None] = []
    for vp in catalog.version_policies.values():
        values += [m.kernel for m in vp.minimums] + [x.kernel for x in vp.longterm]
    values += [e.kernel for e in catalog.events]
    for s in catalog.subsystems.values():
        values += [s.fields_from.maintainers_file, s.kernel_since, s.kernel_until]
    for v in values:
        m = _RELEASE.match(v or "")
        if m:
            names.add(f"{int(m.group(1))}.{int(m.group(2))}")
    return sorted(names, key=release_key, reverse=True)


def step_for(vp: VersionPolicy, release: str) -> VersionStep | None:
    """The minimum in force for a release: the last step at or before it."""
    found = None
    for m in sorted(vp.minimums, key=lambda m: release_key(m.kernel) if _RELEASE.match(m.kernel) else (0,)):
        if _RELEASE.match(m.kernel) and release_key(m.kernel) <= release_key(release):
            found = m
    return found


def _need(step: VersionStep | None) -> str:
    if step is None:
        return "no Rust support"
    return (("exactly " if step.kind == "pinned" else "≥ ") + f"**{inline(step.version)}**"
            + parts.unverified(step.verified))


def longterm(catalog: Catalog) -> dict[str, Longterm]:
    """The longterm (LTS) release series the version-policy records name, by release."""
    return {x.kernel: x for vp in catalog.version_policies.values() for x in vp.longterm}


def _cell(vp: VersionPolicy, rel: str) -> str:
    """What a release needs of one tool: the general version, a line for each architecture that needs
    more, and a mark on whichever of them this release changed."""
    step = step_for(vp, rel)
    changed = '<span class="kp-changed">changed</span>'
    before = _step_before(vp, step)
    out = f'<span class="kp-need">{_need(step)}</span>'
    if step is not None and step.kernel == rel and (before is None or (before.version, before.kind)
                                                    != (step.version, step.kind)):
        out += " " + changed
    earlier = {a.arch: a.version for a in before.architectures} if before is not None else {}
    for a in step.architectures if step is not None else ():
        mark = f" {changed}" if step is not None and step.kernel == rel and earlier.get(a.arch) != a.version else ""
        out += f'<br><span class="kp-need">{inline(a.arch)}: ≥ {inline(a.version)}</span>{mark}'
    return out


def _step_before(vp: VersionPolicy, step: VersionStep | None) -> VersionStep | None:
    """The step in force just before this one (None for the first)."""
    if step is None:
        return None
    older = [m for m in vp.minimums if _RELEASE.match(m.kernel) and release_key(m.kernel) < release_key(step.kernel)]
    return max(older, key=lambda m: release_key(m.kernel), default=None)


def _release_cell(rel: str, lts: Longterm | None) -> str:
    if lts is None:
        return f"Linux {inline(rel)}"
    return (f'Linux {inline(rel)} <span class="kp-lts">LTS</span>'
            + parts.unverified(lts.verified))


def _lts_sources(lts: dict[str, Longterm]) -> str:
    """One line per longterm release, newest first: the note and the sources."""
    return bullets(f"Linux {inline(x.kernel)}: " + (f"{prose_inline(x.note)} " if x.note else "")
                   + f"sources: {parts.sources_inline(x.sources)}{parts.unverified(x.verified)}"
                   for x in sorted(lts.values(), key=lambda x: release_key(x.kernel), reverse=True))


def toolchain_answer(catalog: Catalog) -> str:
    rustc = catalog.version_policies.get("rustc")
    bindgen = catalog.version_policies.get("bindgen")
    if rustc is None or bindgen is None:
        return ""
    first = min((m.kernel for m in rustc.minimums if _RELEASE.match(m.kernel)), key=release_key, default=None)
    releases = [r for r in known_releases(catalog) if first is None or release_key(r) >= release_key(first)]
    out = ["## Minimum rustc and bindgen for each kernel {#answer}"]
    if releases:
        latest = releases[0]
        r, b = step_for(rustc, latest), step_for(bindgen, latest)
        floor = min((m.kernel for m in rustc.minimums if m.kind != "pinned" and _RELEASE.match(m.kernel)),
                    key=release_key, default=None)
        arch = ("; on " + ", on ".join(f"{inline(a.arch)} rustc ≥ **{inline(a.version)}**" for a in r.architectures)
                if r is not None and r.architectures else "")
        out.append(f"**To build Linux {inline(latest)} with Rust you need rustc {_need(r)} and bindgen {_need(b)}"
                   f"{arch}.** "
                   "A minimum (≥) means newer releases are expected to work too"
                   + (f"; before Linux {inline(floor)} the kernel named exactly one rustc version." if floor else "."))
    lts = longterm(catalog)
    rows = [(_release_cell(rel, lts.get(rel)), _cell(rustc, rel), _cell(bindgen, rel)) for rel in releases]
    out.append('<div class="kp-releases" markdown="1">\n\n'
               + table(("Release", "rustc", "bindgen"), rows) + "\n\n</div>")
    out.append("One row per release that the records name, newest first; a release between two rows needs "
               "what the older of the two needs. *changed* marks the version a release set (its sources "
               "are in the tables below); a line such as *s390: ≥ …* names an architecture that needs more.")
    shown = {k: v for k, v in lts.items() if k in releases}
    if shown:
        out.append("**LTS** marks a longterm kernel, which kernel.org maintains for years; it keeps the "
                   "minimum it was released with.")
        out.append(collapsed(f"Which releases are longterm, and the sources ({len(shown)} releases)",
                             _lts_sources(shown)))
    out.append("**Where to get it:** your distribution's packages (see the distributions below), or\n\n"
               + "\n".join(f"- {link(name, url)}: {desc}" for name, url, desc in TOOLCHAIN_SOURCES))
    return "\n\n".join(out)
