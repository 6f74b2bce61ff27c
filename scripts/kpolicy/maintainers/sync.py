"""Bring the records to a newer release's MAINTAINERS: `kpolicy sync FILE`.

One pass over the file, planned in full before anything is written (and then written through
kpolicy.records.atomic: every file or none):

- **Entries.** Every live subsystem record whose title is in the file is rewritten from its
  entry, field for field (the importer's rules: people by id, curated fields kept). The file's
  rust-related entries (rust_related.py) that no record tracks get a record, and so does the C
  entry each pairs with; --all and --title add more. fields_from names the release
  (maintainers_file) and, when a source is given, cites it first; an earlier citation of the
  fields stays only while the release says the same (its `verified: false` is lifted), an
  earlier release's citation ("MAINTAINERS of Linux ...") is replaced.
- **History, not live.** A live record that came from a release and whose title is gone from
  the file is renamed (an untracked entry with mostly the same F: patterns continues it:
  renamed_to, and that entry gets a record) or vanished; either way it gets kernel.until as a
  window {after: its last release, by: this one} and its fields stay as they were. Records whose
  fields come from elsewhere than a release (a patch, a copy of the file) and are not in it yet
  are left alone.
- **Release history.** The compared releases are the earlier files given with --earlier, each
  record's own release (fields_from.maintainers_file) and this file. For each record: the first
  of them that has the entry and the one before it without it (kernel.since {after, by}; an
  exact curated since is kept when it lies inside that window) and, between each two compared
  releases that both have the entry, the people who joined or left it (people_history). Nothing
  finer is claimed than the releases show.
- **People.** An M:/R: line is matched to a maintainer record by its address first, then by its
  name; a name that two records share, on a line whose address neither has, is an error (never
  a silent choice). New addresses seen in the file come first in the person's addresses (the
  file's current one), older ones are kept after them. With a .mailmap (identity.py), a line the
  mailmap gives another address is matched by either address, and the mapped address becomes the
  person's current one (first), the file's address staying among the others; a later sync with
  or without the mailmap keeps that order.
- **Stances.** Never changed in level. Where the facts behind a stance changed, the stance gets a
  needs_review mark {release, reason} (the validate check stance-needs-review warns until a
  person removes it): its maintainers changed; a no-engagement subsystem's people changed; a
  C entry gained a maintainer or reviewer whose line names Rust, or gained or lost Rust file
  patterns; a Rust file pattern moved from one entry to another; a Rust entry appeared beside a
  C entry; the entry was renamed or vanished. A new record gets a stance of level unknown with
  such a mark.

A second run with the same files changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpolicy.maintainers.drift import likely_rename
from kpolicy.maintainers.file import Entry, MaintainersFile
from kpolicy.maintainers.identity import Identity, People, unique_id
from kpolicy.maintainers.importer import PEOPLE_KEYS, Change, subsystem_data
from kpolicy.maintainers.people import split_line
from kpolicy.maintainers.rust_related import Reason, c_title, pattern_names_rust, rust_related
from kpolicy.records import reader
from kpolicy.records.naming import release_bound, release_key, slug
from kpolicy.records.problems import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from kpolicy.maintainers.mailmap import Mailmap
    from kpolicy.records.reader import RecordSet
    from kpolicy.records.schemas import Schemas
    from kpolicy.records.shape import Shapes
    from kpolicy.records.yamlio import Document

RELEASE_CITATION = "MAINTAINERS of Linux "
ROLE_OF = {"maintainers": "maintainer", "reviewers": "reviewer"}


def release_citation(release: str, url: str, date: str, note: str | None = None) -> dict[str, Any]:
    """The source a synced record cites for its fields: the release's MAINTAINERS file."""
    d: dict[str, Any] = {"url": url, "title": f"{RELEASE_CITATION}{release}", "date": date}
    if note:
        d["note"] = note
    return d


@dataclass
class SyncPlan:
    changes: list[Change]
    unchanged: int
    problems: list[Problem]
    release: str = ""
    created: list[str] = field(default_factory=list)  # subsystem ids
    updated: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # old id, new id
    vanished: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # not from a release, not in the file yet
    marks: list[tuple[str, str]] = field(default_factory=list)  # stance id, reason
    people_created: list[str] = field(default_factory=list)
    mailmap_current: list[str] = field(default_factory=list)  # person ids whose current address a .mailmap gave


