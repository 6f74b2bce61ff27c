"""kpolicy measure: Rust in a kernel release, counted from its own source, as a `release` record."""

from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
from pathlib import Path
from typing import Any

from kpolicy.commands import add_policies_option


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "measure", help="count the Rust in a kernel release tarball or tree and write its release record",
        description="Read a kernel source release (a .tar.xz read as a stream, never unpacked; or an unpacked "
                    "tree) and write policies/releases/<release>.yaml: Rust files and lines (own and vendored, "
                    "by area), per MAINTAINERS entry of the release's own MAINTAINERS, the drivers built from "
                    "Rust, the rustc/bindgen minimums of scripts/min-tool-version.sh and the architectures with "
                    "Rust support. The minimums are checked against the version-policy records: a mismatch is "
                    "reported as an error of those records (exit 1; the release record is written all the same, "
                    "the version-policy records are never changed).")
    p.add_argument("source", metavar="SOURCE", type=Path,
                   help="a release tarball (.tar.xz, .tar.gz, .tar) or a kernel tree")
    add_policies_option(p)
    p.add_argument("--out", metavar="DIR", type=Path,
                   help="folder for the record (default: releases/ in the records folder)")
    p.add_argument("--deb", metavar="FILE", type=Path,
                   help="the Debian .deb the tarball came from: its package, version and sha256 go into the record "
                        "(without it, the package and version are read from usr/share/doc/<package>/"
                        "changelog.Debian.gz when the tarball lies in an unpacked package's usr/src/)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 when the record on disk differs from what this run measures")
    p.add_argument("--stdout", action="store_true", help="print the record instead of writing it")
    return p


def _debian_from_layout(source: Path) -> dict[str, str]:
    """Package and version of an unpacked Debian linux-source-X.Y package the tarball lies in."""
    if source.parent.name != "src" or source.parent.parent.name != "usr" or not source.name.endswith(".tar.xz"):
        return {}
    package = source.name[: -len(".tar.xz")]
    changelog = source.parent.parent / "share" / "doc" / package / "changelog.Debian.gz"
    try:
        with gzip.open(changelog, "rt", encoding="utf-8") as f:
            first = f.readline()
    except (OSError, EOFError, UnicodeDecodeError):
        return {}
    if "(" not in first or ")" not in first:
        return {}
    return {"package": package, "package_version": first.split("(", 1)[1].split(")", 1)[0]}


def _debian_from_deb(deb: Path) -> dict[str, str]:
    from kpolicy.commands import UsageError

    parts = deb.name.removesuffix(".deb").split("_")
    if len(parts) != 3 or not deb.name.endswith(".deb"):
        raise UsageError(f"{deb}: not a Debian package file name (package_version_arch.deb)")
    digest = hashlib.sha256()
    try:
        with open(deb, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError as e:
        raise UsageError(f"{deb}: cannot read: {e.strerror or e}") from None
    return {"package": parts[0], "package_version": parts[1].replace("%3a", ":"), "deb_sha256": digest.hexdigest()}


def render(record: dict[str, Any]) -> str:
    from kpolicy.records.kinds import KIND_BY_NAME
    from kpolicy.records.shape import Shapes
    from kpolicy.records.writer import dump

    return dump(record, KIND_BY_NAME["release"], Shapes())


def measure(source: Path, deb: Path | None = None) -> dict[str, Any]:
    """The record for a source (raises ScanError, UsageError)."""
    from kpolicy.measure import record as rec
    from kpolicy.measure.scan import scan_source

    scan = scan_source(source)
    info = rec.file_source(source, scan.sha256)
    info.update(_debian_from_deb(deb) if deb is not None else _debian_from_layout(source))
    return rec.build(scan, info)


def run(args: argparse.Namespace) -> int:
    from kpolicy.commands import UsageError
    from kpolicy.measure.scan import ScanError
    from kpolicy.measure.toolcheck import check
    from kpolicy.records.atomic import atomic_write
    from kpolicy.records.problems import display_path, format_text, sort_problems

    try:
        record = measure(args.source, args.deb)
    except ScanError as e:
        print(f"kpolicy measure: {e}", file=sys.stderr)
        return 1
    text = render(record)
    problems = []
    if (args.policies / "version-policy").is_dir():
        problems = sort_problems(check(record, args.policies / "version-policy"))
    else:
        print(f"kpolicy measure: {display_path(args.policies / 'version-policy')}: no such folder; "
              "the minimums were not checked against the version-policy records", file=sys.stderr)
    out_dir = args.out if args.out is not None else args.policies / "releases"
    target = out_dir / f"{record['release']}.yaml"
    status = 1 if any(p.is_error for p in problems) else 0
    if args.stdout:
        sys.stdout.write(text)
    elif args.check:
        try:
            old = target.read_text(encoding="utf-8")
        except OSError:
            old = None
        if old != text:
            print(f"{display_path(target)}: differs from what {display_path(args.source)} measures", file=sys.stderr)
            status = 1
        else:
            print(f"{display_path(target)}: the same as measured")
    else:
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"{display_path(out_dir)} exists and is not a folder")
        try:
            atomic_write(target, text)
        except OSError as e:
            raise UsageError(f"cannot write {display_path(target)}: {e.strerror or e}; nothing was changed") from None
        r = record["rust"]
        print(f"{record['release']}: {r['total']['files']} .rs files, {r['total']['lines']} lines "
              f"({r['own']['lines']} own, {r['vendored']['lines']} vendored); wrote {display_path(target)}")
    if problems:
        print(format_text(problems), file=sys.stderr)
    return status
