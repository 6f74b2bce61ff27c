"""kpolicy diff: what a change to the records means, as Markdown for a pull request or job summary."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kpolicy.commands import add_policies_option
from kpolicy.records.atomic import atomic_write
from kpolicy.records.shape import Shapes
from kpolicy.text.gfm import code
from kpolicy.text.plain import plain
from kpolicy.workflow.diff import semantic_diff
from kpolicy.workflow.diff.git import GitError, default_base, read_revision, read_worktree, repo_root, resolve


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser("diff", help="describe what a change to the records means (Markdown)",
                       description="Compare the records at two git revisions, or at one revision and the "
                                   "working tree, and describe the change record by record: stance levels, "
                                   "sources added or removed, people added, text reworded. BASE defaults to "
                                   "the merge base of HEAD with main; HEAD defaults to the working tree "
                                   "(uncommitted and untracked records included). Exit 0 whatever changed.")
    p.add_argument("base", metavar="BASE", nargs="?", help="the revision before the change")
    p.add_argument("head", metavar="HEAD", nargs="?", help="the revision after the change (default: working tree)")
    add_policies_option(p)
    p.add_argument("--output", metavar="FILE", type=Path,
                   help="write the Markdown to FILE instead of standard output")
    return p


def _label(revision: str, commit: str) -> str:
    """A revision as written, with its commit; a commit id alone, shortened."""
    if commit.startswith(revision):
        return code(revision[:12])
    return f"{code(revision)} ({commit[:12]})"


def run(args: argparse.Namespace) -> int:
    from kpolicy.commands import UsageError

    policies: Path = args.policies
    try:
        start = policies if policies.is_dir() else Path.cwd()
        repo = repo_root(start)
        prefix = Path(os.path.relpath(policies.resolve(), repo.resolve())).as_posix()
        if prefix == ".":
            prefix = ""
        if prefix.startswith("../"):
            raise UsageError(f"{policies} is not inside the git repository at {repo}")
        if args.base is None:
            branch, base = default_base(repo)
            base_label = f"the merge base with {code(branch)} ({base[:12]})"
        else:
            base = resolve(repo, args.base)
            base_label = _label(args.base, base)
        old = read_revision(repo, base, prefix)
        if args.head is None:
            head_label = "the working tree"
            new = read_worktree(repo, policies)
        else:
            head = resolve(repo, args.head)
            head_label = _label(args.head, head)
            new = read_revision(repo, head, prefix)
    except GitError as e:
        raise UsageError(str(e)) from None
    text = semantic_diff(old, new, Shapes(), base_label, head_label)
    if args.output is not None:
        if not args.output.parent.is_dir():  # never a folder made where a typo points
            raise UsageError(f"{plain(args.output.parent)}: no such folder; create it first")
        try:
            atomic_write(args.output, text)
        except OSError as e:
            raise UsageError(f"cannot write {args.output}: {e.strerror or e}") from None
    else:
        sys.stdout.write(text)
    return 0