def _is_rust_title(title: str) -> bool:
    return title == "RUST" or title.startswith("RUST [") or "[RUST]" in title or title.endswith("- RUST")


def _ids(refs: Sequence[Any]) -> list[str]:
    return [r if isinstance(r, str) else r["person"] for r in refs]


def _within(exact: str, after: str | None, by: str) -> bool:
    k = release_key(exact)
    return (after is None or release_key(after) < k) and k <= release_key(by)


@dataclass
class _Observation:
    release: str
    present: bool
    people: dict[str, list[str]] | None  # role -> person ids, in the entry's order


def _since(observations: list[_Observation], existing: Any) -> Any:
    """kernel.since from the compared releases, merged with what the record says."""
    first = next((i for i, o in enumerate(observations) if o.present), None)
    if first is None:
        return existing
    by = observations[first].release
    after = observations[first - 1].release if first > 0 else None
    old_after, old_by = release_bound(existing)
    if existing is not None and not isinstance(existing, dict):
        if _within(existing, after, by):
            return existing  # an exact, curated release that the files do not contradict
    elif isinstance(existing, dict):
        if old_by and release_key(old_by) < release_key(by):
            by = old_by
        if old_after and release_key(old_after) < release_key(by) and (
                after is None or release_key(old_after) > release_key(after)):
            after = old_after
        if after and release_key(after) >= release_key(by):
            after = None
    return {"after": after, "by": by} if after else {"by": by}


