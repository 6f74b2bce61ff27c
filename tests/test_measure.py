"""kpolicy measure: Rust counted from a release's own source, on small tarballs made here."""

from __future__ import annotations

import io
import lzma
import re
import tarfile
from pathlib import Path

import pytest

from kpolicy.cli import main
from kpolicy.measure import kbuild, kernelfiles, rustlines
from kpolicy.measure.record import area_of
from kpolicy.records.kinds import KIND_BY_NAME
from kpolicy.records.schemas import Schemas
from kpolicy.records.yamlio import load_file

REPO = Path(__file__).resolve().parent.parent

MAKEFILE = b"""# SPDX-License-Identifier: GPL-2.0
VERSION = 7
PATCHLEVEL = 3
SUBLEVEL = 4
EXTRAVERSION =
NAME = Test Possum

# *DOCUMENTATION*
"""

MAINTAINERS = b"""List of maintainers
-------------------

ANDROID DRIVERS
M:	Ann Droid <ann@example.org>
S:	Supported
F:	drivers/android/

FOO DRIVER [RUST]
M:	Foo Person <foo@example.org>
S:	Maintained
F:	drivers/foo/

RUST
M:	Rusty Person <rusty@example.org>
S:	Supported
F:	rust/
F:	samples/rust/
X:	rust/syn/

RUST [SYN]
M:	Syn Person <syn@example.org>
S:	Maintained
F:	rust/syn/

THE REST
M:	Linus Torvalds <torvalds@linux-foundation.org>
S:	Buried alive in reporters
F:	*
F:	*/
"""

# 6 lines, 3 of code: doc comment, code, blank, block comment (2 lines) with a string after... see counts below
LIB_RS = b"""//! The crate's doc comment.
pub fn f() -> &'static str { "// not a comment" }

/* a block
   comment */ pub const X: u8 = b'"';
"""
# lines 5; code: line 2 and line 5 ("*/ pub const ...") -> 2

ALLOC_RS = b"""/* outer /* nested */ still comment */
fn g<'a>(x: &'a u8) -> &'a u8 { x } // trailing comment
let s = r#"raw "string" with /* inside"#;
"""
# lines 3; code 2

SYN_RS = b"""// SPDX-License-Identifier: Apache-2.0 OR MIT
pub struct Syn;
pub struct Other;
"""
# lines 3; code 2

SYN_README = b"""# `syn`

These source files come from the Rust `syn` crate, version 2.0.106
(released 2025-08-16), hosted in the <https://github.com/dtolnay/syn>
repository.

For copyright details, please see:
"""

PIN_README = b"""# `pin-init`

A library to initialize pinned values, kept in the Rust-for-Linux organisation.
"""

MIN_TOOL = b"""#!/bin/sh
case "$1" in
rustc)
\tif [ "$SRCARCH" = "s390" ]; then
\t\techo 1.96.0
\telif [ "$ARCH" = powerpc ]; then
\t\techo 1.95.0
\telse
\t\techo 1.85.0
\tfi
\t;;
bindgen)
\techo 0.71.1
\t;;
*)
\techo "$1: unknown tool" >&2
\texit 1
\t;;
esac
"""

ARCH_RST = b"""Arch Support
============

=============  ================  ==============================================
Architecture   Level of support  Constraints
=============  ================  ==============================================
``arm64``      Maintained        Little Endian only.
``x86``        Maintained        ``x86_64`` only.
``um``         Maintained        \\-
=============  ================  ==============================================
"""

