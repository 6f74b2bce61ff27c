"""The JSON Schemas in schema/: one registry, one validator per record kind, built once.

A record is first checked by a compiled yes/no validator (fastjsonschema); jsonschema, which
locates each error, is imported and run only for a record that fails it. A folder of valid
records is read without importing jsonschema at all.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable, Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import fastjsonschema

from kpolicy.records.kinds import Kind
from kpolicy.records.safefs import read_regular

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

# schema/ of the repository, installed as the package data kpolicy.schema (pyproject.toml maps
# one onto the other); a Path in a source checkout and in every installed copy but a zip file.
SCHEMA_DIR: Traversable = resources.files("kpolicy.schema")


def _check_date(value: object) -> bool:
    if isinstance(value, str):
        datetime.date.fromisoformat(value)  # ValueError for 2025-02-30
    return True


def _check_uri(value: object) -> bool:
    if isinstance(value, str):
        parts = urlsplit(value)
        if not parts.scheme or not parts.netloc:
            raise ValueError("not an absolute URI")
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    return True


# The only formats the schemas use, checked without network access or heavy imports.
FORMATS: dict[str, Callable[[object], bool]] = {"date": _check_date, "uri": _check_uri}


def _format_checker() -> FormatChecker:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, fn in FORMATS.items():
        checker.checks(name, raises=ValueError)(fn)
    return checker


def _as_predicate(fn: Callable[[object], bool]) -> Callable[[object], bool]:
    def predicate(value: object) -> bool:
        try:
            return fn(value)
        except ValueError:
            return False
    return predicate


def _read(file: Traversable) -> str:
    """A schema's text; on the file system only from a regular file (a link in a checkout's schema/
    would put another file's content into the site's schema reference)."""
    if isinstance(file, Path):
        return read_regular(file, 1 << 20).decode("utf-8")
    return file.read_text(encoding="utf-8")


# Keywords that do not change whether a value is valid (and $defs, reached through the $refs).
_NOT_FOR_VALIDATION = frozenset({"$defs", "$schema", "$id", "$comment", "description", "title", "examples",
                                 "default", "x-type-description"})


class Schemas:
    @classmethod
    @functools.cache
    def default(cls) -> Schemas:
        """The schemas in schema/, loaded once per process."""
        return cls()

    def __init__(self, directory: Traversable = SCHEMA_DIR):
        self.directory = directory
        self.documents: dict[str, dict[str, Any]] = {}
        for file in sorted(directory.iterdir(), key=lambda f: f.name):
            if file.name.endswith(".schema.json"):
                self.documents[file.name] = json.loads(_read(file))
        self._validators: dict[str, Draft202012Validator] = {}
        self._fast: dict[str, Callable[[Any], Any]] = {}

    @functools.cached_property
    def registry(self) -> Registry:
        """Every schema document under its file name, for jsonschema's $ref resolution."""
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        return Registry().with_resources(
            (name, Resource.from_contents(doc, default_specification=DRAFT202012))
            for name, doc in self.documents.items()
        )

    def validator(self, schema_file: str) -> Draft202012Validator:
        """The validator for one schema file, with every $ref inlined (resolving references
        through the registry on every record cost most of the validation time)."""
        v = self._validators.get(schema_file)
        if v is None:
            from jsonschema import Draft202012Validator

            schema = self.inline(self.documents[schema_file], schema_file)
            v = Draft202012Validator(schema, registry=self.registry, format_checker=_format_checker())
            self._validators[schema_file] = v
        return v

    def is_valid(self, schema_file: str, data: Any) -> bool:
        """A fast yes/no answer from a compiled validator (fastjsonschema, about 4x faster than
        walking the schema with jsonschema). Only a 'no' is followed by the slower jsonschema
        pass that locates each error; the test suite checks that both always agree."""
        fast = self._fast.get(schema_file)
        if fast is None:
            fast = self._fast[schema_file] = self._compile(schema_file)
        try:
            fast(data)
            return True
        except fastjsonschema.JsonSchemaException:
            return False

    def _compile(self, schema_file: str) -> Callable[[Any], Any]:
        # Our schemas use only keywords whose meaning is the same in draft-07, the newest draft
        # fastjsonschema implements. Each shared definition becomes one function of the generated
        # code (inlining them made it four times larger and as much slower to compile), and
        # the exceptions carry no detail: only the yes/no answer is used.
        definitions: dict[str, Any] = {}
        schema = self._fast_schema(self.documents[schema_file], schema_file, definitions)
        schema["definitions"] = definitions
        schema["$schema"] = "http://json-schema.org/draft-07/schema#"
        return fastjsonschema.compile(schema, formats={k: _as_predicate(f) for k, f in FORMATS.items()},
                                      use_default=False, detailed_exceptions=False)

    def _fast_schema(self, node: Any, base: str, definitions: dict[str, Any]) -> Any:
        """node for fastjsonschema: each $ref pointing into the local `definitions` (filled as
        they are met), annotations dropped, `const` written as a one-value `enum` (the same
        meaning; fastjsonschema cannot generate `const` without detailed exceptions)."""
        if isinstance(node, list):
            return [self._fast_schema(x, base, definitions) for x in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref":
                out[key] = self._fast_ref(value, base, definitions)
            elif key == "const":
                out["enum"] = [value]
            elif key == "enum":
                out[key] = value
            elif key in ("properties", "patternProperties"):
                out[key] = {name: self._fast_schema(v, base, definitions) for name, v in value.items()}
            elif key not in _NOT_FOR_VALIDATION:
                out[key] = self._fast_schema(value, base, definitions)
        if "$ref" in out and len(out) > 1:  # draft-07 ignores a $ref's siblings; 2020-12 does not
            out = {"allOf": [{"$ref": out.pop("$ref")}], **out}
        return out

    def _fast_ref(self, ref: str, base: str, definitions: dict[str, Any]) -> str:
        target_file, _, pointer = ref.partition("#")
        target_file = target_file or base
        name = target_file.removesuffix(".schema.json") + pointer.replace("/", ".")
        if name not in definitions:
            definitions[name] = {}  # a reference back to it while it is being written
            target: Any = self.documents[target_file]
            for part in filter(None, pointer.split("/")):
                target = target[part]
            definitions[name] = self._fast_schema(target, target_file, definitions)
        return "#/definitions/" + name

    def inline(self, node: Any, base: str) -> Any:
        """A copy of node with each {"$ref": ...} replaced by its target merged with the
        ref's sibling keywords (our schemas use siblings only for descriptions)."""
        if isinstance(node, list):
            return [self.inline(x, base) for x in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            target_file, _, pointer = node["$ref"].partition("#")
            target_file = target_file or base
            target: Any = self.documents[target_file]
            for part in filter(None, pointer.split("/")):
                target = target[part]
            merged = self.inline(target, target_file)
            if "description" in merged and "description" in node:
                # keep what the shared type means (for error hints) beside the field's own text
                merged["x-type-description"] = merged["description"]
            merged.update({k: self.inline(v, base) for k, v in node.items() if k != "$ref"})
            return merged
        return {k: (v if k in ("$defs", "enum", "const") else self.inline(v, base)) for k, v in node.items()}

    def errors(self, kind: Kind, data: Any) -> Iterator[ValidationError]:
        """Every schema error of a record (none at all when the fast check passes)."""
        if self.is_valid(kind.schema, data):
            return iter(())
        return self.validator(kind.schema).iter_errors(data)
