"""The Catalog: typed, immutable records built from a validated tree, with indexes.

Every consumer (export, site, who, MAINTAINERS export) reads a Catalog; none re-parses YAML.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# defined in kpolicy.records.kinds; importable from here too
from kpolicy.records.kinds import FIELD_LETTERS as FIELD_LETTERS, PEOPLE_FIELDS
from kpolicy.records.kinds import STANCE_LEVELS as STANCE_LEVELS
from kpolicy.text.urls import PRIMARY_HOSTS, is_primary  # noqa: F401  (is_primary: kept importable from here)



def release_key(release: str) -> tuple[int, ...]:
    """A kernel release ('6.1', '6.12.117', '7.0-rc3') as a key that sorts in release order."""
    base, _, rc = release.partition("-rc")
    nums = tuple(int(x) for x in base.split("."))
    nums = nums + (0,) * (3 - len(nums))
    return nums + ((int(rc),) if rc else (1 << 30,))


def slug(text: str, fallback: str = "entry") -> str:
    """An id made from a title or name: lowercase, accents dropped, every run of characters other
    than a-z and 0-9 turned into one '-', trimmed, at most 110 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return s[:110].rstrip("-") or fallback


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    date: str
    note: str | None = None

    @property
    def primary(self) -> bool:
        return is_primary(self.url)


def _sources(items: Iterable[dict[str, Any]] | None) -> tuple[Source, ...]:
    return tuple(Source(s["url"], s["title"], s["date"], s.get("note")) for s in items or ())


@dataclass(frozen=True)
class PersonRef:
    person: str
    name: str
    email: str | None
    remark: str | None = None
    written: str | None = None  # the line exactly as written, when name/email/remark cannot rebuild it

    @property
    def line(self) -> str:
        """The person as a MAINTAINERS M:/R: line writes them."""
        if self.written is not None:
            return self.written
        base = f"{self.name} <{self.email}>" if self.email else self.name
        return f"{base} {self.remark}" if self.remark else base


@dataclass(frozen=True)
class Maintainer:
    id: str
    name: str
    emails: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    sources: tuple[Source, ...] = ()
    notes: str | None = None
    path: str = ""

    @property
    def email(self) -> str | None:
        return self.emails[0] if self.emails else None


@dataclass(frozen=True)
class FieldsFrom:
    maintainers_file: str | None
    release: str | None
    sources: tuple[Source, ...]
    verified: bool
    position: int | None = None  # the entry's place in maintainers_file (1 = first)



@dataclass(frozen=True)
class PeopleChange:
    """A person joined or left an entry between two compared releases."""
    after: str
    by: str
    person: str
    role: str  # maintainer or reviewer
    change: str  # joined or left


def release_bound(value: Any) -> tuple[str | None, str | None]:
    """(after, by) of a kernel.since/until value: an exact release is (None, release)."""
    if isinstance(value, dict):
        return value.get("after"), value.get("by")
    return None, value


def show_release_bound(value: Any) -> str:
    """A kernel.since/until value in words: '7.2.13', 'after 6.12.117, by 7.2.13' or 'by 6.1.192'."""
    after, by = release_bound(value)
    if not isinstance(value, dict):
        return str(by)
    return f"after {after}, by {by}" if after else f"by {by}"


@dataclass(frozen=True)
class Subsystem:
    id: str
    title: str
    maintainers: tuple[PersonRef, ...] = ()
    reviewers: tuple[PersonRef, ...] = ()
    lists: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    web: tuple[str, ...] = ()
    patchwork: tuple[str, ...] = ()
    bugs: tuple[str, ...] = ()
    chat: tuple[str, ...] = ()
    profile: tuple[str, ...] = ()
    trees: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    regexes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    kernel_since: str | None = None  # the exact release, or the first compared release that has the entry
    kernel_until: str | None = None  # the exact release, or the first compared release without it
    renamed_to: str | None = None
    pairs_with: tuple[str, ...] = ()
    fields_from: FieldsFrom = FieldsFrom(None, None, (), True)
    notes: str | None = None
    path: str = ""
    kernel_since_after: str | None = None  # a window: the last compared release without the entry
    kernel_until_after: str | None = None  # a window: the last compared release with it
    people_history: tuple[PeopleChange, ...] = ()
    kernel_since_is_window: bool = False  # since was written {after?, by}: 'by' is when it was seen, not first


    @property
    def is_history(self) -> bool:
        """Renamed or gone from MAINTAINERS: kept as history, not a live subsystem."""
        return bool(self.kernel_until or self.renamed_to)

    def field_lines(self, letter: str) -> tuple[str, ...]:
        """The values of one MAINTAINERS field letter, as lines."""
        key = dict(FIELD_LETTERS)[letter]
        values = getattr(self, key)
        return tuple(v.line for v in values) if key in PEOPLE_FIELDS else values

    @property
    def is_rust_entry(self) -> bool:
        t = self.title
        return t == "RUST" or t.startswith("RUST [") or "[RUST]" in t or t.endswith("- RUST")