FILES: dict[str, bytes] = {
    "Makefile": MAKEFILE,
    "MAINTAINERS": MAINTAINERS,
    "scripts/min-tool-version.sh": MIN_TOOL,
    "Documentation/rust/arch-support.rst": ARCH_RST,
    "arch/x86/Kconfig": b"config X86\n\tselect HAVE_RUST if X86_64\n\tselect OTHER\n",
    "arch/um/Kconfig": b"config UML\n\tselect HAVE_RUST\n",
    "arch/arm/Kconfig": b"config ARM\n\tselect HAVE_KERNEL_XZ\n",
    "rust/kernel/lib.rs": LIB_RS,
    "rust/kernel/alloc.rs": ALLOC_RS,
    "rust/macros/lib.rs": b"fn m() {}\n",
    "rust/syn/README.md": SYN_README,
    "rust/syn/lib.rs": SYN_RS,
    "rust/syn/gen/visit.rs": b"fn v() {}\n\n",
    "rust/pin-init/README.md": PIN_README,
    "rust/pin-init/src/lib.rs": b"// comment only\n",
    "drivers/foo/Makefile": b"obj-$(CONFIG_FOO_RUST) += foo.o\n",
    "drivers/foo/foo.rs": b"mod regs;\nfn probe() {}\n",
    "drivers/foo/regs.rs": b"const R: u32 = 1;",
    "drivers/android/binder/Makefile": (b"obj-$(CONFIG_BINDER_RUST) += rust_binder.o\n"
                                        b"rust_binder-y := \\\n\tmain.o \\\n\tfs.o \\\n\tcfs.o\n"),
    "drivers/android/binder/cfs.c": b"int c;\n",
    "drivers/android/binder/main.rs": b"fn main() {}\n",
    "drivers/android/binder/fs.rs": b"fn fs() {}\n",
    "drivers/gpu/drm/Makefile": b"drm-y := drm_file.o drm_panic_qr.o\nobj-$(CONFIG_DRM) += drm.o\nobj-y += other.o\n",
    "drivers/gpu/drm/drm_file.c": b"int x;\n" * 30,
    "drivers/gpu/drm/drm_panic_qr.rs": b"fn qr() {}\n",
    "drivers/net/Makefile": b"obj-$(CONFIG_NET_C) += cdrv.o\n# obj-$(CONFIG_GONE) += gone.o\n",
    "drivers/net/cdrv.c": b"int y;\n",
    "drivers/net/gone.rs": b"fn gone() {}\n",
    "samples/rust/hello.rs": b"fn hello() {}\n",
    "scripts/tool.rs": b"fn tool() {}\n",
}


def make_tarball(path: Path, files: dict[str, bytes] = FILES, top: str = "linux-source-7.3",
                 compression: str = "xz") -> Path:
    with tarfile.open(path, f"w:{compression}" if compression else "w") as tf:
        dirs: set[str] = set()
        for name in sorted(files):
            parts = name.split("/")
            for i in range(1, len(parts)):
                d = "/".join(parts[:i])
                if d not in dirs:
                    dirs.add(d)
                    info = tarfile.TarInfo(f"{top}/{d}")
                    info.type = tarfile.DIRTYPE
                    info.mtime = 1_700_000_000
                    tf.addfile(info)
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size = len(files[name])
            info.mtime = 1_762_732_800  # 2025-11-10
            tf.addfile(info, io.BytesIO(files[name]))
    return path


def make_tree(root: Path, files: dict[str, bytes] = FILES) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    """A records folder with version-policy records that agree with the fixture's script."""
    root = tmp_path / "policies"
    (root / "version-policy").mkdir(parents=True)
    arches = {"rustc": '    architectures:\n      - arch: s390\n        version: "1.96.0"\n'
                       '      - arch: powerpc\n        version: "1.95.0"\n', "bindgen": ""}
    for tool, version in (("rustc", "1.85.0"), ("bindgen", "0.71.1")):
        (root / "version-policy" / f"{tool}.yaml").write_text(
            f'tool: {tool}\nname: {tool}\nas_of: "2026-01-01"\nminimums:\n'
            f'  - kernel: "6.1"\n    version: "0.1.0"\n    kind: pinned\n    sources: []\n'
            f'  - kernel: "7.1"\n    version: "{version}"\n    kind: minimum\n    sources: []\n'
            f'  - kernel: "7.3"\n    version: "{version}"\n    kind: minimum\n    sources: []\n{arches[tool]}'
            f'  - kernel: "7.4"\n    version: "9.9.9"\n    kind: minimum\n    sources: []\n', encoding="utf-8")
    return root


