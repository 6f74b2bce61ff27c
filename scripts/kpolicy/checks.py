"""Cross-record checks: each a small named function in a registry, skippable by id.

A check receives the Tree of schema-valid documents and yields Problems. Checks run
only on documents that passed their schema, so they may rely on the shapes the
schema guarantees; existence is judged by file name, so a broken record does not
make every reference to it look dangling.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .problems import Problem
from .records import is_primary, release_key
from .tree import Tree
from .yamlio import Document

Finding = tuple[Document, tuple[Any, ...], str, "str | None"]  # document, path to the value, message, hint


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    description: str
    run: Callable[[Tree], Iterator[Problem]]


REGISTRY: dict[str, Check] = {}


def check(check_id: str, severity: str = "error") -> Callable[[Callable[[Tree], Iterator[Finding]]], Callable]:
    """Register a check. The function yields (document, path, message, hint); path points at the value."""

    def register(fn: Callable[[Tree], Iterator[Finding]]) -> Callable:
        def run(tree: Tree) -> Iterator[Problem]:
            for doc, path, message, hint in fn(tree):
                line, col = doc.position(path)
                yield Problem(doc.path, line, col, check_id, severity, message, hint)

        REGISTRY[check_id] = Check(check_id, severity, (fn.__doc__ or "").strip(), run)
        return fn

    return register


def run_checks(tree: Tree, skip: set[str] = frozenset()) -> list[Problem]:
    problems: list[Problem] = []
    for c in REGISTRY.values():
        if c.id not in skip:
            problems.extend(c.run(tree))
    return problems


def _stem(doc: Document) -> str:
    name = doc.path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.removesuffix(".yaml")


@dataclass
class _Scan:
    """What two checks need from every record, found in one walk."""
    sources: list[tuple[tuple[Any, ...], list[Any]]]  # every 'sources' list
    dates: list[tuple[tuple[Any, ...], str]]  # every date value


def _scan(tree: Tree, doc: Document) -> _Scan:
    key = ("scan", id(doc))
    found = tree.memo.get(key)
    if found is None:
        found = tree.memo[key] = _Scan([], [])
        todo: list[tuple[tuple[Any, ...], Any]] = [((), doc.data)]
        while todo:
            path, value = todo.pop()
            items = value.items() if type(value) is dict else enumerate(value)
            for k, v in items:
                if type(v) is str:
                    if k in ("date", "as_of") or (k == "since" and path[-1:] == ("rule",)):
                        found.dates.append((path + (k,), v))
                elif type(v) is dict or type(v) is list:
                    if k == "sources" and type(v) is list:
                        found.sources.append((path + (k,), v))
                    todo.append((path + (k,), v))
    return found


def _all_docs(tree: Tree) -> Iterator[tuple[str, Document]]:
    for kind, docs in tree.docs.items():
        for doc in docs:
            yield kind, doc


ID_FIELDS = {"subsystem": "id", "maintainer": "id", "stance": "subsystem", "version-policy": "tool",
             "policy-section": "id", "event": "id", "release": "release"}


@check("id-file-name")
def id_equals_file_name(tree: Tree) -> Iterator[Finding]:
    """A record's id equals its file name."""
    for kind, doc in _all_docs(tree):
        key = ID_FIELDS[kind]
        if doc.data[key] != _stem(doc):
            yield doc, (key,), f"{key} {doc.data[key]!r} differs from the file name {_stem(doc)!r}", \
                f"rename the file to {doc.data[key]}.yaml, or change {key}"


def _person_refs(doc: Document, kind: str) -> Iterator[tuple[tuple[Any, ...], str]]:
    d = doc.data
    if kind == "subsystem":
        for field in ("maintainers", "reviewers"):
            for i, ref in enumerate(d.get(field, ())):
                if isinstance(ref, str):
                    yield (field, i), ref
                else:
                    yield (field, i, "person"), ref["person"]
    elif kind == "stance":
        for i, person in enumerate(d.get("rust_maintainers", ())):
            yield ("rust_maintainers", i), person
    elif kind == "event":
        for i, person in enumerate(d.get("people", ())):
            yield ("people", i), person


