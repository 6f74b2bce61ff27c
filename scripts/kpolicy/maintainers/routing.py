"""Where a Rust patch for a subsystem goes, worked out from the Catalog.

The rule follows the Rust-for-Linux contributing notes: a patch with Rust code goes to the
subsystem it touches and to the RUST entry's list. When a C entry has a paired [RUST] entry,
that entry's people look after the Rust side, so they are the addressees and the C entry's
people are copied.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpolicy.records.model import Catalog, PersonRef, Route, Subsystem


@dataclass(frozen=True)
class PatchRoute:
    owners: tuple[Subsystem, ...]  # the entries whose maintainers take the Rust code
    others: tuple[Subsystem, ...]  # paired entries on the other side of the language line
    to: tuple[PersonRef, ...]
    cc: tuple[PersonRef, ...]
    lists: tuple[str, ...]
    route: Route
    tree: str | None
    rust_entry: Subsystem | None  # the general RUST entry, when the catalog has it


def _unique_people(refs: list[PersonRef], skip: set[str]) -> tuple[PersonRef, ...]:
    out: list[PersonRef] = []
    for r in refs:
        if r.person not in skip:
            skip.add(r.person)
            out.append(r)
    return tuple(out)


def rust_core_entry(catalog: Catalog) -> Subsystem | None:
    core = catalog.by_title.get("RUST")
    return None if core is None else catalog.subsystems[core]


def patch_route(catalog: Catalog, subsystem_id: str) -> PatchRoute:
    s = catalog.subsystems[subsystem_id]
    paired = [catalog.subsystems[p] for p in catalog.pairs(s.id) if p in catalog.subsystems]
    if not s.is_history:  # a renamed or vanished entry routes nothing: it is history
        paired = [p for p in paired if not p.is_history]
    if s.is_rust_entry:
        owners, others = [s], [p for p in paired if not p.is_rust_entry]
    else:
        rust_pairs = [p for p in paired if p.is_rust_entry]
        owners, others = (rust_pairs, [s]) if rust_pairs else ([s], [])
    core = rust_core_entry(catalog)
    seen: set[str] = set()
    to = _unique_people([m for e in owners for m in e.maintainers], seen)
    cc = _unique_people([r for e in owners for r in e.reviewers]
                        + [m for e in others for m in (*e.maintainers, *e.reviewers)], seen)
    lists: list[str] = []
    involved = [*owners, *others] + ([core] if core is not None and core not in owners else [])
    for e in involved:
        for lst in e.lists:
            if lst not in lists:
                lists.append(lst)
    stance = catalog.stance(s.id)
    tree = stance.route.tree or next((t for e in owners for t in e.trees), None)
    return PatchRoute(tuple(owners), tuple(others), to, cc, tuple(lists), stance.route, tree, core)
