"""The schema reference: every field of every record kind, generated from schema/.

Fields are listed by their path in a record (``route.via``, ``history[].sources[].url``), with
the type, whether it is required, the allowed values and the schema's description.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kpolicy.records.kinds import KINDS
from kpolicy.records.schemas import Schemas
from kpolicy.text.sitemd import anchor, code, inline, prose_inline, table


@dataclass(frozen=True)
class FieldDoc:
    path: str
    type: str
    required: bool
    allowed: str
    description: str


def _type_of(node: dict[str, Any]) -> str:
    if "const" in node:
        return f"the value {node['const']!r}"
    if "enum" in node:
        return "one of the values listed"
    if "oneOf" in node or "anyOf" in node:
        return " or ".join(dict.fromkeys(_type_of(n) for n in node.get("oneOf", node.get("anyOf", []))))
    t = node.get("type")
    if isinstance(t, list):
        return " or ".join(_type_of({**node, "type": x}) for x in t)
    return _type_name(node, t)


def _type_name(node: dict[str, Any], t: object) -> str:
    """The words for one JSON Schema type."""
    if t == "array":
        return f"list of {_type_of(node.get('items', {}))}"
    if t == "object":
        return "mapping"
    if t == "string":
        fmt = node.get("format")
        if fmt == "uri":
            return "URL"
        if fmt == "date":
            return "date"
        return "text"
    if t in ("integer", "number", "boolean", "null"):
        return {"integer": "whole number", "number": "number", "boolean": "true or false", "null": "null"}[t]
    return "any"


def _allowed(node: dict[str, Any]) -> str:
    if "enum" in node:
        return ", ".join(code(v) for v in node["enum"])
    bits = []
    if "pattern" in node and node.get("format") not in ("uri", "date"):
        bits.append("pattern " + code(node["pattern"]))
    if "minimum" in node or "maximum" in node:
        bits.append(f"{node.get('minimum', '')}–{node.get('maximum', '')}")
    if "maxLength" in node:
        bits.append(f"at most {node['maxLength']} characters")
    items = node.get("items")
    if isinstance(items, dict) and "enum" in items:
        bits.append("each one of " + ", ".join(code(v) for v in items["enum"]))
    if node.get("uniqueItems"):
        bits.append("no repeats")
    return "; ".join(bits)


def _object_branch(node: dict[str, Any]) -> dict[str, Any] | None:
    """The mapping form of a node, if it has one (directly, or as one branch of oneOf)."""
    if node.get("type") == "object" or "properties" in node:
        return node
    branch: dict[str, Any]
    for branch in node.get("oneOf", []):
        if branch.get("type") == "object" or "properties" in branch:
            return branch
    return None


def walk(node: dict[str, Any], prefix: str = "") -> Iterator[FieldDoc]:
    obj = _object_branch(node)
    if obj is None:
        return
    required = set(obj.get("required", ()))
    for name, prop in obj.get("properties", {}).items():
        path = f"{prefix}{name}"
        yield FieldDoc(path, _type_of(prop), name in required, _allowed(prop), prop.get("description", ""))
        if prop.get("type") == "array" and isinstance(prop.get("items"), dict):
            yield from walk(prop["items"], f"{path}[].")
        else:
            yield from walk(prop, f"{path}.")


def kind_reference(schemas: Schemas, schema_file: str) -> tuple[dict[str, Any], list[FieldDoc]]:
    doc = schemas.inline(schemas.documents[schema_file], schema_file)
    return doc, list(walk(doc))


def schema_reference_page(schemas: Schemas) -> str:
    out = [
        "# Schema reference",
        ("Every record is a YAML file checked against a JSON Schema in <code>schema/</code> before anything else "
        "reads it. This page is generated from those schemas, so it always matches what "
        "<code>kpolicy validate</code> accepts. Fields are given by their path in the record: "
        "<code>route&#46;via</code> is the key <code>via</code> under <code>route</code>, and "
        "<code>history&#91;&#93;&#46;level</code> the <code>level</code> of each item of the "
        "<code>history</code> list."),
    ]
    for kind in KINDS:
        if kind.schema not in schemas.documents:
            continue
        doc, fields = kind_reference(schemas, kind.schema)
        out.append(f"## {inline(doc.get('title', kind.name))} {{#{anchor(kind.name)}}}")
        out.append(f"File: <code>policies/{inline(kind.folder)}/&#60;id&#62;&#46;yaml</code>, schema "
                   f"<code>schema/{inline(kind.schema)}</code>. {prose_inline(doc.get('description', ''))}")
        rows = [(code(f.path), inline(f.type), "yes" if f.required else "", f.allowed,
                 prose_inline(f.description)) for f in fields]
        out.append(table(("Field", "Type", "Required", "Allowed values", "Description"), rows))
    return "\n\n".join(out) + "\n"
