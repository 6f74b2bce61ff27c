"""The record-by-record comparison behind `kpolicy diff`: two sides of records in, changes out.

Nothing here reads files or writes text. A change says what happened where (a field set, list
items added, a text reworded...), holding the values themselves; kpolicy.workflow.diff.report
turns changes into words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from kpolicy.records.kinds import Kind
from kpolicy.records.problems import Problem
from kpolicy.records.shape import Shape, Shapes
from kpolicy.records.yamlio import LoadError, load_text

# -- the sides ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    """One record file of a side: its data, or the problem that stops it loading."""

    kind: Kind
    stem: str
    path: str  # repository-relative path, as shown
    text: str | None
    data: dict[str, Any] | None
    problem: Problem | None = None


Side = dict[tuple[str, str], Loaded]  # (kind name, file stem) -> record


def loaded(kind: Kind, stem: str, shown: str, text: str | None, problem: Problem | None) -> Loaded:
    """A record file of a side from its text (None: it could not be read, problem says why)."""
    if text is None:
        return Loaded(kind, stem, shown, None, None, problem)
    try:
        return Loaded(kind, stem, shown, text, load_text(shown, text).data)
    except LoadError as e:
        return Loaded(kind, stem, shown, text, None, e.problem)


# -- changes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A step of a change's place: a field; kind is the record's kind for a top-level field."""

    key: str
    kind: str | None = None


@dataclass(frozen=True)
class Item:
    """A step of a change's place: an item of the list in field `field`."""

    value: Any
    field: str


Place = tuple[Field | Item, ...]


@dataclass(frozen=True)
class Change:
    """One change inside a record.

    what is one of: "added" / "removed" (list items, in items), "item-changed" (the item at the
    place changed, as inner says), "reordered" (old and new: the common items in their two
    orders), "reworded" (a prose text), "verified" (new: the new value of a verified field),
    "value" (old -> new), "set" (new), "unset" (old), "unverified-lifted" (a `verified: false`
    removed), "now-loads" (the record did not load before).
    """

    what: str
    place: Place = ()
    name: str = ""  # the field the change is in
    old: Any = None
    new: Any = None
    prose: bool = False  # the field holds prose (common.schema.json#/$defs/text)
    items: tuple[Any, ...] = ()
    inner: tuple[Change, ...] = ()


@dataclass
class Context:
    names: dict[str, str]  # maintainer id -> name
    titles: dict[str, str]  # subsystem id -> title


@dataclass
class RecordChange:
    kind: str
    stem: str
    status: str  # added, removed, modified, renamed, reformatted, broken
    path: str
    changes: list[Change] = field(default_factory=list)
    renamed_from: str | None = None  # the path of the record this one renames
    problem: Problem | None = None  # why the new side does not load
    data: dict[str, Any] | None = None  # an added record's data


# -- comparing values -----------------------------------------------------------------------------


def _normalise(value: Any) -> Any:
    """Drop 'verified: true' (absent means true), so that writing it out is no change."""
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items() if not (k == "verified" and v is True)}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


def _identity(item: Any) -> Any:
    if not isinstance(item, dict):
        return ("value", item)
    for key in ("url", "person", "kernel", "name"):
        if key in item:
            return (key, item[key])
    if "date" in item and "level" in item:
        return ("history", item["date"], item["level"])
    if "kind" in item and "id" in item:
        return ("record", item["kind"], item["id"])
    if "date" in item:
        return ("date", item["date"])
    return ("value", json.dumps(item, sort_keys=True))


def _is_prose(shape: Shape | None) -> bool:
    return shape is not None and shape.is_prose


def _person_refs_as_mappings(items: list[Any]) -> list[Any]:
    """A list of person references with each bare id written as {person: id}, the same reference."""
    return [{"person": x} if isinstance(x, str) else x for x in items]


def _compare_lists(place: Place, name: str, old: list[Any], new: list[Any], shape: Shape | None) -> list[Change]:
    if any(isinstance(x, dict) and "person" in x for x in (*old, *new)):
        old, new = _person_refs_as_mappings(old), _person_refs_as_mappings(new)
    old_ids = [_identity(x) for x in old]
    new_ids = [_identity(x) for x in new]
    old_by = dict(zip(old_ids, old, strict=True))
    new_by = dict(zip(new_ids, new, strict=True))
    changes: list[Change] = []
    added = tuple(new_by[i] for i in new_ids if i not in old_by)
    removed = tuple(old_by[i] for i in old_ids if i not in new_by)
    if added:
        changes.append(Change("added", place, name, items=added))
    if removed:
        changes.append(Change("removed", place, name, items=removed))
    item_shape = shape.item() if shape is not None else None
    for identity in new_ids:
        if identity in old_by and old_by[identity] != new_by[identity]:
            inner = _compare((*place, Item(new_by[identity], name)), old_by[identity], new_by[identity],
                             item_shape, name)
            if inner:
                changes.append(Change("item-changed", place, name, inner=tuple(inner)))
    common_old = [i for i in old_ids if i in new_by]
    common_new = [i for i in new_ids if i in old_by]
    if common_old != common_new:
        changes.append(Change("reordered", place, name, old=tuple(old_by[i] for i in common_old),
                              new=tuple(new_by[i] for i in common_new)))
    return changes


