"""The repository's own records: they validate, and the starter kinds are all present."""

from __future__ import annotations

from conftest import ROOT
from kpolicy.records.kinds import KINDS
from kpolicy.records.load import load


def test_policies_validate_without_errors() -> None:
    result = load(ROOT / "policies")
    errors = [f"{p.path}:{p.line}:{p.column}: {p.check}: {p.message}" for p in result.errors]
    assert not errors, "\n".join(errors)


def test_every_record_kind_is_present() -> None:
    for kind in KINDS:
        assert any((ROOT / "policies" / kind.folder).glob("*.yaml")), f"no {kind.name} records"


def test_starter_subsystems_are_there() -> None:
    catalog = load(ROOT / "policies").catalog
    assert catalog is not None
    titles = {s.title for s in catalog.subsystems.values()}
    assert {"RUST", "RUST [ALLOC]", "BLOCK LAYER DEVICE DRIVER API [RUST]", "BLOCK LAYER"} <= titles


def test_policies_are_in_the_canonical_layout(kpolicy) -> None:
    run = kpolicy("fmt", "--check", "--policies", ROOT / "policies")
    assert run.code == 0, run.out + run.err
