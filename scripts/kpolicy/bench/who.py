"""Benchmark `kpolicy who` side by side with the kernel's scripts/get_maintainer.pl, in one run.

Both answer from the kernel tree's own MAINTAINERS (or --maintainers FILE) and read the tree's
.mailmap. Measured as whole processes, alternating with the peer so that both see the same
load, several runs each; the table gives the fastest and the median, and ratios of each:
  - one lookup: `kpolicy who --tree DIR --maintainers FILE PATH` (stances from this repository's
    policies/), warm (with the cache an earlier call built) and cold (--no-cache: parse the
    file, validate the records; also without records, and for a MAINTAINERS file not seen
    before with the records' view cached), against `perl scripts/get_maintainer.pl --no-git
    --no-git-fallback --no-rolestats -f PATH` run in the tree;
  - 200 paths in one call of `kpolicy who` against get_maintainer.pl with the same 200 -f
    arguments (it merges them into one answer; the work per path is the same);
  - parsing the whole file, in process.

Targets: one lookup <= 0.3x get_maintainer.pl warm and <= 1x cold; 200 paths <= 0.05x.
get_maintainer.pl needs a kernel tree (its files must exist): give it with --kernel-tree DIR or
KPOLICY_KERNEL_TREE; without one, the peer is skipped and the paths come from the test data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kpolicy.bench import REPO
from kpolicy.maintainers.file import read

FIXTURE = REPO / "tests" / "data" / "MAINTAINERS-7.3.4.xz"
GOLDEN = REPO / "tests" / "data" / "get_maintainer-7.3.4.jsonl.xz"
ONE = "rust/kernel/block/mq.rs"


def _once(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return seconds


def _time(cmd: list[str], runs: int, cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    return min(_once(cmd, cwd, env) for _ in range(runs))


def _paths(tree: Path | None, n: int) -> list[str]:
    """n real paths: a deterministic spread over the kernel tree, else the test data's paths."""
    if tree is not None:
        found = []
        for top, dirs, files in os.walk(tree):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            rel = os.path.relpath(top, tree)
            found += [f if rel == "." else f"{rel}/{f}" for f in files]
        return sorted(found, key=lambda p: hashlib.sha1(p.encode()).hexdigest())[:n]
    lines = lzma.decompress(GOLDEN.read_bytes()).decode("utf-8").splitlines()
    return [json.loads(line)["path"] for line in lines][:n]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kpolicy.bench who", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel-tree", metavar="DIR", type=Path, default=os.environ.get("KPOLICY_KERNEL_TREE"),
                        help="a kernel tree holding scripts/get_maintainer.pl (default: $KPOLICY_KERNEL_TREE)")
    parser.add_argument("--maintainers", metavar="FILE", type=Path, default=None,
                        help="the MAINTAINERS file both answer from (default: the kernel tree's, else the 7.3.4 "
                             "test fixture)")
    parser.add_argument("--runs", type=int, default=7, help="runs per one-lookup measurement (default 7)")
    args = parser.parse_args(argv)

    tree: Path | None = Path(args.kernel_tree) if args.kernel_tree else None
    skip_reason = _why_no_peer(tree)
    if skip_reason:
        tree = None
    source = args.maintainers or (tree / "MAINTAINERS" if tree is not None else FIXTURE)
    times, entries, paths = _measure(tree, source, args.runs)

    print(f"MAINTAINERS: {source} ({entries} entries); {len(paths)} paths "
          f"from {'the kernel tree' if tree else 'the test data'}; {args.runs} runs of each one-lookup "
          f"measurement, {max(3, args.runs // 2)} of each 200-path one")
    verdicts = _report(times, len(paths), entries)
    if skip_reason:
        print(f"\nget_maintainer.pl skipped: {skip_reason}")
    if verdicts:
        print("\ntargets: " + "; ".join(verdicts))
    return 0


def _why_no_peer(tree: Path | None) -> str | None:
    """Why get_maintainer.pl cannot be run for comparison, or None when it can."""
    if tree is None:
        return "no kernel tree given (--kernel-tree DIR or KPOLICY_KERNEL_TREE)"
    script = tree / "scripts" / "get_maintainer.pl"
    if not script.is_file():
        return f"{script} does not exist"
    if shutil.which("perl") is None:
        return "perl is not installed"
    return None