# -- line counting ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "lines", "code"), [
    (b"", 0, 0),
    (b"fn a() {}", 1, 1),
    (b"fn a() {}\n\n   \n", 3, 1),
    (b"/// doc\n//! inner doc\n// plain\nfn a() {}\n", 4, 1),
    (b"/* one\n two */\nfn a() {}\n", 3, 1),
    (b"/* a /* nested */ still */ x\n", 1, 1),
    (b"/* a /* nested */ still\n*/\n", 2, 0),
    (b"/** doc block */\n/*! inner */\n", 2, 0),
    (b'let s = "// no";\n', 1, 1),
    (b'let s = "a\n\n// inside\nb";\n', 4, 3),  # the blank line inside the string is blank
    (b'let s = "\\" /* ";\n', 1, 1),
    (b'let c = \'"\'; // q\n// after\n', 2, 1),
    (b"let c = '\\''; /* x */\n", 1, 1),
    (b"fn f<'a>(x: &'a str) {} // c\n// d\n", 2, 1),
    (b'let r = r#"a " /* b"#;\n// c\n', 2, 1),
    (b'let r = br"//";\n', 1, 1),
    (b"/* never closed\nfn a() {}\n", 2, 0),
])
def test_line_counts(text: bytes, lines: int, code: int) -> None:
    assert rustlines.count(text) == (lines, code)


def test_fixture_counts_as_commented() -> None:
    assert rustlines.count(LIB_RS) == (5, 2)
    assert rustlines.count(ALLOC_RS) == (3, 2)
    assert rustlines.count(SYN_RS) == (3, 2)


# -- single files ----------------------------------------------------------------------------------

def test_release_from_makefile() -> None:
    assert kernelfiles.release_of(MAKEFILE) == ("7.3.4", "Test Possum")
    rc = b"VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION = -rc3\n"
    assert kernelfiles.release_of(rc) == ("6.12-rc3", None)


def test_vendored_readme() -> None:
    crate = kernelfiles.vendored_crate(SYN_README)
    assert crate is not None and crate["name"] == "syn" and crate["version"] == "2.0.106"
    assert crate["origin"].startswith("These source files come from the Rust `syn` crate")
    assert "\n" not in crate["origin"]
    assert kernelfiles.vendored_crate(PIN_README) is None


def test_tool_minimums_per_arch() -> None:
    assert kernelfiles.tool_minimums(MIN_TOOL) == {
        "rustc": {"version": "1.85.0", "by_arch": [
            {"variable": "SRCARCH", "arch": "s390", "version": "1.96.0"},
            {"variable": "ARCH", "arch": "powerpc", "version": "1.95.0"}]},
        "bindgen": {"version": "0.71.1"}}


def test_kbuild_objects() -> None:
    items = kbuild.assignments(FILES["drivers/android/binder/Makefile"])
    assert items == [kbuild.Assignment("obj-$(CONFIG_BINDER_RUST)", ("rust_binder.o",)),
                     kbuild.Assignment("rust_binder-y", ("main.o", "fs.o", "cfs.o"))]
    found = kbuild.rust_objects(items, {"main.rs", "fs.rs"})
    assert found == [kbuild.RustObject("rust_binder.o", "CONFIG_BINDER_RUST", ("main.rs", "fs.rs"), ("cfs.o",))]
    assert kbuild.rust_objects(kbuild.assignments(FILES["drivers/net/Makefile"]), {"gone.rs"}) == []
    assert kbuild.have_rust_selects(FILES["arch/x86/Kconfig"]) == ["X86_64"]


def test_areas() -> None:
    assert [area_of(p) for p in ("rust/kernel/a.rs", "rust/syn/b.rs", "drivers/x/c.rs", "samples/rust/d.rs",
                                 "scripts/e.rs")] == ["rust/kernel", "rust/other", "drivers", "samples", "other"]


# -- the command -----------------------------------------------------------------------------------

