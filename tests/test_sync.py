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
from kpolicy.records.kinds import KIND_BY_NAME
from kpolicy.records.shape import Shapes
from kpolicy.records.writer import dump
from kpolicy.records.yamlio import load_file

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
        _write(path, "maintainer", {**{k: v for k, v in data.items() if k not in PERSON},
                                    **fixture["maintainers"][pid]})
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
def sync_runs(at_6_12_117: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[int]]:
    """The records at 6.12.117 synced to 7.2.13, then 7.3.4; the body file; each run's exit code."""
    body = tmp_path_factory.mktemp("body") / "body.md"
    codes = [_script("--file", DATA / f"MAINTAINERS-{release}.xz", *_source(release),
                     "--policies", at_6_12_117, "--body", body) for release in ("7.2.13", "7.3.4")]
    return at_6_12_117, body, codes


@pytest.fixture(scope="module")
def synced(sync_runs: tuple[Path, Path, list[int]]) -> tuple[Path, Path]:
    return sync_runs[0], sync_runs[1]


def test_both_syncs_succeed(sync_runs: tuple[Path, Path, list[int]]) -> None:
    assert sync_runs[2] == [0, 0]


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
    assert configfs == [
        "maintainers changed: Breno Leitao (breno-leitao) joined, Andreas Hindborg (andreas-hindborg) left",
        "the Rust file pattern rust/kernel/configfs.rs moved to CONFIGFS [RUST]",
        "the Rust file pattern samples/rust/rust_configfs.rs moved to CONFIGFS [RUST]",
        "a Rust entry appeared beside it: CONFIGFS [RUST]"]


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
        _write(root / "maintainers" / f"{pid}.yaml", "maintainer", {"id": pid, "name": "Ada Example",
                                                                    "emails": [email]})
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


# -- small made-up trees: each behaviour on its own --------------------------------------------------

ENTRIES_A = """\
EXAMPLE CORE
M:\tAda Example <ada@example.org>
S:\tMaintained
F:\tdrivers/example/
F:\trust/kernel/example.rs

EXAMPLE OLD HELPERS
M:\tAda Example <ada@example.org>
S:\tMaintained
F:\tlib/example_old.c
F:\tlib/example_old.h

QUIET SUBSYSTEM
M:\tBob Quiet <bob@example.org>
R:\tCarol Review <carol@example.org>
S:\tMaintained
F:\tdrivers/quiet/

GONE DRIVER
M:\tBob Quiet <bob@example.org>
S:\tOdd Fixes
F:\tdrivers/gone/
"""

ENTRIES_B = """\
EXAMPLE CORE
M:\tAda Example <ada@example.org>
M:\tDan New <dan@example.org>
S:\tMaintained
F:\tdrivers/example/

EXAMPLE CORE [RUST]
M:\tEve Rust <eve@example.org>
S:\tMaintained
F:\trust/kernel/example.rs

EXAMPLE HELPERS
M:\tAda Example <ada@example.org>
S:\tMaintained
F:\tlib/example_old.c
F:\tlib/example_old.h

QUIET SUBSYSTEM
M:\tBob Quiet <bob@example.org>
R:\tFrank Other <frank@example.org>
S:\tMaintained
F:\tdrivers/quiet/
"""


def _sync_7_3(root: Path, kpolicy):
    """The three entries of ENTRIES_A (and EXAMPLE CORE, which they relate to) synced into root."""
    root.mkdir()
    a = root.parent / "MAINTAINERS-7.3"
    a.write_text(ENTRIES_A)
    return kpolicy("sync", a, "--policies", root, "--title", "EXAMPLE OLD HELPERS", "QUIET SUBSYSTEM", "GONE DRIVER")


def test_the_small_sync_succeeds(tmp_path: Path, kpolicy) -> None:
    run = _sync_7_3(tmp_path / "policies", kpolicy)
    assert run.code == 0, run.err
    assert sorted(p.stem for p in (tmp_path / "policies" / "subsystems").glob("*.yaml")) == [
        "example-core", "example-old-helpers", "gone-driver", "quiet-subsystem"]


@pytest.fixture
def small(tmp_path: Path, kpolicy) -> tuple[Path, Path]:
    """Records of EXAMPLE CORE, EXAMPLE OLD HELPERS, QUIET SUBSYSTEM and GONE DRIVER at 7.3, with
    stances; QUIET SUBSYSTEM's is no-engagement. Returns (records, the 7.4 file)."""
    root = tmp_path / "policies"
    _sync_7_3(root, kpolicy)
    quiet = root / "stances" / "quiet-subsystem.yaml"
    _write(quiet, "stance", {"subsystem": "quiet-subsystem", "level": "no-engagement", "checked": "2026-01-10",
                             "sources": [{"url": "https://lore.kernel.org/all/x@example.org/", "title": "x",
                                          "date": "2026-01-09"}]})
    for sid in ("example-core", "example-old-helpers", "gone-driver"):
        data = load_file(root / "stances" / f"{sid}.yaml").data
        _write(root / "stances" / f"{sid}.yaml", "stance", {k: v for k, v in data.items() if k != "needs_review"})
    b = tmp_path / "MAINTAINERS-7.4"
    b.write_text(ENTRIES_B)
    return root, b


