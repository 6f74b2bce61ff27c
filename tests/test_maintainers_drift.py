"""kpolicy drift: records against the real 6.12.117 file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT

FIXTURE = ROOT / "tests" / "data" / "MAINTAINERS-6.12.117.xz"


def _import_rust_related(root: Path, kpolicy):
    root.mkdir()
    return kpolicy("import-maintainers", FIXTURE, "--policies", root, "--rust-related")


@pytest.fixture
def rust_tree(tmp_path: Path, kpolicy) -> Path:
    """The Rust-related entries of the real file imported (test_the_rust_related_import_succeeds)."""
    root = tmp_path / "policies"
    _import_rust_related(root, kpolicy)
    return root


def test_the_rust_related_import_succeeds(tmp_path: Path, kpolicy) -> None:
    run = _import_rust_related(tmp_path / "policies", kpolicy)
    assert run.code == 0, run.err
    assert (tmp_path / "policies" / "subsystems" / "rust.yaml").is_file()


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_records_just_imported_have_no_drift(rust_tree: Path, kpolicy) -> None:
    run = kpolicy("drift", FIXTURE, "--policies", rust_tree)
    assert run.code == 0, run.out + run.err
    assert run.out.splitlines()[-1].startswith("no drift against ")
    assert run.out.splitlines()[-1].endswith("(6.12.117): 0 changed, 0 renamed, 0 gone, 0 new; 0 newer than the file")


def test_changed_fields_are_listed_line_by_line(rust_tree: Path, kpolicy) -> None:
    _edit(rust_tree / "subsystems" / "rust.yaml", "  - trevor-gross\n", "")
    _edit(rust_tree / "subsystems" / "block-layer.yaml", "  - Maintained\n", "  - Odd Fixes\n")
    _edit(rust_tree / "subsystems" / "block-layer.yaml", "  - block/\n", "  - block/\n  - block-extra/\n")
    run = kpolicy("drift", FIXTURE, "--policies", rust_tree)
    assert run.code == 1
    lines = run.out.splitlines()
    block = lines.index(next(x for x in lines if x.startswith("changed: BLOCK LAYER (")))
    assert lines[block + 1:block + 4] == ["  S: - Odd Fixes", "  S: + Maintained", "  F: - block-extra/"]
    rust = lines.index(next(x for x in lines if x.startswith("changed: RUST (")))
    assert lines[rust + 1] == "  R: + Trevor Gross <tmgross@umich.edu>"
    assert lines[-1].endswith(": 2 changed, 0 renamed, 0 gone, 0 new; 0 newer than the file")


def test_gone_renamed_newer_and_ended_records(rust_tree: Path, kpolicy) -> None:
    subsystems = rust_tree / "subsystems"
    _edit(subsystems / "ethernet-phy-library.yaml", "title: ETHERNET PHY LIBRARY\n", "title: ETHERNET PHY LIB\n")
    (subsystems / "foo-rust.yaml").write_text(
        'id: foo-rust\ntitle: FOO [RUST]\nkernel:\n  since: "6.15"\nfields_from:\n  release: "6.15"\n'
        "  sources:\n    - url: https://lore.kernel.org/all/example/\n      title: a patch\n      date: 2025-03-01\n",
        encoding="utf-8")
    (subsystems / "old-thing.yaml").write_text(
        'id: old-thing\ntitle: OLD THING\nkernel:\n  until: "6.10"\nfields_from:\n  maintainers_file: "6.9"\n',
        encoding="utf-8")
    (subsystems / "lost-entry.yaml").write_text(
        'id: lost-entry\ntitle: LOST ENTRY\nfields_from:\n  maintainers_file: "6.12"\n', encoding="utf-8")
    run = kpolicy("drift", FIXTURE, "--policies", rust_tree, "--format", "json")
    assert run.code == 1
    d = json.loads(run.out)
    assert [(r["title"], r["new_title"]) for r in d["renamed"]] == [("ETHERNET PHY LIB", "ETHERNET PHY LIBRARY")]
    assert [(r["title"], r["note"]) for r in d["gone"]] == [("LOST ENTRY", "not in the file")]
    assert [(r["title"], r["why"]) for r in d["newer"]] == [("FOO [RUST]", "kernel.since 6.15 is newer than 6.12.117")]
    assert [(r["title"], r["why"]) for r in d["explained"]] == [("OLD THING", "kernel.until 6.10")]
    assert d["changed"] == [] and d["new"] == [] and d["drift"] is True


def test_untracked_rust_related_entries_are_new(rust_tree: Path, kpolicy) -> None:
    (rust_tree / "subsystems" / "rust-alloc.yaml").unlink()
    (rust_tree / "stances" / "rust-alloc.yaml").unlink()  # the sync gave it a stance
    run = kpolicy("drift", FIXTURE, "--policies", rust_tree)
    assert run.code == 1
    assert "new: RUST [ALLOC] has no record (the title names Rust)" in run.out.splitlines()


def test_a_file_without_version_needs_one(tmp_path: Path, rust_tree: Path, kpolicy) -> None:
    import lzma

    plain = tmp_path / "MAINTAINERS"
    plain.write_bytes(lzma.decompress(FIXTURE.read_bytes()))
    assert kpolicy("drift", plain, "--policies", rust_tree).code == 2
    assert kpolicy("drift", plain, "--policies", rust_tree, "--kernel-version", "6.12.117").code == 0