@dataclass(frozen=True)
class StanceState:
    date: str
    level: str
    summary: str
    sources: tuple[Source, ...]
    verified: bool = True


@dataclass(frozen=True)
class Route:
    via: str
    tree: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Since:
    """Since when a stance's level holds: a date, a first release, or a range of releases."""
    sources: tuple[Source, ...]
    date: str | None = None
    kernel: str | None = None
    after: str | None = None
    note: str | None = None
    verified: bool = True

    def words(self) -> str:
        """'2025-03-26', 'Linux 7.3', 'sometime after Linux 7.2.13 (by 7.3.4)' or
        '2024-05-21 (after Linux 6.1.192, by 6.12.117)' (plain text, no markup)."""
        if self.date:
            if not self.kernel:
                return self.date
            release = f"after Linux {self.after}, by {self.kernel}" if self.after else f"Linux {self.kernel}"
            return f"{self.date} ({release})"
        return f"sometime after Linux {self.after} (by {self.kernel})" if self.after else f"Linux {self.kernel}"


@dataclass(frozen=True)
class Stance:
    subsystem: str
    level: str
    checked: str
    summary: str | None = None
    temporary_breakage: str = "unknown"
    rust_enabled_builds: str = "unknown"
    rust_maintainers: tuple[str, ...] = ()
    route: Route = Route("unknown")
    verified: bool = True
    sources: tuple[Source, ...] = ()
    history: tuple[StanceState, ...] = ()
    since: Since | None = None
    notes: str | None = None
    path: str = ""
    needs_review: tuple[tuple[str, str], ...] = ()  # (release, what changed), written by kpolicy sync


@dataclass(frozen=True)
class ArchMinimum:
    """An architecture that needs a higher version than the step's general one."""
    arch: str
    version: str
    note: str | None = None


@dataclass(frozen=True)
class VersionStep:
    kernel: str
    version: str
    kind: str
    sources: tuple[Source, ...]
    note: str | None = None
    verified: bool = True
    architectures: tuple[ArchMinimum, ...] = ()


@dataclass(frozen=True)
class ArchSupport:
    arch: str
    constraints: str | None = None
    kconfig: str | None = None
    documented: bool = True


@dataclass(frozen=True)
class ArchRelease:
    """The architectures one kernel release can build Rust code on."""
    kernel: str
    supported: tuple[ArchSupport, ...]
    sources: tuple[Source, ...]
    note: str | None = None
    verified: bool = True


@dataclass(frozen=True)
class Dated:
    """A dated statement with sources: a rule, or an earlier rule."""
    date: str
    summary: str
    sources: tuple[Source, ...]
    verified: bool = True


@dataclass(frozen=True)
class Distribution:
    name: str
    sources: tuple[Source, ...]
    version: str | None = None
    packages: str | None = None
    note: str | None = None
    verified: bool = True


@dataclass(frozen=True)
class UnstableFeature:
    name: str
    status: str
    sources: tuple[Source, ...]
    scope: str | None = None
    stable_since: str | None = None
    note: str | None = None
    verified: bool = True


@dataclass(frozen=True)
class VersionPolicy:
    tool: str
    name: str
    minimums: tuple[VersionStep, ...]
    as_of: str
    rule: Dated | None = None
    rule_history: tuple[Dated, ...] = ()
    distributions: tuple[Distribution, ...] = ()
    unstable_features: tuple[UnstableFeature, ...] = ()
    architectures: tuple[ArchRelease, ...] = ()
    notes: str | None = None
    path: str = ""

    @property
    def current(self) -> VersionStep:
        return self.minimums[-1]