def test_measure_tarball(tmp_path: Path, capsys: pytest.CaptureFixture[str], policies: Path) -> None:
    tarball = make_tarball(tmp_path / "linux-source-7.3.tar.xz")
    code, out, err = run(capsys, "measure", str(tarball), "--policies", str(policies))
    assert code == 0
    assert "error" not in err and "warning" not in err
    assert "7.3.4:" in out
    written = policies / "releases" / "7.3.4.yaml"
    record = load_file(written).data
    assert Schemas().is_valid(KIND_BY_NAME["release"].schema, record)
    assert record["release"] == "7.3.4" and record["name"] == "Test Possum"
    assert record["source"]["file"] == "linux-source-7.3.tar.xz"
    import hashlib
    assert record["source"]["sha256"] == hashlib.sha256(tarball.read_bytes()).hexdigest()
    tag = "https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tag/?h=v7.3.4"
    assert record["sources"][0] == {"url": tag, "title": "Linux 7.3.4 (tag v7.3.4)", "date": "2025-11-10"}
    rust = record["rust"]
    # own: lib.rs 5/2, alloc.rs 3/2, macros 1/1, pin-init 1/0, foo.rs 2/2, regs.rs 1/1, main 1/1, fs 1/1,
    # qr 1/1, gone 1/1, hello 1/1, tool 1/1; vendored: syn lib.rs 3/2, gen/visit.rs 2/1
    assert rust["own"] == {"files": 12, "lines": 19, "code": 14}
    assert rust["vendored"] == {"files": 2, "lines": 5, "code": 3}
    assert rust["total"] == {"files": 14, "lines": 24, "code": 17}
    assert rust["areas"] == [
        {"area": "rust/kernel", "own": {"files": 2, "lines": 8, "code": 4}},
        {"area": "rust/other", "own": {"files": 2, "lines": 2, "code": 1},
         "vendored": {"files": 2, "lines": 5, "code": 3}},
        {"area": "drivers", "own": {"files": 6, "lines": 7, "code": 7}},
        {"area": "samples", "own": {"files": 1, "lines": 1, "code": 1}},
        {"area": "other", "own": {"files": 1, "lines": 1, "code": 1}},
    ]
    crates = [(c["path"], c["name"], c["files"], c["lines"]) for c in rust["vendored_crates"]]
    assert crates == [("rust/syn", "syn", 2, 5)]
    entries = {e["title"]: e for e in record["entries"]}
    # RUST excludes rust/syn/ (X:), so syn's files go to RUST [SYN] and THE REST only
    assert entries["RUST"]["files"] == 5 and entries["RUST"]["covering"]["files"] == 5
    assert entries["RUST [SYN]"]["files"] == 2
    assert entries["RUST [SYN]"]["vendored"] == {"files": 2, "lines": 5, "code": 3}
    assert "vendored" not in entries["RUST"]
    assert entries["ANDROID DRIVERS"]["files"] == 2 and entries["FOO DRIVER [RUST]"]["files"] == 2
    # THE REST covers every file but is the most specific entry only where no other entry matches
    assert entries["THE REST"]["covering"]["files"] == 14
    assert entries["THE REST"]["files"] == 3  # drm_panic_qr.rs, gone.rs, scripts/tool.rs
    assert sum(e["files"] for e in record["entries"]) == 14  # each file once
    assert record["entries"][0]["title"] == "RUST"  # most lines first
    assert record["drivers"] == [
        # main.rs and fs.rs (24 bytes) against cfs.c (7 bytes): 77% Rust, a driver written in Rust
        {"path": "drivers/android/binder", "object": "rust_binder.o", "mixed": True, "other_parts": 1,
         "rust_share": 77, "written_in_rust": True,
         "config": "CONFIG_BINDER_RUST",
         "entry": "ANDROID DRIVERS", "files": 2, "lines": 2, "code": 2},
        {"path": "drivers/foo", "object": "foo.o", "mixed": False, "written_in_rust": True, "config": "CONFIG_FOO_RUST",
         "entry": "FOO DRIVER [RUST]", "files": 2, "lines": 3, "code": 3},
        # drm_panic_qr.rs (11 bytes) inside drm.o with drm_file.c (210 bytes): a Rust part of a C module
        {"path": "drivers/gpu/drm/drm_panic_qr.rs", "object": "drm.o", "mixed": True, "other_parts": 1,
         "rust_share": 5, "written_in_rust": False, "config": "CONFIG_DRM",
         "entry": "THE REST", "files": 1, "lines": 1, "code": 1},
    ]
    assert record["toolchain"]["rustc"]["version"] == "1.85.0"
    assert record["architectures"] == {
        "documented": [{"arch": "arm64", "support": "Maintained", "constraints": "Little Endian only."},
                       {"arch": "x86", "support": "Maintained", "constraints": "x86_64 only."},
                       {"arch": "um", "support": "Maintained"}],
        "kconfig": [{"arch": "um"}, {"arch": "x86", "condition": "X86_64"}]}


