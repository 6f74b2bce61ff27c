"""kpolicy fmt: rewrite records in the canonical layout, or check that they are in it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpolicy.records.problems import Problem, format_github, format_text, sort_problems
from kpolicy.records.shape import Shapes
from kpolicy.records.writer import WIDTH
from kpolicy.workflow.fmt import Outcome, format_file, record_files, write


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "fmt", help="rewrite records in the canonical layout (--check: only report)",
        description="Rewrite record files in the one canonical layout: keys in schema order, "
                    "strings quoted when they do not start with a letter, prose folded at "
                    f"{WIDTH} columns, list order kept. A file is only rewritten when the result "
                    "loads back to exactly the same data. A file that does not load, or that "
                    "holds comments, is reported and left as it is. Exit 0 when nothing is "
                    "wrong, 1 when a file could not be formatted or (with --check) would change.")
    p.add_argument("paths", metavar="PATH", nargs="*", type=Path,
                   help="record files or folders (default: the records folder)")
    p.add_argument("--policies", metavar="DIR", type=Path, default=Path("policies"),
                   help="the records folder, used when no PATH is given (default: policies/)")
    p.add_argument("--check", action="store_true", help="change nothing; list the files that would change")
    p.add_argument("--diff", action="store_true", help="change nothing; print what would change as a diff")
    p.add_argument("--format", choices=("text", "github"), default="text",
                   help="how problems are printed: text (file:line:col) or github (workflow annotations)")
    return p


def run(args: argparse.Namespace) -> int:
    from kpolicy.commands import UsageError

    paths = args.paths or [args.policies]
    if not args.paths and not args.policies.is_dir():
        raise UsageError(f"{args.policies}: no such folder (give the records folder with --policies DIR)")
    files, problems = record_files(paths)
    dry = args.check or args.diff
    changed, layout, to_write = _format_all(files, problems, args)
    try:
        write(to_write)
    except OSError as e:
        raise UsageError(f"cannot write the reformatted files: {e.strerror or e}; no file was changed") from None
    for outcome in to_write:
        print(f"reformatted {outcome.shown}")
    if layout:
        print(format_github(layout))
    if problems:
        formatter = format_github if args.format == "github" else format_text
        print(formatter(sort_problems(problems)), file=sys.stderr)
    verb = "would be reformatted" if dry else "reformatted"
    left = len(files) - len(changed) - len({p.path for p in problems if p.is_error})
    print(f"{_n(len(changed), 'file')} {verb}, {_n(max(left, 0), 'file')} already canonical"
          + (f", {_n(len({p.path for p in problems}), 'file')} with problems" if problems else ""),
          file=sys.stderr)
    return 1 if problems or (dry and changed) else 0


def _format_all(files: list[Path], problems: list[Problem],
                args: argparse.Namespace) -> tuple[list[str], list[Problem], list[Outcome]]:
    """Format every file: (the files that change, the layout annotations of --check --format github,
    the outcomes to write). Problems are added to problems; --diff and --check print as they go."""
    shapes = Shapes()
    changed: list[str] = []
    layout: list[Problem] = []  # with --check --format github: one annotation per file that would change
    to_write: list[Outcome] = []
    for file in files:
        outcome = format_file(file, shapes)
        problems.extend(outcome.problems)
        if not outcome.changed:
            continue
        changed.append(outcome.shown)
        if args.diff:
            sys.stdout.write(outcome.diff())
        elif args.check and args.format == "github":
            layout.append(Problem(outcome.shown, 1, 1, "fmt.layout", "error", "not in the canonical layout",
                                  f"run: kpolicy fmt {outcome.shown}"))
        elif args.check:
            print(f"would reformat {outcome.shown}")
        else:
            to_write.append(outcome)
    return changed, layout, to_write


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