def _compare(place: Place, old: Any, new: Any, shape: Shape | None, name: str) -> list[Change]:
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        return _compare_mappings(place, old, new, shape)
    if isinstance(old, list) and isinstance(new, list):
        return _compare_lists(place, name, old, new, shape)
    if isinstance(old, str) and isinstance(new, str) and _is_prose(shape):
        return [Change("reworded", place, name, old, new, prose=True)]
    if name == "verified":
        return [Change("verified", place, name, new=new, prose=_is_prose(shape))]
    return [Change("value", place, name, old, new, prose=_is_prose(shape))]


def _compare_mappings(place: Place, old: dict[str, Any], new: dict[str, Any], shape: Shape | None,
                      kind: str | None = None) -> list[Change]:
    known = shape.properties if shape is not None else []
    keys = [k for k in known if k in old or k in new]
    keys += [k for k in list(old) + list(new) if k not in keys]
    keys = list(dict.fromkeys(keys))
    changes: list[Change] = []
    for key in keys:
        child = shape.child(key) if shape is not None else None
        at = (*place, Field(key, kind))
        if key not in old:
            changes.extend(_added_field(at, key, new[key], child))
        elif key not in new:
            changes.extend(_removed_field(at, key, old[key], child))
        else:
            changes.extend(_compare(at, old[key], new[key], child, key))
    return changes


def _added_field(place: Place, key: str, value: Any, shape: Shape | None) -> list[Change]:
    if isinstance(value, list):
        return _compare_lists(place, key, [], value, shape)
    if key == "verified" and value is False:
        return _compare(place, True, False, shape, key)
    return [Change("set", place, key, new=value, prose=_is_prose(shape))]


def _removed_field(place: Place, key: str, value: Any, shape: Shape | None) -> list[Change]:
    if isinstance(value, list):
        return _compare_lists(place, key, value, [], shape)
    if key == "verified" and value is False:
        return [Change("unverified-lifted", place, key)]
    return [Change("unset", place, key, old=value, prose=_is_prose(shape))]


# -- comparing records ----------------------------------------------------------------------------


def _without(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in _normalise(data).items() if k != key}


def _context(old: Side, new: Side) -> Context:
    """The names of maintainers and titles of subsystems on both sides; the new side's win."""
    ctx = Context({}, {})
    for side in (old, new):
        for (kind, stem), rec in side.items():
            if rec.data is None:
                continue
            if kind == "maintainer" and isinstance(rec.data.get("name"), str):
                ctx.names[stem] = rec.data["name"]
            if kind == "subsystem" and isinstance(rec.data.get("title"), str):
                ctx.titles[stem] = rec.data["title"]
    return ctx


def _renames(old: Side, new: Side) -> dict[tuple[str, str], tuple[str, str]]:
    """New record -> old record it renames: same kind, same data but for the id."""
    removed_keys = [k for k in old if k not in new]
    renamed: dict[tuple[str, str], tuple[str, str]] = {}
    for a in (k for k in new if k not in old):
        after = new[a].data
        if after is None:
            continue
        id_field = new[a].kind.id_field
        for r in removed_keys:
            before = old[r].data
            if a[0] == r[0] and r not in renamed.values() and before is not None \
                    and _without(after, id_field) == _without(before, id_field):
                renamed[a] = r
                break
    return renamed


def _compare_record(key: tuple[str, str], before: Loaded | None, after: Loaded | None,
                    shapes: Shapes) -> RecordChange | None:
    """What happened to one record that is not part of a rename (None: nothing)."""
    rec = after or before
    assert rec is not None
    if after is not None and after.problem is not None:
        return RecordChange(key[0], key[1], "broken", rec.path, problem=after.problem)
    if before is None:
        assert after is not None and after.data is not None
        return RecordChange(key[0], key[1], "added", rec.path, data=after.data)
    if after is None:
        return RecordChange(key[0], key[1], "removed", rec.path)
    if before.problem is not None:  # only the old side is broken: the change repairs it
        return RecordChange(key[0], key[1], "modified", rec.path, [Change("now-loads")])
    assert before.data is not None and after.data is not None
    if before.text == after.text:
        return None
    changes = _compare_mappings((), _normalise(before.data), _normalise(after.data), shapes.root(after.kind),
                                key[0])
    return RecordChange(key[0], key[1], "modified" if changes else "reformatted", rec.path, changes)


def compare_sides(old: Side, new: Side, shapes: Shapes) -> tuple[list[RecordChange], Context]:
    """Every record that changed from old to new, in (kind, stem) order, and the names to show."""
    renamed = _renames(old, new)
    renamed_from = set(renamed.values())
    results: list[RecordChange] = []
    for key in sorted(set(old) | set(new)):
        if key in renamed_from:
            continue
        before, after = old.get(key), new.get(key)
        if before is None and key in renamed:
            assert after is not None
            results.append(RecordChange(key[0], key[1], "renamed", after.path,
                                        renamed_from=old[renamed[key]].path))
            continue
        change = _compare_record(key, before, after, shapes)
        if change is not None:
            results.append(change)
    return results, _context(old, new)


__all__ = [
    "Change",
    "Context",
    "Field",
    "Item",
    "Loaded",
    "Place",
    "RecordChange",
    "Side",
    "compare_sides",
    "loaded",
]
