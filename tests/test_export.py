"""kpolicy export: one JSON file per kind, valid against schema/export.schema.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from kpolicy.export import FILES
from kpolicy.records.schemas import Schemas

DEFS = {"subsystems.json": "subsystems_file", "maintainers.json": "maintainers_file",
        "stances.json": "stances_file", "version-policy.json": "version_policy_file",
        "policy.json": "policy_file", "events.json": "events_file", "releases.json": "releases_file"}


def _validator(name: str) -> Draft202012Validator:
    schemas = Schemas.default()
    return Draft202012Validator({"$ref": f"export.schema.json#/$defs/{DEFS[name]}"}, registry=schemas.registry)


def test_export_writes_every_file_valid_against_its_schema(base_tree: Path, tmp_path: Path, kpolicy) -> None:
    out = tmp_path / "api"
    run = kpolicy("export", "--policies", base_tree, "--out", out)
    assert run.code == 0, run.err
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    for name in FILES:
        data = json.loads((out / name).read_text())
        errors = list(_validator(name).iter_errors(data))
        assert not errors, f"{name}: {errors[0].message}"
        # the whole-file schema picks the right branch too
        assert Draft202012Validator({"$ref": "export.schema.json"}, registry=Schemas.default().registry).is_valid(data)


def test_export_contents(base_tree: Path, tmp_path: Path, kpolicy) -> None:
    kpolicy("export", "--policies", base_tree, "--out", tmp_path / "api")
    def load(name: str) -> Any:
        return json.loads((tmp_path / "api" / name).read_text())

    subsystems = {s["id"]: s for s in load("subsystems.json")["subsystems"]}
    rust = subsystems["rust-example"]
    assert rust["status"] == "Supported"
    assert rust["maintainers"] == [
        {"id": "ada-example", "name": "Ada Example", "email": "ada@example.org"},
        {"id": "bob-example", "name": "Bob Q. Example", "email": "bob@old.example.org"},
    ]
    assert rust["reviewers"] == [{"id": "bob-example", "name": "Bob Example", "email": "bob@example.org"}]
    assert rust["stance"] == "rust-submaintainer"
    assert subsystems["example-c"]["pairs_with"] == ["rust-example"]  # derived inverse
    stance = load("stances.json")["stances"][1]
    assert stance["subsystem"] == "rust-example"
    assert [s["primary"] for s in stance["sources"]] == [True, False]
    # the last check and the start of the level are separate; as_of stays as checked for schema_version 1
    assert stance["checked"] == stance["as_of"] == "2026-01-10"
    assert {k: stance["since"][k] for k in ("date", "kernel", "after", "verified")} == {
        "date": "2025-01-03", "kernel": "6.14", "after": "6.13", "verified": True}
    assert [s["url"] for s in stance["since"]["sources"]] == [
        "https://lore.kernel.org/all/20250103000000.1-1-ada@example.org/"]
    assert load("stances.json")["stances"][0]["since"] is None  # example-c: no source shows a start
    tools = load("version-policy.json")["tools"]
    assert [(m["kernel"], m["version"]) for m in tools["rustc"]["minimums"]] == [("6.1", "1.62.0"), ("6.11", "1.78.0")]
    assert tools["rustc"]["current"] == {"kernel": "6.11", "version": "1.78.0", "kind": "minimum",
                                         "architectures": {"s390": "1.96.0"}}
    assert tools["rustc"]["minimums"][0]["architectures"] == []
    assert tools["rustc"]["minimums"][1]["architectures"] == [{"arch": "s390", "version": "1.96.0", "note": "Example."}]
    assert [(r["kernel"], [(a["arch"], a["documented"]) for a in r["supported"]])
            for r in tools["rustc"]["architectures"]] == [
        ("6.1.192", [("x86", True)]), ("6.12.117", [("x86", True), ("powerpc", False)])]
    assert tools["bindgen"]["architectures"] == []
    assert [s["question"] for s in load("policy.json")["sections"]] == ["How is Rust introduced in a subsystem?"]
    roles = {m["id"]: m["roles"] for m in load("maintainers.json")["maintainers"]}
    assert {"subsystem": "rust-example", "role": "rust-maintainer"} in roles["bob-example"]
    assert all(v["schema_version"] == 1 for v in map(load, FILES))


def test_export_writes_nothing_when_a_record_has_an_error(base_tree: Path, tmp_path: Path, kpolicy) -> None:
    (base_tree / "maintainers" / "ada-example.yaml").write_text("id: ada-example\nname: [broken\n")
    run = kpolicy("export", "--policies", base_tree, "--out", tmp_path / "api")
    assert run.code == 1
    assert "ada-example.yaml:3:1: error[yaml.syntax]" in run.err
    assert not (tmp_path / "api").exists()


def test_export_refuses_a_file_as_output_folder(base_tree: Path, tmp_path: Path, kpolicy) -> None:
    target = tmp_path / "taken"
    target.write_text("keep me")
    run = kpolicy("export", "--policies", base_tree, "--out", target)
    assert run.code == 2
    assert "is not a folder" in run.err
    assert target.read_text() == "keep me"
