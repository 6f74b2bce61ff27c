"""The typed model: one immutable record per schema-valid document, and the Catalog of them.

records.build turns the documents that passed their schema into these records (Records), each
keeping its Document so that a check can say "this record's field X" and find the file, line and
column of X. The checks read those records; the Catalog indexes the same records for every
consumer (export, site, who, MAINTAINERS export); none re-parses YAML.

Which fields hold people, which claims need sources and which values say who or what a record
is are answered here, by the records themselves (person_refs, sourced_claims, identity), as paths
into the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from kpolicy.records.kinds import FIELD_LETTERS, PEOPLE_FIELDS
from kpolicy.text.urls import is_primary

if TYPE_CHECKING:
    from kpolicy.records.yamlio import Document

DocPath = tuple[Any, ...]  # a path into a record's document: keys and list indexes
SourcedClaim = tuple[DocPath, str, "tuple[Source, ...]"]  # where the claim is, the claim in words, its sources



class RecordFacts:
    """What the checks ask of every typed record; each kind answers what it has. Paths point into
    the record's document (record.doc), so a check can locate each answer."""

    record_kind: ClassVar[str]
    doc: Document | None  # the document it was built from: not part of its value (equality, hash)

    def person_refs(self) -> Iterator[tuple[DocPath, str]]:
        """(path, maintainer id) of every person the record names."""
        return iter(())

    def sourced_claims(self) -> Iterator[SourcedClaim]:
        """Every claim that must cite a source: (path, the claim in words, its sources)."""
        return iter(())

    def identity(self) -> Iterator[tuple[DocPath, str]]:
        """Ids, names, titles and addresses: the values that say who or what the record is."""
        return iter(())


@dataclass(frozen=True)
class Source:
    """One cited source: address, title, date and an optional note; primary by its address."""
    url: str
    title: str
    date: str
    note: str | None = None

    @property
    def primary(self) -> bool:
        return is_primary(self.url)


@dataclass(frozen=True)
class PersonRef:
    """A person named on an M:/R: line of a subsystem record, and how the record writes them."""
    person: str
    name: str
    email: str | None
    remark: str | None = None
    written: str | None = None  # the line exactly as written, when name/email/remark cannot rebuild it
    # the keys the record writes for this person ('person', 'name', ...); () for a bare maintainer id
    written_keys: tuple[str, ...] = field(default=(), compare=False)

    @property
    def line(self) -> str:
        """The person as a MAINTAINERS M:/R: line writes them."""
        if self.written is not None:
            return self.written
        base = f"{self.name} <{self.email}>" if self.email else self.name
        return f"{base} {self.remark}" if self.remark else base


@dataclass(frozen=True)
class Maintainer(RecordFacts):
    """A maintainer record: a person, their addresses and other names."""
    record_kind: ClassVar[str] = "maintainer"
    id: str
    name: str
    emails: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    sources: tuple[Source, ...] = ()
    notes: str | None = None
    path: str = ""
    doc: Document | None = field(default=None, compare=False, repr=False)  # where it was read

    @property
    def email(self) -> str | None:
        return self.emails[0] if self.emails else None

    def identity(self) -> Iterator[tuple[DocPath, str]]:
        yield ("id",), self.id
        yield ("name",), self.name
        yield from ((("aliases", i), a) for i, a in enumerate(self.aliases))
        yield from ((("emails", i), e) for i, e in enumerate(self.emails))


@dataclass(frozen=True)
class FieldsFrom:
    """Where a subsystem record's MAINTAINERS fields come from: file, release, sources."""
    maintainers_file: str | None
    release: str | None
    sources: tuple[Source, ...]
    verified: bool
    position: int | None = None  # the entry's place in maintainers_file (1 = first)
    sources_written: bool = field(default=False, compare=False)  # the record has a sources list here



@dataclass(frozen=True)
class PeopleChange:
    """A person joined or left an entry between two compared releases."""
    after: str
    by: str
    person: str
    role: str  # maintainer or reviewer
    change: str  # joined or left


