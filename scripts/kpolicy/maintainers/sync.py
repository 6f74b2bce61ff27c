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
  file's current one), older ones are kept after them.
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
from kpolicy.maintainers.importer import PEOPLE_KEYS, Change, People, Person, split_line, subsystem_data, unique_id
from kpolicy.maintainers.file import Entry, MaintainersFile
from kpolicy.records import reader
from kpolicy.records.problems import Problem
from kpolicy.records.model import release_bound, release_key, slug
from kpolicy.maintainers.rust_related import c_title, pattern_names_rust, rust_related

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
    out = []
    for a, b in itertools.pairwise(observations):
        if not (a.present and b.present and a.people is not None and b.people is not None):
            continue  # only between two neighbouring compared releases that both have the entry
        for key in PEOPLE_KEYS:
            old, new = a.people.get(key, []), b.people.get(key, [])
            for pid in old:
                if pid not in new:
                    out.append({"after": a.release, "by": b.release, "person": pid, "role": ROLE_OF[key],
                                "change": "left"})
            for pid in new:
                if pid not in old:
                    out.append({"after": a.release, "by": b.release, "person": pid, "role": ROLE_OF[key],
                                "change": "joined"})
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


def plan_sync(m: MaintainersFile, root: Path, *, earlier: Sequence[MaintainersFile] = (),
              source: dict[str, Any] | None = None, how: str = "tracked", titles: Sequence[str] = (),
              today: datetime.date | None = None) -> SyncPlan:
    """What syncing the records under root to m would write; nothing is written."""
    from kpolicy.workflow.fmt import comment_positions, dump, same_data
    from kpolicy.maintainers.importer import _check
    from kpolicy.maintainers.file_problems import entry_problems
    from kpolicy.records.shape import Shapes
    from kpolicy.records.schemas import KIND_BY_NAME, Schemas
    from kpolicy.records.problems import display_path
    from kpolicy.records.reader import read_records

    release = m.version or ""
    schemas = Schemas.default()
    tree = read_records(root, schemas)
    folders = ("/subsystems/", "/maintainers/", "/stances/")
    blocking = [p for p in tree.problems
                if p.is_error and any(f in "/" + p.path.replace("\\", "/") for f in folders)]
    if blocking:
        return SyncPlan([], 0, blocking, release)

    subsystem_docs = {d.data["title"]: d for d in tree.docs["subsystem"]}
    stance_docs = {d.data["subsystem"]: d for d in tree.docs["stance"]}
    person_docs = {d.data["id"]: d for d in tree.docs["maintainer"]}
    in_file = m.by_title()
    position = {e.title: i + 1 for i, e in enumerate(m.entries)}
    earlier = sorted(earlier, key=lambda f: release_key(f.version or "0.0"))

    # -- which entries ---------------------------------------------------------------------------
    live = {t: d for t, d in subsystem_docs.items()
            if not d.data.get("renamed_to") and not d.data.get("kernel", {}).get("until")}
    ids_by_title = {t: d.data["id"] for t, d in subsystem_docs.items()}
    titles_by_id = {v: k for k, v in ids_by_title.items()}
    pairs: dict[str, list[str]] = {}
    for d in tree.docs["subsystem"]:
        for other in d.data.get("pairs_with", ()):
            if other in titles_by_id:
                pairs.setdefault(d.data["title"], []).append(titles_by_id[other])
                pairs.setdefault(titles_by_id[other], []).append(d.data["title"])
    related = rust_related(m.entries, pairs)
    wanted: list[str] = [t for t in live if t in in_file]
    extra = [e.title for e in m.entries] if how == "all" else list(titles)
    for t in [*related, *extra]:
        if t not in subsystem_docs and t in in_file and t not in wanted:
            wanted.append(t)
    plan = SyncPlan([], 0, [], release)
    gone: list[tuple[dict[str, Any], Entry | None]] = []
    untracked = [e for e in m.entries if e.title not in subsystem_docs]
    claimed: set[str] = set()
    for t, d in sorted(live.items()):
        if t in in_file:
            continue
        if not d.data.get("fields_from", {}).get("maintainers_file"):
            plan.waiting.append(d.data["id"])
            continue
        target = likely_rename(d.data.get("files", ()), untracked, claimed)
        if target is not None:
            claimed.add(target.title)
            if target.title not in wanted:
                wanted.append(target.title)
        gone.append((d.data, target))
    entries = [e for e in m.entries if e.title in set(wanted)]

    problems = entry_problems(m, entries)
    if problems:
        return SyncPlan([], 0, problems, release)

    # -- people ----------------------------------------------------------------------------------
    wanted_titles = {e.title for e in entries} | {d["title"] for d, _ in gone}
    history_entries = [e for f in earlier for e in f.entries if e.title in wanted_titles]
    taken_people = set(tree.stems["maintainer"])
    existing_people = [d.data for d in person_docs.values()]
    people = People([*history_entries, *entries], existing_people, taken_people)
    problems += _ambiguous(m, entries, earlier, history_entries, existing_people)
    if problems:
        return SyncPlan([], 0, problems, release)
    in_m: Counter[str] = Counter()
    first_in_m: dict[str, int] = {}
    for e in m.entries:
        for letter, value in e.fields:
            if letter in ("M", "R"):
                address = split_line(value).address
                if address:
                    in_m[address.lower()] += 1
                    first_in_m.setdefault(address.lower(), len(first_in_m))

    referenced: dict[str, Person] = {}
    first_line: dict[str, tuple[tuple[str, int], ...]] = {}
    for e in entries:
        for i, (letter, value) in enumerate(e.fields):
            if letter in ("M", "R"):
                person = people.of_line[value]
                referenced[person.id] = person
                first_line.setdefault(person.id, (("", m.field_line(e, i)),))

    def person_ids(entry: Entry) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for letter, key in (("M", "maintainers"), ("R", "reviewers")):
            ids = []
            for v in entry.values(letter):
                pid = people.of_line[v].id
                if pid not in ids:
                    ids.append(pid)
            out[key] = ids
        return out

    # observations per title, from the earlier files and this one
    observations: dict[str, list[_Observation]] = {}
    files_by_release = {f.version: f for f in earlier if f.version}
    for t in wanted_titles:
        obs = []
        for f in earlier:
            entry = f.by_title().get(t) if f.version != release else None
            if f.version and f.version != release:
                obs.append(_Observation(f.version, entry is not None, person_ids(entry) if entry else None))
        entry = in_file.get(t)
        obs.append(_Observation(release, entry is not None, person_ids(entry) if entry else None))
        observations[t] = obs

    def add_record_state(t: str, data: dict[str, Any]) -> None:
        own = data.get("fields_from", {}).get("maintainers_file")
        if not own or own in files_by_release or own == release or release_key(own) > release_key(release):
            return
        state = _Observation(own, True, {k: list(dict.fromkeys(_ids(data.get(k, ())))) for k in PEOPLE_KEYS})
        obs = observations[t]
        obs.append(state)
        obs.sort(key=lambda o: release_key(o.release))

    for t in wanted_titles:
        if t in subsystem_docs:
            add_record_state(t, subsystem_docs[t].data)
    found_history = {t: _people_changes(obs) for t, obs in observations.items()}
    # people who left before this release are named by the history only; they need a record too
    by_id = {p.id: p for p in people.people.values()}
    for changes in found_history.values():
        for h in changes:
            if h["person"] in by_id:
                referenced.setdefault(h["person"], by_id[h["person"]])

    person_data: dict[str, dict[str, Any]] = {}
    for pid, person in referenced.items():
        d = person.data()
        emails = d.get("emails", [])
        known = {e.lower() for e in (person.existing or {}).get("emails", ())}
        if emails:
            index = {e: i for i, e in enumerate(emails)}
            # an address the record did not have and this release uses is the current one; addresses
            # found only in earlier releases go last
            d["emails"] = sorted(emails, key=lambda e: (0, first_in_m[e.lower()])
                                 if e.lower() not in known and in_m[e.lower()] else (1, index[e]))
        person_data[pid] = d

    # -- subsystems ------------------------------------------------------------------------------
    from kpolicy.records.model import build_maintainer

    old_people = {pid: build_maintainer(d.data) for pid, d in person_docs.items()}
    shapes = Shapes(schemas)
    taken_subsystems = set(tree.stems["subsystem"])
    new_subsystems: dict[str, dict[str, Any]] = {}  # title -> data
    old_subsystems: dict[str, dict[str, Any]] = {}  # title -> data before
    for e in entries:
        old = subsystem_docs.get(e.title)
        new_id = "" if old else unique_id(slug(e.title), taken_subsystems)
        data = subsystem_data(e, position[e.title], release, people, person_data, old.data if old else None,
                              new_id)
        ff = data["fields_from"]
        if source is not None:
            before = old.data.get("fields_from", {}) if old else {}
            same = old is not None and _same_text(old.data, e, old_people)
            carried = [s for s in before.get("sources", ())
                       if same and not s["title"].startswith(RELEASE_CITATION)]
            ff["sources"] = [source, *carried]
            ff.pop("verified", None)
        kernel = dict(data.get("kernel", {}))
        since = _since(observations[e.title], kernel.get("since"))
        if since is not None:
            kernel["since"] = since
        data["kernel"] = kernel
        history = _merge_history(list(data.get("people_history", ())), found_history[e.title])
        if history:
            data["people_history"] = history
        new_subsystems[e.title] = data
        if old:
            old_subsystems[e.title] = old.data
    gone_data: dict[str, dict[str, Any]] = {}
    for d, target in gone:
        data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in d.items()}
        kernel = dict(data.get("kernel", {}))
        last = d["fields_from"]["maintainers_file"]
        obs = observations[d["title"]]
        seen = [o.release for o in obs if o.present]
        if seen:
            last = max(seen, key=release_key)
        if "until" not in kernel:
            kernel["until"] = {"after": last, "by": release}
        since = _since(obs, kernel.get("since"))
        if since is not None:
            kernel["since"] = since
        data["kernel"] = kernel
        history = _merge_history(list(data.get("people_history", ())), found_history[d["title"]])
        if history:
            data["people_history"] = history
        if target is not None:
            data["renamed_to"] = new_subsystems[target.title]["id"]
            plan.renamed.append((d["id"], data["renamed_to"]))
        else:
            plan.vanished.append(d["id"])
        gone_data[d["title"]] = data

    # -- stance marks ----------------------------------------------------------------------------
    marks: dict[str, list[str]] = {}

    def mark(subsystem_id: str, reason: str) -> None:
        marks.setdefault(subsystem_id, [])
        if reason not in marks[subsystem_id]:
            marks[subsystem_id].append(reason)

    def level(subsystem_id: str) -> str | None:
        doc = stance_docs.get(subsystem_id)
        return doc.data["level"] if doc else None

    def rust_marked_lines(t: str, sid: str, before: set[tuple[str, str]]) -> None:
        """Mark a C entry whose M:/R: line names Rust (e.g. 'Name <address> (RUST)') for a new person."""
        if _is_rust_title(t):
            return
        for key, letter in (("maintainers", "M"), ("reviewers", "R")):
            for value in in_file[t].values(letter):
                line = split_line(value)
                marked = "rust" in (line.remark or "").lower() or "rust" in (line.plain_name or "").lower()
                if marked and (people.of_line[value].id, key) not in before:
                    mark(sid, f"a {ROLE_OF[key]} whose line names Rust joined: "
                              f"{_names(person_data, people.of_line[value].id)} {line.remark or ''}".strip())

    rust_moves_out: dict[str, list[str]] = {}  # pattern -> ids that lost it
    rust_moves_in: dict[str, list[str]] = {}
    for t, data in new_subsystems.items():
        old = old_subsystems.get(t)
        sid = data["id"]
        if old is None:
            rust_marked_lines(t, sid, set())
            for f in data.get("files", ()):
                if pattern_names_rust(f):
                    rust_moves_in.setdefault(f, []).append(sid)
            continue
        changes = []
        for key in PEOPLE_KEYS if level(sid) == "no-engagement" else ("maintainers",):
            before, after = _ids(old.get(key, ())), _ids(data.get(key, ()))
            joined = [p for p in after if p not in before]
            left = [p for p in before if p not in after]
            if joined or left:
                what = ", ".join([*(f"{_names(person_data, p)} joined" for p in joined),
                                  *(f"{_names(person_data, p)} left" for p in left)])
                changes.append(f"{'maintainers' if key == 'maintainers' else 'reviewers'} changed: {what}")
        for reason in changes:
            mark(sid, reason if level(sid) != "no-engagement" else f"{reason} (the stance is no-engagement)")
        rust_marked_lines(t, sid, set(old_lines_of(old)))
        old_rust = [f for f in old.get("files", ()) if pattern_names_rust(f)]
        new_rust = [f for f in data.get("files", ()) if pattern_names_rust(f)]
        for f in new_rust:
            if f not in old_rust:
                rust_moves_in.setdefault(f, []).append(sid)
        for f in old_rust:
            if f not in new_rust:
                rust_moves_out.setdefault(f, []).append(sid)
    for d in gone_data.values():
        for f in d.get("files", ()):
            if pattern_names_rust(f):
                rust_moves_out.setdefault(f, []).append(d["id"])
    title_of = {d["id"]: t for t, d in {**new_subsystems, **gone_data}.items()}
    updated_ids = {d["id"] for t, d in new_subsystems.items() if t in old_subsystems}
    gains: dict[str, list[str]] = {}
    losses: dict[str, list[str]] = {}
    for f in sorted(set(rust_moves_in) | set(rust_moves_out)):
        ins, outs = rust_moves_in.get(f, []), rust_moves_out.get(f, [])
        for sid in ins:
            for other in outs:
                if other != sid:
                    mark(sid, f"the Rust file pattern {f} moved here from {title_of[other]}")
                    mark(other, f"the Rust file pattern {f} moved to {title_of[sid]}")
        if not outs:
            for sid in ins:
                if not _is_rust_title(title_of[sid]) and sid in updated_ids:
                    gains.setdefault(sid, []).append(f)
        if not ins:
            for sid in outs:
                if not _is_rust_title(title_of[sid]) and title_of[sid] not in gone_data:
                    losses.setdefault(sid, []).append(f)
    for sid, patterns in gains.items():
        mark(sid, f"F: gains Rust file pattern{'s' if len(patterns) > 1 else ''} {', '.join(patterns)}")
    for sid, patterns in losses.items():
        mark(sid, f"F: loses Rust file pattern{'s' if len(patterns) > 1 else ''} {', '.join(patterns)}")
    for t, data in new_subsystems.items():
        if t in old_subsystems:
            continue
        partner = c_title(t)
        if partner in old_subsystems:
            mark(new_subsystems[partner]["id"], f"a Rust entry appeared beside it: {t}")
        for other_t, other in new_subsystems.items():
            if other_t in old_subsystems and _is_rust_title(t) and related.get(other_t) is not None \
                    and related[other_t].why.startswith(f"C entry of {t}:"):
                mark(other["id"], f"a Rust entry appeared beside it: {t}")
    for d in gone_data.values():
        if d.get("renamed_to"):
            target_title = next(t for t, x in new_subsystems.items() if x["id"] == d["renamed_to"])
            mark(d["id"], f"the entry was renamed to {target_title}")
        else:
            mark(d["id"], "the entry is gone from MAINTAINERS")

    # -- changes ---------------------------------------------------------------------------------
    changes: list[Change] = []
    unchanged = 0

    def consider(kind: str, folder: str, data: dict[str, Any], old: Any,
                 source_lines: tuple[tuple[str, int], ...] = ()) -> bool:
        nonlocal unchanged
        if old is not None and same_data(old.data, data):
            unchanged += 1
            return False
        path = root / folder / f"{data['subsystem'] if kind == 'stance' else data['id']}.yaml"
        read = None  # the SHA-256 of the file as read: it is only replaced while it still has it
        if old is not None:
            raw = Path(old.path).read_bytes() if Path(old.path).is_file() else b""
            read = hashlib.sha256(raw).hexdigest()
            text = raw.decode("utf-8", "replace")
            for line, col in comment_positions(text) if text else []:
                problems.append(Problem(old.path, line, col, "import.comment", "error",
                                        "this record would be rewritten, and its comments would be lost",
                                        "move the text into a notes field, then sync again"))
            path = Path(old.path)
        changes.append(Change(kind, path, data, dump(data, KIND_BY_NAME[kind], shapes), old is None,
                              source_lines, read))
        return True

    for pid in sorted(person_data):
        if (consider("maintainer", "maintainers", person_data[pid], person_docs.get(pid), first_line.get(pid, ()))
                and pid not in person_docs):
            plan.people_created.append(pid)
    for e in entries:
        data = new_subsystems[e.title]
        old = subsystem_docs.get(e.title)
        if consider("subsystem", "subsystems", data, old,
                    (("", e.line), *((k, m.field_line(e, i)) for i, (k, _) in enumerate(e.fields)))):
            (plan.updated if old else plan.created).append(data["id"])
    for t, data in gone_data.items():
        consider("subsystem", "subsystems", data, subsystem_docs[t])
    when = (source or {}).get("date") or (today or reader.system_today()).isoformat()
    if len(when) != 10:
        when = (today or reader.system_today()).isoformat()
    for t, data in new_subsystems.items():
        sid = data["id"]
        if t not in old_subsystems and sid not in stance_docs:
            why = related[t].why if t in related else "the entry was asked for"
            renamed_from = [d["title"] for d in gone_data.values() if d.get("renamed_to") == sid]
            reason = (f"new record: the entry continues {renamed_from[0]}" if renamed_from
                      else f"new record: {why}")
            reasons = [reason, *(r for r in marks.pop(sid, []) if r != reason)]
            stance = {"subsystem": sid, "level": "unknown", "checked": when,
                      "needs_review": [{"release": release, "reason": r} for r in reasons]}
            consider("stance", "stances", stance, None)
            plan.marks.extend((sid, r) for r in reasons)
    for sid, reasons in sorted(marks.items()):
        doc = stance_docs.get(sid)
        if doc is None:
            continue
        data = dict(doc.data)
        existing = list(data.get("needs_review", ()))
        for reason in reasons:
            item = {"release": release, "reason": reason}
            if item not in existing:
                existing.append(item)
                plan.marks.append((sid, reason))
        data["needs_review"] = existing
        consider("stance", "stances", data, doc)
    if problems:
        return SyncPlan([], unchanged, problems, release)
    problems.extend(_check(tree, changes, m.path, schemas, display_path))
    plan.changes = changes if not problems else []
    plan.unchanged = unchanged
    plan.problems = problems
    return plan


def _same_text(old: dict[str, Any], entry: Entry, people: dict[str, Any]) -> bool:
    """Whether the record, written out as MAINTAINERS text with the people as they were recorded,
    says exactly what the entry says."""
    from kpolicy.records.model import FIELD_LETTERS, build_subsystem

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
    from kpolicy.records.shape import Shapes
    from kpolicy.records.schemas import KIND_BY_NAME
    from kpolicy.workflow.diff import _load, code, read_worktree, semantic_diff

    repo = root.resolve().parent
    old = read_worktree(repo, root)
    new = dict(old)
    import os

    for c in p.changes:
        kind = KIND_BY_NAME[c.kind]
        stem = Path(c.path).stem
        rel = Path(os.path.relpath(Path(c.path).resolve(), repo)).as_posix()
        new[(kind.name, stem)] = _load(kind, stem, rel, c.text, None)
    return semantic_diff(old, new, Shapes(), "the records before the sync", f"the sync to {code(file_label)}")
