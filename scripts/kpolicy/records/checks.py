"""Cross-record checks: each a small named function in a registry, skippable by id.

A check receives the RecordSet of schema-valid documents and yields Problems. Checks run
only on documents that passed their schema, so they may rely on the shapes the
schema guarantees; existence is judged by file name, so a broken record does not
make every reference to it look dangling.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kpolicy.records.kinds import KIND_BY_NAME
from kpolicy.records.patterns import PatternError, compile_linear
from kpolicy.records.problems import Problem
from kpolicy.records.model import release_bound, release_key, show_release_bound
from kpolicy.records.reader import RecordSet
from kpolicy.text.urls import NotNormal, is_primary, normal_form
from kpolicy.records.yamlio import Document

Finding = tuple[Document, tuple[Any, ...], str, "str | None"]  # document, path to the value, message, hint


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    description: str
    run: Callable[[RecordSet], Iterator[Problem]]


REGISTRY: dict[str, Check] = {}


def check(check_id: str, severity: str = "error") -> Callable[[Callable[[RecordSet], Iterator[Finding]]], Callable]:
    """Register a check. The function yields (document, path, message, hint); path points at the value."""

    def register(fn: Callable[[RecordSet], Iterator[Finding]]) -> Callable:
        def run(tree: RecordSet) -> Iterator[Problem]:
            for doc, path, message, hint in fn(tree):
                line, col = doc.position(path)
                yield Problem(doc.path, line, col, check_id, severity, message, hint)

        REGISTRY[check_id] = Check(check_id, severity, (fn.__doc__ or "").strip(), run)
        return fn

    return register


def run_checks(tree: RecordSet, skip: set[str] = frozenset()) -> list[Problem]:
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
    urls: list[tuple[tuple[Any, ...], str]]  # every url value (sources, links)


def _scan(tree: RecordSet, doc: Document) -> _Scan:
    key = ("scan", id(doc))
    found = tree.memo.get(key)
    if found is None:
        found = tree.memo[key] = _Scan([], [], [])
        todo: list[tuple[tuple[Any, ...], Any]] = [((), doc.data)]
        while todo:
            path, value = todo.pop()
            items = value.items() if type(value) is dict else enumerate(value)
            for k, v in items:
                if type(v) is str:
                    if k in ("date", "as_of", "checked") or (k == "since" and path[-1:] == ("rule",)):
                        found.dates.append((path + (k,), v))
                    elif k == "url":
                        found.urls.append((path + (k,), v))
                elif type(v) is dict or type(v) is list:
                    if k == "sources" and type(v) is list:
                        found.sources.append((path + (k,), v))
                    todo.append((path + (k,), v))
    return found


def _all_docs(tree: RecordSet) -> Iterator[tuple[str, Document]]:
    for kind, docs in tree.docs.items():
        for doc in docs:
            yield kind, doc


@check("id-file-name")
def id_equals_file_name(tree: RecordSet) -> Iterator[Finding]:
    """A record's id equals its file name."""
    for kind, doc in _all_docs(tree):
        key = KIND_BY_NAME[kind].id_field
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
        for i, change in enumerate(d.get("people_history", ())):
            yield ("people_history", i, "person"), change["person"]
    elif kind == "stance":
        for i, person in enumerate(d.get("rust_maintainers", ())):
            yield ("rust_maintainers", i), person
    elif kind == "event":
        for i, person in enumerate(d.get("people", ())):
            yield ("people", i), person


@check("ref-maintainer")
def maintainers_exist(tree: RecordSet) -> Iterator[Finding]:
    """Every person a record names has a maintainer record."""
    known = tree.stems["maintainer"]
    for kind, doc in _all_docs(tree):
        for path, person in _person_refs(doc, kind):
            if person not in known:
                yield doc, path, f"no maintainer record {person!r}", f"add policies/maintainers/{person}.yaml"


@check("ref-subsystem")
def subsystems_exist(tree: RecordSet) -> Iterator[Finding]:
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
def renames_end(tree: RecordSet) -> Iterator[Finding]:
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


