"""kpolicy export-maintainers: the subsystem records as MAINTAINERS text."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpolicy.commands import add_policies_option


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "export-maintainers", help="write the subsystem records as MAINTAINERS text",
        description="Write every subsystem record as a MAINTAINERS entry: entries in the kernel's order "
                    "(fields_from.position; records without one where an alphabetical insertion puts them), "
                    "fields in the preferred order M R L S W Q B C P T F X N K, the values of one field in the "
                    "record's order. Records that validate with errors stop the export.")
    add_policies_option(p)
    p.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE (default: standard output)")
    p.add_argument("--preamble-from", metavar="MAINTAINERS", type=Path,
                   help="start with the preamble (the format's description) of this MAINTAINERS file, so that "
                        "the output is a complete file")
    return p


def run(args: argparse.Namespace) -> int:
    from kpolicy.commands import UsageError, catalog_or_exit, read_maintainers
    from kpolicy.maintainers.entries import entry_of, kernel_order
    from kpolicy.maintainers.file import text
    from kpolicy.records.atomic import atomic_write
    from kpolicy.records.problems import display_path

    preamble = ""
    if args.preamble_from is not None:
        preamble = read_maintainers(args.preamble_from).preamble
    catalog = catalog_or_exit(args.policies)
    entries = [entry_of(s) for s in kernel_order(catalog.subsystems.values())]
    from kpolicy.text.maintainers import title_problem, value_problem

    for s, e in zip(kernel_order(catalog.subsystems.values()), entries, strict=True):  # validate refuses these already
        why = title_problem(e.title) or next((w for _, v in e.fields if (w := value_problem(v))), None)
        if why:
            raise UsageError(f"{s.path}: cannot be written as MAINTAINERS text: {why}")
    out = text(entries, preamble)
    if args.output is None:
        sys.stdout.write(out)
        return 0
    if not args.output.parent.is_dir():  # never a folder made where a typo points
        raise UsageError(f"{display_path(args.output.parent)}: no such folder; create it first")
    if args.output.is_dir():
        raise UsageError(f"{display_path(args.output)} is a folder; give a file name")
    try:
        atomic_write(args.output, out)
    except OSError as e:
        raise UsageError(f"cannot write {display_path(args.output)}: {e.strerror or e}") from None
    print(f"wrote {len(entries)} entries to {display_path(args.output)}", file=sys.stderr)
    return 0
