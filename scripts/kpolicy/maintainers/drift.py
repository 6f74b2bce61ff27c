"""What differs between the subsystem records and a MAINTAINERS file.

- changed: a record whose title is in the file, field by field: lines added or removed (people,
  lists, trees, files, ...), the status, or the same lines in another order;
- gone: a record whose title is not in the file, unless the records say why: the record
  describes a newer kernel than the file (kernel.since, fields_from.release or
  fields_from.maintainers_file newer than the file's version), it ended before the file
  (kernel.until), or it was renamed (renamed_to a record whose title is in the file);
- renamed: a gone record with an untracked entry in the file that has mostly the same F:
  patterns (at least half of the two sets), the likely new title;
- new: a rust-related entry of the file (see rust_related) that no record tracks.

Records newer than the file are listed apart and are not drift.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kpolicy.maintainers.entries import entry_of
from kpolicy.maintainers.file import FIELD_ORDER, Entry, MaintainersFile
from kpolicy.maintainers.rust_related import rust_related
from kpolicy.records.model import Catalog, Subsystem
from kpolicy.records.naming import release_key
from kpolicy.text.plain import plain_keep_tabs

UNDATED = ("not in the file, and the record does not say which kernel it describes "
           "(kernel.since or fields_from.release would tell)")


@dataclass(frozen=True)
class FieldChange:
    letter: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    reordered: bool

    def as_json(self) -> dict[str, Any]:
        return {"letter": self.letter, "added": list(self.added), "removed": list(self.removed),
                "reordered": self.reordered}


@dataclass(frozen=True)
class Changed:
    subsystem: Subsystem
    fields: tuple[FieldChange, ...]


@dataclass
class Drift:
    file: str
    version: str | None
    changed: list[Changed] = field(default_factory=list)
    gone: list[tuple[Subsystem, str]] = field(default_factory=list)  # record, what the file has instead
    renamed: list[tuple[Subsystem, str]] = field(default_factory=list)  # record, likely new title
    new: list[tuple[str, str]] = field(default_factory=list)  # title, why it is rust-related
    newer: list[tuple[Subsystem, str]] = field(default_factory=list)  # record, why it is newer
    explained: list[tuple[Subsystem, str]] = field(default_factory=list)  # absent for a recorded reason

    @property
    def any(self) -> bool:
        return bool(self.changed or self.gone or self.renamed or self.new)

    def as_json(self) -> dict[str, Any]:
        def rec(s: Subsystem) -> dict[str, Any]:
            return {"id": s.id, "title": s.title, "path": s.path}
        return {
            "file": self.file, "version": self.version, "drift": self.any,
            "changed": [{**rec(c.subsystem), "fields": [f.as_json() for f in c.fields]} for c in self.changed],
            "gone": [{**rec(s), "note": why} for s, why in self.gone],
            "renamed": [{**rec(s), "new_title": t} for s, t in self.renamed],
            "new": [{"title": t, "why": why} for t, why in self.new],
            "newer": [{**rec(s), "why": why} for s, why in self.newer],
            "explained": [{**rec(s), "why": why} for s, why in self.explained],
        }


def field_changes(record: Entry, file_entry: Entry) -> list[FieldChange]:
    out = []
    for letter in FIELD_ORDER:
        mine, theirs = record.values(letter), file_entry.values(letter)
        if mine == theirs:
            continue
        added = tuple(v for v in theirs if v not in mine)
        removed = tuple(v for v in mine if v not in theirs)
        out.append(FieldChange(letter, added, removed, not added and not removed))
    return out


def newer_than(s: Subsystem, version: str) -> str | None:
    v = release_key(version)
    if s.kernel_since_after and release_key(s.kernel_since_after) >= v:
        return f"kernel.since: the entry is not in {s.kernel_since_after}, which is not older than {version}"
    since = None if s.kernel_since_is_window else s.kernel_since  # a window's 'by' says when it was seen, not first
    for label, value in (("kernel.since", since), ("fields_from.release", s.fields_from.release),
                         ("fields_from.maintainers_file", s.fields_from.maintainers_file)):
        if value and release_key(value) > v:
            return f"{label} {value} is newer than {version}"
    return None


def ended_by(s: Subsystem, version: str) -> bool:
    """The record says its entry is gone from MAINTAINERS by this release (kernel.until)."""
    if not s.kernel_until:
        return False
    v = release_key(version)
    return release_key(s.kernel_until) <= v or bool(s.kernel_until_after and release_key(s.kernel_until_after) < v)


def compare(catalog: Catalog, m: MaintainersFile) -> Drift:
    version = m.version
    drift = Drift(m.path, version)
    in_file = m.by_title()
    tracked = {s.title for s in catalog.subsystems.values()}
    by_id = catalog.subsystems
    absent: list[Subsystem] = []
    for s in sorted(catalog.subsystems.values(), key=lambda s: s.title):
        why_newer = newer_than(s, version) if version else None
        if why_newer:
            drift.newer.append((s, why_newer))
            continue
        entry = in_file.get(s.title)
        if entry is not None:
            changes = field_changes(entry_of(s), entry)
            if changes:
                drift.changed.append(Changed(s, tuple(changes)))
            continue
        if version and ended_by(s, version):
            until = (f"after {s.kernel_until_after}, by {s.kernel_until}" if s.kernel_until_after
                     else s.kernel_until)
            drift.explained.append((s, f"kernel.until {until}"))
        elif s.renamed_to and s.renamed_to in by_id and by_id[s.renamed_to].title in in_file:
            drift.explained.append((s, f"renamed to {by_id[s.renamed_to].title!r}"))
        else:
            absent.append(s)
    untracked = [e for e in m.entries if e.title not in tracked]
    claimed: set[str] = set()
    for s in absent:
        renamed = likely_rename(s.files, untracked, claimed)
        guess = renamed.title if renamed else None
        if guess is not None:
            claimed.add(guess)
            drift.renamed.append((s, guess))
        elif s.fields_from.maintainers_file or s.kernel_since or s.fields_from.release:
            drift.gone.append((s, "not in the file"))
        else:
            drift.gone.append((s, UNDATED))
    reasons = rust_related(m.entries)
    drift.new = [(t, r.why) for t, r in reasons.items() if t not in tracked and t not in claimed]
    return drift


def likely_rename(files: Sequence[str], candidates: Sequence[Entry], claimed: set[str]) -> Entry | None:
    """The unclaimed entry whose F: patterns overlap files most (Jaccard index of at least one half):
    where an entry that vanished has probably gone under a new title."""
    mine = set(files)
    if not mine:
        return None
    best, score = None, 0.0
    for e in candidates:
        if e.title in claimed:
            continue
        theirs = set(e.values("F"))
        if theirs:
            overlap = len(mine & theirs) / len(mine | theirs)
            if overlap > score:
                best, score = e, overlap
    return best if score >= 0.5 else None


def drift_text(d: Drift) -> str:
    out: list[str] = []
    for c in d.changed:
        out.append(f"changed: {c.subsystem.title} ({c.subsystem.path})")
        for f in c.fields:
            if f.reordered:
                out.append(f"  {f.letter}: same values in another order")
            out.extend(f"  {f.letter}: - {v}" for v in f.removed)
            out.extend(f"  {f.letter}: + {v}" for v in f.added)
    for s, t in d.renamed:
        out.append(f"renamed: {s.title} ({s.path}) is not in the file; likely now {t!r}")
    for s, why in d.gone:
        out.append(f"gone: {s.title} ({s.path}) is {why}")
    for t, why in d.new:
        out.append(f"new: {t} has no record ({why})")
    for s, why in d.newer:
        out.append(f"newer, not compared: {s.title} ({why})")
    for s, why in d.explained:
        out.append(f"absent as recorded: {s.title} ({why})")
    counts = (f"{len(d.changed)} changed, {len(d.renamed)} renamed, {len(d.gone)} gone, {len(d.new)} new; "
              f"{len(d.newer)} newer than the file")
    out.append(("drift against " if d.any else "no drift against ") + f"{d.file} ({d.version or '?'}): {counts}")
    return "\n".join(plain_keep_tabs(line) for line in out)