@check("ref-maintainer")
def maintainers_exist(tree: Tree) -> Iterator[Finding]:
    """Every person a record names has a maintainer record."""
    known = tree.stems["maintainer"]
    for kind, doc in _all_docs(tree):
        for path, person in _person_refs(doc, kind):
            if person not in known:
                yield doc, path, f"no maintainer record {person!r}", f"add policies/maintainers/{person}.yaml"


@check("ref-subsystem")
def subsystems_exist(tree: Tree) -> Iterator[Finding]:
    """Every subsystem a record names exists, and no entry pairs with itself."""
    known = tree.stems["subsystem"]
    for doc in tree.docs["subsystem"]:
        for i, other in enumerate(doc.data.get("pairs_with", ())):
            if other == doc.data["id"]:
                yield doc, ("pairs_with", i), "an entry cannot pair with itself", None
            elif other not in known:
                yield doc, ("pairs_with", i), f"no subsystem record {other!r}", None
        if "renamed_to" in doc.data and doc.data["renamed_to"] not in known:
            yield doc, ("renamed_to",), f"no subsystem record {doc.data['renamed_to']!r}", None
    for doc in tree.docs["stance"]:
        if doc.data["subsystem"] not in known:
            yield doc, ("subsystem",), f"stance for a subsystem that has no record: {doc.data['subsystem']!r}", \
                f"add policies/subsystems/{doc.data['subsystem']}.yaml"
    for doc in tree.docs["event"]:
        for i, s in enumerate(doc.data.get("subsystems", ())):
            if s not in known:
                yield doc, ("subsystems", i), f"no subsystem record {s!r}", None


@check("renamed-cycle")
def renames_end(tree: Tree) -> Iterator[Finding]:
    """Following renamed_to from any entry ends at an entry that was not renamed."""
    target = {d.data["id"]: d.data["renamed_to"] for d in tree.docs["subsystem"] if "renamed_to" in d.data}
    for doc in tree.docs["subsystem"]:
        start = doc.data["id"]
        seen = [start]
        current = target.get(start)
        while current is not None and current not in seen:
            seen.append(current)
            current = target.get(current)
        if current is not None:
            yield doc, ("renamed_to",), f"renamed_to goes round in a circle: {' -> '.join(seen + [current])}", None


_FOLDER_OF = {"subsystem": "subsystem", "maintainer": "maintainer", "stance": "stance",
              "version-policy": "version-policy", "event": "event"}


@check("ref-record")
def linked_records_exist(tree: Tree) -> Iterator[Finding]:
    """Records that a policy section links to exist."""
    for doc in tree.docs["policy-section"]:
        for i, link in enumerate(doc.data.get("records", ())):
            if link["id"] not in tree.stems[_FOLDER_OF[link["kind"]]]:
                yield doc, ("records", i, "id"), f"no {link['kind']} record {link['id']!r}", None


