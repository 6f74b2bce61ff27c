"""kpolicy who: the subsystems, people and lists for paths, with each subsystem's Rust stance."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kpolicy.commands import UsageError, add_policies_option
from kpolicy.text.plain import plain_keep_tabs

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs every lookup a few ms
if TYPE_CHECKING:
    from collections.abc import Callable

    from kpolicy.maintainers.file import Entry
    from kpolicy.maintainers.mailmap import Mailmap
    from kpolicy.maintainers.pathmatch import Entries, PathFields
    from kpolicy.maintainers.people import Person
    from kpolicy.maintainers.who import StanceSummary
    from kpolicy.maintainers.who_cache import View


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "who", help="who looks after a path: subsystems, maintainers, reviewers, lists, Rust stance and route",
        description="For each PATH (relative to the top of the kernel tree): the MAINTAINERS entries that cover "
                    "it, most specific first, with their Rust stance and the route of Rust patches; then their "
                    "maintainers, reviewers and lists, as scripts/get_maintainer.pl -f PATH gives them. Answers "
                    "come from the records, or with --maintainers from a MAINTAINERS file, each entry matched by "
                    "exact title to a record for its stance ('unknown' when there is none).")
    p.add_argument("paths", nargs="+", metavar="PATH", help="a file or directory path in the kernel tree")
    p.add_argument("--maintainers", metavar="FILE", type=Path,
                   help="answer from this MAINTAINERS file (.xz and .gz are read too) instead of the records")
    add_policies_option(p)
    p.add_argument("--format", choices=("text", "json", "addresses"), default="text",
                   help="text; json (a list, one object per path); addresses (one per line, people then lists, "
                        "like get_maintainer.pl's output)")
    p.add_argument("--tree", metavar="DIR", type=Path,
                   help="a kernel tree: a pattern without a trailing '/' that names a directory in it covers the "
                        "tree below, as get_maintainer.pl decides from the tree it runs in (without --tree, such a "
                        "pattern covers a path when the path lies below it); its .mailmap is applied, and a .yaml "
                        "file's own addresses are added, as get_maintainer.pl does")
    mm = p.add_mutually_exclusive_group()
    mm.add_argument("--mailmap", metavar="FILE", type=Path,
                    help="rewrite names and addresses through this .mailmap, with get_maintainer.pl's rules "
                         "(default: the .mailmap of --tree, if it has one)")
    mm.add_argument("--no-mailmap", action="store_true",
                    help="do not rewrite names and addresses (get_maintainer.pl --nomailmap)")
    p.add_argument("--no-cache", action="store_true",
                   help="validate the records again instead of using the cached view of them (the cache is "
                        "renewed whenever a record, a schema or kpolicy changes)")
    p.add_argument("--chief-penguins", action="store_true",
                   help="keep Linus Torvalds in the answers (get_maintainer.pl leaves him out by default)")
    return p


def run(args: argparse.Namespace) -> int:
    from kpolicy.maintainers.who import Who, answers_text

    is_dir, in_file = _tree_readers(args.tree)
    mailmap = _mailmap(args)
    if args.maintainers is not None:
        entries, stance_of, fields = _from_file(args.maintainers, args.policies, not args.no_cache)
    else:
        entries, stance_of = _from_records(args.policies, not args.no_cache)
        fields = None
    who = Who(entries, stance_of, is_dir, args.chief_penguins, mailmap, in_file, fields)
    paths = args.paths
    if args.tree is not None:  # a directory given without its '/', as get_maintainer.pl treats it
        paths = [p + "/" if not p.endswith("/") and os.path.isdir(args.tree / p) else p for p in paths]
    answers = [who.answer(p) for p in paths]
    if args.format == "json":
        import json

        print(json.dumps([a.as_json() for a in answers], indent=2, ensure_ascii=False))
    elif args.format == "addresses":
        lines = dict.fromkeys(line for a in answers for line in a.addresses)
        if lines:
            print("\n".join(plain_keep_tabs(line) for line in lines))
    else:
        print(answers_text(answers))
    return 0


def _tree_readers(tree: Path | None) -> tuple[Callable[[str], bool] | None, Callable[[str], list[Person]] | None]:
    """With --tree: whether a path is a directory in it, and the people a .yaml file in it names."""
    if tree is None:
        return None, None
    if not tree.is_dir():
        raise UsageError(f"{tree}: no such folder")
    top = tree

    def is_dir(p: str) -> bool:
        return os.path.isdir(top / p)

    def in_file(p: str) -> list[Person]:
        if not p.endswith(".yaml") or not os.path.isfile(top / p):
            return []
        from kpolicy.maintainers.file_emails import people_in_file

        try:
            text = (top / p).read_bytes().decode("utf-8", "replace")
        except OSError as e:
            raise UsageError(f"{top / p}: cannot read file ({e.strerror})") from None
        return people_in_file(p, text)

    return is_dir, in_file


def _mailmap(args: argparse.Namespace) -> Mailmap | None:
    """The .mailmap to apply: --mailmap, else the tree's, none with --no-mailmap."""
    from kpolicy.commands import read_mailmap

    return None if args.no_mailmap else read_mailmap(args.mailmap, args.tree, cached=not args.no_cache)


def _view(policies: Path, use_cache: bool) -> View:
    """The records' view for who (cached); records with errors are printed and exit 1, as everywhere."""
    from kpolicy.maintainers.who_cache import build_view, cached_view

    view = cached_view(policies) if use_cache else None
    if view is not None:
        return view
    from kpolicy.records.result import NoRecordsFolder, RecordsInvalid  # only on the way to the records

    try:
        return build_view(policies, use_cache)
    except NoRecordsFolder as e:
        raise UsageError(str(e)) from None
    except RecordsInvalid as e:
        print(e, file=sys.stderr)
        raise SystemExit(1) from None


def _from_records(policies: Path, use_cache: bool) -> tuple[list[Entry], Callable[[Entry], StanceSummary]]:
    from kpolicy.maintainers.who_cache import entries, stance_lookup

    if not policies.is_dir():
        raise UsageError(f"{policies}: no such folder (give the records folder with --policies DIR)")
    view = _view(policies, use_cache)
    return entries(view), stance_lookup(view)


def _from_file(path: Path, policies: Path, use_cache: bool
               ) -> tuple[Entries, Callable[[Entry], StanceSummary], PathFields]:
    from kpolicy.maintainers.who import UNKNOWN
    from kpolicy.maintainers.who_cache import stance_lookup

    entries, fields = _maintainers(path, use_cache)
    if policies.is_dir():
        return entries, stance_lookup(_view(policies, use_cache)), fields
    print(f"kpolicy who: {policies}: no records folder, so every stance is unknown", file=sys.stderr)
    return entries, lambda _entry: UNKNOWN, fields


def _maintainers(path: Path, use_cache: bool) -> tuple[Entries, PathFields]:
    """The entries of a MAINTAINERS file and the path index's fields, from the cache when it
    holds this very content (see who_cache), else parsed (and then cached)."""
    from kpolicy.commands import read_maintainers
    from kpolicy.maintainers.pathmatch import Index
    from kpolicy.maintainers.who_cache import cached_maintainers, content_key, store_maintainers

    if use_cache:
        try:
            with open(path, "rb") as f:
                digest = content_key(f.read())
        except OSError:
            digest = None  # read_maintainers says why
        if digest is not None:
            hit = cached_maintainers(digest)
            if hit is not None:
                return hit
    parsed = read_maintainers(path)
    entries = list(parsed.entries)
    fields = Index(entries).path_fields()
    if use_cache and digest is not None:
        store_maintainers(digest, entries, fields)
    return entries, fields