@dataclass(frozen=True)
class Subsystem(RecordFacts):
    """A subsystem record: one MAINTAINERS entry, its fields, pairs, renames and lifetime."""
    record_kind: ClassVar[str] = "subsystem"
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
    doc: Document | None = field(default=None, compare=False, repr=False)  # where it was read

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

    def people(self) -> Iterator[tuple[DocPath, PersonRef]]:
        """(path, ref) of every M: and R: person; the path is the ref's 'person' value when it is
        written as a mapping, else the bare id."""
        for key in PEOPLE_FIELDS:
            for i, ref in enumerate(getattr(self, key)):
                yield ((key, i, "person") if ref.written_keys else (key, i)), ref

    def person_refs(self) -> Iterator[tuple[DocPath, str]]:
        for path, ref in self.people():
            yield path, ref.person
        for i, change in enumerate(self.people_history):
            yield ("people_history", i, "person"), change.person

    def sourced_claims(self) -> Iterator[SourcedClaim]:
        if self.fields_from.sources_written:
            yield ("fields_from",), "fields_from", self.fields_from.sources

    def identity(self) -> Iterator[tuple[DocPath, str]]:
        yield ("id",), self.id
        yield ("title",), self.title
        for path, ref in self.people():
            for key in ("name", "email"):
                value = getattr(ref, key)
                if key in ref.written_keys and isinstance(value, str):
                    yield (*path[:2], key), value


@dataclass(frozen=True)
class StanceState:
    """An earlier stance of a subsystem, kept in its stance's history."""
    date: str
    level: str
    summary: str
    sources: tuple[Source, ...]
    verified: bool = True


@dataclass(frozen=True)
class Route:
    """Which tree a subsystem's Rust patches go through, and how sure that is."""
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
class Stance(RecordFacts):
    """A stance record: how a subsystem handles Rust, with its sources and history."""
    record_kind: ClassVar[str] = "stance"
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
    doc: Document | None = field(default=None, compare=False, repr=False)  # where it was read

    def person_refs(self) -> Iterator[tuple[DocPath, str]]:
        return ((("rust_maintainers", i), p) for i, p in enumerate(self.rust_maintainers))

    def sourced_claims(self) -> Iterator[SourcedClaim]:
        if self.level != "unknown":
            yield (), f"stance {self.level!r}", self.sources
        for i, state in enumerate(self.history):
            yield ("history", i), "history entry", state.sources

    def identity(self) -> Iterator[tuple[DocPath, str]]:
        yield ("subsystem",), self.subsystem


@dataclass(frozen=True)
class ArchMinimum:
    """An architecture that needs a higher version than the step's general one."""
    arch: str
    version: str
    note: str | None = None


@dataclass(frozen=True)
class VersionStep:
    """A minimum tool version from one kernel release on, with its sources."""
    kernel: str
    version: str
    kind: str
    sources: tuple[Source, ...]
    note: str | None = None
    verified: bool = True
    architectures: tuple[ArchMinimum, ...] = ()


@dataclass(frozen=True)
class ArchSupport:
    """One architecture that can build Rust code, and its limits."""
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
class Longterm:
    """A release series kernel.org maintains as a longterm (LTS) kernel."""
    kernel: str
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
    """A distribution's packaged tool version, as the version policy cites it."""
    name: str
    sources: tuple[Source, ...]
    version: str | None = None
    packages: str | None = None
    note: str | None = None
    verified: bool = True


@dataclass(frozen=True)
class UnstableFeature:
    """An unstable Rust feature the kernel uses, and its status."""
    name: str
    status: str
    sources: tuple[Source, ...]
    scope: str | None = None
    stable_since: str | None = None
    note: str | None = None
    verified: bool = True


@dataclass(frozen=True)
class VersionPolicy(RecordFacts):
    """A version-policy record: one tool's minimum versions, the rule behind them, and more."""
    record_kind: ClassVar[str] = "version-policy"
    tool: str
    name: str
    minimums: tuple[VersionStep, ...]
    as_of: str
    rule: Dated | None = None
    rule_history: tuple[Dated, ...] = ()
    distributions: tuple[Distribution, ...] = ()
    unstable_features: tuple[UnstableFeature, ...] = ()
    architectures: tuple[ArchRelease, ...] = ()
    longterm: tuple[Longterm, ...] = ()
    notes: str | None = None
    path: str = ""

    doc: Document | None = field(default=None, compare=False, repr=False)  # where it was read

    @property
    def current(self) -> VersionStep:
        return self.minimums[-1]

    def since(self, arch: str | None = None) -> str:
        """The first release of the newest run of steps that keep today's minimum: the general
        one, or arch's own (a step that raises another architecture does not restart it)."""
        def minimum(step: VersionStep) -> str | None:
            if arch is None:
                return step.version
            return next((a.version for a in step.architectures if a.arch == arch), None)

        today, first = minimum(self.current), self.current.kernel
        for step in reversed(self.minimums):
            if minimum(step) != today:
                break
            first = step.kernel
        return first

    def sourced_claims(self) -> Iterator[SourcedClaim]:
        for i, step in enumerate(self.minimums):
            yield ("minimums", i), "version step", step.sources
        if self.rule is not None:
            yield ("rule",), "rule", self.rule.sources
        lists: tuple[tuple[str, str, tuple[Any, ...]], ...] = (
            ("rule_history", "rule history", self.rule_history), ("distributions", "distribution", self.distributions),
            ("unstable_features", "unstable feature", self.unstable_features),
            ("architectures", "architecture list", self.architectures),
            ("longterm", "longterm release", self.longterm))
        for key, what, items in lists:
            for i, item in enumerate(items):
                yield (key, i), what, item.sources

    def identity(self) -> Iterator[tuple[DocPath, str]]:
        yield ("tool",), self.tool


