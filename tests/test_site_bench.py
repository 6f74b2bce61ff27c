"""The site benchmark runs end to end on a small generated tree and prints its table. Its speed
targets are the benchmark's to judge (`python -m kpolicy.bench site`), never a test's: this test
checks what it prints, not how fast the machine was."""

from __future__ import annotations

import re

import pytest

from kpolicy.bench import site as bench


def test_the_benchmark_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    code = bench.main(["--subsystems", "24", "--maintainers", "16", "--no-peer"])
    out = capsys.readouterr().out
    rows = {line.split("  ")[0]: line for line in out.splitlines()}
    columns = r" +\d+\.\d\ds +\d+\.\d\ds +\d+ MB +\d+\.\d\d MB +\d+\.\d\d MB +"  # median, fastest, memory, sizes
    assert re.fullmatch(r"real records" + columns, rows["real records"])
    big = rows["kernel scale (24 subsystems, 16 people)"]
    assert re.fullmatch(r"kernel scale \(24 subsystems, 16 people\)" + columns, big), big
    verdicts = [line for line in out.splitlines() if line.startswith(("ok  ", "MISS"))]
    assert [v[5:] for v in verdicts] == ["real site <= 5 s", "kernel scale <= 30 s",
                                         "kernel-scale search index <= 4.00 MB"]
    assert code == (1 if any(v.startswith("MISS") for v in verdicts) else 0)
    assert verdicts[2].startswith("ok  ")  # a size, the same on any machine: 24 subsystems stay far below it
