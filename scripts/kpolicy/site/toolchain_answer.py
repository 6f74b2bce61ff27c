"""The version page's answers first: which rustc and bindgen a kernel release needs, one row per
release the records know, and where to get such a toolchain."""

from __future__ import annotations

import re

from kpolicy.records.model import Catalog, VersionPolicy, VersionStep, release_key
from kpolicy.site import parts
from kpolicy.text.sitemd import inline, link, table

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
        values += [m.kernel for m in vp.minimums]
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
        out.append(f"**To build Linux {inline(latest)} with Rust you need rustc {_need(r)} "
                   f"and bindgen {_need(b)}.** "
                   "A minimum (≥) means newer releases are expected to work too"
                   + (f"; before Linux {inline(floor)} the kernel named exactly one rustc version." if floor else "."))
    rows = []
    for rel in releases:
        r, b = step_for(rustc, rel), step_for(bindgen, rel)
        changed = any(m.kernel == rel for m in (*rustc.minimums, *bindgen.minimums))
        rows.append((f"Linux {inline(rel)}", _need(r), _need(b), "a minimum changed" if changed else ""))
    out.append(table(("Release", "rustc", "bindgen", "Change"), rows))
    out.append("One row per release that the records name, newest first; a release between two rows needs "
               "what the older of the two needs. The sources of every change are in the tables below.")
    out.append("**Where to get it:** your distribution's packages (see the distributions below), or\n\n"
               + "\n".join(f"- {link(name, url)}: {desc}" for name, url, desc in TOOLCHAIN_SOURCES))
    return "\n\n".join(out)
