"""Sub-commands of kpolicy: one module each, with add_parser(subparsers) and run(args) -> exit code."""

from __future__ import annotations

import argparse
from pathlib import Path

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs quick commands 2 ms
if TYPE_CHECKING:  # imported where used: a command that needs no records does not pay for the validator
    from collections.abc import Set

    from kpolicy.maintainers.file import MaintainersFile
    from kpolicy.maintainers.mailmap import Mailmap
    from kpolicy.records.model import Catalog
    from kpolicy.records.result import Result


class UsageError(Exception):
    """Bad arguments or unreadable input: the command exits 2 with a one-line message."""


def add_policies_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policies", metavar="DIR", type=Path, default=Path("policies"),
                        help="the records folder (default: policies/ in the current directory)")


def load_records(root: Path, skip: Set[str] = frozenset(), maintainers_file: MaintainersFile | None = None) -> Result:
    """Everything the loader found in root (validate prints it all); a missing folder is a usage error."""
    from kpolicy.records.load import load
    from kpolicy.records.result import NoRecordsFolder

    try:
        return load(root, set(skip), maintainers_file=maintainers_file)
    except NoRecordsFolder as e:
        raise UsageError(str(e)) from None


def catalog_or_exit(root: Path) -> Catalog:
    """The Catalog for a command that needs valid records. A missing folder is a usage error (exit 2);
    records with errors are printed at their file:line:col and the command exits 1."""
    import sys

    from kpolicy.records.load import load_catalog
    from kpolicy.records.result import NoRecordsFolder, RecordsInvalid

    try:
        return load_catalog(root)
    except NoRecordsFolder as e:
        raise UsageError(str(e)) from None
    except RecordsInvalid as e:
        print(e, file=sys.stderr)
        raise SystemExit(1) from None


def entries_problems_printed(m: MaintainersFile, command: str, outcome: str) -> bool:
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


def read_maintainers(path: Path, version: str | None = None) -> MaintainersFile:
    """Read a MAINTAINERS file for a command. A file that cannot be opened is a usage error
    (exit 2); one whose content is not MAINTAINERS text is a located problem: printed, exit 1."""
    import sys

    from kpolicy.maintainers.file import MaintainersFileError, read
    from kpolicy.records.problems import Problem, format_text

    try:
        return read(path, version)
    except MaintainersFileError as e:
        if e.check == "maintainers.read":
            raise UsageError(str(e)) from None
        print(format_text([Problem(e.path, e.line, e.column, e.check, "error", e.message)]), file=sys.stderr)
        raise SystemExit(1) from None


def read_mailmap(path: Path | None, tree: Path | None, cached: bool = False) -> Mailmap | None:
    """The .mailmap a command applies: the file given (--mailmap), else the tree's .mailmap
    (--tree; none there: an empty one), else None. A file that cannot be read, or a tree that is
    no folder, is a usage error. cached: parsed once per content (who_cache.mailmap_of)."""
    from kpolicy.maintainers.mailmap import Mailmap

    if tree is not None and not tree.is_dir():
        raise UsageError(f"{tree}: no such folder")
    target = path if path is not None else tree / ".mailmap" if tree is not None else None
    if target is None:
        return None
    if path is not None and not path.is_file():
        raise UsageError(f"{path}:1:1: cannot read file")
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return Mailmap()  # a tree without one: nothing is mapped, as for get_maintainer.pl
    except OSError as e:
        raise UsageError(f"{target}:1:1: cannot read file ({e.strerror or e})") from None
    if cached:
        from kpolicy.maintainers.who_cache import mailmap_of

        return mailmap_of(raw)
    return Mailmap.from_bytes(raw)
