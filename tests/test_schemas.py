"""The schemas themselves: valid, described, and the fast pre-check agrees with jsonschema."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from kpolicy.records.kinds import KINDS
from kpolicy.records.schemas import SCHEMA_DIR, Schemas
from kpolicy.records.yamlio import LoadError, load_file

CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize("file", sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json")))
def test_schema_is_valid_draft_2020_12(file: str) -> None:
    Draft202012Validator.check_schema(json.loads((SCHEMA_DIR / file).read_text()))


def _properties(node: Any, where: str = "") -> list[tuple[str, Any]]:
    found = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            found.append((f"{where}.{name}", sub))
        for key, sub in node.items():
            found += _properties(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            found += _properties(sub, f"{where}[{i}]")
    return found


@pytest.mark.parametrize("kind", [k.schema for k in KINDS] + ["common.schema.json"])
def test_every_record_property_has_a_description(kind: str) -> None:
    schema = json.loads((SCHEMA_DIR / kind).read_text())
    missing = []
    schemas = Schemas.default()
    for where, sub in _properties(schema):
        resolved = schemas.inline(sub, kind)
        if "description" not in resolved:
            missing.append(where)
    assert not missing


def _corpus_documents() -> list[tuple[str, Any]]:
    docs = []
    for f in sorted(CORPUS.rglob("*.yaml")):
        folder = f.parent.name
        kind = next((k for k in KINDS if k.folder == folder), None)
        if kind is None:
            continue
        with contextlib.suppress(LoadError):
            docs.append((kind.schema, load_file(f).data))
    return docs


def test_fast_check_agrees_with_jsonschema_on_the_corpus() -> None:
    schemas = Schemas.default()
    docs = _corpus_documents()
    assert len(docs) > 40
    for schema_file, data in docs:
        slow = not list(schemas.validator(schema_file).iter_errors(data))
        assert schemas.is_valid(schema_file, data) == slow, data


# Values that stress the keywords the schemas use: types, patterns, formats, lengths, enums.
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, width=16),
    st.sampled_from(["", "x", "a-b", "A", "6.10", "1.85.0", "2025-02-30", "2025-01-08", "2025-13", "maintains",
                     "https://lore.kernel.org/x", "javascript:alert(1)", "http://", "a@b.c", "a@b", "<b>",
                     "line\nbreak",
                     "yes-regularly", "rust-tree", "Supported", "x" * 400, "pinned", "in-use", "subsystem"]),
    st.text(max_size=8),
)
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
        ["id", "title", "name", "url", "date", "level", "via", "sources", "kernel", "version", "kind", "person",
         "email", "since", "emails", "status", "as_of", "checked", "summary", "route", "minimums", "maintainers"]),
         inner, max_size=4)),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from([k.schema for k in KINDS]), base=st.sampled_from(range(10)), field=st.sampled_from(
    ["id", "title", "name", "emails", "level", "sources", "route", "minimums", "as_of", "checked", "maintainers",
     "fields_from",
     "history", "kernel", "number", "question", "original", "date", "kind", "tool", "subsystem", "status"]),
    value=_values)
def test_fast_check_agrees_with_jsonschema_on_mutations(kind: str, base: int, field: str, value: Any) -> None:
    schemas = Schemas.default()
    docs = [d for s, d in _BASE_DOCS if s == kind] or [{}]
    data = dict(docs[base % len(docs)])
    data[field] = value
    slow = not list(schemas.validator(kind).iter_errors(data))
    assert schemas.is_valid(kind, data) == slow


_BASE_DOCS = [(k.schema, load_file(f).data) for k in KINDS for f in sorted((CORPUS / "base" / k.folder).glob("*.yaml"))]


def test_schemas_never_reach_for_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A $ref that is not in the local registry fails instead of being fetched."""
    import urllib.request

    def no_network(*a: Any, **k: Any) -> Any:
        raise AssertionError("network access")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    shutil.copytree(SCHEMA_DIR, tmp_path / "schema")
    bad = json.loads((tmp_path / "schema" / "maintainer.schema.json").read_text())
    bad["properties"]["name"] = {"$ref": "https://example.org/remote.json"}
    (tmp_path / "schema" / "maintainer.schema.json").write_text(json.dumps(bad))
    schemas = Schemas(tmp_path / "schema")
    with pytest.raises(Exception) as e:
        list(schemas.validator("maintainer.schema.json").iter_errors({"id": "a", "name": "b"}))
    assert "network" not in str(e.value)


def test_a_linked_schema_file_is_refused_not_read(tmp_path) -> None:
    """A link in schema/ would put another file's content into the site's schema reference."""
    from kpolicy.records.safefs import NotRegular

    shutil.copytree(SCHEMA_DIR, tmp_path / "schema")
    secret = tmp_path / "outside.json"
    secret.write_text('{"title": "outside the repository"}')
    (tmp_path / "schema" / "outside.schema.json").symlink_to(secret)
    with pytest.raises(NotRegular, match="symbolic link"):
        Schemas(tmp_path / "schema")
