"""The shape of a record as its JSON Schema describes it, for tools that write or compare records.

A Shape is one place in a schema ($refs followed): the order of its properties, which
of them are required, the description a contributor reads, whether a value is prose
(common.schema.json#/$defs/text), and the shapes of its children and list items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from referencing._core import Resolver

from kpolicy.records.kinds import Kind
from kpolicy.records.schemas import Schemas


@dataclass(frozen=True)
class Shape:
    node: dict[str, Any]  # the schema node, after following $ref
    resolver: Resolver
    refs: tuple[str, ...] = ()  # the $refs followed to get here
    own_description: str | None = None  # the description written next to the $ref, if any

    @property
    def description(self) -> str:
        return self.own_description or self.node.get("description") or ""

    @property
    def is_prose(self) -> bool:
        return any(r.endswith("$defs/text") for r in self.refs)

    @property
    def enum(self) -> list[Any] | None:
        return self.node.get("enum")

    def _object_nodes(self) -> list[tuple[dict[str, Any], Resolver]]:
        """This node and, for oneOf/anyOf, every branch that describes a mapping."""
        out = [(self.node, self.resolver)] if "properties" in self.node else []
        for keyword in ("oneOf", "anyOf"):
            for branch in self.node.get(keyword, ()):
                shape = follow(branch, self.resolver)
                out.extend(shape._object_nodes())
        return out

    @property
    def properties(self) -> list[str]:
        names: list[str] = []
        for node, _ in self._object_nodes():
            names.extend(k for k in node["properties"] if k not in names)
        return names

    @property
    def required(self) -> list[str]:
        return list(self.node.get("required", ()))

    def child(self, key: str) -> Shape | None:
        for node, resolver in self._object_nodes():
            if key in node["properties"]:
                return follow(node["properties"][key], resolver)
        return None

    def item(self) -> Shape | None:
        for node, resolver in [(self.node, self.resolver), *self._branches()]:
            if "items" in node:
                return follow(node["items"], resolver)
        return None

    def _branches(self) -> list[tuple[dict[str, Any], Resolver]]:
        out = []
        for keyword in ("oneOf", "anyOf"):
            for branch in self.node.get(keyword, ()):
                shape = follow(branch, self.resolver)
                out.append((shape.node, shape.resolver))
        return out


def follow(node: dict[str, Any], resolver: Resolver) -> Shape:
    """The Shape of a schema node, with its $refs followed."""
    refs: list[str] = []
    own = node.get("description")
    while "$ref" in node:
        ref = node["$ref"]
        resolved = resolver.lookup(ref)
        refs.append(ref)
        node, resolver = resolved.contents, resolved.resolver
    return Shape(node, resolver, tuple(refs), own)


class Shapes:
    """One Shape per record kind, from the schema registry."""

    def __init__(self, schemas: Schemas | None = None):
        self.schemas = schemas or Schemas()
        self._roots: dict[str, Shape] = {}

    def root(self, kind: Kind) -> Shape:
        shape = self._roots.get(kind.name)
        if shape is None:
            resolver = self.schemas.registry.resolver(base_uri=kind.schema)
            resolved = resolver.lookup(kind.schema)
            shape = Shape(resolved.contents, resolved.resolver)
            self._roots[kind.name] = shape
        return shape


__all__ = ["Shape", "Shapes", "follow"]
