"""kpolicy drift: what differs between the subsystem records and a MAINTAINERS file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kpolicy.commands import add_policies_option


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "drift", help="what differs between the records and a MAINTAINERS file",
        description="Compare every subsystem record with the entry of the same title in FILE: people, status, "
                    "lists, trees, files and the other fields; records whose entry is gone or renamed; "
                    "rust-related entries no record tracks. Records that describe a newer kernel than the file "
                    "(kernel.since, fields_from.release or fields_from.maintainers_file newer) are not drift. "
                    "Exit 0 without drift, 1 with drift, 2 for usage or I/O errors.")
    p.add_argument("file", metavar="FILE", type=Path, help="a MAINTAINERS file (.xz and .gz are read too)")
    add_policies_option(p)
    p.add_argument("--kernel-version", metavar="VERSION",
                   help="the file's kernel version (default: from a file name MAINTAINERS-<version>)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def run(args: argparse.Namespace) -> int:
    from kpolicy.commands import UsageError, catalog_or_exit, entries_problems_printed, read_maintainers
    from kpolicy.maintainers.drift import compare, drift_text

    m = read_maintainers(args.file, args.kernel_version)
    if entries_problems_printed(m, "drift", "nothing compared"):
        return 1
    if m.version is None:
        raise UsageError(f"{args.file}: cannot tell the kernel version from the file name; give it with "
                         "--kernel-version (e.g. 6.12.117)")
    catalog = catalog_or_exit(args.policies)
    drift = compare(catalog, m)
    if args.format == "json":
        print(json.dumps(drift.as_json(), indent=2, ensure_ascii=False))
    else:
        print(drift_text(drift))
    return 1 if drift.any else 0
