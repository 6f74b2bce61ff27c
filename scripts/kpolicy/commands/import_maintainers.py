"""kpolicy import-maintainers: create or update subsystem and maintainer records from a MAINTAINERS file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import add_policies_option


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "import-maintainers", help="create or update subsystem and maintainer records from a MAINTAINERS file",
        description="Write the entries of a MAINTAINERS file into the records: each entry's fields into the "
                    "subsystem record of the same title, its people into maintainer records. What the records "
                    "add (stances, notes, sources, pairs_with, kernel, ...) is kept. Every record written is "
                    "checked first; when one would not validate, nothing is written. A second run changes "
                    "nothing.")
    p.add_argument("file", metavar="FILE", type=Path, help="a MAINTAINERS file (.xz and .gz are read too)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every entry")
    which.add_argument("--rust-related", action="store_true",
                       help="entries whose title names Rust, whose F: patterns name Rust files, and the C entries "
                            "the Rust ones pair with")
    which.add_argument("--title", nargs="+", metavar="TITLE", help="these entries, by exact title")
    add_policies_option(p)
    p.add_argument("--kernel-version", metavar="VERSION",
                   help="the file's kernel version (default: from a file name MAINTAINERS-<version>)")
    p.add_argument("--dry-run", action="store_true", help="say what would be written, and write nothing")
    return p


def run(args: argparse.Namespace) -> int:
    import difflib
    import re

    from ..cli import UsageError
    from ..importer import apply, plan, select
    from ..maintainers_problems import layout_warnings
    from ..problems import format_text
    from ..tree import display_path
    from . import read_maintainers

    if not args.policies.is_dir():
        raise UsageError(f"{display_path(args.policies)}: no such folder (give the records folder with --policies DIR)")
    m = read_maintainers(args.file, args.kernel_version)
    version = m.version
    if version is None:
        raise UsageError(f"{display_path(args.file)}: cannot tell the kernel version from the file name; "
                         "give it with --kernel-version (e.g. 6.12.117)")
    if not re.fullmatch(r"[1-9][0-9]*\.[0-9]+(?:\.[0-9]+)?(?:-rc[0-9]+)?", version):
        raise UsageError(f"--kernel-version {version!r} is not a kernel release such as 6.12 or 6.12.117")
    how = "all" if args.all else "rust-related" if args.rust_related else "titles"
    entries, missing = select(m, how, args.title or (), _pairs(args.policies) if args.rust_related else None)
    if missing:
        titles = [e.title for e in m.entries]
        lines = []
        for t in missing:
            close = difflib.get_close_matches(t, titles, n=1)
            lines.append(f"no entry titled {t!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise UsageError("; ".join(lines))
    warnings = layout_warnings(m)
    if warnings:
        print(format_text(warnings), file=sys.stderr)
    result = plan(m, entries, version, args.policies)
    if result.problems:
        print(format_text(result.problems), file=sys.stderr)
        print(f"kpolicy import-maintainers: nothing written ({len(result.problems)} problem"
              f"{'' if len(result.problems) == 1 else 's'})", file=sys.stderr)
        return 1
    for c in result.changes if args.dry_run else ():
        print(f"{'create' if c.new else 'update'} {display_path(c.path)}")
    if not args.dry_run:
        try:
            apply(result)
        except OSError as e:
            raise UsageError(f"cannot write the records: {e.strerror or e}; no file was changed") from None
    counts = {}
    for c in result.changes:
        key = (c.kind, c.new)
        counts[key] = counts.get(key, 0) + 1
    verb = "would" if args.dry_run else ""
    parts = [f"{n} {kind} record{'s' if n != 1 else ''} {'created' if new else 'updated'}"
             for (kind, new), n in sorted(counts.items(), key=lambda kv: (kv[0][0] != "subsystem", not kv[0][1]))]
    head = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} of {display_path(args.file)} ({version})"
    body = ", ".join(parts) if parts else "nothing to change"
    print(f"{head}: {body}{'' if not verb else ' (dry run: nothing written)'}; "
          f"{result.unchanged} record{'s' if result.unchanged != 1 else ''} already up to date")
    return 0


def _pairs(policies: Path) -> dict[str, list[str]]:
    """title -> titles of the records it pairs with, both ways, from the records as they are."""
    from ..tree import read_tree

    tree = read_tree(policies)
    titles = {d.data["id"]: d.data["title"] for d in tree.docs["subsystem"]}
    out: dict[str, list[str]] = {}
    for d in tree.docs["subsystem"]:
        for other in d.data.get("pairs_with", ()):
            if other in titles:
                out.setdefault(d.data["title"], []).append(titles[other])
                out.setdefault(titles[other], []).append(d.data["title"])
    return out