def test_second_run_same_bytes_and_tree_agrees(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               policies: Path) -> None:
    tarball = make_tarball(tmp_path / "linux-source-7.3.tar.xz")
    assert run(capsys, "measure", str(tarball), "--policies", str(policies))[0] == 0
    written = policies / "releases" / "7.3.4.yaml"
    first = written.read_bytes()
    assert run(capsys, "measure", str(tarball), "--policies", str(policies))[0] == 0
    assert written.read_bytes() == first
    code, out, _ = run(capsys, "measure", str(tarball), "--policies", str(policies), "--check")
    assert code == 0 and "the same" in out
    # the same files as an unpacked tree, and as a gzip tarball: the same counts
    tree = make_tree(tmp_path / "tree")
    code, out, _ = run(capsys, "measure", str(tree), "--policies", str(policies), "--stdout")
    assert code == 0
    from_tree = load_file(written).data | {}
    import yaml
    tree_record = yaml.safe_load(out)
    for key in ("rust", "entries", "drivers", "toolchain", "architectures"):
        assert tree_record[key] == from_tree[key]
    gz = make_tarball(tmp_path / "linux.tar.gz", compression="gz")
    code, out, _ = run(capsys, "measure", str(gz), "--policies", str(policies), "--stdout")
    assert yaml.safe_load(out)["rust"] == from_tree["rust"]


def test_check_reports_a_changed_record(tmp_path: Path, capsys: pytest.CaptureFixture[str], policies: Path) -> None:
    tarball = make_tarball(tmp_path / "linux-source-7.3.tar.xz")
    run(capsys, "measure", str(tarball), "--policies", str(policies))
    written = policies / "releases" / "7.3.4.yaml"
    written.write_text(written.read_text().replace("files: 14", "files: 15", 1))
    before = written.read_bytes()
    code, _, err = run(capsys, "measure", str(tarball), "--policies", str(policies), "--check")
    assert code == 1 and "differs" in err
    assert written.read_bytes() == before


def test_version_policy_mismatch_is_reported_not_fixed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       policies: Path) -> None:
    rustc = policies / "version-policy" / "rustc.yaml"
    rustc.write_text(rustc.read_text().replace('"1.85.0"', '"1.80.0"').replace('"1.96.0"', '"1.90.0"')
                     .replace('      - arch: powerpc\n        version: "1.95.0"\n', ''))
    before = rustc.read_bytes()
    tarball = make_tarball(tmp_path / "linux-source-7.3.tar.xz")
    code, _, err = run(capsys, "measure", str(tarball), "--policies", str(policies))
    assert code == 1
    lines = rustc.read_text().splitlines()
    line = [i for i, text in enumerate(lines) if text == '    version: "1.80.0"'][1] + 1  # the step for 7.3
    assert (f"rustc.yaml:{line}:14: error[measure.version-policy]: rustc minimum for 7.3 is 1.80.0 here "
            "(step for 7.3), but 7.3.4's scripts/min-tool-version.sh prints 1.85.0") in err
    s390 = lines.index('        version: "1.90.0"') + 1
    assert (f"rustc.yaml:{s390}:18: error[measure.version-policy-arch]: 7.3.4's scripts/min-tool-version.sh asks "
            "rustc 1.96.0 when $SRCARCH is s390, but the record says 1.90.0") in err
    assert (f"rustc.yaml:{line}:14: error[measure.version-policy-arch]: 7.3.4's scripts/min-tool-version.sh asks "
            "rustc 1.95.0 when $ARCH is powerpc, but the step for 7.3 has no minimum for powerpc") in err
    assert rustc.read_bytes() == before
    assert (policies / "releases" / "7.3.4.yaml").is_file()  # the release's own facts are written


