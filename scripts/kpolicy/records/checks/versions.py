"""Checks of release and version order: toolchain minimums, architecture lists, a subsystem's kernel range."""

from __future__ import annotations

from collections.abc import Iterator

from kpolicy.records.checks.common import located
from kpolicy.records.checks.registry import Finding, check
from kpolicy.records.naming import release_bound, release_key, show_release_bound
from kpolicy.records.reader import RecordSet


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


@check("version-order")
def versions_never_decrease(tree: RecordSet) -> Iterator[Finding]:
    """Version steps follow kernel release order, and minimum versions never decrease."""
    for vp in tree.model.version_policies:
        steps = vp.minimums
        for i in range(1, len(steps)):
            prev, cur = steps[i - 1], steps[i]
            if release_key(cur.kernel) <= release_key(prev.kernel):
                yield located(vp), ("minimums", i, "kernel"), \
                    f"kernel {cur.kernel} does not come after {prev.kernel}", "list steps in release order"
            elif _version_key(cur.version) < _version_key(prev.version):
                message = f"{vp.tool} {cur.version} for {cur.kernel} is lower than {prev.version} for {prev.kernel}"
                yield located(vp), ("minimums", i, "version"), message, None


@check("version-architectures")
def architecture_minimums_fit(tree: RecordSet) -> Iterator[Finding]:
    """An architecture's minimum is above its step's general one and named once; architecture lists
    follow release order and name each architecture once."""
    for vp in tree.model.version_policies:
        doc = located(vp)
        for i, step in enumerate(vp.minimums):
            seen: set[str] = set()
            for j, a in enumerate(step.architectures):
                if a.arch in seen:
                    yield doc, ("minimums", i, "architectures", j, "arch"), f"{a.arch} is listed twice", None
                seen.add(a.arch)
                if _version_key(a.version) <= _version_key(step.version):
                    yield doc, ("minimums", i, "architectures", j, "version"), \
                        f"{a.arch} needs {a.version}, not more than the general {step.version}", \
                        "list only architectures that need more than the step's version"
        releases = vp.architectures
        for i, r in enumerate(releases):
            if i and release_key(r.kernel) <= release_key(releases[i - 1].kernel):
                yield doc, ("architectures", i, "kernel"), \
                    f"kernel {r.kernel} does not come after {releases[i - 1].kernel}", "list releases in order"
            names = [a.arch for a in r.supported]
            for j, name in enumerate(names):
                if name in names[:j]:
                    yield doc, ("architectures", i, "supported", j, "arch"), f"{name} is listed twice", None


@check("kernel-range")
def kernel_ranges_ordered(tree: RecordSet) -> Iterator[Finding]:
    """A subsystem's kernel.since comes before kernel.until; a window's 'after' comes before its 'by';
    people_history is in release order with each change's 'after' before its 'by'."""
    for s in tree.model.subsystems:
        doc = located(s)
        # kernel.since/until as written: the words of a bound ('by 6.1.192' or '6.1.192') depend on
        # how it is written, which the typed record does not keep
        k = doc.data.get("kernel", {})
        for key in ("since", "until"):
            after, by = release_bound(k.get(key))
            if after and by and release_key(after) >= release_key(by):
                yield doc, ("kernel", key, "after"), f"{key}: after {after} is not before by {by}", None
        since, until_after, until_by = s.kernel_since, s.kernel_until_after, s.kernel_until
        if since and until_by and release_key(until_by) <= release_key(since):
            yield doc, ("kernel", "until"), \
                f"until {show_release_bound(k['until'])} is not after since {show_release_bound(k['since'])}", None
        elif since and until_after and release_key(until_after) < release_key(since):
            yield doc, ("kernel", "until", "after"), \
                f"until: after {until_after} comes before since {show_release_bound(k['since'])}", None
        previous = None
        for i, h in enumerate(s.people_history):
            if release_key(h.after) >= release_key(h.by):
                yield doc, ("people_history", i, "after"), f"after {h.after} is not before by {h.by}", None
            elif previous is not None and release_key(h.by) < release_key(previous):
                yield doc, ("people_history", i, "by"), f"by {h.by} comes before the change above it ({previous})", \
                    "list changes oldest first"
            previous = h.by
