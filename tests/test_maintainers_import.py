"""import-maintainers and export-maintainers on the real 6.12.117 file: the whole-file round trip,
what is kept, what is refused, and that a second run changes nothing."""

from __future__ import annotations

import contextlib
import io
import lzma
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT
from kpolicy.cli import main
from kpolicy.maintainers import file as mf
from kpolicy.records.yamlio import load_file

FIXTURE = ROOT / "tests" / "data" / "MAINTAINERS-6.12.117.xz"
FULL_TITLES = {"BLOCK LAYER", "BLOCK LAYER DEVICE DRIVER API [RUST]"}


def _run(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as e:
            code = int(e.code or 0)
    return code, out.getvalue(), err.getvalue()


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def real() -> mf.MaintainersFile:
    return mf.read(FIXTURE)


@dataclass(frozen=True)
class Imported:
    root: Path
    code: int
    out: str
    err: str


@pytest.fixture(scope="module")
def import_all(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """Every entry of the real file imported into an empty records folder, and what the command said."""
    root = tmp_path_factory.mktemp("all") / "policies"
    root.mkdir()
    return Imported(root, *_run("import-maintainers", FIXTURE, "--all", "--policies", root))


@pytest.fixture(scope="module")
def imported_all(import_all: Imported) -> Path:
    return import_all.root


def test_import_all_creates_a_subsystem_and_a_stance_per_entry(import_all: Imported) -> None:
    assert import_all.code == 0, import_all.err
    assert import_all.out.startswith("## What this change means to the records")
    assert "2906 subsystem records created" in import_all.err and "2906 stance records created" in import_all.err
    assert len(list((import_all.root / "subsystems").glob("*.yaml"))) == 2906
    assert len(list((import_all.root / "stances").glob("*.yaml"))) == 2906


def test_round_trip_gives_back_every_entry(imported_all: Path, real: mf.MaintainersFile, tmp_path: Path) -> None:
    out = tmp_path / "MAINTAINERS"
    code, _, err = _run("export-maintainers", "--policies", imported_all, "-o", out, "--preamble-from", FIXTURE)
    assert code == 0, err
    back = mf.read(out)
    assert [e.title for e in back.entries] == [e.title for e in real.entries]  # the kernel's order
    compared = mismatches = 0
    for mine, theirs in zip(back.entries, real.entries, strict=True):
        compared += 1
        mismatches += any(mine.values(letter) != theirs.values(letter) for letter in mf.FIELD_ORDER)
    assert (compared, mismatches) == (2906, 0)
    # byte for byte the file, once its few entries with fields out of the preferred order are sorted
    canonical = [mf.Entry(e.title, tuple(sorted(e.fields, key=lambda f: mf.FIELD_ORDER.index(f[0]))))
                 for e in real.entries]
    assert out.read_text(encoding="utf-8") == mf.text(canonical, real.preamble)
    assert sum(c.fields != e.fields for c, e in zip(canonical, real.entries, strict=True)) == 10


def test_imported_records_validate_and_match_the_file(imported_all: Path) -> None:
    code, out, _ = _run("validate", "--policies", imported_all, "--maintainers", FIXTURE)
    assert code == 0
    # each new stance needs review, and THE REST's status
    assert out.splitlines()[-1].endswith(" 0 errors, 2907 warnings")


def test_a_second_run_changes_nothing(imported_all: Path) -> None:
    before = _snapshot(imported_all)
    code, out, err = _run("import-maintainers", FIXTURE, "--all", "--policies", imported_all)
    assert code == 0, err
    assert "nothing to change" in err and "No record changes meaning" in out
    assert _snapshot(imported_all) == before


def test_records_written_from_the_file(imported_all: Path) -> None:
    rust = load_file(imported_all / "subsystems" / "rust.yaml").data
    assert rust["maintainers"] == ["miguel-ojeda", "alex-gaynor"]
    assert rust["fields_from"] == {"maintainers_file": "6.12.117", "position": 2254}
    assert rust["keywords"] == ["\\b(?i:rust)\\b"]
    # both spellings of one person survive, each in the entry that uses it
    tytso = load_file(imported_all / "maintainers" / "theodore-ts-o.yaml").data
    assert tytso == {"id": "theodore-ts-o", "name": "Theodore Ts'o", "aliases": ["Theodore Y. Ts'o"],
                     "emails": ["tytso@mit.edu"]}
    assert load_file(imported_all / "subsystems" / "ext4-file-system.yaml").data["maintainers"][0] == {
        "person": "theodore-ts-o", "name": '"Theodore Ts\'o"'}
    fscrypt = load_file(imported_all / "subsystems" / "fscrypt-file-system-level-encryption-support.yaml").data
    assert {"person": "theodore-ts-o", "name": "Theodore Y. Ts'o"} in fscrypt["maintainers"]
    # a remark, a bare address and a tab before the address
    sched = load_file(imported_all / "subsystems" / "scheduler.yaml").data
    assert {"person": "juri-lelli", "remark": "(SCHED_DEADLINE)"} in sched["maintainers"]
    x86 = load_file(imported_all / "subsystems" / "x86-architecture-32-bit-and-64-bit.yaml").data
    assert {"person": "x86-kernel-org", "email": None} in x86["maintainers"]
    assert load_file(imported_all / "subsystems" / "pm6764tr-driver.yaml").data["maintainers"] == [
        {"person": "charles-hsu", "line": "Charles Hsu\t<hsu.yungteng@gmail.com>"}]
    # one address, one person: two addresses under one name are one record
    rafael = load_file(imported_all / "maintainers" / "rafael-j-wysocki.yaml").data
    assert sorted(rafael["emails"]) == ["rafael.j.wysocki@intel.com", "rafael@kernel.org"]
    # titles that give the same slug get -2 in file order
    assert load_file(imported_all / "subsystems" / "hid-logitech-drivers-2.yaml").data["title"] != \
        load_file(imported_all / "subsystems" / "hid-logitech-drivers.yaml").data["title"]


# -- imports into records that say more than the file ---------------------------------------------

CURATED_SUBSYSTEM = """\
id: block-layer
title: BLOCK LAYER
maintainers:
  - jens-axboe
status:
  - Odd Fixes
files:
  - block/
kernel:
  since: "2.6.12"
pairs_with:
  - block-layer-device-driver-api-rust
fields_from:
  maintainers_file: "6.11"
  sources:
    - url: https://lore.kernel.org/all/example-block/
      title: an example source
      date: 2024-01-01
notes: What we know about the block layer.
"""
CURATED_PERSON = """\
id: jens-axboe
name: Jens Axboe
emails:
  - jens@new.example.org
links:
  - url: https://example.org/jens
    title: Jens's page
notes: Curated.
"""


@pytest.fixture
def curated(tmp_path: Path) -> Path:
    root = tmp_path / "policies"
    (root / "subsystems").mkdir(parents=True)
    (root / "maintainers").mkdir()
    (root / "subsystems" / "block-layer.yaml").write_text(CURATED_SUBSYSTEM, encoding="utf-8")
    (root / "maintainers" / "jens-axboe.yaml").write_text(CURATED_PERSON, encoding="utf-8")
    return root


def test_curated_data_is_kept(curated: Path, kpolicy) -> None:
    run = kpolicy("import-maintainers", FIXTURE, "--policies", curated, "--title", *sorted(FULL_TITLES))
    assert run.code == 0, run.err
    block = load_file(curated / "subsystems" / "block-layer.yaml").data
    assert block["kernel"] == {"since": "2.6.12"}
    assert block["pairs_with"] == ["block-layer-device-driver-api-rust"]
    assert block["notes"] == "What we know about the block layer."
    assert block["fields_from"]["sources"][0]["url"] == "https://lore.kernel.org/all/example-block/"
    assert (block["fields_from"]["maintainers_file"], block["fields_from"]["position"]) == ("6.12.117", 416)
    assert block["status"] == ["Maintained"]
    # the address the newer release uses becomes the current one; the earlier one is kept after it
    assert block["maintainers"] == ["jens-axboe"]
    jens = load_file(curated / "maintainers" / "jens-axboe.yaml").data
    assert jens["emails"] == ["axboe@kernel.dk", "jens@new.example.org"]
    assert jens["links"] == [{"url": "https://example.org/jens", "title": "Jens's page"}]
    assert jens["notes"] == "Curated."
    assert kpolicy("validate", "--policies", curated, "--maintainers", FIXTURE).code == 0


def test_rust_related_selection(tmp_path: Path, kpolicy) -> None:
    root = tmp_path / "policies"
    root.mkdir()
    run = kpolicy("import-maintainers", FIXTURE, "--policies", root, "--rust-related")
    assert run.code == 0, run.err
    titles = {load_file(f).data["title"] for f in (root / "subsystems").glob("*.yaml")}
    assert titles == {
        "RUST", "RUST [ALLOC]", "ASIX PHY DRIVER [RUST]", "BLOCK LAYER DEVICE DRIVER API [RUST]",
        "ETHERNET PHY LIBRARY [RUST]",  # titles naming Rust
        "APPLIED MICRO QT2025 PHY DRIVER", "DRIVER CORE, KOBJECTS, DEBUGFS AND SYSFS",
        "FIRMWARE LOADER (request_firmware)", "KERNEL UNIT TESTING FRAMEWORK (KUnit)",  # F: names Rust files
        "ETHERNET PHY LIBRARY", "BLOCK LAYER",  # the C entries the Rust ones pair with
    }
    # written in the canonical layout, so kpolicy fmt has nothing to change
    assert kpolicy("fmt", "--policies", root, "--check").code == 0


def test_dry_run_writes_nothing(curated: Path, kpolicy) -> None:
    before = _snapshot(curated)
    run = kpolicy("import-maintainers", FIXTURE, "--policies", curated, "--rust-related", "--dry-run")
    assert run.code == 0
    assert "`" + str(Path("policies") / "subsystems" / "block-layer.yaml") + "`: subsystem modified" in run.out
    assert "(dry run: nothing written)" in run.err
    assert _snapshot(curated) == before


def test_a_record_that_cannot_be_rewritten_stops_everything(curated: Path, kpolicy) -> None:
    f = curated / "subsystems" / "block-layer.yaml"
    f.write_text(CURATED_SUBSYSTEM.replace("status:\n", "# reviewed in 2024\nstatus:\n"), encoding="utf-8")
    before = _snapshot(curated)
    run = kpolicy("import-maintainers", FIXTURE, "--policies", curated, "--rust-related")
    assert run.code == 1
    assert "block-layer.yaml:5:1: error[import.comment]" in run.err
    assert "nothing written" in run.err
    assert _snapshot(curated) == before


def test_records_with_errors_stop_the_import(curated: Path, kpolicy) -> None:
    (curated / "maintainers" / "jens-axboe.yaml").write_text("id: jens-axboe\n", encoding="utf-8")
    before = _snapshot(curated)
    run = kpolicy("import-maintainers", FIXTURE, "--policies", curated, "--title", "BLOCK LAYER")
    assert run.code == 1
    assert "jens-axboe.yaml:1:1: error[schema.required]" in run.err
    assert _snapshot(curated) == before


def test_an_unknown_field_letter_is_located(tmp_path: Path, kpolicy) -> None:
    f = tmp_path / "MAINTAINERS-6.13"
    f.write_text("ENTRY\nM:\tAda <ada@example.org>\nZ:\tsomething\n", encoding="utf-8")
    (tmp_path / "policies").mkdir()
    run = kpolicy("import-maintainers", f, "--policies", tmp_path / "policies", "--all")
    assert run.code == 1
    assert f"{f}:3:1: error[maintainers.field]: unknown field letter Z: in entry 'ENTRY'" in run.err


def test_usage_errors(tmp_path: Path, kpolicy) -> None:
    (tmp_path / "policies").mkdir()
    run = kpolicy("import-maintainers", FIXTURE, "--policies", tmp_path / "policies", "--title", "BLOCK LAYERS")
    assert run.code == 2
    assert "no entry titled 'BLOCK LAYERS' (did you mean 'BLOCK LAYER'?)" in run.err
    plain = tmp_path / "MAINTAINERS"
    plain.write_bytes(lzma.decompress(FIXTURE.read_bytes()))
    run = kpolicy("import-maintainers", plain, "--policies", tmp_path / "policies", "--title", "BLOCK LAYER")
    assert run.code == 2 and "--release" in run.err
    run = kpolicy("import-maintainers", plain, "--policies", tmp_path / "policies", "--title", "BLOCK LAYER",
                  "--kernel-version", "6.12.117")
    assert run.code == 0, run.err
    run = kpolicy("import-maintainers", plain, "--policies", tmp_path / "policies", "--all",
                  "--kernel-version", "latest")
    assert run.code == 2 and "is not a kernel release" in run.err


def test_validate_compares_the_repositorys_records_with_the_file(kpolicy) -> None:
    run = kpolicy("validate", "--policies", ROOT / "policies", "--maintainers", FIXTURE, "--format", "json")
    assert "maintainers-file-match" not in run.out
