"""Reading the records of both sides of a change through git: a revision from its blobs (git
ls-tree and git cat-file, no checkout), the working tree from disk. Every record goes through the
strict loader (kpolicy.workflow.diff.compare.loaded); a file that cannot be read is a side's
record with its problem.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from kpolicy.records.kinds import KIND_BY_FOLDER, Kind
from kpolicy.records.problems import Problem
from kpolicy.records.reader import walk
from kpolicy.records.yamlio import MAX_FILE_BYTES, LoadError, decode, read_text
from kpolicy.text.plain import plain
from kpolicy.workflow.diff.compare import Side, loaded


class GitError(Exception):
    """A git command failed (unknown revision, not a repository)."""


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False)
    except OSError as e:
        raise GitError(f"cannot run git: {e.strerror or e}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def repo_root(start: Path) -> Path:
    return Path(_git(start, "rev-parse", "--show-toplevel").decode().strip())


def resolve(repo: Path, revision: str) -> str:
    """The commit a revision names; GitError when it names none."""
    try:
        named = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    except GitError:
        raise GitError(f"unknown revision {revision!r}") from None
    return named.decode().strip()


def default_base(repo: Path) -> tuple[str, str]:
    """(branch, commit): the merge base of HEAD with main (or origin/main)."""
    for branch in ("main", "origin/main"):
        try:
            resolve(repo, branch)
        except GitError:
            continue
        base = _git(repo, "merge-base", branch, "HEAD").decode().strip()
        return branch, base
    raise GitError("no branch main or origin/main to compare with; name the base revision")


def _record_name(rel: str, prefix: str) -> tuple[Kind, str] | None:
    """(kind, stem) for a path <prefix>/<folder>/<stem>.yaml, else None."""
    rest = rel[len(prefix) + 1:] if prefix else rel
    parts = rest.split("/")
    if len(parts) != 2 or not parts[1].endswith(".yaml") or parts[1].startswith("."):
        return None
    kind = KIND_BY_FOLDER.get(parts[0])
    return (kind, parts[1][: -len(".yaml")]) if kind else None


def read_revision(repo: Path, commit: str, prefix: str) -> Side:
    """The records under prefix (repository-relative, '/'-separated) at a commit. As on disk, only
    regular files are read (a symbolic link, mode 120000, is a problem, not followed), and a blob over
    the records' size limit is refused by its size before git is asked for its content."""
    listing = _git(repo, "ls-tree", "-r", "-z", "--long", "--full-tree", commit, "--", prefix or ".")
    wanted: list[tuple[Kind, str, str, str]] = []
    side: Side = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, obj_type, sha, size_text = meta.decode().split()
        rel = plain(raw_path.decode("utf-8", "replace"))
        named = _record_name(rel, prefix)
        if obj_type != "blob" or not named:
            continue
        kind, stem = named
        if mode not in ("100644", "100755"):
            what = "a symbolic link" if mode == "120000" else f"not a regular file (mode {mode})"
            side[(kind.name, stem)] = loaded(kind, stem, rel, None, Problem(
                rel, 1, 1, "file-not-regular", "error", f"{what}; only regular files are read"))
        elif int(size_text) > MAX_FILE_BYTES:
            side[(kind.name, stem)] = loaded(kind, stem, rel, None, Problem(
                rel, 1, 1, "yaml.too-large", "error",
                f"file is {int(size_text):,} bytes; records are limited to {MAX_FILE_BYTES:,}"))
        else:
            wanted.append((kind, stem, rel, sha))
    if not wanted:
        return side
    out = _git(repo, "cat-file", "--batch", stdin="".join(f"{w[3]}\n" for w in wanted).encode())
    pos = 0
    for kind, stem, rel, _ in wanted:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        raw = out[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
        try:
            side[(kind.name, stem)] = loaded(kind, stem, rel, decode(rel, raw), None)
        except LoadError as e:
            side[(kind.name, stem)] = loaded(kind, stem, rel, None, e.problem)
    return side


def read_worktree(repo: Path, policies: Path) -> Side:
    """The records in the working tree's records folder, untracked files included, walked as
    validate walks them: links and other non-regular files are problems, never read."""
    side: Side = {}
    if not policies.is_dir():
        return side
    files, problems = walk(policies)
    for kind, file in files:
        rel = Path(os.path.relpath(os.path.join(os.path.realpath(file.parent), file.name), repo)).as_posix()
        try:
            side[(kind.name, file.stem)] = loaded(kind, file.stem, rel, read_text(file, rel), None)
        except LoadError as e:
            side[(kind.name, file.stem)] = loaded(kind, file.stem, rel, None, e.problem)
    for p in problems:  # a refused file still shows in the diff, as a file that cannot be read
        file = Path(p.path)
        refused = KIND_BY_FOLDER.get(file.parent.name)
        if refused is not None and file.suffix == ".yaml":
            rel = Path(os.path.relpath(os.path.join(os.path.realpath(file.parent), file.name), repo)).as_posix()
            side[(refused.name, file.stem)] = loaded(refused, file.stem, rel, None, p)
    return side


__all__ = [
    "GitError",
    "default_base",
    "read_revision",
    "read_worktree",
    "repo_root",
    "resolve",
]