def _people_changes(observations: list[_Observation]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for a, b in itertools.pairwise(observations):
        if not (a.present and b.present and a.people is not None and b.people is not None):
            continue  # only between two neighbouring compared releases that both have the entry
        for key in PEOPLE_KEYS:
            old, new = a.people.get(key, []), b.people.get(key, [])
            out.extend({"after": a.release, "by": b.release, "person": pid, "role": ROLE_OF[key], "change": "left"}
                       for pid in old if pid not in new)
            out.extend({"after": a.release, "by": b.release, "person": pid, "role": ROLE_OF[key], "change": "joined"}
                       for pid in new if pid not in old)
    return out


def _merge_history(existing: list[dict[str, Any]], found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for h in [*existing, *found]:
        key = (h["after"], h["by"], h["person"], h["role"], h["change"])
        if key not in seen:
            seen.add(key)
            out.append(dict(h))
    order = {"maintainer": 0, "reviewer": 1}
    change = {"left": 0, "joined": 1}
    return sorted(out, key=lambda h: (release_key(h["by"]), release_key(h["after"]), order[h["role"]],
                                      change[h["change"]]))  # stable: keeps the entry's order within


def _names(person_data: dict[str, dict[str, Any]], pid: str) -> str:
    d = person_data.get(pid)
    return f"{d['name']} ({pid})" if d else pid


def _blocking(tree: RecordSet) -> list[Problem]:
    """Errors in the records sync writes (subsystems, maintainers, stances): they stop it."""
    folders = ("/subsystems/", "/maintainers/", "/stances/")
    return [p for p in tree.problems if p.is_error and any(f in "/" + p.path.replace("\\", "/") for f in folders)]


def plan_sync(m: MaintainersFile, root: Path, *, earlier: Sequence[MaintainersFile] = (),
              source: dict[str, Any] | None = None, how: str = "tracked", titles: Sequence[str] = (),
              today: datetime.date | None = None, mailmap: Mailmap | None = None) -> SyncPlan:
    """What syncing the records under root to m would write; nothing is written. A mailmap gives
    people their current address (see identity.py)."""
    from kpolicy.records.reader import read_records
    from kpolicy.records.schemas import Schemas

    release = m.version or ""
    schemas = Schemas.default()
    tree = read_records(root, schemas)
    blocking = _blocking(tree)
    if blocking:
        return SyncPlan([], 0, blocking, release)
    return _Sync(m, root, tree, schemas, earlier, source, today, mailmap).plan(how, titles)


class _Sync:
    """One sync being planned: the file, the records as read, and what has been decided so far."""

    def __init__(self, m: MaintainersFile, root: Path, tree: RecordSet, schemas: Schemas,
                 earlier: Sequence[MaintainersFile], source: dict[str, Any] | None,
                 today: datetime.date | None, mailmap: Mailmap | None = None) -> None:
        self.m = m
        self.mailmap = mailmap
        self.root = root
        self.tree = tree
        self.schemas = schemas
        self.source = source
        self.today = today
        self.release = m.version or ""
        self.subsystem_docs = {d.data["title"]: d for d in tree.docs["subsystem"]}
        self.stance_docs = {d.data["subsystem"]: d for d in tree.docs["stance"]}
        self.person_docs = {d.data["id"]: d for d in tree.docs["maintainer"]}
        self.in_file = m.by_title()
        self.position = {e.title: i + 1 for i, e in enumerate(m.entries)}
        self.earlier = sorted(earlier, key=lambda f: release_key(f.version or "0.0"))
        self.plan_ = SyncPlan([], 0, [], self.release)
        self.people: People
        self.shapes: Shapes
        self.person_data: dict[str, dict[str, Any]] = {}
        self.observations: dict[str, list[_Observation]] = {}
        self.found_history: dict[str, list[dict[str, Any]]] = {}
        self.related: dict[str, Reason] = {}
        self.new_subsystems: dict[str, dict[str, Any]] = {}  # title -> data
        self.old_subsystems: dict[str, dict[str, Any]] = {}  # title -> data before
        self.gone_data: dict[str, dict[str, Any]] = {}
        self.marks: dict[str, list[str]] = {}
        self.changes: list[Change] = []
        self.problems: list[Problem] = []
        self.unchanged = 0

    def plan(self, how: str, titles: Sequence[str]) -> SyncPlan:
        from kpolicy.maintainers.file_problems import entry_problems
        from kpolicy.maintainers.importer import check
        from kpolicy.records.problems import display_path
        from kpolicy.records.shape import Shapes

        entries, gone = self._choose(how, titles)
        problems = entry_problems(self.m, entries)
        if problems:
            return SyncPlan([], 0, problems, self.release)
        problems += self._read_people(entries, gone)
        if problems:
            return SyncPlan([], 0, problems, self.release)
        self.problems = problems
        first_line = self._gather_people(entries, {e.title for e in entries} | {d["title"] for d, _ in gone})
        self.shapes = Shapes(self.schemas)
        self._plan_subsystems(entries)
        self._plan_gone(gone)
        self._mark_all()
        self._consider_all(entries, first_line)
        if self.problems:
            return SyncPlan([], self.unchanged, self.problems, self.release)
        self.problems.extend(check(self.tree, self.changes, self.m.path, self.schemas, display_path))
        plan = self.plan_
        plan.changes = self.changes if not self.problems else []
        plan.unchanged = self.unchanged
        plan.problems = self.problems
        return plan

    # -- which entries ---------------------------------------------------------------------------

    def _pairs(self) -> dict[str, list[str]]:
        """Title -> the titles the records pair it with (pairs_with, both ways)."""
        ids_by_title = {t: d.data["id"] for t, d in self.subsystem_docs.items()}
        titles_by_id = {v: k for k, v in ids_by_title.items()}
        pairs: dict[str, list[str]] = {}
        for d in self.tree.docs["subsystem"]:
            for other in d.data.get("pairs_with", ()):
                if other in titles_by_id:
                    pairs.setdefault(d.data["title"], []).append(titles_by_id[other])
                    pairs.setdefault(titles_by_id[other], []).append(d.data["title"])
        return pairs

    def _choose(self, how: str, titles: Sequence[str]) -> tuple[list[Entry], list[tuple[dict[str, Any], Entry | None]]]:
        """The entries to write records from, and the live records whose entry is gone (each with
        the entry that likely continues it)."""
        live = {t: d for t, d in self.subsystem_docs.items()
                if not d.data.get("renamed_to") and not d.data.get("kernel", {}).get("until")}
        self.related = rust_related(self.m.entries, self._pairs())
        wanted: list[str] = [t for t in live if t in self.in_file]
        extra = [e.title for e in self.m.entries] if how == "all" else list(titles)
        for t in [*self.related, *extra]:
            if t not in self.subsystem_docs and t in self.in_file and t not in wanted:
                wanted.append(t)
        gone = self._gone(live, wanted)
        return [e for e in self.m.entries if e.title in set(wanted)], gone

    def _gone(self, live: dict[str, Document], wanted: list[str]) -> list[tuple[dict[str, Any], Entry | None]]:
        """The live records from a release whose title the file no longer has (the entry that likely
        continues each is added to wanted); records not from a release wait."""
        gone: list[tuple[dict[str, Any], Entry | None]] = []
        untracked = [e for e in self.m.entries if e.title not in self.subsystem_docs]
        claimed: set[str] = set()
        for t, d in sorted(live.items()):
            if t in self.in_file:
                continue
            if not d.data.get("fields_from", {}).get("maintainers_file"):
                self.plan_.waiting.append(d.data["id"])
                continue
            target = likely_rename(d.data.get("files", ()), untracked, claimed)
            if target is not None:
                claimed.add(target.title)
                if target.title not in wanted:
                    wanted.append(target.title)
            gone.append((d.data, target))
        return gone

    # -- people ----------------------------------------------------------------------------------

    def _read_people(self, entries: list[Entry], gone: list[tuple[dict[str, Any], Entry | None]]) -> list[Problem]:
        """Who is who in the entries (and in the earlier files' entries of the same titles)."""
        wanted_titles = {e.title for e in entries} | {d["title"] for d, _ in gone}
        history_entries = [e for f in self.earlier for e in f.entries if e.title in wanted_titles]
        existing_people = [d.data for d in self.person_docs.values()]
        self.people = People([*history_entries, *entries], existing_people, set(self.tree.stems["maintainer"]),
                             self.mailmap)
        return _ambiguous(self.m, entries, self.earlier, history_entries, existing_people)

    def _addresses_in_file(self) -> tuple[Counter[str], dict[str, int]]:
        """How often each address (lower case) is on an M:/R: line of the file, and its first place."""
        in_m: Counter[str] = Counter()
        first_in_m: dict[str, int] = {}
        for e in self.m.entries:
            for letter, value in e.fields:
                address = split_line(value).address if letter in ("M", "R") else None
                if address:
                    in_m[address.lower()] += 1
                    first_in_m.setdefault(address.lower(), len(first_in_m))
        return in_m, first_in_m

    def _gather_people(self, entries: list[Entry], wanted_titles: set[str]) -> dict[str, tuple[tuple[str, int], ...]]:
        """Decide every person record to write (self.person_data) and the release history; the
        first MAINTAINERS line naming each person, by id."""
        referenced: dict[str, Identity] = {}
        first_line: dict[str, tuple[tuple[str, int], ...]] = {}
        for e in entries:
            for i, (letter, value) in enumerate(e.fields):
                if letter in ("M", "R"):
                    person = self.people.of_line[value]
                    referenced[person.id] = person
                    first_line.setdefault(person.id, (("", self.m.field_line(e, i)),))
        self._observe(wanted_titles)
        self.found_history = {t: _people_changes(obs) for t, obs in self.observations.items()}
        # people who left before this release are named by the history only; they need a record too
        by_id = {p.id: p for p in self.people.people.values()}
        for changes in self.found_history.values():
            for h in changes:
                if h["person"] in by_id:
                    referenced.setdefault(h["person"], by_id[h["person"]])
        in_m, first_in_m = self._addresses_in_file()
        self.person_data = {pid: _person_record(person, in_m, first_in_m) for pid, person in referenced.items()}
        for pid, person in sorted(referenced.items()):
            first = (self.person_data[pid].get("emails") or [""])[0].lower()
            before = ((person.existing or {}).get("emails") or [""])[0].lower()
            if first != before and first in {a.lower() for a in person.current}:
                self.plan_.mailmap_current.append(pid)
        return first_line

    def _person_ids(self, entry: Entry) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for letter, key in (("M", "maintainers"), ("R", "reviewers")):
            ids: list[str] = []
            for v in entry.values(letter):
                pid = self.people.of_line[v].id
                if pid not in ids:
                    ids.append(pid)
            out[key] = ids
        return out

    def _observation(self, release: str, entry: Entry | None) -> _Observation:
        return _Observation(release, entry is not None, self._person_ids(entry) if entry else None)

    def _observe(self, wanted_titles: set[str]) -> None:
        """Each title's entry in the earlier files, in this one and in its record's own release."""
        files_by_release = {f.version: f for f in self.earlier if f.version}
        for t in wanted_titles:
            obs = [self._observation(f.version, f.by_title().get(t))
                   for f in self.earlier if f.version and f.version != self.release]
            obs.append(self._observation(self.release, self.in_file.get(t)))
            self.observations[t] = obs
        for t in wanted_titles:
            if t in self.subsystem_docs:
                self._add_record_state(t, self.subsystem_docs[t].data, files_by_release)

    def _add_record_state(self, t: str, data: dict[str, Any], files_by_release: dict[str, MaintainersFile]) -> None:
        """The record as the state of its own release, when no file of that release is compared."""
        own = data.get("fields_from", {}).get("maintainers_file")
        if not own or own in files_by_release or own == self.release or release_key(own) > release_key(self.release):
            return
        state = _Observation(own, True, {k: list(dict.fromkeys(_ids(data.get(k, ())))) for k in PEOPLE_KEYS})
        obs = self.observations[t]
        obs.append(state)
        obs.sort(key=lambda o: release_key(o.release))

    # -- subsystems ------------------------------------------------------------------------------

    def _plan_subsystems(self, entries: list[Entry]) -> None:
        from kpolicy.records.build import build_maintainer

        old_people = {pid: build_maintainer(d.data) for pid, d in self.person_docs.items()}
        taken_subsystems = set(self.tree.stems["subsystem"])
        for e in entries:
            old = self.subsystem_docs.get(e.title)
            new_id = "" if old else unique_id(slug(e.title), taken_subsystems)
            data = subsystem_data(e, self.position[e.title], self.release, self.people, self.person_data,
                                  old.data if old else None, new_id)
            if self.source is not None:
                _cite(data["fields_from"], self.source, old.data if old else None, e, old_people)
            self._dates(data, e.title)
            self.new_subsystems[e.title] = data
            if old:
                self.old_subsystems[e.title] = old.data

    def _dates(self, data: dict[str, Any], title: str) -> None:
        """kernel.since and people_history of a record, from the compared releases."""
        kernel = dict(data.get("kernel", {}))
        since = _since(self.observations[title], kernel.get("since"))
        if since is not None:
            kernel["since"] = since
        data["kernel"] = kernel
        history = _merge_history(list(data.get("people_history", ())), self.found_history[title])
        if history:
            data["people_history"] = history

    def _plan_gone(self, gone: list[tuple[dict[str, Any], Entry | None]]) -> None:
        for d, target in gone:
            data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in d.items()}
            kernel = dict(data.get("kernel", {}))
            last = d["fields_from"]["maintainers_file"]
            seen = [o.release for o in self.observations[d["title"]] if o.present]
            if seen:
                last = max(seen, key=release_key)
            if "until" not in kernel:
                kernel["until"] = {"after": last, "by": self.release}
            data["kernel"] = kernel
            self._dates(data, d["title"])
            if target is not None:
                renamed_to: str = self.new_subsystems[target.title]["id"]
                data["renamed_to"] = renamed_to
                self.plan_.renamed.append((d["id"], renamed_to))
            else:
                self.plan_.vanished.append(d["id"])
            self.gone_data[d["title"]] = data

    # -- stance marks ----------------------------------------------------------------------------

    def _mark(self, subsystem_id: str, reason: str) -> None:
        self.marks.setdefault(subsystem_id, [])
        if reason not in self.marks[subsystem_id]:
            self.marks[subsystem_id].append(reason)

    def _level(self, subsystem_id: str) -> str | None:
        doc = self.stance_docs.get(subsystem_id)
        return doc.data["level"] if doc else None

    def _rust_marked_lines(self, t: str, sid: str, before: set[tuple[str, str]]) -> None:
        """Mark a C entry whose M:/R: line names Rust (e.g. 'Name <address> (RUST)') for a new person."""
        if _is_rust_title(t):
            return
        for key, letter in (("maintainers", "M"), ("reviewers", "R")):
            for value in self.in_file[t].values(letter):
                line = split_line(value)
                marked = "rust" in (line.remark or "").lower() or "rust" in (line.plain_name or "").lower()
                if marked and (self.people.of_line[value].id, key) not in before:
                    self._mark(sid, f"a {ROLE_OF[key]} whose line names Rust joined: "
                                    f"{_names(self.person_data, self.people.of_line[value].id)} "
                                    f"{line.remark or ''}".strip())

    def _mark_people(self, sid: str, old: dict[str, Any], data: dict[str, Any]) -> None:
        """Mark a stance whose maintainers (for no-engagement: maintainers or reviewers) changed."""
        level = self._level(sid)
        for key in PEOPLE_KEYS if level == "no-engagement" else ("maintainers",):
            before, after = _ids(old.get(key, ())), _ids(data.get(key, ()))
            joined = [p for p in after if p not in before]
            left = [p for p in before if p not in after]
            if joined or left:
                what = ", ".join([*(f"{_names(self.person_data, p)} joined" for p in joined),
                                  *(f"{_names(self.person_data, p)} left" for p in left)])
                reason = f"{'maintainers' if key == 'maintainers' else 'reviewers'} changed: {what}"
                self._mark(sid, reason if level != "no-engagement" else f"{reason} (the stance is no-engagement)")

    def _rust_moves(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Rust file patterns -> ids that gained them, and -> ids that lost them; marks for people
        and for lines that name Rust on the way."""
        moves_in: dict[str, list[str]] = {}
        moves_out: dict[str, list[str]] = {}
        for t, data in self.new_subsystems.items():
            old = self.old_subsystems.get(t)
            sid = data["id"]
            old_rust = [f for f in (old or {}).get("files", ()) if pattern_names_rust(f)]
            if old is None:
                self._rust_marked_lines(t, sid, set())
            else:
                self._mark_people(sid, old, data)
                self._rust_marked_lines(t, sid, set(old_lines_of(old)))
            new_rust = [f for f in data.get("files", ()) if pattern_names_rust(f)]
            for f in new_rust:
                if f not in old_rust:
                    moves_in.setdefault(f, []).append(sid)
            for f in old_rust:
                if f not in new_rust:
                    moves_out.setdefault(f, []).append(sid)
        for d in self.gone_data.values():
            for f in d.get("files", ()):
                if pattern_names_rust(f):
                    moves_out.setdefault(f, []).append(d["id"])
        return moves_in, moves_out

    def _mark_moves(self) -> None:
        """Mark the stances of entries a Rust file pattern moved between, or that gained or lost one."""
        moves_in, moves_out = self._rust_moves()
        title_of = {d["id"]: t for t, d in {**self.new_subsystems, **self.gone_data}.items()}
        updated_ids = {d["id"] for t, d in self.new_subsystems.items() if t in self.old_subsystems}
        gains: dict[str, list[str]] = {}
        losses: dict[str, list[str]] = {}
        for f in sorted(set(moves_in) | set(moves_out)):
            ins, outs = moves_in.get(f, []), moves_out.get(f, [])
            for sid, other in itertools.product(ins, outs):
                if other != sid:
                    self._mark(sid, f"the Rust file pattern {f} moved here from {title_of[other]}")
                    self._mark(other, f"the Rust file pattern {f} moved to {title_of[sid]}")
            for sid in ins if not outs else ():
                if not _is_rust_title(title_of[sid]) and sid in updated_ids:
                    gains.setdefault(sid, []).append(f)
            for sid in outs if not ins else ():
                if not _is_rust_title(title_of[sid]) and title_of[sid] not in self.gone_data:
                    losses.setdefault(sid, []).append(f)
        for sid, patterns in gains.items():
            self._mark(sid, f"F: gains Rust file pattern{'s' if len(patterns) > 1 else ''} {', '.join(patterns)}")
        for sid, patterns in losses.items():
            self._mark(sid, f"F: loses Rust file pattern{'s' if len(patterns) > 1 else ''} {', '.join(patterns)}")

    def _mark_appeared(self) -> None:
        """Mark the C entries a new Rust entry appeared beside."""
        for t in self.new_subsystems:
            if t in self.old_subsystems:
                continue
            partner = c_title(t)
            if partner in self.old_subsystems:
                self._mark(self.new_subsystems[partner]["id"], f"a Rust entry appeared beside it: {t}")
            for other_t, other in self.new_subsystems.items():
                if other_t in self.old_subsystems and _is_rust_title(t) and self.related.get(other_t) is not None \
                        and self.related[other_t].why.startswith(f"C entry of {t}:"):
                    self._mark(other["id"], f"a Rust entry appeared beside it: {t}")

    def _mark_all(self) -> None:
        self._mark_moves()
        self._mark_appeared()
        for d in self.gone_data.values():
            if d.get("renamed_to"):
                target_title = next(t for t, x in self.new_subsystems.items() if x["id"] == d["renamed_to"])
                self._mark(d["id"], f"the entry was renamed to {target_title}")
            else:
                self._mark(d["id"], "the entry is gone from MAINTAINERS")

    # -- changes ---------------------------------------------------------------------------------

    def _consider(self, kind: str, folder: str, data: dict[str, Any], old: Document | None,
                  source_lines: tuple[tuple[str, int], ...] = ()) -> bool:
        """Plan writing data (unless it is what old holds already); True when it is to be written."""
        from kpolicy.records.kinds import KIND_BY_NAME
        from kpolicy.records.writer import dump, same_data

        if old is not None and same_data(old.data, data):
            self.unchanged += 1
            return False
        path = self.root / folder / f"{data['subsystem'] if kind == 'stance' else data['id']}.yaml"
        read = None  # the SHA-256 of the file as read: it is only replaced while it still has it
        if old is not None:
            read = self._read_old(old)
            path = Path(old.path)
        self.changes.append(Change(kind, path, data, dump(data, KIND_BY_NAME[kind], self.shapes), old is None,
                                   source_lines, read))
        return True

    def _read_old(self, old: Document) -> str:
        """The SHA-256 of a record file about to be rewritten; a comment in it is a problem."""
        from kpolicy.records.writer import comment_positions

        raw = Path(old.path).read_bytes() if Path(old.path).is_file() else b""
        text = raw.decode("utf-8", "replace")
        for line, col in comment_positions(text) if text else []:
            self.problems.append(Problem(old.path, line, col, "import.comment", "error",
                                         "this record would be rewritten, and its comments would be lost",
                                         "move the text into a notes field, then sync again"))
        return hashlib.sha256(raw).hexdigest()

    def _consider_all(self, entries: list[Entry], first_line: dict[str, tuple[tuple[str, int], ...]]) -> None:
        plan = self.plan_
        for pid in sorted(self.person_data):
            if (self._consider("maintainer", "maintainers", self.person_data[pid], self.person_docs.get(pid),
                               first_line.get(pid, ()))
                    and pid not in self.person_docs):
                plan.people_created.append(pid)
        for e in entries:
            data = self.new_subsystems[e.title]
            old = self.subsystem_docs.get(e.title)
            if self._consider("subsystem", "subsystems", data, old,
                              (("", e.line), *((k, self.m.field_line(e, i)) for i, (k, _) in enumerate(e.fields)))):
                (plan.updated if old else plan.created).append(data["id"])
        for t, data in self.gone_data.items():
            self._consider("subsystem", "subsystems", data, self.subsystem_docs[t])
        self._new_stances()
        self._marked_stances()

    def _checked_date(self) -> str:
        today = (self.today or reader.system_today()).isoformat()
        when = (self.source or {}).get("date") or today
        return when if len(when) == 10 else today

    def _new_stances(self) -> None:
        """An unknown stance, marked for review, for every new subsystem record without one."""
        when = self._checked_date()
        for t, data in self.new_subsystems.items():
            sid = data["id"]
            if t in self.old_subsystems or sid in self.stance_docs:
                continue
            why = self.related[t].why if t in self.related else "the entry was asked for"
            renamed_from = [d["title"] for d in self.gone_data.values() if d.get("renamed_to") == sid]
            reason = (f"new record: the entry continues {renamed_from[0]}" if renamed_from
                      else f"new record: {why}")
            reasons = [reason, *(r for r in self.marks.pop(sid, []) if r != reason)]
            stance = {"subsystem": sid, "level": "unknown", "checked": when,
                      "needs_review": [{"release": self.release, "reason": r} for r in reasons]}
            self._consider("stance", "stances", stance, None)
            self.plan_.marks.extend((sid, r) for r in reasons)

    def _marked_stances(self) -> None:
        """The needs_review marks added to existing stances."""
        for sid, reasons in sorted(self.marks.items()):
            doc = self.stance_docs.get(sid)
            if doc is None:
                continue
            data = dict(doc.data)
            existing = list(data.get("needs_review", ()))
            for reason in reasons:
                item = {"release": self.release, "reason": reason}
                if item not in existing:
                    existing.append(item)
                    self.plan_.marks.append((sid, reason))
            data["needs_review"] = existing
            self._consider("stance", "stances", data, doc)


def _person_record(person: Identity, in_m: Counter[str], first_in_m: dict[str, int]) -> dict[str, Any]:
    """A person's record data: the address a .mailmap gives the person's lines is the current one;
    else an address the record did not have and this release uses is; addresses found only in
    earlier releases go last."""
    d = person.data()
    emails = d.get("emails", [])
    known = {e.lower() for e in (person.existing or {}).get("emails", ())}
    mapped = {a.lower(): i for i, a in reversed(list(enumerate(person.current_addresses())))}
    if emails:
        index = {e: i for i, e in enumerate(emails)}

        def rank(e: str) -> tuple[int, int]:
            low = e.lower()
            if low in mapped:
                return 0, mapped[low]
            return (1, first_in_m[low]) if low not in known and in_m[low] else (2, index[e])

        d["emails"] = sorted(emails, key=rank)
    return d


def _cite(ff: dict[str, Any], source: dict[str, Any], old: dict[str, Any] | None, e: Entry,
          old_people: dict[str, Any]) -> None:
    """fields_from cites source first; an earlier citation stays only while the release says the same."""
    before = old.get("fields_from", {}) if old else {}
    same = old is not None and _same_text(old, e, old_people)
    carried = [s for s in before.get("sources", ()) if same and not s["title"].startswith(RELEASE_CITATION)]
    ff["sources"] = [source, *carried]
    ff.pop("verified", None)


def _same_text(old: dict[str, Any], entry: Entry, people: dict[str, Any]) -> bool:
    """Whether the record, written out as MAINTAINERS text with the people as they were recorded,
    says exactly what the entry says."""
    from kpolicy.records.build import build_subsystem
    from kpolicy.records.kinds import FIELD_LETTERS

    s = build_subsystem(old, people)
    return s.title == entry.title and all(s.field_lines(letter) == entry.values(letter) for letter, _ in FIELD_LETTERS)


def old_lines_of(old: dict[str, Any]) -> list[tuple[str, str]]:
    return [(pid, key) for key in PEOPLE_KEYS for pid in _ids(old.get(key, ()))]


def _ambiguous(m: MaintainersFile, entries: Sequence[Entry], earlier: Sequence[MaintainersFile],
               history_entries: Sequence[Entry], records: Sequence[dict[str, Any]]) -> list[Problem]:
    """M:/R: lines whose address no record has and whose name two records share."""
    by_name: dict[str, set[str]] = {}
    addresses: set[str] = set()
    for r in records:
        for n in [r["name"], *r.get("aliases", ())]:
            by_name.setdefault(n.lower(), set()).add(r["id"])
        addresses.update(e.lower() for e in r.get("emails", ()))
    out: list[Problem] = []
    seen: set[str] = set()
    sources: list[tuple[MaintainersFile, Entry]] = [(m, e) for e in entries]
    for f in earlier:
        titles = {e.title for e in history_entries}
        sources += [(f, e) for e in f.entries if e.title in titles]
    for f, e in sources:
        for i, (letter, value) in enumerate(e.fields):
            if letter not in ("M", "R") or value in seen:
                continue
            seen.add(value)
            line = split_line(value)
            if line.address and line.address.lower() in addresses:
                continue
            owners = by_name.get((line.plain_name or "").lower(), set()) if not line.bare else set()
            if len(owners) > 1:
                out.append(Problem(f.path, f.field_line(e, i), 1, "sync.ambiguous-person", "error",
                                   f"{line.plain_name!r} is the name of {', '.join(sorted(owners))}, and none of "
                                   f"them has the address {line.address or '(none)'}",
                                   "add the address to the right maintainer record, then sync again"))
    return out


def apply(p: SyncPlan) -> None:
    """Write every change, maintainers first: all of them, or (on an error) none."""
    from kpolicy.records.atomic import write_all

    order = {"maintainer": 0, "subsystem": 1, "stance": 2}
    write_all({c.path: c.text for c in sorted(p.changes, key=lambda c: order[c.kind])},
              expect={c.path: c.read for c in p.changes})  # an edit made since the read is never lost


def diff_markdown(p: SyncPlan, root: Path, file_label: str) -> str:
    """The change as the Markdown `kpolicy diff` writes."""
    from kpolicy.records.kinds import KIND_BY_NAME
    from kpolicy.records.shape import Shapes
    from kpolicy.text.gfm import code
    from kpolicy.workflow.diff import semantic_diff
    from kpolicy.workflow.diff.compare import loaded
    from kpolicy.workflow.diff.git import read_worktree

    repo = root.resolve().parent
    old = read_worktree(repo, root)
    new = dict(old)
    import os

    for c in p.changes:
        kind = KIND_BY_NAME[c.kind]
        stem = Path(c.path).stem
        rel = Path(os.path.relpath(Path(c.path).resolve(), repo)).as_posix()
        new[(kind.name, stem)] = loaded(kind, stem, rel, c.text, None)
    return semantic_diff(old, new, Shapes(), "the records before the sync", f"the sync to {code(file_label)}")