@check("ref-record")
def linked_records_exist(tree: RecordSet) -> Iterator[Finding]:
    """Records that a policy section links to exist."""
    for doc in tree.docs["policy-section"]:
        for i, link in enumerate(doc.data.get("records", ())):
            if link["id"] not in tree.stems[link["kind"]]:
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
        for name in ("rule_history", "distributions", "unstable_features", "architectures"):
            for i, _ in enumerate(d.get(name, ())):
                yield (name, i), {"architectures": "architecture list"}.get(name, name.replace("_", " ").rstrip("s"))
    elif kind == "policy-section":
        yield (), "policy section"
    elif kind == "subsystem" and "sources" in d.get("fields_from", {}):
        yield ("fields_from",), "fields_from"


@check("sources-required")
def claims_have_sources(tree: RecordSet) -> Iterator[Finding]:
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
def primary_sources_first(tree: RecordSet) -> Iterator[Finding]:
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


@check("url-normal")
def urls_in_normal_form(tree: RecordSet) -> Iterator[Finding]:
    """Every URL is written in its RFC 3986 normal form (no '..', no needless percent-encoding, no
    user name, lowercase scheme and host), so that what a reviewer reads is where a browser goes."""
    for _, doc in _all_docs(tree):
        for path, url in sorted(_scan(tree, doc).urls):
            try:
                normal = normal_form(url)
            except NotNormal as e:
                yield doc, path, f"{url!r}: {e}", None
                continue
            if normal != url:
                yield doc, path, f"{url!r} is not written in its normal form", f"write {normal}"


def _parse_date(value: str) -> datetime.date:
    """The earliest day a possibly partial ISO date can mean; ValueError if it is no real date."""
    parts = [int(p) for p in value.split("-")]
    year, month, day = parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
    return datetime.date(year, month, day)


@check("date-valid")
def dates_are_real(tree: RecordSet) -> Iterator[Finding]:
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
def histories_in_order(tree: RecordSet) -> Iterator[Finding]:
    """Histories are oldest first and end no later than the current state."""
    for doc in tree.docs["stance"]:
        yield from _ordered(doc, "history", "date", doc.data["checked"], "checked")
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
def versions_never_decrease(tree: RecordSet) -> Iterator[Finding]:
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


@check("version-architectures")
def architecture_minimums_fit(tree: RecordSet) -> Iterator[Finding]:
    """An architecture's minimum is above its step's general one and named once; architecture lists
    follow release order and name each architecture once."""
    for doc in tree.docs["version-policy"]:
        for i, step in enumerate(doc.data["minimums"]):
            seen: set[str] = set()
            for j, a in enumerate(step.get("architectures", ())):
                if a["arch"] in seen:
                    yield doc, ("minimums", i, "architectures", j, "arch"), f"{a['arch']} is listed twice", None
                seen.add(a["arch"])
                if _version_key(a["version"]) <= _version_key(step["version"]):
                    yield doc, ("minimums", i, "architectures", j, "version"), \
                        f"{a['arch']} needs {a['version']}, not more than the general {step['version']}", \
                        "list only architectures that need more than the step's version"
        releases = doc.data.get("architectures", ())
        for i, r in enumerate(releases):
            if i and release_key(r["kernel"]) <= release_key(releases[i - 1]["kernel"]):
                yield doc, ("architectures", i, "kernel"), \
                    f"kernel {r['kernel']} does not come after {releases[i - 1]['kernel']}", "list releases in order"
            names = [a["arch"] for a in r["supported"]]
            for j, name in enumerate(names):
                if name in names[:j]:
                    yield doc, ("architectures", i, "supported", j, "arch"), f"{name} is listed twice", None


@check("kernel-range")
def kernel_ranges_ordered(tree: RecordSet) -> Iterator[Finding]:
    """A subsystem's kernel.since comes before kernel.until; a window's 'after' comes before its 'by';
    people_history is in release order with each change's 'after' before its 'by'."""
    for doc in tree.docs["subsystem"]:
        k = doc.data.get("kernel", {})
        for key in ("since", "until"):
            after, by = release_bound(k.get(key))
            if after and by and release_key(after) >= release_key(by):
                yield doc, ("kernel", key, "after"), f"{key}: after {after} is not before by {by}", None
        since, until = release_bound(k.get("since"))[1], k.get("until")
        until_after, until_by = release_bound(until)
        if since and until_by and release_key(until_by) <= release_key(since):
            yield doc, ("kernel", "until"), \
                f"until {show_release_bound(until)} is not after since {show_release_bound(k['since'])}", None
        elif since and until_after and release_key(until_after) < release_key(since):
            yield doc, ("kernel", "until", "after"), \
                f"until: after {until_after} comes before since {show_release_bound(k['since'])}", None
        previous = None
        for i, h in enumerate(doc.data.get("people_history", ())):
            if release_key(h["after"]) >= release_key(h["by"]):
                yield doc, ("people_history", i, "after"), f"after {h['after']} is not before by {h['by']}", None
            elif previous is not None and release_key(h["by"]) < release_key(previous):
                yield doc, ("people_history", i, "by"), f"by {h['by']} comes before the change above it ({previous})", \
                    "list changes oldest first"
            previous = h["by"]


