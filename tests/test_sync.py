"""kpolicy sync on the real records: from the records as they stood at 6.12.117, the upstream-sync
script through 7.2.13 and 7.3.4 reproduces the committed MAINTAINERS-derived fields, release
history and people exactly, leaves curated data alone, and a second run changes nothing."""

from __future__ import annotations

import json
import lzma
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from kpolicy.fmt import dump
from kpolicy.recordshape import Shapes
from kpolicy.schemas import KIND_BY_NAME
from kpolicy.yamlio import load_file

DATA = ROOT / "tests" / "data"
DERIVED = ("title", "maintainers", "reviewers", "lists", "status", "web", "patchwork", "bugs", "chat", "profile",
           "trees", "files", "excludes", "regexes", "keywords", "kernel", "renamed_to", "people_history",
           "fields_from")
PERSON = ("name", "aliases", "emails")
# The sources the committed records cite for each release (as given to the baseline run).
TAG = "https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tag/?h=v"


def _source(release: str) -> list[str]:
    d = json.loads((DATA / "release-sources.json").read_text())[release]
    return ["--source-url", d["url"], "--source-date", d["date"], "--source-note", d["note"]]


def _records(root: Path, folder: str) -> dict[str, dict]:
    return {p.stem: load_file(p).data for p in sorted((root / folder).glob("*.yaml"))}


def _write(path: Path, kind: str, data: dict) -> None:
    path.write_text(dump(data, KIND_BY_NAME[kind], Shapes()), encoding="utf-8")


