"""The JSON Schemas in schema/: one registry, one validator per record kind, built once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"


@dataclass(frozen=True)
class Kind:
    name: str  # record kind, as used in messages and the export
    folder: str  # folder under policies/
    schema: str  # file in schema/
    id_field: str  # the field that must equal the file name


KINDS: tuple[Kind, ...] = (
    Kind("subsystem", "subsystems", "subsystem.schema.json", "id"),
    Kind("maintainer", "maintainers", "maintainer.schema.json", "id"),
    Kind("stance", "stances", "stance.schema.json", "subsystem"),
    Kind("version-policy", "version-policy", "version-policy.schema.json", "tool"),
    Kind("policy-section", "policy", "policy-section.schema.json", "id"),
    Kind("event", "events", "event.schema.json", "id"),
)
KIND_BY_FOLDER = {k.folder: k for k in KINDS}
KIND_BY_NAME = {k.name: k for k in KINDS}


def _format_checker() -> FormatChecker:
    """Only the formats the schemas use, checked without network or heavy imports."""
    import datetime

    checker = FormatChecker(formats=())

    @checker.checks("date", raises=ValueError)
    def _date(value: object) -> bool:
        if isinstance(value, str):
            datetime.date.fromisoformat(value)
        return True

    @checker.checks("uri", raises=ValueError)
    def _uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        if not parts.scheme or not parts.netloc:
            raise ValueError("not an absolute URI")
        parts.port  # noqa: B018 - raises ValueError on a malformed port
        return True

    return checker


class Schemas:
    def __init__(self, directory: Path = SCHEMA_DIR):
        self.directory = directory
        self.documents: dict[str, dict[str, Any]] = {}
        for file in sorted(directory.glob("*.schema.json")):
            self.documents[file.name] = json.loads(file.read_text(encoding="utf-8"))
        self.registry: Registry = Registry().with_resources(
            (name, Resource.from_contents(doc, default_specification=DRAFT202012))
            for name, doc in self.documents.items()
        )
        self._format_checker = _format_checker()
        self._validators: dict[str, Draft202012Validator] = {}

    def validator(self, schema_file: str) -> Draft202012Validator:
        v = self._validators.get(schema_file)
        if v is None:
            v = Draft202012Validator(
                self.documents[schema_file], registry=self.registry, format_checker=self._format_checker
            )
            self._validators[schema_file] = v
        return v

    def errors(self, kind: Kind, data: Any) -> Iterator[ValidationError]:
        return self.validator(kind.schema).iter_errors(data)

    @cached_property
    def kinds(self) -> tuple[Kind, ...]:
        return KINDS