def _claims_needing_sources(kind: str, d: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if kind == "stance":
        if d["level"] != "unknown":
            yield (), f"stance {d['level']!r}"
        for i, _ in enumerate(d.get("history", ())):
            yield ("history", i), "history entry"
    elif kind in ("event", "release"):
        yield (), kind
    elif kind == "version-policy":
        for i, _ in enumerate(d["minimums"]):
            yield ("minimums", i), "version step"
        if "rule" in d:
            yield ("rule",), "rule"
        for name in ("rule_history", "distributions", "unstable_features"):
            for i, _ in enumerate(d.get(name, ())):
                yield (name, i), name.replace("_", " ").rstrip("s")
    elif kind == "policy-section":
        yield (), "policy section"
    elif kind == "subsystem" and "sources" in d.get("fields_from", {}):
        yield ("fields_from",), "fields_from"


@check("sources-required")
def claims_have_sources(tree: Tree) -> Iterator[Finding]:
    """Every stance other than unknown, every event, version step, rule and section cites a source."""
    for kind, doc in _all_docs(tree):
        for path, what in _claims_needing_sources(kind, doc.data):
            node = doc.data
            for part in path:
                node = node[part]
            if not node.get("sources"):
                where = path + ("sources",) if "sources" in node else path
                yield doc, where, f"{what} has no source", "add sources: [{url, title, date}], primary sources first"


@check("sources-primary-first")
def primary_sources_first(tree: Tree) -> Iterator[Finding]:
    """In every list of sources, primary ones (lore, kernel git, rust-for-linux.com) come first."""
    for _, doc in _all_docs(tree):
        for path, value in _scan(tree, doc).sources:
            if value:
                seen_secondary = False
                for i, s in enumerate(value):
                    if is_primary(s["url"]):
                        if seen_secondary:
                            yield doc, path + (i, "url"), \
                                f"primary source {s['url']} comes after a secondary one", \
                                "move primary sources (lore.kernel.org, kernel git, rust-for-linux.com) to the top"
                            break
                    else:
                        seen_secondary = True


def _parse_date(value: str) -> datetime.date:
    """The earliest day a possibly partial ISO date can mean; ValueError if it is no real date."""
    parts = [int(p) for p in value.split("-")]
    year, month, day = parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
    return datetime.date(year, month, day)


@check("date-valid")
def dates_are_real(tree: Tree) -> Iterator[Finding]:
    """Dates are real calendar dates and not in the future."""
    for _, doc in _all_docs(tree):
        for path, value in _scan(tree, doc).dates:
            try:
                day = _parse_date(value)
            except ValueError:
                yield doc, path, f"{value!r} is not a real date", "write YYYY-MM-DD, YYYY-MM or YYYY"
                continue
            if day > tree.today:
                yield doc, path, f"{value!r} is in the future", None


def _sort_key(value: str) -> tuple[int, ...]:
    try:
        d = _parse_date(value)
        return (d.year, d.month, d.day)
    except ValueError:
        return (0,)


@check("history-order")
def histories_in_order(tree: Tree) -> Iterator[Finding]:
    """Histories are oldest first and end no later than the current state."""
    for doc in tree.docs["stance"]:
        yield from _ordered(doc, "history", "date", doc.data["as_of"], "as_of")
    for doc in tree.docs["version-policy"]:
        rule = doc.data.get("rule")
        yield from _ordered(doc, "rule_history", "date", rule["since"] if rule else None, "rule.since")


def _ordered(doc: Document, key: str, date_key: str, ceiling: str | None, ceiling_name: str) -> Iterator[Finding]:
    items = doc.data.get(key, ())
    for i in range(1, len(items)):
        if _sort_key(items[i][date_key]) < _sort_key(items[i - 1][date_key]):
            yield doc, (key, i, date_key), \
                f"{key}[{i}] ({items[i][date_key]}) is older than {key}[{i - 1}] ({items[i - 1][date_key]})", \
                "list history oldest first"
    if ceiling and items and _sort_key(items[-1][date_key]) > _sort_key(ceiling):
        yield doc, (key, len(items) - 1, date_key), \
            f"{key} ends after {ceiling_name} ({items[-1][date_key]} > {ceiling})", None


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


@check("version-order")
def versions_never_decrease(tree: Tree) -> Iterator[Finding]:
    """Version steps follow kernel release order, and minimum versions never decrease."""
    for doc in tree.docs["version-policy"]:
        steps = doc.data["minimums"]
        for i in range(1, len(steps)):
            prev, cur = steps[i - 1], steps[i]
            if release_key(cur["kernel"]) <= release_key(prev["kernel"]):
                yield doc, ("minimums", i, "kernel"), \
                    f"kernel {cur['kernel']} does not come after {prev['kernel']}", "list steps in release order"
            elif _version_key(cur["version"]) < _version_key(prev["version"]):
                message = (f"{doc.data['tool']} {cur['version']} for {cur['kernel']} is lower than "
                           f"{prev['version']} for {prev['kernel']}")
                yield doc, ("minimums", i, "version"), message, None


@check("kernel-range")
def kernel_ranges_ordered(tree: Tree) -> Iterator[Finding]:
    """A subsystem's kernel.since comes before kernel.until."""
    for doc in tree.docs["subsystem"]:
        k = doc.data.get("kernel", {})
        if "since" in k and "until" in k and release_key(k["until"]) <= release_key(k["since"]):
            yield doc, ("kernel", "until"), f"until {k['until']} is not after since {k['since']}", None


@check("subsystem-title-unique")
def titles_unique(tree: Tree) -> Iterator[Finding]:
    """No two subsystem records share a MAINTAINERS title."""
    seen: dict[str, str] = {}
    for doc in sorted(tree.docs["subsystem"], key=lambda d: d.path):
        title = doc.data["title"]
        if title in seen:
            yield doc, ("title",), f"title {title!r} is already used by {seen[title]}", None
        else:
            seen[title] = doc.path


@check("maintainer-email-unique")
def emails_unique(tree: Tree) -> Iterator[Finding]:
    """An address belongs to one person."""
    seen: dict[str, str] = {}
    for doc in sorted(tree.docs["maintainer"], key=lambda d: d.path):
        for i, email in enumerate(doc.data.get("emails", ())):
            low = email.lower()
            if low in seen:
                yield doc, ("emails", i), f"{email} is also an address of {seen[low]}", "merge the two records"
            else:
                seen[low] = doc.data["id"]


@check("person-email-known")
def ref_emails_recorded(tree: Tree) -> Iterator[Finding]:
    """An address a subsystem writes for a person is one of that person's recorded addresses."""
    emails = {d.data["id"]: {e.lower() for e in d.data.get("emails", ())} for d in tree.docs["maintainer"]}
    for doc in tree.docs["subsystem"]:
        for field in ("maintainers", "reviewers"):
            for i, ref in enumerate(doc.data.get(field, ())):
                if (isinstance(ref, dict) and ref.get("email") and ref["person"] in emails
                        and ref["email"].lower() not in emails[ref["person"]]):
                    yield doc, (field, i, "email"), f"{ref['email']} is not among {ref['person']}'s addresses", \
                        f"add it to policies/maintainers/{ref['person']}.yaml"


@check("maintainer-unreferenced", "warning")
def maintainers_referenced(tree: Tree) -> Iterator[Finding]:
    """Every maintainer record is named by some subsystem, stance or event."""
    used = {person for kind, doc in _all_docs(tree) for _, person in _person_refs(doc, kind)}
    for doc in tree.docs["maintainer"]:
        if doc.data["id"] not in used:
            yield doc, ("id",), f"no subsystem, stance or event names {doc.data['id']!r}", \
                "remove the record, or reference the person"


@check("stance-missing", "warning")
def every_subsystem_has_stance(tree: Tree) -> Iterator[Finding]:
    """Every subsystem has a stance record ('unknown' where nothing is known)."""
    for doc in tree.docs["subsystem"]:
        if doc.data["id"] not in tree.stems["stance"]:
            yield doc, ("id",), f"no stance record for {doc.data['id']!r}", \
                f"add policies/stances/{doc.data['id']}.yaml with level: unknown"


@check("stance-rust-maintainers", "warning")
def submaintainer_named(tree: Tree) -> Iterator[Finding]:
    """A stance that relies on a Rust sub-maintainer names them."""
    for doc in tree.docs["stance"]:
        if doc.data["level"] == "rust-submaintainer" and not doc.data.get("rust_maintainers"):
            yield doc, ("level",), "level rust-submaintainer but no rust_maintainers", None


@check("as-of-after-sources", "warning")
def as_of_not_before_sources(tree: Tree) -> Iterator[Finding]:
    """A stance or section is not marked checked before the newest source it cites."""
    for kind in ("stance", "policy-section"):
        for doc in tree.docs[kind]:
            newest = max((s["date"] for s in doc.data.get("sources", ())), key=_sort_key, default=None)
            if newest and _sort_key(newest) > _sort_key(doc.data["as_of"]):
                yield doc, ("as_of",), f"as_of {doc.data['as_of']} is older than a cited source ({newest})", None


_DOCUMENTED_STATUS = ("supported", "maintained", "odd fixes", "orphan", "obsolete")


@check("status-known", "warning")
def status_documented(tree: Tree) -> Iterator[Finding]:
    """S: values start with one of the documented statuses."""
    for doc in tree.docs["subsystem"]:
        for i, status in enumerate(doc.data.get("status", ())):
            if not status.lower().startswith(_DOCUMENTED_STATUS):
                yield doc, ("status", i), f"status {status!r} is not one of the documented values", \
                    "Supported, Maintained, Odd Fixes, Orphan, Obsolete"


@check("regex-valid")
def regexes_compile(tree: Tree) -> Iterator[Finding]:
    """N: and K: patterns are valid regular expressions."""
    for doc in tree.docs["subsystem"]:
        for field in ("regexes", "keywords"):
            for i, pattern in enumerate(doc.data.get(field, ())):
                try:
                    re.compile(pattern)
                except (re.error, RecursionError, OverflowError) as e:
                    yield doc, (field, i), f"invalid regular expression {pattern!r}: {e}", None


@check("policy-numbering")
def sections_numbered(tree: Tree) -> Iterator[Finding]:
    """Policy sections are numbered 1..N without gaps, and each id starts with its number."""
    docs = sorted(tree.docs["policy-section"], key=lambda d: d.data["number"])
    seen: dict[int, str] = {}
    for doc in docs:
        n = doc.data["number"]
        if not doc.data["id"].startswith(f"{n:02d}-"):
            yield doc, ("id",), f"id {doc.data['id']!r} does not start with the section number {n:02d}", None
        if n in seen:
            yield doc, ("number",), f"section number {n} is also used by {seen[n]}", None
        seen[n] = doc.path
    for expected, doc in enumerate(docs, start=1):
        if doc.data["number"] > expected and expected not in seen:
            yield doc, ("number",), f"section {expected} is missing before section {doc.data['number']}", None
            break


@check("event-id-date")
def event_ids_start_with_date(tree: Tree) -> Iterator[Finding]:
    """An event's id starts with its date."""
    for doc in tree.docs["event"]:
        if not doc.data["id"].startswith(doc.data["date"] + "-"):
            yield doc, ("id",), f"id {doc.data['id']!r} does not start with the date {doc.data['date']}", None


@check("maintainers-file-match")
def fields_match_maintainers_file(tree: Tree) -> Iterator[Finding]:
    """With validate --maintainers FILE: a record whose fields_from.maintainers_file is FILE's version has
    exactly the fields of FILE's entry of the same title (M:/R: as the lines 'Name <email>')."""
    m = tree.maintainers_file
    if m is None or not m.version:
        return
    from .records import FIELD_LETTERS, build_maintainer, build_subsystem

    entries = tree.memo.get("maintainers-file-entries")
    if entries is None:
        entries = tree.memo["maintainers-file-entries"] = m.by_title()
    people = {d.data["id"]: build_maintainer(d.data) for d in tree.docs["maintainer"]}
    shown = m.path.replace("\\", "/").rsplit("/", 1)[-1]
    for doc in tree.docs["subsystem"]:
        if doc.data.get("fields_from", {}).get("maintainers_file") != m.version:
            continue
        entry = entries.get(doc.data["title"])
        if entry is None:
            yield doc, ("title",), f"{shown} has no entry titled {doc.data['title']!r}", \
                "correct the title, or fields_from.maintainers_file"
            continue
        record = build_subsystem(doc.data, people)
        for letter, key in FIELD_LETTERS:
            mine, theirs = record.field_lines(letter), entry.values(letter)
            if mine == theirs:
                continue
            for i, value in enumerate(mine):
                if value not in theirs:
                    yield doc, (key, i), f"{letter}: {value!r} is not in the entry of {shown}", None
            for value in theirs:
                if value not in mine:
                    line = m.field_line(entry, entry.fields.index((letter, value)))
                    yield doc, (key,) if key in doc.data else ("title",), \
                        f"{letter}: the entry of {shown} has {value!r} (its line {line}), the record does not", None
            if sorted(mine) == sorted(theirs):
                yield doc, (key,), f"{letter}: the same values as {shown}, in another order", None