@check("maintainers-text")
def writable_as_maintainers_text(tree: RecordSet) -> Iterator[Finding]:
    """A subsystem's title and field values can be written as MAINTAINERS text: no title reads as a
    field line ('M:...'), a comment or a blank line, no value holds a line break."""
    from kpolicy.text.maintainers import title_problem, value_problem
    from kpolicy.records.model import FIELD_LETTERS

    for doc in tree.docs["subsystem"]:
        why = title_problem(doc.data["title"])
        if why:
            yield doc, ("title",), f"title {doc.data['title']!r}: {why}", \
                "write the title as MAINTAINERS has it (a title never starts with 'X:' or '#')"
        for _, key in FIELD_LETTERS:
            for i, value in enumerate(doc.data.get(key, ())):
                for text in ([value] if isinstance(value, str) else
                             [v for v in value.values() if isinstance(v, str)] if isinstance(value, dict) else []):
                    why = value_problem(text)
                    if why:
                        yield doc, (key, i), f"{key}[{i}]: {why}", None


def _strings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if type(value) is str:
        yield path, value
    elif type(value) is dict:
        for k, v in value.items():
            yield from _strings(v, path + (k,))
    elif type(value) is list:
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))


_HIDDEN_IN_RECORDS: Any = None


@check("text-hidden")
def no_hidden_characters(tree: RecordSet) -> Iterator[Finding]:
    """No text holds an invisible character or a bidi control (zero-width spaces, U+202E, ...): they
    make a value look like another or reorder what a reader sees. Tabs and line breaks are allowed
    where the schema allows them."""
    global _HIDDEN_IN_RECORDS
    if _HIDDEN_IN_RECORDS is None:
        import re

        from kpolicy.text.plain import HIDDEN_CHARACTERS
        _HIDDEN_IN_RECORDS = re.compile(HIDDEN_CHARACTERS.replace("\x00-\x1f", "\x00-\x08\x0b-\x1f"))
    for _, doc in _all_docs(tree):
        for path, text in _strings(doc.data):
            if text.isascii():
                continue
            m = _HIDDEN_IN_RECORDS.search(text)
            if m:
                char = m.group(0)
                message = (f"holds the invisible or direction-changing character U+{ord(char):04X} "
                           f"({unicodedata.name(char, 'unnamed')})")
                yield doc, path, message, "remove it; write plain text"