@dataclass(frozen=True)
class RecordLink:
    kind: str
    id: str


@dataclass(frozen=True)
class PolicySection:
    id: str
    number: int
    question: str
    answer: str
    original: str
    as_of: str
    sources: tuple[Source, ...]
    records: tuple[RecordLink, ...] = ()
    views: tuple[str, ...] = ()
    verified: bool = True
    path: str = ""


@dataclass(frozen=True)
class Event:
    id: str
    date: str
    title: str
    kind: str
    sources: tuple[Source, ...]
    summary: str | None = None
    kernel: str | None = None
    subsystems: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    verified: bool = True
    path: str = ""


@dataclass(frozen=True)
class Role:
    """One thing a person does: maintainer or reviewer of a subsystem, or its Rust maintainer."""
    subsystem: str
    role: str  # "maintainer", "reviewer" or "rust-maintainer"


@dataclass(frozen=True)
class Catalog:
    subsystems: dict[str, Subsystem]
    maintainers: dict[str, Maintainer]
    stances: dict[str, Stance]
    version_policies: dict[str, VersionPolicy]
    sections: tuple[PolicySection, ...]
    events: tuple[Event, ...]
    roles: dict[str, tuple[Role, ...]] = field(default_factory=dict)
    paired_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # release records (kpolicy measure), as their data, oldest release first
    releases: tuple[dict[str, Any], ...] = ()

    def stance(self, subsystem_id: str) -> Stance:
        """The subsystem's stance; 'unknown' when no stance record exists."""
        found = self.stances.get(subsystem_id)
        if found is not None:
            return found
        return Stance(subsystem=subsystem_id, level="unknown", checked="")

    def pairs(self, subsystem_id: str) -> tuple[str, ...]:
        """Entries paired with this one, in either direction."""
        own = self.subsystems[subsystem_id].pairs_with
        return own + tuple(p for p in self.paired_by.get(subsystem_id, ()) if p not in own)


# -- building -------------------------------------------------------------------------------------

def _person_ref(raw: Any, people: dict[str, Maintainer]) -> PersonRef:
    if isinstance(raw, str):
        who = people.get(raw)
        return PersonRef(raw, who.name if who else raw, who.email if who else None)
    who = people.get(raw["person"])
    name = raw.get("name", who.name if who else raw["person"])
    email = raw.get("email", who.email if who else None)
    return PersonRef(raw["person"], name, email, raw.get("remark"), raw.get("line"))


def build_maintainer(d: dict[str, Any], path: str = "") -> Maintainer:
    return Maintainer(
        id=d["id"], name=d["name"], emails=tuple(d.get("emails", ())), aliases=tuple(d.get("aliases", ())),
        links=tuple((x["url"], x["title"]) for x in d.get("links", ())), sources=_sources(d.get("sources")),
        notes=d.get("notes"), path=path,
    )


def build_subsystem(d: dict[str, Any], people: dict[str, Maintainer], path: str = "") -> Subsystem:
    ff = d.get("fields_from", {})
    kernel = d.get("kernel", {})
    lists = {key: tuple(d.get(key, ())) for _, key in FIELD_LETTERS if key not in PEOPLE_FIELDS}
    return Subsystem(
        id=d["id"], title=d["title"],
        maintainers=tuple(_person_ref(r, people) for r in d.get("maintainers", ())),
        reviewers=tuple(_person_ref(r, people) for r in d.get("reviewers", ())),
        **lists,
        kernel_since=release_bound(kernel.get("since"))[1], kernel_until=release_bound(kernel.get("until"))[1],
        kernel_since_after=release_bound(kernel.get("since"))[0], kernel_until_after=release_bound(kernel.get("until"))[0],
        renamed_to=d.get("renamed_to"), kernel_since_is_window=isinstance(kernel.get("since"), dict),
        people_history=tuple(PeopleChange(h["after"], h["by"], h["person"], h["role"], h["change"])
                             for h in d.get("people_history", ())),
        pairs_with=tuple(d.get("pairs_with", ())),
        fields_from=FieldsFrom(ff.get("maintainers_file"), ff.get("release"), _sources(ff.get("sources")),
                               ff.get("verified", True), ff.get("position")),
        notes=d.get("notes"), path=path,
    )