def test_sync_renames_vanishes_and_marks(small: tuple[Path, Path], kpolicy) -> None:
    root, b = small
    run = kpolicy("sync", b, "--policies", root, "--source-url", "https://git.kernel.org/x/tag/?h=v7.4",
                  "--source-date", "2026-12-01", "--earlier", b.parent / "MAINTAINERS-7.3")
    assert run.code == 0, run.err
    old = load_file(root / "subsystems" / "example-old-helpers.yaml").data
    assert old["renamed_to"] == "example-helpers" and old["kernel"]["until"] == {"after": "7.3", "by": "7.4"}
    assert old["files"] == ["lib/example_old.c", "lib/example_old.h"]  # history keeps its fields
    gone = load_file(root / "subsystems" / "gone-driver.yaml").data
    assert gone["kernel"]["until"] == {"after": "7.3", "by": "7.4"} and "renamed_to" not in gone
    new = load_file(root / "subsystems" / "example-helpers.yaml").data
    assert new["kernel"]["since"] == {"after": "7.3", "by": "7.4"}  # absent from the earlier file given
    assert new["fields_from"]["sources"][0]["title"] == "MAINTAINERS of Linux 7.4"

    def reasons(sid: str) -> list[str]:
        return [m["reason"] for m in load_file(root / "stances" / f"{sid}.yaml").data.get("needs_review", ())]

    core = reasons("example-core")
    assert "maintainers changed: Dan New (dan-new) joined" in core
    assert "a Rust entry appeared beside it: EXAMPLE CORE [RUST]" in core
    assert "the Rust file pattern rust/kernel/example.rs moved to EXAMPLE CORE [RUST]" in core
    assert reasons("example-core-rust")[0] == "new record: the title names Rust"
    assert load_file(root / "stances" / "example-core-rust.yaml").data["level"] == "unknown"
    assert reasons("quiet-subsystem") == [
        ("reviewers changed: Frank Other (frank-other) joined, Carol Review (carol-review) left "
         "(the stance is no-engagement)")]
    assert load_file(root / "stances" / "quiet-subsystem.yaml").data["level"] == "no-engagement"
    assert reasons("gone-driver") == ["the entry is gone from MAINTAINERS"]
    assert reasons("example-old-helpers") == ["the entry was renamed to EXAMPLE HELPERS"]
    quiet = load_file(root / "subsystems" / "quiet-subsystem.yaml").data
    assert quiet["people_history"] == [
        {"after": "7.3", "by": "7.4", "person": "carol-review", "role": "reviewer", "change": "left"},
        {"after": "7.3", "by": "7.4", "person": "frank-other", "role": "reviewer", "change": "joined"}]
    assert "**EXAMPLE CORE \\[RUST\\]**: subsystem added" in run.out
    assert kpolicy("validate", "--policies", root).code == 0
    drift = kpolicy("drift", b, "--policies", root)
    assert drift.code == 0, drift.out
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    again = kpolicy("sync", b, "--policies", root, "--source-url", "https://git.kernel.org/x/tag/?h=v7.4",
                    "--source-date", "2026-12-01", "--earlier", b.parent / "MAINTAINERS-7.3")
    assert again.code == 0 and "nothing to change" in again.err
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


def test_a_failed_write_changes_nothing(small: tuple[Path, Path], kpolicy, monkeypatch: pytest.MonkeyPatch) -> None:
    from kpolicy.records import atomic
    root, b = small
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    real = atomic.os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", flaky)
    run = kpolicy("sync", b, "--policies", root)
    assert run.code == 2 and "no file was changed" in run.err
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


def test_upstream_script_reads_the_release_from_kernel_org_json_and_refuses_plain_http() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import upstream_sync

    doc = {"latest_stable": {"version": "7.3.5"},
           "releases": [{"version": "7.3.5", "released": {"isodate": "2026-11-24"}}]}
    assert upstream_sync.latest_stable(json.dumps(doc).encode()) == ("7.3.5", "2026-11-24")
    doc["latest_stable"]["version"] = "7.3.5; rm -rf /"
    with pytest.raises(ValueError, match="not a kernel release"):
        upstream_sync.latest_stable(json.dumps(doc).encode())
    with pytest.raises(OSError, match="HTTPS only"):
        upstream_sync.fetch("http://www.kernel.org/releases.json", 10)


def test_upstream_script_refuses_a_file_without_a_release_in_its_name(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import upstream_sync

    f = tmp_path / "MAINTAINERS"
    f.write_text(ENTRIES_A)
    assert upstream_sync.main(["--file", str(f), "--policies", str(tmp_path)]) == 2