def _identity_fields(kind: str, d: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Ids, names, titles and addresses: the values that say who or what a record is."""
    key = KIND_BY_NAME[kind].id_field
    yield (key,), d[key]
    if kind == "maintainer":
        yield ("name",), d["name"]
        for i, a in enumerate(d.get("aliases", ())):
            yield ("aliases", i), a
        for i, e in enumerate(d.get("emails", ())):
            yield ("emails", i), e
    elif kind in ("subsystem", "event"):
        yield ("title",), d["title"]
    if kind == "subsystem":
        for field in ("maintainers", "reviewers"):
            for i, ref in enumerate(d.get(field, ())):
                if isinstance(ref, dict):
                    for k in ("name", "email"):
                        if isinstance(ref.get(k), str):
                            yield (field, i, k), ref[k]


@check("text-normal")
def identities_in_nfc(tree: RecordSet) -> Iterator[Finding]:
    """Ids, names, titles and addresses are in Unicode normal form C, so that one name is written one way."""
    for kind, doc in _all_docs(tree):
        for path, value in _identity_fields(kind, doc.data):
            if not value.isascii() and unicodedata.normalize("NFC", value) != value:
                yield doc, path, f"{value!r} is not in Unicode normal form C (composed characters)", \
                    f"write {unicodedata.normalize('NFC', value)!r}"


@check("confusable")
def no_look_alikes(tree: RecordSet) -> Iterator[Finding]:
    """No two people, two subsystem titles or two addresses look alike: their confusable skeletons
    (Unicode TR39) differ. Catches a Cyrillic letter in a name or an address, 'I' for 'l', and
    two records for the same name."""
    from kpolicy.text.confusables import skeleton

    groups: list[tuple[str, list[tuple[Document, tuple[Any, ...], str, str]]]] = [("person", []), ("title", []),
                                                                                   ("address", [])]
    for doc in sorted(tree.docs["maintainer"], key=lambda d: d.path):
        d = doc.data
        groups[0][1].extend((doc, p, v, d["id"]) for p, v in
                            [(("name",), d["name"]), *((("aliases", i), a) for i, a in enumerate(d.get("aliases", ())))])
        groups[2][1].extend((doc, ("emails", i), e.lower(), d["id"]) for i, e in enumerate(d.get("emails", ())))
    for doc in sorted(tree.docs["subsystem"], key=lambda d: d.path):
        groups[1][1].append((doc, ("title",), doc.data["title"], doc.data["id"]))
    for what, values in groups:
        seen: dict[str, tuple[Document, str, str]] = {}
        for doc, path, value, owner in values:
            key = skeleton(value)
            first = seen.setdefault(key, (doc, value, owner))
            if first[2] == owner:
                continue
            if what != "person" and first[1] == value:
                continue  # the same title or address twice: subsystem-title-unique, maintainer-email-unique
            yield doc, path, f"{what} {value!r} looks like {first[1]!r} of {first[0].path}", \
                "one person, title or address is written once; if they really differ, tell them apart in plain letters"


@check("subsystem-title-unique")
def titles_unique(tree: RecordSet) -> Iterator[Finding]:
    """No two subsystem records share a MAINTAINERS title."""
    seen: dict[str, str] = {}
    for doc in sorted(tree.docs["subsystem"], key=lambda d: d.path):
        title = doc.data["title"]
        if title in seen:
            yield doc, ("title",), f"title {title!r} is already used by {seen[title]}", None
        else:
            seen[title] = doc.path


@check("maintainer-email-unique")
def emails_unique(tree: RecordSet) -> Iterator[Finding]:
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
def ref_emails_recorded(tree: RecordSet) -> Iterator[Finding]:
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
def maintainers_referenced(tree: RecordSet) -> Iterator[Finding]:
    """Every maintainer record is named by some subsystem, stance or event."""
    used = {person for kind, doc in _all_docs(tree) for _, person in _person_refs(doc, kind)}
    for doc in tree.docs["maintainer"]:
        if doc.data["id"] not in used:
            yield doc, ("id",), f"no subsystem, stance or event names {doc.data['id']!r}", \
                "remove the record, or reference the person"


@check("stance-missing", "warning")
def every_subsystem_has_stance(tree: RecordSet) -> Iterator[Finding]:
    """Every subsystem has a stance record ('unknown' where nothing is known)."""
    for doc in tree.docs["subsystem"]:
        if doc.data["id"] not in tree.stems["stance"]:
            yield doc, ("id",), f"no stance record for {doc.data['id']!r}", \
                f"add policies/stances/{doc.data['id']}.yaml with level: unknown"


@check("stance-rust-maintainers", "warning")
def submaintainer_named(tree: RecordSet) -> Iterator[Finding]:
    """A stance that relies on a Rust sub-maintainer names them."""
    for doc in tree.docs["stance"]:
        if doc.data["level"] == "rust-submaintainer" and not doc.data.get("rust_maintainers"):
            yield doc, ("level",), "level rust-submaintainer but no rust_maintainers", None


@check("stance-needs-review", "warning")
def stance_needs_review(tree: RecordSet) -> Iterator[Finding]:
    """A stance whose facts changed in a release (needs_review, written by kpolicy sync) is re-examined
    by a person, who then removes the mark."""
    for doc in tree.docs["stance"]:
        for i, mark in enumerate(doc.data.get("needs_review", ())):
            yield doc, ("needs_review", i), f"needs review ({mark['release']}): {mark['reason']}", \
                "re-examine the stance against its sources and the release, then remove the mark"


@check("checked-after-sources", "warning")
def checked_not_before_sources(tree: RecordSet) -> Iterator[Finding]:
    """A stance (checked) or section (as_of) is not marked checked before the newest source it cites."""
    for kind, key in (("stance", "checked"), ("policy-section", "as_of")):
        for doc in tree.docs[kind]:
            dates = [s["date"] for s in doc.data.get("sources", ())]
            dates += [s["date"] for s in doc.data.get("since", {}).get("sources", ())]
            newest = max(dates, key=_sort_key, default=None)
            if newest and _sort_key(newest) > _sort_key(doc.data[key]):
                yield doc, (key,), f"{key} {doc.data[key]} is older than a cited source ({newest})", \
                    f"re-check the claim and set {key} to that day"


def _later(a: str, b: str) -> bool:
    """a is later than b at the precision both share ('2025-03' is not later than '2025-03-30')."""
    n = min(len(_sort_key(a)), len(_sort_key(b)), a.count("-") + 1, b.count("-") + 1)
    return _sort_key(a)[:n] > _sort_key(b)[:n]


@check("stance-since")
def since_fits_history(tree: RecordSet) -> Iterator[Finding]:
    """A stance's since comes after its history, is not after its last check, and a release range is ordered."""
    for doc in tree.docs["stance"]:
        since = doc.data.get("since")
        if since is None:
            continue
        if "after" in since and "kernel" not in since:
            yield doc, ("since", "after"), "since.after needs since.kernel (the first release known to show it)", None
        elif "after" in since and release_key(since["after"]) >= release_key(since["kernel"]):
            yield doc, ("since", "after"), f"since.after {since['after']} is not before since.kernel {since['kernel']}", \
                None
        if "date" in since:
            if _later(since["date"], doc.data["checked"]):
                yield doc, ("since", "date"), \
                    f"the level cannot begin ({since['date']}) after it was last checked ({doc.data['checked']})", None
            history = doc.data.get("history", ())
            if history and _later(history[-1]["date"], since["date"]):
                yield doc, ("since", "date"), \
                    f"since {since['date']} is older than the last history entry ({history[-1]['date']})", \
                    "the current level begins after the states in history"


_DOCUMENTED_STATUS = ("supported", "maintained", "odd fixes", "orphan", "obsolete")


@check("status-known", "warning")
def status_documented(tree: RecordSet) -> Iterator[Finding]:
    """S: values start with one of the documented statuses."""
    for doc in tree.docs["subsystem"]:
        for i, status in enumerate(doc.data.get("status", ())):
            if not status.lower().startswith(_DOCUMENTED_STATUS):
                yield doc, ("status", i), f"status {status!r} is not one of the documented values", \
                    "Supported, Maintained, Odd Fixes, Orphan, Obsolete"


@check("regex-valid")
def regexes_compile(tree: RecordSet) -> Iterator[Finding]:
    """N: and K: patterns are regular expressions the linear-time engine (RE2) runs: none can hang `who`."""
    for doc in tree.docs["subsystem"]:
        for field in ("regexes", "keywords"):
            for i, pattern in enumerate(doc.data.get(field, ())):
                try:
                    compile_linear(pattern)
                except PatternError as e:
                    yield doc, (field, i), f"invalid regular expression {pattern!r}: {e}", \
                        "write it without back-references or look-around (RE2 syntax)"


@check("policy-numbering")
def sections_numbered(tree: RecordSet) -> Iterator[Finding]:
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
def event_ids_start_with_date(tree: RecordSet) -> Iterator[Finding]:
    """An event's id starts with its date."""
    for doc in tree.docs["event"]:
        if not doc.data["id"].startswith(doc.data["date"] + "-"):
            yield doc, ("id",), f"id {doc.data['id']!r} does not start with the date {doc.data['date']}", None


@check("maintainers-file-match")
def fields_match_maintainers_file(tree: RecordSet) -> Iterator[Finding]:
    """With validate --maintainers FILE: a record whose fields_from.maintainers_file is FILE's version has
    exactly the fields of FILE's entry of the same title (M:/R: as the lines 'Name <email>')."""
    m = tree.maintainers_file
    if m is None or not m.version:
        return
    from kpolicy.records.model import FIELD_LETTERS, build_maintainer, build_subsystem

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
