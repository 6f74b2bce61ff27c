"""Benchmark `kpolicy who` side by side with the kernel's scripts/get_maintainer.pl, in one run.

Both answer from the same MAINTAINERS file (the repository's 6.12.117 fixture, or --maintainers).
Measured, fastest of several runs:
  - one lookup as a whole process: `kpolicy who --maintainers FILE PATH` (stances from this
    repository's policies/, cached view warm; also cold, and from the records alone) against
    `perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats --nomailmap
    --mpath FILE -f PATH` run in the kernel tree;
  - 200 paths in one call of `kpolicy who` (get_maintainer.pl given the same 200 paths in one
    call, which merges them into one answer, for scale);
  - parsing the whole file, in process.

Targets: one lookup <= 0.5x get_maintainer.pl; 200 paths <= 1 s; the parse <= 0.3 s.
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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..maintainers_file import read
from . import REPO

FIXTURE = REPO / "tests" / "data" / "MAINTAINERS-6.12.117.xz"
GOLDEN = REPO / "tests" / "data" / "get_maintainer-6.12.117.jsonl.xz"
ONE = "drivers/block/rnull.rs"


def _time(cmd: list[str], runs: int, cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              check=False)
        best = min(best, time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return best


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
    parser.add_argument("--maintainers", metavar="FILE", type=Path, default=FIXTURE,
                        help="the MAINTAINERS file both answer from (default: the 6.12.117 test fixture)")
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement; the fastest counts (default 7)")
    args = parser.parse_args(argv)

    tree: Path | None = Path(args.kernel_tree) if args.kernel_tree else None
    script = tree / "scripts" / "get_maintainer.pl" if tree else None
    skip_reason = None
    if tree is None:
        skip_reason = "no kernel tree given (--kernel-tree DIR or KPOLICY_KERNEL_TREE)"
    elif not script.is_file():
        skip_reason = f"{script} does not exist"
    elif shutil.which("perl") is None:
        skip_reason = "perl is not installed"
    if skip_reason:
        tree = None

    exe = Path(sys.executable).parent / "kpolicy"
    kpolicy = [str(exe)] if exe.exists() else [sys.executable, "-m", "kpolicy"]
    with tempfile.TemporaryDirectory(prefix="kpolicy-bench-who-") as tmp:
        maintainers = Path(tmp) / f"MAINTAINERS-{read(args.maintainers).version or 'x'}"
        raw = args.maintainers.read_bytes()
        maintainers.write_bytes(lzma.decompress(raw) if args.maintainers.suffix == ".xz" else raw)
        env = dict(os.environ, KPOLICY_CACHE_DIR=str(Path(tmp) / "cache"), HOME=tmp)
        # as installed: Python keeps compiled modules (a PYTHONDONTWRITEBYTECODE=1 environment would
        # compile kpolicy's modules again on every run)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        paths = _paths(tree, 200)
        policies = ["--policies", str(REPO / "policies")]
        who = [*kpolicy, "who", "--maintainers", str(maintainers), *policies]
        _time([*who, ONE], 1, env=env)  # fills the cache
        one = _time([*who, ONE], args.runs, env=env)
        one_cold = _time([*who, "--no-cache", ONE], max(3, args.runs // 2), env=env)
        records = _time([*kpolicy, "who", *policies, ONE], args.runs, env=env)
        batch = _time([*who, *paths], max(3, args.runs // 2), env=env)
        parse_times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            parsed = read(maintainers)
            parse_times.append(time.perf_counter() - start)
        parse = min(parse_times)
        peer_one = peer_batch = None
        if tree is not None:
            gm = ["perl", str(script), "--no-git", "--no-git-fallback", "--no-rolestats", "--nomailmap",
                  "--mpath", str(maintainers)]
            peer_env = dict(os.environ, HOME=tmp)
            peer_one = _time([*gm, "-f", ONE], args.runs, cwd=tree, env=peer_env)
            peer_batch = _time([*gm, *(x for p in paths for x in ("-f", p))], max(3, args.runs // 2), cwd=tree,
                               env=peer_env)

    print(f"MAINTAINERS: {args.maintainers.name} ({len(parsed.entries)} entries); {len(paths)} paths "
          f"from {'the kernel tree' if tree else 'the test data'}; fastest of {args.runs} runs")
    rows = [
        (f"kpolicy who, one lookup ({ONE})", one, peer_one, 0.5),
        ("  the same, cache cold (--no-cache)", one_cold, peer_one, None),
        ("  the same, from the records alone", records, None, None),
        ("get_maintainer.pl, one lookup", peer_one, None, None),
        (f"kpolicy who, {len(paths)} paths in one call", batch, peer_batch, None),
        (f"get_maintainer.pl, {len(paths)} paths in one call (merged)", peer_batch, None, None),
        (f"parse {len(parsed.entries)} entries (in process)", parse, None, None),
    ]
    print(f"\n{'measurement':58} {'seconds':>9} {'vs get_maintainer.pl':>21} {'target':>8}")
    for name, secs, peer, target in rows:
        s = f"{secs:9.3f}" if secs is not None else "  not run"
        r = f"{secs / peer:20.2f}x" if secs is not None and peer else " " * 21
        t = f"<= {target}x" if target is not None else ""
        print(f"{name:58} {s} {r} {t:>8}")
    if skip_reason:
        print(f"\nget_maintainer.pl skipped: {skip_reason}")
    verdicts = [f"200 paths {'met' if batch <= 1.0 else 'MISSED'} (<= 1 s)",
                f"parse {'met' if parse <= 0.3 else 'MISSED'} (<= 0.3 s)"]
    if peer_one:
        verdicts.insert(0, f"one lookup {'met' if one / peer_one <= 0.5 else 'MISSED'} (<= 0.5x get_maintainer.pl)")
    print("\ntargets: " + "; ".join(verdicts))
    return 0