@pytest.fixture(scope="module")
def at_6_12_117(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed records with their MAINTAINERS-derived parts as they stood at 6.12.117."""
    fixture = json.loads(lzma.decompress((DATA / "records-6.12.117.json.xz").read_bytes()))
    root = tmp_path_factory.mktemp("sync") / "policies"
    shutil.copytree(ROOT / "policies", root)
    for sid, data in _records(root, "subsystems").items():
        path = root / "subsystems" / f"{sid}.yaml"
        if sid not in fixture["subsystems"]:
            path.unlink()
            continue
        _write(path, "subsystem", {**{k: v for k, v in data.items() if k not in DERIVED}, **fixture["subsystems"][sid]})
    for pid, data in _records(root, "maintainers").items():
        path = root / "maintainers" / f"{pid}.yaml"
        if pid not in fixture["maintainers"]:
            path.unlink()
            continue
        _write(path, "maintainer", {**{k: v for k, v in data.items() if k not in PERSON}, **fixture["maintainers"][pid]})
    for sid, data in _records(root, "stances").items():
        path = root / "stances" / f"{sid}.yaml"
        if sid not in fixture["subsystems"]:
            path.unlink()
        elif "needs_review" in data:
            _write(path, "stance", {k: v for k, v in data.items() if k != "needs_review"})
    return root


def _script(*args: object) -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    import upstream_sync

    return upstream_sync.main([str(a) for a in args])


@pytest.fixture(scope="module")
def synced(at_6_12_117: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    body = tmp_path_factory.mktemp("body") / "body.md"
    for release in ("7.2.13", "7.3.4"):
        code = _script("--file", DATA / f"MAINTAINERS-{release}.xz", *_source(release),
                       "--policies", at_6_12_117, "--body", body)
        assert code == 0
    return at_6_12_117, body


def test_sync_reproduces_the_committed_maintainers_fields_and_history(synced: tuple[Path, Path]) -> None:
    root, _ = synced
    mine, theirs = _records(root, "subsystems"), _records(ROOT / "policies", "subsystems")
    assert sorted(mine) == sorted(theirs)
    for sid, data in theirs.items():
        assert {k: v for k, v in mine[sid].items() if k in DERIVED} == \
            {k: v for k, v in data.items() if k in DERIVED}, sid
        assert {k: v for k, v in mine[sid].items() if k not in DERIVED} == \
            {k: v for k, v in data.items() if k not in DERIVED}, f"{sid}: curated fields changed"
    people, committed = _records(root, "maintainers"), _records(ROOT / "policies", "maintainers")
    assert sorted(people) == sorted(committed)
    for pid, data in committed.items():
        assert {k: data.get(k) for k in PERSON} == {k: people[pid].get(k) for k in PERSON}, pid


def test_sync_leaves_stances_alone_but_for_needs_review(synced: tuple[Path, Path]) -> None:
    root, _ = synced
    mine, theirs = _records(root, "stances"), _records(ROOT / "policies", "stances")
    assert sorted(mine) == sorted(theirs)
    fixture = json.loads(lzma.decompress((DATA / "records-6.12.117.json.xz").read_bytes()))
    for sid, data in theirs.items():
        if sid in fixture["subsystems"]:  # a curated stance: only the marks are the sync's
            assert {k: v for k, v in mine[sid].items() if k != "needs_review"} == \
                {k: v for k, v in data.items() if k != "needs_review"}, sid
        else:  # a stance the sync created: unknown, marked, until a person looks
            assert mine[sid]["level"] == "unknown" and mine[sid]["needs_review"], sid
    configfs = [m["reason"] for m in mine["configfs"]["needs_review"] if m["release"] == "7.3.4"]
    assert "a Rust entry appeared beside it: CONFIGFS [RUST]" in configfs
    assert any("moved to CONFIGFS [RUST]" in r for r in configfs)


def test_the_body_is_the_semantic_diff_and_a_second_run_changes_nothing(synced: tuple[Path, Path]) -> None:
    root, body = synced
    text = body.read_text()
    assert text.startswith("## What this change means to the records")
    assert "the sync to `" in text and "(7.3.4)" in text
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    assert _script("--file", DATA / "MAINTAINERS-7.3.4.xz", *_source("7.3.4"), "--policies", root, "--body", body) == 0
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before
    assert "No record changes meaning" in body.read_text()


def test_history_is_dated_by_releases_only(synced: tuple[Path, Path]) -> None:
    root, _ = synced
    rust = load_file(root / "subsystems" / "rust.yaml").data
    assert rust["kernel"]["since"] == {"by": "6.1.192"}
    assert {"after": "6.12.117", "by": "7.2.13", "person": "alex-gaynor", "role": "maintainer",
            "change": "left"} in rust["people_history"]
    usb = load_file(root / "subsystems" / "usb-subsystem.yaml").data
    assert usb["kernel"]["since"] == {"by": "6.1.192"}  # in every compared release: no earlier bound
    configfs_rust = load_file(root / "subsystems" / "configfs-rust.yaml").data
    assert configfs_rust["kernel"]["since"] == {"after": "7.2.13", "by": "7.3.4"}
    ff = configfs_rust["fields_from"]
    assert ff["maintainers_file"] == "7.3.4" and ff["sources"][0]["url"] == TAG + "7.3.4"


def test_an_older_file_is_refused(synced: tuple[Path, Path], kpolicy) -> None:
    root, _ = synced
    run = kpolicy("sync", str(DATA / "MAINTAINERS-7.2.13.xz"), "--policies", str(root))
    assert run.code == 2 and "only moves forward" in run.err


def test_an_ambiguous_name_is_an_error(tmp_path: Path, kpolicy) -> None:
    root = tmp_path / "policies"
    (root / "maintainers").mkdir(parents=True)
    for pid, email in (("ada-example", "ada@example.org"), ("ada-example-2", "ada@example.net")):
        _write(root / "maintainers" / f"{pid}.yaml", "maintainer", {"id": pid, "name": "Ada Example", "emails": [email]})
    m = tmp_path / "MAINTAINERS-7.4"
    m.write_text("EXAMPLE [RUST]\nM:\tAda Example <ada@example.com>\nS:\tMaintained\nF:\trust/kernel/example.rs\n")
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    run = kpolicy("sync", str(m), "--policies", str(root))
    assert run.code == 1
    assert "MAINTAINERS-7.4:2:1: error[sync.ambiguous-person]" in run.err, run.err
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


@pytest.mark.parametrize("release, sha256", [
    ("6.1.192", "08a27b8527e12087e6c3cb08a110b79a9ce07b4b84c5970702c59151c335a621"),
    ("7.2.13", "0f40f6a93e986c231d0bef5a41c975a0fbe577738981609a25d13dc294bc82ac"),
    ("7.3.4", "6151790c22698b0f16eac8fa2f6d7a85e5398b794d78d998dc1c37bb0d587625"),
])
def test_release_fixtures_are_the_kernels_files(release: str, sha256: str) -> None:
    import hashlib

    assert hashlib.sha256(lzma.decompress((DATA / f"MAINTAINERS-{release}.xz").read_bytes())).hexdigest() == sha256