@dataclass(frozen=True)
class RecordLink:
    """A reference from a policy section to a record: its kind and id."""
    kind: str
    id: str


@dataclass(frozen=True)
class PolicySection(RecordFacts):
    """A policy-section record: one question of the Rust kernel policy document, answered."""
    record_kind: ClassVar[str] = "policy-section"
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
    doc: Document | None = field(default=None, compare=False, repr=False)  # where it was read

    def sourced_claims(self) -> Iterator[SourcedClaim]:
        yield (), "policy section", self.sources

    def identity(self) -> Iterator[tuple[DocPath, str]]:
        yield ("id",), self.id


@dataclass(frozen=True)
class Event(RecordFacts):
    """An event record: one dated happening of the kernel's Rust history."""
    record_kind: ClassVar[str] = "event"
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
    doc: Document | None = field(default=None, compare=False, repr=False)  # where it was read

    def person_refs(self) -> Iterator[tuple[DocPath, str]]:
        return ((("people", i), p) for i, p in enumerate(self.people))

    def sourced_claims(self) -> Iterator[SourcedClaim]:
        yield (), "event", self.sources

    def identity(self) -> Iterator[tuple[DocPath, str]]:
        yield ("id",), self.id
        yield ("title",), self.title


@dataclass(frozen=True)
class Release(RecordFacts):
    """A release record (kpolicy measure): its measurements stay data, read by the site as they are."""
    record_kind: ClassVar[str] = "release"
    release: str
    sources: tuple[Source, ...]
    data: dict[str, Any] = field(compare=False)
    path: str = ""
    doc: Document | None = field(default=None, compare=False, repr=False)  # where it was read

    def sourced_claims(self) -> Iterator[SourcedClaim]:
        yield (), "release", self.sources

    def identity(self) -> Iterator[tuple[DocPath, str]]:
        yield ("release",), self.release


@dataclass(frozen=True)
class Role:
    """One thing a person does: maintainer or reviewer of a subsystem, or its Rust maintainer."""
    subsystem: str
    role: str  # "maintainer", "reviewer" or "rust-maintainer"


@dataclass(frozen=True)
class Catalog:
    """The valid records indexed by id, with what is worked out across them (roles, pairs, renames)."""
    subsystems: dict[str, Subsystem]
    maintainers: dict[str, Maintainer]
    stances: dict[str, Stance]
    version_policies: dict[str, VersionPolicy]
    sections: tuple[PolicySection, ...]
    events: tuple[Event, ...]
    roles: dict[str, tuple[Role, ...]] = field(default_factory=dict)
    paired_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    renamed_from: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id: the entries renamed to it
    by_title: dict[str, str] = field(default_factory=dict)  # title: id (the first by title order, where two share one)
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


Record = Subsystem | Maintainer | Stance | VersionPolicy | PolicySection | Event | Release


@dataclass(frozen=True)
class Records:
    """Every schema-valid document as its typed record, in the order read, each with its Document.
    Unlike the Catalog nothing is indexed or merged: two records with one id are both here."""
    subsystems: tuple[Subsystem, ...] = ()
    maintainers: tuple[Maintainer, ...] = ()
    stances: tuple[Stance, ...] = ()
    version_policies: tuple[VersionPolicy, ...] = ()
    sections: tuple[PolicySection, ...] = ()
    events: tuple[Event, ...] = ()
    releases: tuple[Release, ...] = ()

    def all(self) -> Iterator[Record]:
        """Every record, kind by kind in the order of kinds.KINDS."""
        yield from self.subsystems
        yield from self.maintainers
        yield from self.stances
        yield from self.version_policies
        yield from self.sections
        yield from self.events
        yield from self.releases

    def people(self) -> dict[str, Maintainer]:
        """The maintainer records by id (the last one read, where two share an id)."""
        return {m.id: m for m in self.maintainers}