@pytest.mark.parametrize("make", [
    lambda p: p.write_bytes(b"not a tarball at all"),
    lambda p: p.write_bytes(lzma.compress(b"x" * 1000)),
    lambda p: p.write_bytes(make_tarball(p.with_suffix(".ok"), {"Makefile": MAKEFILE}).read_bytes()),
    lambda p: p.write_bytes(make_tarball(p.with_suffix(".ok"),
                                         {k: v for k, v in FILES.items() if k != "Makefile"}).read_bytes()),
    lambda p: p.write_bytes(
        make_tarball(p.with_suffix(".ok")).read_bytes()[: p.with_suffix(".ok").stat().st_size // 2]),
])
def test_bad_sources_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str], policies: Path, make) -> None:
    bad = tmp_path / "bad.tar.xz"
    make(bad)
    code, _, err = run(capsys, "measure", str(bad), "--policies", str(policies))
    assert code == 1
    assert err.startswith("kpolicy measure: ") and "Traceback" not in err
    assert not (policies / "releases").exists()


def test_missing_source_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], policies: Path) -> None:
    code, _, err = run(capsys, "measure", str(tmp_path / "nope.tar.xz"), "--policies", str(policies))
    assert code == 1 and "no such file or folder" in err


# -- the committed records -------------------------------------------------------------------------

def _fixture_rows() -> list[tuple[int, int, int, str]]:
    text = lzma.decompress((REPO / "tests" / "data" / "rust-files-7.3.4.tsv.xz").read_bytes()).decode()
    rows = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        lines, blank, slashes, path = line.split("\t")
        rows.append((int(lines), int(blank), int(slashes), path))
    return rows


def test_committed_7_3_4_rust_tree_matches_an_independent_count() -> None:
    """The record's rust/ numbers against wc -l / grep counts of the real 7.3.4 files (tests/data)."""
    record = load_file(REPO / "policies" / "releases" / "7.3.4.yaml").data
    rows = _fixture_rows()
    assert len(rows) == 369
    vendored_folders = ("rust/syn/", "rust/proc-macro2/", "rust/quote/", "rust/zerocopy/", "rust/zerocopy-derive/")
    kernel = [r for r in rows if r[3].startswith("rust/kernel/")]
    vendored = [r for r in rows if r[3].startswith(vendored_folders)]
    other = [r for r in rows if r not in kernel and r not in vendored]
    areas = {a["area"]: a for a in record["rust"]["areas"]}
    for got, mine in ((areas["rust/kernel"]["own"], kernel), (areas["rust/other"]["own"], other),
                      (areas["rust/other"]["vendored"], vendored), (record["rust"]["vendored"], vendored)):
        assert got["files"] == len(mine)
        assert got["lines"] == sum(r[0] for r in mine)
        # code lines: never more than the lines that are neither blank nor start with //
        assert got["code"] <= sum(r[0] - r[1] - r[2] for r in mine)
        assert got["code"] >= 0.8 * sum(r[0] - r[1] - r[2] for r in mine)
    crates = {c["path"]: c for c in record["rust"]["vendored_crates"]}
    assert sorted(crates) == sorted(f.rstrip("/") for f in vendored_folders)
    for folder in vendored_folders:
        assert crates[folder.rstrip("/")]["lines"] == sum(r[0] for r in rows if r[3].startswith(folder))


def test_committed_records_have_the_source_of_the_shared_data() -> None:
    expected = {
        "6.1.192": ("cacdc3830989309d042083be3307969e55600ed7f908cf00df544c5ff50759a1", "6.1.192-3"),
        "6.12.117": ("585a4a074597aefa2b1a68ada83a3184ba351c127544dea80618bbcceaa3961f", "6.12.117-1~deb12u1"),
        "7.2.13": ("ecb3877b9988c936dcc64c63af8a54c2fa6df7f717d4e5ee429d0f4c4859e68b", "7.2.13-1"),
        "7.3.4": ("76df1affb19f24926949369be1d74b60071c963c598ce8780bddd4bbf0fc3bc4", "7.3.4-1~bpo13+1"),
    }
    for release, (sha, version) in expected.items():
        record = load_file(REPO / "policies" / "releases" / f"{release}.yaml").data
        assert record["release"] == release
        assert (record["source"]["sha256"], record["source"]["package_version"]) == (sha, version)
        assert record["rust"]["total"]["lines"] == record["rust"]["own"]["lines"] + record["rust"]["vendored"]["lines"]


# -- the site and the API --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_catalog():
    """The repository's records, checked against the real day like CI does (test_real_policies.py
    asserts they are clean)."""
    from kpolicy.records.load import load_catalog

    return load_catalog(REPO / "policies")


