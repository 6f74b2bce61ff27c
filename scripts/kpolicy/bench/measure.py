"""Benchmark `kpolicy measure TARBALL` against the bare decompression of the same file, in one run.

    python -m kpolicy.bench measure TARBALL [--runs N]

Each run times `xz -dc TARBALL > /dev/null` and then `kpolicy measure TARBALL --stdout` (output
discarded), both as processes, alternately, so that both see the same machine. Printed: every
run, the medians, the ratio of the medians (target: at most 1.5x on a 2-core machine; reading a
kernel tarball is bound by decompression), and the peak resident memory of each process (measure's
must not grow with the tarball: it keeps per-file counts, never the tree).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from kpolicy.bench import REPO

TARGET = 1.5


def _run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # measure exits 1 when the version-policy records disagree
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return elapsed, int(usage.ru_maxrss)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kpolicy.bench measure", description=__doc__.split("\n\n")[0])
    parser.add_argument("tarball", type=Path, help="a kernel release tarball (.tar.xz)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    args = parser.parse_args(argv)
    if not args.tarball.is_file():
        print(f"{args.tarball}: no such file", file=sys.stderr)
        return 2
    xz = shutil.which("xz")
    if xz is None:
        print("xz is not installed: there is no decompression floor to compare with", file=sys.stderr)
        return 2
    floor_cmd = [xz, "-dc", str(args.tarball)]
    measure_cmd = [sys.executable, "-m", "kpolicy", "measure", str(args.tarball), "--stdout",
                   "--policies", str(REPO / "policies")]
    size = args.tarball.stat().st_size
    print(f"tarball: {args.tarball.name}, {size / 1e6:.1f} MB; {os.cpu_count()} CPUs; {args.runs} runs each")
    floors, measures, floor_mem, measure_mem = [], [], [], []
    for i in range(args.runs):
        t, m = _run(floor_cmd)
        floors.append(t)
        floor_mem.append(m)
        t, m = _run(measure_cmd)
        measures.append(t)
        measure_mem.append(m)
        print(f"run {i + 1}: xz -dc {floors[-1]:.2f} s, kpolicy measure {measures[-1]:.2f} s")
    floor, measured = statistics.median(floors), statistics.median(measures)
    ratio = measured / floor
    print(f"median: xz -dc {floor:.2f} s, kpolicy measure {measured:.2f} s")
    verdict = "met" if ratio <= TARGET else "missed"
    print(f"ratio: {ratio:.2f}x the decompression floor (target <= {TARGET}x): {verdict}")
    print(f"peak memory: kpolicy measure {max(measure_mem) / 1024:.0f} MiB, xz -dc {max(floor_mem) / 1024:.0f} MiB")
    return 0
