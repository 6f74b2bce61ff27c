"""kpolicy sync: bring the subsystem, maintainer and stance records to a newer release's MAINTAINERS.

`kpolicy import-maintainers` is the same command under its older name (same options, same code).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpolicy.commands import add_policies_option

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: every command's parser is built on every call
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from kpolicy.maintainers.file import MaintainersFile
    from kpolicy.maintainers.sync import SyncPlan

_RELEASE = r"[1-9][0-9]*\.[0-9]+(?:\.[0-9]+)?(?:-rc[0-9]+)?"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
               name: str = "sync") -> argparse.ArgumentParser:
    alias = name != "sync"
    p: argparse.ArgumentParser = sub.add_parser(
        name, help=("the older name of 'kpolicy sync'" if alias else
                    "bring the records to a newer release's MAINTAINERS, and print the change as Markdown"),
        description="Update every live subsystem record from the entry of the same title in FILE, field for "
                    "field; add records for the rust-related entries no record tracks and for the C entries "
                    "they pair with; keep entries that were renamed or vanished as history (renamed_to, "
                    "kernel.until); record when each entry appeared and who joined or left it between the "
                    "compared releases; add and update people. Stance levels are never changed: where the facts "
                    "behind a stance changed, the stance gets a needs_review mark, and new records get an "
                    "'unknown' stance with one. Everything is checked first and written all or nothing; a "
                    "second run changes nothing. The change is printed as the Markdown 'kpolicy diff' writes."
                    + (" 'import-maintainers' is the older name of 'sync'." if alias else ""))
    p.add_argument("file", metavar="FILE", type=Path, help="the release's MAINTAINERS file (.xz and .gz are read too)")
    p.add_argument("--release", "--kernel-version", dest="release", metavar="RELEASE",
                   help="the release FILE belongs to, e.g. 7.3.4 (default: from a file name MAINTAINERS-<release>, "
                        "optionally .xz or .gz)")
    p.add_argument("--earlier", nargs="+", type=Path, default=[], metavar="FILE",
                   help="MAINTAINERS files of earlier releases (named MAINTAINERS-<release>), compared for the "
                        "release history: when each entry appeared, who joined or left it")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="also add a record for every other entry")
    which.add_argument("--rust-related", action="store_true",
                       help="the default: the records' entries and the rust-related ones with their C entries")
    which.add_argument("--title", nargs="+", metavar="TITLE", help="also add records for these entries, by exact title")
    src = p.add_argument_group("the source the synced records cite for their fields (fields_from.sources)")
    src.add_argument("--source-url", metavar="URL",
                     help="where the release's MAINTAINERS comes from "
                          "(its tag on git.kernel.org, or the package it was taken from)")
    src.add_argument("--source-date", metavar="YYYY-MM-DD", help="the release's date (required with --source-url)")
    src.add_argument("--source-note", metavar="TEXT", help="what the source is exactly: package, version, sha256")
    mm = p.add_argument_group("people's current addresses")
    mm.add_argument("--mailmap", metavar="FILE", type=Path,
                    help="a .mailmap read with get_maintainer.pl's rules: where it gives a person on an M:/R: line "
                         "another address, that address becomes the current (first) one of their record, and the "
                         "file's address stays among the others (default: the .mailmap of --tree, if it has one)")
    mm.add_argument("--tree", metavar="DIR", type=Path, help="the kernel tree FILE comes from: its .mailmap is read")
    add_policies_option(p)
    p.add_argument("--dry-run", action="store_true", help="print the change, and write nothing")
    p.add_argument("--output", metavar="FILE", type=Path, help="also write the Markdown to FILE")
    return p


def run(args: argparse.Namespace) -> int:
    from kpolicy.commands import UsageError, entries_problems_printed, read_mailmap, read_maintainers
    from kpolicy.maintainers.file_problems import layout_warnings
    from kpolicy.maintainers.sync import diff_markdown, plan_sync
    from kpolicy.records.naming import release_key
    from kpolicy.records.problems import display_path, format_text

    if not args.policies.is_dir():
        raise UsageError(f"{display_path(args.policies)}: no such folder (give the records folder with --policies DIR)")
    mailmap = read_mailmap(args.mailmap, args.tree) or None
    m = read_maintainers(args.file, args.release)
    release = _release_of(m, args.file)
    earlier = _earlier_files(args.earlier, release)
    source = _source(args, release)
    if entries_problems_printed(m, args.command, "nothing written"):
        return 1
    newer = _newest_release(args.policies)
    if newer and release_key(newer) > release_key(release):
        raise UsageError(f"the records are synced to {newer}, newer than {display_path(args.file)} ({release}); "
                         "sync only moves forward")
    titles = args.title or ()
    _check_titles(m, titles)
    warnings = layout_warnings(m)
    if warnings:
        print(format_text(warnings), file=sys.stderr)
    how = "all" if args.all else "titles" if titles else "tracked"
    result = plan_sync(m, args.policies, earlier=earlier, source=source, how=how, titles=titles, mailmap=mailmap)
    name = args.command
    if result.problems:
        print(format_text(result.problems), file=sys.stderr)
        print(f"kpolicy {name}: nothing written ({len(result.problems)} problem"
              f"{'' if len(result.problems) == 1 else 's'})", file=sys.stderr)
        return 1
    text = diff_markdown(result, args.policies, f"{display_path(args.file)} ({release})")
    _write(result, text, args)
    sys.stdout.write(text)
    summary = _summary(result, args.dry_run, mailmap is not None)
    print(f"kpolicy {name}: {display_path(args.file)} ({release}): {summary}", file=sys.stderr)
    return 0


def _release_of(m: MaintainersFile, path: Path) -> str:
    """The release of the file being synced to (a UsageError when it is unknown or no release)."""
    import re

    from kpolicy.commands import UsageError
    from kpolicy.records.problems import display_path

    release = m.version
    if release is None:
        raise UsageError(f"{display_path(path)}: cannot tell the release from the file name; "
                         "give it with --release (e.g. 7.3.4)")
    if not re.fullmatch(_RELEASE, release):
        raise UsageError(f"--release {release!r} is not a kernel release such as 7.3 or 7.3.4")
    return release


def _earlier_files(paths: list[Path], release: str) -> list[MaintainersFile]:
    """The --earlier files, each of a release older than release."""
    import re

    from kpolicy.commands import UsageError, read_maintainers
    from kpolicy.records.naming import release_key
    from kpolicy.records.problems import display_path

    earlier = []
    for path in paths:
        f = read_maintainers(path)
        if f.version is None or not re.fullmatch(_RELEASE, f.version):
            raise UsageError(f"{display_path(path)}: cannot tell the release from the file name "
                             "(name it MAINTAINERS-<release>)")
        if release_key(f.version) >= release_key(release):
            raise UsageError(f"--earlier {display_path(path)} ({f.version}) is not older than {release}")
        earlier.append(f)
    return earlier


def _source(args: argparse.Namespace, release: str) -> dict[str, Any] | None:
    """The citation --source-url, --source-date and --source-note give (None: no source)."""
    import re

    from kpolicy.commands import UsageError
    from kpolicy.maintainers.sync import release_citation

    if not (args.source_url or args.source_date or args.source_note):
        return None
    if not (args.source_url and args.source_date):
        raise UsageError("a source needs both --source-url and --source-date")
    if not re.fullmatch(r"https?://\S+", args.source_url):
        raise UsageError(f"--source-url {args.source_url!r} is not an http(s) URL")
    if not re.fullmatch(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?", args.source_date):
        raise UsageError(f"--source-date {args.source_date!r} is not a date (YYYY-MM-DD)")
    return release_citation(release, args.source_url, args.source_date, args.source_note)


def _check_titles(m: MaintainersFile, titles: Sequence[str]) -> None:
    """A UsageError naming every --title the file has no entry of (with the closest title)."""
    import difflib

    from kpolicy.commands import UsageError

    missing = [t for t in titles if t not in m.by_title()]
    if not missing:
        return
    all_titles = [e.title for e in m.entries]
    raise UsageError("; ".join(
        f"no entry titled {t!r}" + (f" (did you mean {close[0]!r}?)"
                                    if (close := difflib.get_close_matches(t, all_titles, n=1)) else "")
        for t in missing))


def _write(result: SyncPlan, text: str, args: argparse.Namespace) -> None:
    """Write the records (unless --dry-run) and the Markdown to --output (if given)."""
    from kpolicy.commands import UsageError
    from kpolicy.maintainers.sync import apply
    from kpolicy.records.atomic import atomic_write

    if not args.dry_run:
        try:
            apply(result)
        except OSError as e:
            raise UsageError(f"cannot write the records: {e.strerror or e}; no file was changed") from None
    if args.output is not None:
        try:
            atomic_write(args.output, text)
        except OSError as e:
            raise UsageError(f"cannot write {args.output}: {e.strerror or e}") from None


def _summary(result: SyncPlan, dry_run: bool, mailmap: bool = False) -> str:
    """What the sync did, in a line: records created and updated, renamed, vanished, current
    addresses taken from the .mailmap (when one is applied)..."""
    counts: dict[tuple[str, bool], int] = {}
    for c in result.changes:
        counts[(c.kind, c.new)] = counts.get((c.kind, c.new), 0) + 1
    order = {"subsystem": 0, "maintainer": 1, "stance": 2}
    parts = [f"{n} {kind} record{'s' if n != 1 else ''} {'created' if new else 'updated'}"
             for (kind, new), n in sorted(counts.items(), key=lambda kv: (order[kv[0][0]], not kv[0][1]))]
    extra = []
    if result.renamed:
        extra.append(f"{len(result.renamed)} renamed")
    if result.vanished:
        extra.append(f"{len(result.vanished)} vanished")
    if result.marks:
        extra.append(f"{len(result.marks)} needs_review mark{'s' if len(result.marks) != 1 else ''}")
    if mailmap:
        n = len(result.mailmap_current)
        extra.append(f"{n} current address{'es' if n != 1 else ''} taken from .mailmap")
    if result.waiting:
        extra.append(f"{len(result.waiting)} not from a release and not in the file yet, left alone")
    body = ", ".join(parts) if parts else "nothing to change"
    return (f"{body}{'; ' + ', '.join(extra) if extra else ''}{' (dry run: nothing written)' if dry_run else ''}; "
            f"{result.unchanged} record{'s' if result.unchanged != 1 else ''} already up to date")


def _newest_release(policies: Path) -> str | None:
    """The newest release any subsystem record's fields are taken from."""
    from kpolicy.records.naming import release_key
    from kpolicy.records.reader import read_records

    versions = [d.data.get("fields_from", {}).get("maintainers_file") for d in read_records(policies).docs["subsystem"]]
    versions = [v for v in versions if v]
    return max(versions, key=release_key) if versions else None
