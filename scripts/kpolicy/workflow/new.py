"""New records: a skeleton per kind that validates once its empty values are filled in.

The skeleton holds the required fields (and, for stances and events, one source to fill:
validation asks for a source on every stance other than 'unknown' and on every event),
written in the canonical layout, so that `kpolicy fmt` has nothing to change on it.
Every value to fill is an empty string; until it is filled, `kpolicy validate` points at it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpolicy.records.kinds import KIND_BY_NAME, Kind
from kpolicy.records.naming import slug
from kpolicy.records.shape import Shape, Shapes
from kpolicy.records.writer import dump

NEW_KINDS = ("subsystem", "maintainer", "stance", "event")

_EVENT_DATE = re.compile(r"^([0-9]{4}(?:-[0-9]{2}){0,2})-")


def _source() -> dict[str, str]:
    return {"url": "", "title": "", "date": ""}


def _event(record_id: str) -> dict[str, Any]:
    m = _EVENT_DATE.match(record_id)
    return {"id": record_id, "date": m.group(1) if m else "", "title": "", "kind": "", "sources": [_source()]}


SKELETONS: dict[str, Callable[[str], dict[str, Any]]] = {
    "subsystem": lambda i: {"id": i, "title": "", "fields_from": {"maintainers_file": ""}},
    "maintainer": lambda i: {"id": i, "name": ""},
    "stance": lambda i: {"subsystem": i, "level": "", "checked": "", "sources": [_source()]},
    "event": _event,
}


class ScaffoldError(Exception):
    """The record cannot be created: bad kind or id, or the file exists."""


@dataclass(frozen=True)
class Field:
    path: str  # e.g. "sources[0].url"
    description: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Created:
    path: Path
    text: str
    fill: tuple[Field, ...]  # the empty values to fill in
    optional: tuple[Field, ...]  # top-level fields the skeleton leaves out
    notes: tuple[tuple[str, tuple[str, ...]], ...]  # things to do next: (why, kpolicy arguments)


def id_error(kind: Kind, record_id: str, shapes: Shapes) -> str | None:
    """Why record_id cannot be the id of a record of this kind, or None if it can."""
    validator = shapes.schemas.validator(kind.schema)
    for error in validator.iter_errors({kind.id_field: record_id}):
        if tuple(error.absolute_path) != (kind.id_field,):
            continue
        rule = shapes.root(kind).child(kind.id_field)
        message = f"invalid {kind.name} id {record_id!r}"
        rule_text = rule.node.get("description") or rule.description if rule is not None else ""
        if rule_text:
            message += f": {rule_text}"
        suggested = slug(record_id, "")
        if kind.name == "event":
            rest = slug(_EVENT_DATE.sub("", record_id), "") or "what-happened"
            date = _EVENT_DATE.match(record_id)
            message += f" For example: {date.group(1) if date else 'YYYY-MM-DD'}-{rest}"
        elif suggested and suggested != record_id:
            message += f" Did you mean {suggested!r}?"
        return message
    return None


def _field_text(shape: Shape) -> str:
    """A field's own description, followed by that of its type when the field refers to one."""
    own, typed = shape.own_description or "", shape.node.get("description") or ""
    if own and typed and shape.refs and typed != own:
        return f"{own} {typed}"
    return own or typed


def _walk_placeholders(value: Any, shape: Shape | None, path: str) -> list[Field]:
    if isinstance(value, dict):
        out = []
        for key, inner in value.items():
            child = shape.child(key) if shape is not None else None
            out.extend(_walk_placeholders(inner, child, f"{path}.{key}" if path else key))
        return out
    if isinstance(value, list):
        item = shape.item() if shape is not None else None
        return [f for i, v in enumerate(value) for f in _walk_placeholders(v, item, f"{path}[{i}]")]
    if value == "":
        description = _field_text(shape) if shape is not None else ""
        options = tuple(str(o) for o in (shape.enum or ())) if shape is not None else ()
        if all(o in description for o in options):
            options = ()  # the description already names every option
        return [Field(path, description, options)]
    return []


def plan(kind_name: str, record_id: str, shapes: Shapes) -> tuple[Kind, dict[str, Any]]:
    """The kind and skeleton data for a new record; ScaffoldError if kind or id is invalid."""
    if kind_name not in NEW_KINDS:
        raise ScaffoldError(f"unknown kind {kind_name!r}; one of: {', '.join(NEW_KINDS)}")
    kind = KIND_BY_NAME[kind_name]
    problem = id_error(kind, record_id, shapes)
    if problem:
        raise ScaffoldError(problem)
    return kind, SKELETONS[kind_name](record_id)


def create(policies: Path, kind_name: str, record_id: str, shapes: Shapes | None = None) -> Created:
    """Write policies/<folder>/<id>.yaml as a skeleton. Refuses to overwrite."""
    from kpolicy.records.atomic import atomic_write

    shapes = shapes or Shapes()
    kind, data = plan(kind_name, record_id, shapes)
    if not policies.is_dir():
        raise ScaffoldError(f"{policies}: no such folder (give the records folder with --policies DIR)")
    target = policies / kind.folder / f"{record_id}.yaml"
    if target.exists():
        raise ScaffoldError(f"{target} already exists; edit it instead")
    text = dump(data, kind, shapes)
    root = shapes.root(kind)
    fill = _walk_placeholders(data, root, "")
    optional = [Field(name, (root.child(name) or root).description) for name in root.properties
                if name not in data]
    notes = []
    if kind.name == "stance" and not (policies / KIND_BY_NAME["subsystem"].folder / f"{record_id}.yaml").exists():
        notes.append((f"there is no subsystem record {record_id!r} yet", ("new", "subsystem", record_id)))
    if kind.name == "subsystem" and not (policies / KIND_BY_NAME["stance"].folder / f"{record_id}.yaml").exists():
        notes.append(("give it a stance (level: unknown if no source says)", ("new", "stance", record_id)))
    atomic_write(target, text, expect=None)  # never over a file made since the check above
    return Created(target, text, tuple(fill), tuple(optional), tuple(notes))


__all__ = ["NEW_KINDS", "Created", "Field", "ScaffoldError", "create", "id_error", "plan"]
