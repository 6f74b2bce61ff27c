"""Benchmark `kpolicy validate` against its floor and a peer, in one run.

On a kernel-scale tree (the real 7.3.4 MAINTAINERS imported whole: every entry, its people, and
a stance for each entry; see synthetic.import_tree) it times, each as a whole process:
  - kpolicy validate (strict load, schemas, cross-record checks);
  - the floor: merely parsing the same files with PyYAML's C loader;
  - check-jsonschema on the same files (schema only, one run per record kind);
and, on the repository's own policies/, the whole `kpolicy validate` command.

Each is run several times; the table gives the fastest and the median, and the ratio to the
floor is taken between medians of the same run.

Targets: full validation <= 2.5x the bare parse (medians) and <= 0.3x check-jsonschema; the real
tree <= 0.3 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kpolicy.bench import REPO
from kpolicy.bench.synthetic import KERNEL_MAINTAINERS, import_tree
from kpolicy.records.kinds import KINDS
from kpolicy.records.schemas import SCHEMA_DIR

PARSE_ONLY = """
import sys, yaml
from pathlib import Path
for f in sorted(Path(sys.argv[1]).glob("*/*.yaml")):
    yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


def _time(cmd: list[str], runs: int, ok_codes: tuple[int, ...] = (0,)) -> float:
    """The fastest of several runs, in seconds (the least disturbed by other load)."""
    return min(_times(cmd, runs, ok_codes))


def _times(cmd: list[str], runs: int, ok_codes: tuple[int, ...] = (0,)) -> list[float]:
    """The wall time of each of several runs, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        times.append(time.perf_counter() - start)
        if proc.returncode not in ok_codes:
            raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return times


def _check_jsonschema(tree: Path) -> list[list[str]] | None:
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which("check-jsonschema")
    if exe is None:
        return None
    cmds = []
    for kind in KINDS:
        files = sorted(str(f) for f in (tree / kind.folder).glob("*.yaml"))
        if files:
            cmds.append([exe, "--schemafile", str(SCHEMA_DIR / kind.schema), *files])
    return cmds


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kpolicy.bench validate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--maintainers-file", metavar="FILE", type=Path, default=KERNEL_MAINTAINERS,
                        help="the MAINTAINERS file imported as the kernel-scale tree (default: the 7.3.4 test "
                             "fixture; .xz and .gz are read)")
    args = parser.parse_args(argv)

    kpolicy = [sys.executable, "-m", "kpolicy"]
    with tempfile.TemporaryDirectory(prefix="kpolicy-bench-") as tmp:
        tree = import_tree(Path(tmp) / "policies", args.maintainers_file)
        count = {k: sum(1 for _ in (tree / k).glob("*.yaml")) for k in ("subsystems", "maintainers", "stances")}
        print(f"tree: {sum(count.values())} files imported from {args.maintainers_file.name} "
              f"({count['subsystems']} subsystems, {count['maintainers']} maintainers, {count['stances']} stances); "
              f"{args.runs} runs each, alternating", flush=True)
        v_times: list[float] = []
        p_times: list[float] = []
        for _ in range(args.runs):  # alternating, so that both see the same load
            v_times += _times([*kpolicy, "validate", "--policies", str(tree)], 1, (0, 1))
            p_times += _times([sys.executable, "-c", PARSE_ONLY, str(tree)], 1)
        validate, parse = statistics.median(v_times), statistics.median(p_times)
        cj_cmds = _check_jsonschema(tree)
        peer = sum(_time(cmd, args.runs) for cmd in cj_cmds) if cj_cmds else None
    real = [_time([*kpolicy, "validate", "--policies", str(REPO / "policies")], max(args.runs, 5), (0, 1))]
    # (exit 1 is accepted here: the benchmark times the command, the tests judge the records)

    print(f"kpolicy validate: fastest {min(v_times):.3f} s, median {validate:.3f} s; parse only: fastest "
          f"{min(p_times):.3f} s, median {parse:.3f} s; fastest/fastest {min(v_times) / min(p_times):.2f}x")
    rows = [
        ("kpolicy validate (kernel-scale tree, median)", validate, None, None),
        ("parse only, C loader (floor, median)", parse, validate / parse, 2.5),
        ("check-jsonschema, schema only (peer)", peer, (validate / peer) if peer else None, 0.3),
        ("kpolicy validate (policies/ of this repository)", real[0], None, None),
    ]
    print(f"\n{'measurement':52} {'seconds':>9} {'kpolicy / this':>15} {'target':>8}")
    for name, secs, ratio, target in rows:
        s = f"{secs:9.3f}" if secs is not None else "  not run"
        r = f"{ratio:14.2f}x" if ratio is not None else " " * 15
        t = f"<= {target}x" if target is not None else ""
        print(f"{name:52} {s} {r} {t:>8}")
    if peer is None:
        print("\ncheck-jsonschema is not installed: pip install -e '.[bench]' to measure the peer")
    verdicts = [f"vs floor {'met' if validate / parse <= 2.5 else 'MISSED'} (<= 2.5x, medians)",
                f"real tree {'met' if real[0] <= 0.3 else 'MISSED'} (<= 0.3 s)"]
    if peer:
        verdicts.insert(1, f"vs check-jsonschema {'met' if validate / peer <= 0.3 else 'MISSED'}")
    print("\ntargets: " + "; ".join(verdicts))
    return 0
