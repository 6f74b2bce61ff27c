"""The schemas in schema/ repeat some facts of kpolicy.records.kinds as enums and field names:
they must say the same as the one Python definition."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kpolicy.records.kinds import FIELD_LETTERS, FIELD_ORDER, FIELDS, KIND_BY_FOLDER, KIND_BY_NAME, KINDS, STANCE_LEVELS
from kpolicy.records.schemas import SCHEMA_DIR


def _schema(name: str) -> Any:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def test_stance_schema_levels_are_the_python_levels() -> None:
    assert _schema("stance.schema.json")["$defs"]["level"]["enum"] == list(STANCE_LEVELS)


def test_export_schema_levels_are_the_python_levels() -> None:
    assert _schema("export.schema.json")["$defs"]["level"]["enum"] == list(STANCE_LEVELS)


def test_stance_history_uses_the_same_levels() -> None:
    history_level = _schema("stance.schema.json")["properties"]["history"]["items"]["properties"]["level"]
    assert history_level == {"$ref": "#/$defs/level"}


def test_subsystem_schema_has_one_field_per_letter_in_the_preferred_order() -> None:
    keys = list(_schema("subsystem.schema.json")["properties"])
    field_keys = {key for _, key in FIELD_LETTERS}
    letter_keys = [k for k in keys if k in field_keys]
    assert letter_keys == [key for _, key in FIELD_LETTERS]


def test_field_letters_are_one_table() -> None:
    assert FIELD_ORDER == "MRLSWQBCPTFXNK"
    assert len({f.letter for f in FIELDS}) == len({f.key for f in FIELDS}) == len(FIELDS)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_kind_has_its_schema_and_requires_its_id(kind: Any) -> None:
    schema = _schema(kind.schema)
    assert kind.id_field in schema["required"]
    assert kind.id_field in schema["properties"]


def test_kind_names_and_folders_are_unique() -> None:
    assert len(KIND_BY_NAME) == len(KIND_BY_FOLDER) == len(KINDS)


def test_linkable_kinds_are_kinds() -> None:
    """A policy section links records by kind name: each name its schema allows is a kind."""
    link = _schema("policy-section.schema.json")["properties"]["records"]["items"]["properties"]["kind"]
    assert set(link["enum"]) <= set(KIND_BY_NAME)