def test_site_shows_the_measured_releases(real_catalog) -> None:
    from kpolicy.site import parts
    from kpolicy.site.home_page import home_page
    from kpolicy.site.pages import render_site
    from kpolicy.site.rust_page import written_in_rust

    newest = real_catalog.releases[-1]
    assert [r["release"] for r in real_catalog.releases] == ["6.1.192", "6.12.117", "7.2.13", "7.3.4"]
    site = render_site(real_catalog)
    page = site.pages[parts.RUST]
    own = newest["rust"]["own"]["lines"]
    assert f"| 7.3.4 | {newest['rust']['own']['files']} | {own:,} |" in page
    for d in newest["drivers"]:
        assert f"`{d['path']}`" in page
    assert re.search(r'<svg class="kp-svg[^"]*" id="rust-own-vendored"', page)
    # the home page's headline comes from the newest release
    home = home_page(real_catalog)
    assert f"Linux 7.3.4 holds **{own:,}** lines of the kernel's own Rust" in home
    assert f"{len(written_in_rust(newest))} drivers are written in Rust" in home
    # a subsystem page: its lines in each release where an entry of that title covers Rust
    rust_entry = next(e for e in newest["entries"] if e["title"] == "RUST")
    subsystem = next(s for s in real_catalog.subsystems.values() if s.title == "RUST")
    text = site.pages[parts.subsystem_page(subsystem.id)]
    assert "## Rust in the source {#rust-lines}" in text
    assert f"| 7.3.4 | {rust_entry['files']} | {rust_entry['lines']:,} |" in text


def test_export_links_entries_to_subsystem_records(real_catalog) -> None:
    from kpolicy.export import export_data

    releases = export_data(real_catalog)["releases.json"]["releases"]
    entries = {e["title"]: e for e in releases[-1]["entries"]}
    rust = next(s for s in real_catalog.subsystems.values() if s.title == "RUST")
    assert entries["RUST"]["subsystem"] == rust.id
    assert all("subsystem" in d for d in releases[-1]["drivers"])


def test_bench_prints_both_medians_the_ratio_and_memory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from kpolicy.bench import measure as bench

    if shutil.which("xz") is None:
        pytest.skip("xz is not installed")
    tarball = make_tarball(tmp_path / "linux-source-7.3.tar.xz")
    assert bench.main([str(tarball), "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.count("run 1: xz -dc ") == 1
    assert "median: xz -dc " in out and " s, kpolicy measure " in out
    assert "x the decompression floor (target <= 1.5x): " in out
    assert "peak memory: kpolicy measure " in out and " MiB" in out
    assert not (tmp_path / "policies").exists()  # the benchmark writes no record


# -- the decompressing thread ----------------------------------------------------------------------

def test_xz_stream_reads_what_lzma_reads() -> None:
    from kpolicy.measure import xzstream

    a, b = bytes(range(256)) * 5000, b"second stream\n" * 1000
    data = lzma.compress(a) + lzma.compress(b)  # two streams
    stream = xzstream.XzStream(io.BytesIO(data + b"\0" * 8))  # and stream padding, as xz allows
    got = b"".join(iter(lambda: stream.read(10240), b""))
    assert got == a + b == lzma.decompress(data)
    stream.close()


def test_xz_stream_hands_out_bounded_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    from kpolicy.measure import xzstream

    monkeypatch.setattr(xzstream, "CHUNK", 1000)
    stream = xzstream.XzStream(io.BytesIO(lzma.compress(b"\0" * 100_000)))  # compresses to a few bytes
    assert stream.read(5) == b"\0" * 5
    assert len(stream._buf) <= 1000  # never more than CHUNK decompressed at once
    stream.close()  # stops the thread before the end


@pytest.mark.parametrize(("data", "error"), [
    (lzma.compress(b"x" * 100_000)[:-20], EOFError),
    (b"\xfd7zXZ\x00" + b"garbage" * 10, lzma.LZMAError),
    (b"", EOFError),
])
def test_xz_stream_errors_reach_the_reader(data: bytes, error: type[Exception]) -> None:
    from kpolicy.measure import xzstream

    stream = xzstream.XzStream(io.BytesIO(data))
    with pytest.raises(error):
        while stream.read(4096):
            pass
    stream.close()