def _measure(tree: Path | None, source: Path, runs: int) -> tuple[dict[str, list[float]], int, list[str]]:
    """The timings by measurement, the number of entries and the paths of the batch measurement."""
    exe = Path(sys.executable).parent / "kpolicy"
    kpolicy = [str(exe)] if exe.exists() else [sys.executable, "-m", "kpolicy"]
    times: dict[str, list[float]] = {}

    def measure(name: str, cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> None:
        times.setdefault(name, []).append(_once(cmd, cwd, env))

    with tempfile.TemporaryDirectory(prefix="kpolicy-bench-who-") as tmp:
        maintainers = Path(tmp) / "MAINTAINERS"
        raw = source.read_bytes()
        maintainers.write_bytes(lzma.decompress(raw) if source.suffix == ".xz" else raw)
        env = dict(os.environ, KPOLICY_CACHE_DIR=str(Path(tmp) / "cache"), HOME=tmp)
        # as installed: Python keeps compiled modules (a PYTHONDONTWRITEBYTECODE=1 environment would
        # compile kpolicy's modules again on every run)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        paths = _paths(tree, 200)
        policies = ["--policies", str(REPO / "policies")]
        who = [*kpolicy, "who", "--maintainers", str(maintainers), *policies]
        who_bare = [*kpolicy, "who", "--maintainers", str(maintainers), "--policies", str(Path(tmp) / "none")]
        if tree is not None:
            who += ["--tree", str(tree)]
            who_bare += ["--tree", str(tree)]
        _once([*who, ONE], env=env)  # fills the cache
        gm = (["perl", str(tree / "scripts" / "get_maintainer.pl"), "--no-git", "--no-git-fallback", "--no-rolestats",
               "--mpath", str(maintainers)] if tree is not None else None)
        peer_env = dict(os.environ, HOME=tmp)
        for _ in range(runs):  # alternating, so that both see the same load
            measure("one", [*who, ONE], env=env)
            measure("cold", [*who, "--no-cache", ONE], env=env)
            measure("cold bare", [*who_bare, "--no-cache", ONE], env=env)
            for f in (Path(tmp) / "cache").glob("maintainers-*"):
                f.unlink()  # a MAINTAINERS file not seen before; the records' view stays cached
            measure("new file", [*who, ONE], env=env)
            if gm:
                measure("peer one", [*gm, "-f", ONE], cwd=tree, env=peer_env)
        for _ in range(max(3, runs // 2)):
            measure("batch", [*who, *paths], env=env)
            if gm:
                measure("peer batch", [*gm, *(x for p in paths for x in ("-f", p))], cwd=tree, env=peer_env)
        for _ in range(runs):
            start = time.perf_counter()
            parsed = read(maintainers)
            times.setdefault("parse", []).append(time.perf_counter() - start)
    return times, len(parsed.entries), paths


def _report(times: dict[str, list[float]], n_paths: int, n_entries: int) -> list[str]:
    """Print a table of the timings, each against get_maintainer.pl's; return the verdicts on the targets."""
    rows = [
        (f"kpolicy who, one lookup, warm ({ONE})", "one", "peer one", 0.3),
        ("kpolicy who, one lookup, cold (--no-cache)", "cold", "peer one", 1.0),
        ("  the same without records (no validation)", "cold bare", "peer one", None),
        ("  a MAINTAINERS file not seen before (records cached)", "new file", "peer one", None),
        ("get_maintainer.pl, one lookup", "peer one", None, None),
        (f"kpolicy who, {n_paths} paths in one call", "batch", "peer batch", 0.05),
        (f"get_maintainer.pl, {n_paths} -f paths in one call", "peer batch", None, None),
        (f"parse {n_entries} entries (in process)", "parse", None, None),
    ]
    print(f"\n{'measurement':52} {'fastest':>8} {'median':>8} {'ratio fastest':>14} {'ratio median':>13} {'target':>8}")
    verdicts = []
    for name, key, peer, target in rows:
        mine = times.get(key)
        if not mine:
            print(f"{name:52} {'not run':>8}")
            continue
        fast, med = min(mine), statistics.median(mine)
        theirs = times.get(peer) if peer else None
        rf = f"{fast / min(theirs):13.3f}x" if theirs else " " * 14
        rm = f"{med / statistics.median(theirs):12.3f}x" if theirs else " " * 13
        t = f"<= {target}x" if target is not None else ""
        print(f"{name:52} {fast:8.3f} {med:8.3f} {rf} {rm} {t:>8}")
        if theirs and target is not None:
            ok_fast, ok_med = fast / min(theirs) <= target, med / statistics.median(theirs) <= target
            verdicts.append(f"{key} {'met' if ok_fast and ok_med else 'met (fastest only)' if ok_fast else 'MISSED'}"
                            f" (<= {target}x)")
    return verdicts
