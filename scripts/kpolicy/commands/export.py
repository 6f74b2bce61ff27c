"""kpolicy export: the records as JSON, one file per kind."""

from __future__ import annotations

import argparse
from pathlib import Path

from kpolicy.commands import add_policies_option, catalog_or_exit
from kpolicy.export import write_export
from kpolicy.records.problems import display_path


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = sub.add_parser("export", help="write the records as JSON files (the API served under api/v1/)",
                       description="Validate the records, then write subsystems.json, maintainers.json, "
                                   "stances.json, version-policy.json, policy.json, events.json and releases.json. "
                                   "Nothing is written when a record has an error.")
    add_policies_option(p)
    p.add_argument("--out", metavar="DIR", type=Path, required=True, help="folder to write the JSON files to")
    return p


def run(args: argparse.Namespace) -> int:
    from kpolicy.commands import UsageError

    catalog = catalog_or_exit(args.policies)
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"{display_path(args.out)} exists and is not a folder")
    try:
        written = write_export(catalog, args.out)
    except OSError as e:
        raise UsageError(f"cannot write to {display_path(args.out)}: {e.strerror or e}; no file was changed") from None
    print(f"wrote {len(written)} files to {display_path(args.out)}")
    return 0
