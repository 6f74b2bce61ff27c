"""Checks of stance records: Rust sub-maintainers named, review marks, when the level began."""

from __future__ import annotations

from collections.abc import Iterator

from kpolicy.records.checks.common import later, located
from kpolicy.records.checks.registry import Finding, check
from kpolicy.records.naming import release_key
from kpolicy.records.reader import RecordSet


@check("stance-rust-maintainers", "warning")
def submaintainer_named(tree: RecordSet) -> Iterator[Finding]:
    """A stance that relies on a Rust sub-maintainer names them."""
    for st in tree.model.stances:
        if st.level == "rust-submaintainer" and not st.rust_maintainers:
            yield located(st), ("level",), "level rust-submaintainer but no rust_maintainers", None


@check("stance-needs-review", "warning")
def stance_needs_review(tree: RecordSet) -> Iterator[Finding]:
    """A stance whose facts changed in a release (needs_review, written by kpolicy sync) is re-examined
    by a person, who then removes the mark."""
    for st in tree.model.stances:
        for i, (release, reason) in enumerate(st.needs_review):
            yield located(st), ("needs_review", i), f"needs review ({release}): {reason}", \
                "re-examine the stance against its sources and the release, then remove the mark"


@check("stance-since")
def since_fits_history(tree: RecordSet) -> Iterator[Finding]:
    """A stance's since comes after its history, is not after its last check, and a release range is ordered."""
    for st in tree.model.stances:
        since = st.since
        if since is None:
            continue
        doc = located(st)
        if since.after is not None and since.kernel is None:
            yield doc, ("since", "after"), "since.after needs since.kernel (the first release known to show it)", None
        elif since.after is not None and since.kernel is not None \
                and release_key(since.after) >= release_key(since.kernel):
            yield doc, ("since", "after"), f"since.after {since.after} is not before since.kernel {since.kernel}", \
                None
        if since.date is not None:
            if later(since.date, st.checked):
                yield doc, ("since", "date"), \
                    f"the level cannot begin ({since.date}) after it was last checked ({st.checked})", None
            if st.history and later(st.history[-1].date, since.date):
                yield doc, ("since", "date"), \
                    f"since {since.date} is older than the last history entry ({st.history[-1].date})", \
                    "the current level begins after the states in history"
