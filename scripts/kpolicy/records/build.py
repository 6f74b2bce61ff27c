"""From schema-valid documents to typed records (records.model), and from those to the Catalog.

`build_records` keeps each record's Document (positions for the checks); `catalog_of` indexes the
records into the Catalog, in the orders the pages and the export use.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kpolicy.records.kinds import FIELD_LETTERS, PEOPLE_FIELDS
from kpolicy.records.model import (
    ArchMinimum,
    ArchRelease,
    ArchSupport,
    Catalog,
    Dated,
    Distribution,
    Event,
    FieldsFrom,
    Longterm,
    Maintainer,
    PeopleChange,
    PersonRef,
    PolicySection,
    RecordLink,
    Records,
    Release,
    Role,
    Route,
    Since,
    Source,
    Stance,
    StanceState,
    Subsystem,
    UnstableFeature,
    VersionPolicy,
    VersionStep,
)
from kpolicy.records.naming import release_bound, release_key

if TYPE_CHECKING:
    from kpolicy.records.yamlio import Document


def _sources(items: Iterable[dict[str, Any]] | None) -> tuple[Source, ...]:
    return tuple(Source(s["url"], s["title"], s["date"], s.get("note")) for s in items or ())


def _person_ref(raw: Any, people: dict[str, Maintainer]) -> PersonRef:
    if isinstance(raw, str):
        who = people.get(raw)
        return PersonRef(raw, who.name if who else raw, who.email if who else None)
    who = people.get(raw["person"])
    name = raw.get("name", who.name if who else raw["person"])
    email = raw.get("email", who.email if who else None)
    return PersonRef(raw["person"], name, email, raw.get("remark"), raw.get("line"), tuple(raw))


def build_maintainer(d: dict[str, Any], path: str = "", doc: Document | None = None) -> Maintainer:
    return Maintainer(
        id=d["id"], name=d["name"], emails=tuple(d.get("emails", ())), aliases=tuple(d.get("aliases", ())),
        links=tuple((x["url"], x["title"]) for x in d.get("links", ())), sources=_sources(d.get("sources")),
        notes=d.get("notes"), path=path, doc=doc,
    )


def build_subsystem(d: dict[str, Any], people: dict[str, Maintainer], path: str = "",
                    doc: Document | None = None) -> Subsystem:
    ff = d.get("fields_from", {})
    kernel = d.get("kernel", {})
    since, until = release_bound(kernel.get("since")), release_bound(kernel.get("until"))
    lists = {key: tuple(d.get(key, ())) for _, key in FIELD_LETTERS if key not in PEOPLE_FIELDS}
    return Subsystem(
        id=d["id"], title=d["title"],
        maintainers=tuple(_person_ref(r, people) for r in d.get("maintainers", ())),
        reviewers=tuple(_person_ref(r, people) for r in d.get("reviewers", ())),
        **lists,
        kernel_since=since[1], kernel_until=until[1], kernel_since_after=since[0], kernel_until_after=until[0],
        renamed_to=d.get("renamed_to"), kernel_since_is_window=isinstance(kernel.get("since"), dict),
        people_history=tuple(PeopleChange(h["after"], h["by"], h["person"], h["role"], h["change"])
                             for h in d.get("people_history", ())),
        pairs_with=tuple(d.get("pairs_with", ())),
        fields_from=FieldsFrom(ff.get("maintainers_file"), ff.get("release"), _sources(ff.get("sources")),
                               ff.get("verified", True), ff.get("position"), "sources" in ff),
        notes=d.get("notes"), path=path, doc=doc,
    )


def build_stance(d: dict[str, Any], path: str = "", doc: Document | None = None) -> Stance:
    route = d.get("route", {"via": "unknown"})
    since = d.get("since")
    return Stance(
        subsystem=d["subsystem"], level=d["level"], checked=d["checked"], summary=d.get("summary"),
        temporary_breakage=d.get("temporary_breakage", "unknown"),
        rust_enabled_builds=d.get("rust_enabled_builds", "unknown"),
        rust_maintainers=tuple(d.get("rust_maintainers", ())),
        route=Route(route["via"], route.get("tree"), route.get("note")),
        verified=d.get("verified", True), sources=_sources(d.get("sources")),
        history=tuple(StanceState(h["date"], h["level"], h["summary"], _sources(h["sources"]), h.get("verified", True))
                      for h in d.get("history", ())),
        since=Since(_sources(since["sources"]), since.get("date"), since.get("kernel"), since.get("after"),
                    since.get("note"), since.get("verified", True)) if since else None,
        notes=d.get("notes"), path=path,
        needs_review=tuple((m["release"], m["reason"]) for m in d.get("needs_review", ())), doc=doc,
    )


def _dated(d: dict[str, Any], date_key: str) -> Dated:
    return Dated(d[date_key], d["summary"], _sources(d["sources"]), d.get("verified", True))


def _step(m: dict[str, Any]) -> VersionStep:
    return VersionStep(m["kernel"], m["version"], m["kind"], _sources(m["sources"]), m.get("note"),
                       m.get("verified", True),
                       tuple(ArchMinimum(a["arch"], a["version"], a.get("note")) for a in m.get("architectures", ())))


def _arch_release(r: dict[str, Any]) -> ArchRelease:
    supported = tuple(ArchSupport(a["arch"], a.get("constraints"), a.get("kconfig"), a.get("documented", True))
                      for a in r["supported"])
    return ArchRelease(r["kernel"], supported, _sources(r["sources"]), r.get("note"), r.get("verified", True))


def build_version_policy(d: dict[str, Any], path: str = "", doc: Document | None = None) -> VersionPolicy:
    return VersionPolicy(
        tool=d["tool"], name=d["name"], as_of=d["as_of"],
        minimums=tuple(_step(m) for m in d["minimums"]),
        rule=_dated(d["rule"], "since") if "rule" in d else None,
        rule_history=tuple(_dated(r, "date") for r in d.get("rule_history", ())),
        distributions=tuple(Distribution(x["name"], _sources(x["sources"]), x.get("version"), x.get("packages"),
                                         x.get("note"), x.get("verified", True)) for x in d.get("distributions", ())),
        unstable_features=tuple(UnstableFeature(x["name"], x["status"], _sources(x["sources"]), x.get("scope"),
                                                x.get("stable_since"), x.get("note"), x.get("verified", True))
                                for x in d.get("unstable_features", ())),
        architectures=tuple(_arch_release(r) for r in d.get("architectures", ())),
        longterm=tuple(Longterm(x["kernel"], _sources(x["sources"]), x.get("note"), x.get("verified", True))
                       for x in d.get("longterm", ())),
        notes=d.get("notes"), path=path, doc=doc,
    )


def build_section(d: dict[str, Any], path: str = "", doc: Document | None = None) -> PolicySection:
    return PolicySection(
        id=d["id"], number=d["number"], question=d["question"], answer=d["answer"], original=d["original"],
        as_of=d["as_of"], sources=_sources(d["sources"]),
        records=tuple(RecordLink(r["kind"], r["id"]) for r in d.get("records", ())),
        views=tuple(d.get("views", ())), verified=d.get("verified", True), path=path, doc=doc,
    )


def build_event(d: dict[str, Any], path: str = "", doc: Document | None = None) -> Event:
    return Event(
        id=d["id"], date=d["date"], title=d["title"], kind=d["kind"], sources=_sources(d["sources"]),
        summary=d.get("summary"), kernel=d.get("kernel"), subsystems=tuple(d.get("subsystems", ())),
        people=tuple(d.get("people", ())), verified=d.get("verified", True), path=path, doc=doc,
    )


def build_release(d: dict[str, Any], path: str = "", doc: Document | None = None) -> Release:
    return Release(d["release"], _sources(d.get("sources")), d, path, doc)




def build_records(docs: dict[str, list[Document]]) -> Records:
    """The typed records of schema-valid documents (yamlio.Document objects), by kind name."""
    people = tuple(build_maintainer(d.data, d.path, d) for d in docs.get("maintainer", ()))
    by_id = {m.id: m for m in people}
    return Records(
        subsystems=tuple(build_subsystem(d.data, by_id, d.path, d) for d in docs.get("subsystem", ())),
        maintainers=people,
        stances=tuple(build_stance(d.data, d.path, d) for d in docs.get("stance", ())),
        version_policies=tuple(build_version_policy(d.data, d.path, d) for d in docs.get("version-policy", ())),
        sections=tuple(build_section(d.data, d.path, d) for d in docs.get("policy-section", ())),
        events=tuple(build_event(d.data, d.path, d) for d in docs.get("event", ())),
        releases=tuple(build_release(d.data, d.path, d) for d in docs.get("release", ())),
    )


def build_catalog(docs: dict[str, list[Document]]) -> Catalog:
    """Build the Catalog from validated documents (yamlio.Document objects), by kind name."""
    return catalog_of(build_records(docs))


def catalog_of(records: Records) -> Catalog:
    """The Catalog of typed records: indexed by id, in the orders pages and the export use."""
    subsystems = {s.id: s for s in sorted(records.subsystems, key=lambda s: s.title)}
    stances = {st.subsystem: st for st in records.stances}
    policies = {v.tool: v for v in sorted(records.version_policies, key=lambda v: v.tool != "rustc")}
    sections = tuple(sorted(records.sections, key=lambda s: s.number))
    events = tuple(sorted(records.events, key=lambda e: (e.date, e.id)))

    roles: dict[str, list[Role]] = {}
    paired_by: dict[str, list[str]] = {}
    renamed_from: dict[str, list[str]] = {}
    by_title: dict[str, str] = {}
    for s in subsystems.values():
        by_title.setdefault(s.title, s.id)
        if s.renamed_to:
            renamed_from.setdefault(s.renamed_to, []).append(s.id)
        for ref in s.maintainers:
            roles.setdefault(ref.person, []).append(Role(s.id, "maintainer"))
        for ref in s.reviewers:
            roles.setdefault(ref.person, []).append(Role(s.id, "reviewer"))
        for other in s.pairs_with:
            paired_by.setdefault(other, []).append(s.id)
    for st in stances.values():
        for person in st.rust_maintainers:
            roles.setdefault(person, []).append(Role(st.subsystem, "rust-maintainer"))
    return Catalog(
        subsystems=subsystems, maintainers=dict(sorted(records.people().items())), stances=stances,
        version_policies=policies, sections=sections, events=events,
        roles={k: tuple(dict.fromkeys(v)) for k, v in roles.items()},
        paired_by={k: tuple(v) for k, v in paired_by.items()},
        renamed_from={k: tuple(v) for k, v in renamed_from.items()},
        by_title=by_title,
        releases=tuple(r.data for r in sorted(records.releases, key=lambda r: release_key(r.release))),
    )
