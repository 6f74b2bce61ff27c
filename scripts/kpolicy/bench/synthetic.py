"""A kernel-scale records tree for benchmarks: schema-valid, deterministic, cross-referenced.

write_tree(root, subsystems=2900, maintainers=2000) writes that many subsystem, maintainer and
stance records (one stance per subsystem) under root, in the layout of policies/.
"""

from __future__ import annotations

import random
from pathlib import Path

from kpolicy.records.kinds import STANCE_LEVELS

LEVELS = STANCE_LEVELS
STATUS = ("Maintained", "Supported", "Odd Fixes", "Orphan")
WORDS = ("block", "net", "drm", "pci", "usb", "sound", "media", "iio", "clk", "gpio", "spi", "i2c", "mmc",
         "scsi", "nvme", "crypto", "power", "thermal", "input", "hid", "rtc", "watchdog", "pwm", "leds")


def write_tree(root: Path, subsystems: int = 2900, maintainers: int = 2000, seed: int = 1) -> Path:
    rng = random.Random(seed)
    for folder in ("subsystems", "maintainers", "stances"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for i in range(maintainers):
        (root / "maintainers" / f"person-{i:04d}.yaml").write_text(
            f"id: person-{i:04d}\nname: Person Number {i}\nemails:\n  - person{i}@example.org\n", encoding="utf-8")
    for i in range(subsystems):
        word = WORDS[i % len(WORDS)]
        sid = f"{word}-driver-{i:04d}"
        people = rng.sample(range(maintainers), 3)
        lines = [
            f"id: {sid}",
            f"title: {word.upper()} DRIVER {i:04d}",
            "maintainers:",
            f"  - person-{people[0]:04d}",
            f"  - person-{people[1]:04d}",
            "reviewers:",
            f"  - person-{people[2]:04d}",
            "lists:",
            f"  - linux-{word}@vger.kernel.org",
            "status:",
            f"  - {STATUS[i % len(STATUS)]}",
            "trees:",
            f"  - git git://git.kernel.org/pub/scm/linux/kernel/git/{word}/{word}.git",
            "files:",
            f"  - drivers/{word}/driver{i}/",
            f"  - include/linux/{word}{i}.h",
            "fields_from:",
            '  maintainers_file: "6.12.117"',
        ]
        (root / "subsystems" / f"{sid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        write_stance(root, sid, i, word)
    return root


# The kernel-scale tree of the benchmarks: the real 7.3.4 MAINTAINERS file imported whole (all
# entries and their people), and a stance for each entry. The file is the repository's test
# fixture unless another is given, so no download is needed.
KERNEL_MAINTAINERS = Path(__file__).resolve().parents[3] / "tests" / "data" / "MAINTAINERS-7.3.4.xz"


def import_tree(root: Path, maintainers_file: Path = KERNEL_MAINTAINERS) -> Path:
    """Records made by `kpolicy import-maintainers FILE --all`, with one stance per subsystem
    (the levels in turn; a source for each that is not 'unknown'). Returns root."""
    import subprocess
    import sys

    root.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-m", "kpolicy", "import-maintainers", str(maintainers_file), "--all",
                           "--policies", str(root)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"import-maintainers failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    (root / "stances").mkdir(exist_ok=True)
    for i, f in enumerate(sorted((root / "subsystems").glob("*.yaml"))):
        write_stance(root, f.stem, i, f.stem)
    return root


def write_stance(root: Path, sid: str, i: int, word: str) -> None:
    """A stance for subsystem sid: the i-th level of the scale, with a source unless unknown."""
    level = LEVELS[i % len(LEVELS)]
    stance = [f"subsystem: {sid}", f"level: {level}", "checked: 2026-11-01"]
    if level != "unknown":
        stance += [
            "summary: The maintainers have said how they handle Rust patches.",
            "temporary_breakage: not-allowed",
            "rust_enabled_builds: unknown",
            "route:",
            "  via: subsystem-tree",
            "sources:",
            f"  - url: https://lore.kernel.org/all/{i}@example.org/",
            f"    title: Re [PATCH] {word} rust support",
            "    date: 2025-06-01",
        ]
    (root / "stances" / f"{sid}.yaml").write_text("\n".join(stance) + "\n", encoding="utf-8")
