"""kpolicy stale: claims whose last check is older than the threshold, most stale first."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from kpolicy.records.load import load_catalog
from kpolicy.workflow.stale import DEFAULT_OLDER_THAN_DAYS, StaleClaim, stale_claims

# In the corpus: both stances were checked on 2026-01-10; the policy section and both
# version policies on 2026-11-01.
TODAY = datetime.date(2026, 12, 1)


def _catalog(root: Path):
    return load_catalog(root, today=TODAY)


def test_stale_claims_most_stale_first(base_tree: Path) -> None:
    claims = stale_claims(_catalog(base_tree), TODAY, 20)
    assert [(c.kind, c.id, c.date, c.age_days) for c in claims] == [
        ("stance", "example-c", "2026-01-10", 325),
        ("stance", "rust-example", "2026-01-10", 325),
        ("policy-section", "01-how-is-rust-introduced-in-a-subsystem", "2026-11-01", 30),
        ("version-policy", "bindgen", "2026-11-01", 30),
        ("version-policy", "rustc", "2026-11-01", 30),
    ]
    first = claims[0]
    assert first == StaleClaim("stance", "example-c", first.path, "EXAMPLE C SUBSYSTEM: stance unknown",
                               "2026-01-10", 325, True)
    assert first.path.endswith("stances/example-c.yaml")
    assert claims[2].claim == "Policy section 1: How is Rust introduced in a subsystem?"
    assert claims[4].claim == "Rust compiler (rustc): minimum 1.78.0 from Linux 6.11"  # the latest step


def test_the_threshold_is_strict_and_defaults_to_180_days(base_tree: Path) -> None:
    catalog = _catalog(base_tree)
    assert DEFAULT_OLDER_THAN_DAYS == 180
    assert len(stale_claims(catalog, TODAY, 30)) == 2  # exactly 30 days old is not older than 30
    assert len(stale_claims(catalog, TODAY, 29)) == 5
    assert [c.id for c in stale_claims(catalog, TODAY)] == ["example-c", "rust-example"]
    # on the day the other claims were checked, only the stances are older than 0 days
    assert [(c.kind, c.id, c.age_days) for c in stale_claims(catalog, datetime.date(2026, 11, 1), 0)] == [
        ("stance", "example-c", 295), ("stance", "rust-example", 295)]
    assert [(c.kind, c.id, c.age_days) for c in stale_claims(catalog, datetime.date(2026, 11, 2), 0)] == [
        ("stance", "example-c", 296), ("stance", "rust-example", 296),
        ("policy-section", "01-how-is-rust-introduced-in-a-subsystem", 1),
        ("version-policy", "bindgen", 1), ("version-policy", "rustc", 1)]


def test_command_text_json_and_markdown(base_tree: Path, kpolicy) -> None:
    run = kpolicy("stale", "--policies", base_tree, "--today", "2026-12-01")
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0].endswith(
        "stances/example-c.yaml: checked 2026-01-10 (325 days ago): EXAMPLE C SUBSYSTEM: stance unknown")
    assert lines[-1] == "2 claims last checked more than 180 days ago"

    as_json = json.loads(kpolicy("stale", "--policies", base_tree, "--today", "2026-12-01", "--older-than", "29",
                                 "--format", "json").out)
    assert len(as_json) == 5
    assert set(as_json[0]) == {"kind", "id", "path", "claim", "date", "age_days", "verified"}

    table = kpolicy("stale", "--policies", base_tree, "--today", "2026-12-01", "--format", "markdown").out
    assert "| Last checked | Age (days) | Claim | Record |" in table
    assert "| 2026-01-10 | 325 | EXAMPLE C SUBSYSTEM: stance unknown |" in table
    none = kpolicy("stale", "--policies", base_tree, "--today", "2026-01-11", "--format", "markdown").out
    assert none == "No claim was last checked more than 180 days ago.\n"


def test_unverified_claims_are_marked(base_tree: Path, kpolicy) -> None:
    stance = base_tree / "stances" / "example-c.yaml"
    stance.write_text(stance.read_text() + "verified: false\n")
    run = kpolicy("stale", "--policies", base_tree, "--today", "2026-12-01")
    assert "EXAMPLE C SUBSYSTEM: stance unknown [unverified]" in run.out


def test_bad_arguments_and_invalid_records(base_tree: Path, kpolicy) -> None:
    for args in (("--older-than", "-1"), ("--older-than", "soon"), ("--today", "2026-13-01")):
        run = kpolicy("stale", "--policies", base_tree, *args)
        assert run.code == 2, args
    (base_tree / "stances" / "example-c.yaml").write_text("subsystem: example-c\nlevel: unknown\n")
    broken = kpolicy("stale", "--policies", base_tree)
    assert broken.code == 1 and "missing required field 'checked'" in broken.err
