"""kpolicy validate: schema and cross-record checks, every problem located."""

from __future__ import annotations

import argparse
from pathlib import Path

from kpolicy.commands import add_policies_option, load_records, read_maintainers
from kpolicy.records.checks import REGISTRY
from kpolicy.records.problems import format_github, format_json, format_text, sort_problems, summary


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = sub.add_parser("validate", help="check every record against its schema and the cross-record rules",
                       description="Check every record under the policies folder. Exit 0 when there are no "
                                   "errors (warnings allowed), 1 when there are, 2 for usage or I/O errors.")
    add_policies_option(p)
    p.add_argument("--format", choices=("text", "github", "json"), default="text",
                   help="text (file:line:col), github (workflow annotations) or json")
    p.add_argument("--skip", metavar="CHECK", action="append", default=[],
                   help="skip a cross-record check by id (repeatable); --list-checks shows them")
    p.add_argument("--list-checks", action="store_true", help="list the cross-record checks and exit")
    p.add_argument("--maintainers", metavar="FILE", type=Path,
                   help="also compare each record taken from this MAINTAINERS file (fields_from.maintainers_file "
                        "equal to its version, from a file name MAINTAINERS-<version>) with its entry, field by "
                        "field (check maintainers-file-match)")
    return p


def run(args: argparse.Namespace) -> int:
    from kpolicy.commands import UsageError

    if args.list_checks:
        import textwrap

        for c in REGISTRY.values():  # the description wrapped under its own column
            print(textwrap.fill(c.description, 120, initial_indent=f"{c.id:26} {c.severity:8} ",
                                subsequent_indent=" " * 36, break_on_hyphens=False))
        return 0
    unknown = sorted(set(args.skip) - set(REGISTRY))
    if unknown:
        raise UsageError(f"unknown check {', '.join(unknown)} (see --list-checks)")
    parsed = None
    if args.maintainers is not None:
        parsed = read_maintainers(args.maintainers)
        if parsed.version is None:
            raise UsageError(f"{args.maintainers}: the file name does not say the kernel version "
                             "(name it MAINTAINERS-<version>, e.g. MAINTAINERS-6.12.117)")
    result = load_records(args.policies, set(args.skip), parsed)
    problems = result.problems
    if parsed is not None:  # the file's own errors: the comparison cannot be trusted without them fixed
        from kpolicy.maintainers.file_problems import entry_problems

        problems = sort_problems(problems + entry_problems(parsed))
    if args.format == "json":
        print(format_json(problems))
    else:
        body = format_github(problems) if args.format == "github" else format_text(problems)
        if body:
            print(body)
        print(summary(problems, result.files))
    return 1 if any(p.is_error for p in problems) else 0
