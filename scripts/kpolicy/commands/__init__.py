"""Sub-commands of kpolicy: one module each, with add_parser(subparsers) and run(args) -> exit code."""

from __future__ import annotations

import argparse
from pathlib import Path

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs quick commands 2 ms
if TYPE_CHECKING:  # imported where used: a command that needs no records does not pay for the validator
    from kpolicy.records.load import Result


def add_policies_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policies", metavar="DIR", type=Path, default=Path("policies"),
                        help="the records folder (default: policies/ in the current directory)")


def load_or_usage_error(root: Path, skip: set[str] = frozenset(), maintainers_file: object = None) -> Result:
    from kpolicy.records.load import load
    from kpolicy.cli import UsageError
    from kpolicy.records.reader import display_path

    if not root.is_dir():
        raise UsageError(f"{display_path(root)}: no such folder (give the records folder with --policies DIR)")
    return load(root, skip, maintainers_file=maintainers_file)


def require_catalog(result: Result) -> None:
    """Print the errors that stop a command that needs valid records, and raise SystemExit(1)."""
    import sys

    from kpolicy.records.problems import format_text, summary

    if result.catalog is None:
        print(format_text(result.errors), file=sys.stderr)
        print(summary(result.problems, result.files), file=sys.stderr)
        raise SystemExit(1)


def entries_problems_printed(m, command: str, outcome: str) -> bool:  # m: MaintainersFile
    """Print what keeps m's entries from becoming records, located at the file's lines; True if anything
    was printed (the command then exits 1 with nothing done)."""
    import sys

    from kpolicy.maintainers.file_problems import entry_problems
    from kpolicy.records.problems import format_text

    broken = entry_problems(m)
    if broken:
        print(format_text(broken), file=sys.stderr)
        print(f"kpolicy {command}: {outcome} ({len(broken)} problem{'s' if len(broken) != 1 else ''} "
              "in the MAINTAINERS file)", file=sys.stderr)
    return bool(broken)


def read_maintainers(path: Path, version: str | None = None):  # -> MaintainersFile
    """Read a MAINTAINERS file for a command. A file that cannot be opened is a usage error
    (exit 2); one whose content is not MAINTAINERS text is a located problem: printed, exit 1."""
    import sys

    from kpolicy.cli import UsageError
    from kpolicy.maintainers.file import MaintainersFileError, read
    from kpolicy.records.problems import Problem, format_text

    try:
        return read(path, version)
    except MaintainersFileError as e:
        if e.check == "maintainers.read":
            raise UsageError(str(e)) from None
        print(format_text([Problem(e.path, e.line, e.column, e.check, "error", e.message)]), file=sys.stderr)
        raise SystemExit(1) from None