def build_stance(d: dict[str, Any], path: str = "") -> Stance:
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
        needs_review=tuple((m["release"], m["reason"]) for m in d.get("needs_review", ())),
    )


def _dated(d: dict[str, Any], date_key: str) -> Dated:
    return Dated(d[date_key], d["summary"], _sources(d["sources"]), d.get("verified", True))


def build_version_policy(d: dict[str, Any], path: str = "") -> VersionPolicy:
    return VersionPolicy(
        tool=d["tool"], name=d["name"], as_of=d["as_of"],
        minimums=tuple(VersionStep(m["kernel"], m["version"], m["kind"], _sources(m["sources"]), m.get("note"),
                                   m.get("verified", True),
                                   tuple(ArchMinimum(a["arch"], a["version"], a.get("note"))
                                         for a in m.get("architectures", ()))) for m in d["minimums"]),
        rule=_dated(d["rule"], "since") if "rule" in d else None,
        rule_history=tuple(_dated(r, "date") for r in d.get("rule_history", ())),
        distributions=tuple(Distribution(x["name"], _sources(x["sources"]), x.get("version"), x.get("packages"),
                                         x.get("note"), x.get("verified", True)) for x in d.get("distributions", ())),
        unstable_features=tuple(UnstableFeature(x["name"], x["status"], _sources(x["sources"]), x.get("scope"),
                                                x.get("stable_since"), x.get("note"), x.get("verified", True))
                                for x in d.get("unstable_features", ())),
        architectures=tuple(ArchRelease(r["kernel"], tuple(ArchSupport(a["arch"], a.get("constraints"), a.get("kconfig"),
                                                                       a.get("documented", True))
                                                           for a in r["supported"]),
                                        _sources(r["sources"]), r.get("note"), r.get("verified", True))
                            for r in d.get("architectures", ())),
        notes=d.get("notes"), path=path,
    )


def build_section(d: dict[str, Any], path: str = "") -> PolicySection:
    return PolicySection(
        id=d["id"], number=d["number"], question=d["question"], answer=d["answer"], original=d["original"],
        as_of=d["as_of"], sources=_sources(d["sources"]),
        records=tuple(RecordLink(r["kind"], r["id"]) for r in d.get("records", ())),
        views=tuple(d.get("views", ())), verified=d.get("verified", True), path=path,
    )


def build_event(d: dict[str, Any], path: str = "") -> Event:
    return Event(
        id=d["id"], date=d["date"], title=d["title"], kind=d["kind"], sources=_sources(d["sources"]),
        summary=d.get("summary"), kernel=d.get("kernel"), subsystems=tuple(d.get("subsystems", ())),
        people=tuple(d.get("people", ())), verified=d.get("verified", True), path=path,
    )


def build_catalog(docs: dict[str, list[Any]]) -> Catalog:
    """Build the Catalog from validated documents (yamlio.Document objects), by kind name."""
    people = {d.data["id"]: build_maintainer(d.data, d.path) for d in docs["maintainer"]}
    subsystems = {d.data["id"]: build_subsystem(d.data, people, d.path)
                  for d in sorted(docs["subsystem"], key=lambda d: d.data["title"])}
    stances = {d.data["subsystem"]: build_stance(d.data, d.path) for d in docs["stance"]}
    policies = {d.data["tool"]: build_version_policy(d.data, d.path)
                for d in sorted(docs["version-policy"], key=lambda d: d.data["tool"] != "rustc")}
    sections = tuple(sorted((build_section(d.data, d.path) for d in docs["policy-section"]), key=lambda s: s.number))
    events = tuple(sorted((build_event(d.data, d.path) for d in docs["event"]), key=lambda e: (e.date, e.id)))

    roles: dict[str, list[Role]] = {}
    paired_by: dict[str, list[str]] = {}
    for s in subsystems.values():
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
        subsystems=subsystems, maintainers=dict(sorted(people.items())), stances=stances,
        version_policies=policies, sections=sections, events=events,
        roles={k: tuple(dict.fromkeys(v)) for k, v in roles.items()},
        paired_by={k: tuple(v) for k, v in paired_by.items()},
        releases=tuple(sorted((d.data for d in docs.get("release", ())), key=lambda r: release_key(r["release"]))),
    )
