#!/usr/bin/env python3
"""Golden answers for `kpolicy who` from the kernel's own scripts/get_maintainer.pl.

    python scripts/who-goldens.py KERNEL_TREE OUT.jsonl.xz [--jobs N]

KERNEL_TREE is an unpacked kernel source tree (the whole tarball: get_maintainer.pl reads
.mailmap and the .yaml files it is asked about). The paths are chosen deterministically from the
tree's files: within each group, in the order of the SHA-1 of the path, the first N (see GROUPS);
then, for each entry whose M:/R: people the tree's .mailmap rewrites, the first path in SHA-1
order that the entry covers (chosen with kpolicy's matcher; the answers all come from the
script). For every path the script runs four times (all; maintainers only; reviewers only;
lists only), each with PERL_HASH_SEED=1 and =2, with HOME pointing to an empty folder:

    perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats \\
        [--nor --nol|--nom --nol|--nom --nor] -f PATH

The answer kept is the seed-1 one; a path whose two seeds give different sets is reported on
stderr. Output: one JSON object per line, {"path", "maintainers", "reviewers", "lists", "all"},
each the script's non-empty output lines in its order, compressed with xz -9e.

This needs a kernel tree and perl, so it is run by hand, never by the tests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kpolicy.maintainers.file import read
from kpolicy.maintainers.mailmap import Mailmap
from kpolicy.maintainers.pathmatch import Index, Pattern
from kpolicy.maintainers.people import people_in

# (name, how many, which paths): the groups are tried in this order and a path is in the first
# group that takes it
GROUPS: list[tuple[str, int, object]] = [
    ("rust/", 60, lambda p: p.startswith("rust/")),
    ("other *.rs", 60, lambda p: p.endswith(".rs")),
    ("device-tree bindings (.yaml)", 40,
     lambda p: p.startswith("Documentation/devicetree/bindings/") and p.endswith(".yaml")),
    ("drivers/", 130, lambda p: p.startswith("drivers/")),
    ("fs/", 50, lambda p: p.startswith("fs/")),
    ("mm/", 30, lambda p: p.startswith("mm/")),
    ("kernel/", 40, lambda p: p.startswith("kernel/")),
    ("include/", 50, lambda p: p.startswith("include/")),
    ("the rest", 90, lambda _path: True),
]
MAILMAP_ENTRIES = 60
VARIANTS = {"all": [], "maintainers": ["--nor", "--nol"], "reviewers": ["--nom", "--nol"],
            "lists": ["--nom", "--nor"]}


def tree_files(tree: Path) -> list[str]:
    found = []
    for top, dirs, files in os.walk(tree):
        dirs[:] = [d for d in dirs if d != ".git"]
        rel = os.path.relpath(top, tree)
        found += [f if rel == "." else f"{rel}/{f}" for f in files]
    return sorted(found, key=lambda p: hashlib.sha1(p.encode("utf-8", "surrogateescape")).hexdigest())


def choose(tree: Path) -> list[str]:
    files = tree_files(tree)
    chosen: list[str] = []
    taken: set[str] = set()
    remaining = {name: n for name, n, _ in GROUPS}
    for p in files:
        for name, _, test in GROUPS:
            if test(p):  # type: ignore[operator]
                if remaining[name] > 0:
                    remaining[name] -= 1
                    chosen.append(p)
                    taken.add(p)
                break
    maintainers = read(tree / "MAINTAINERS")
    mailmap = Mailmap.read(tree / ".mailmap")
    rewritten = [i for i, e in enumerate(maintainers.entries)
                 if any(mailmap.map(person) != person for k, v in e.fields if k in "MR" for person in people_in(v))]
    for i in rewritten[:MAILMAP_ENTRIES]:
        entry = maintainers.entries[i]
        index = Index([entry], lambda d: (tree / d).is_dir())
        prefixes = tuple(Pattern.of(v).prefix for k, v in entry.fields if k == "F")
        if any(k == "N" for k, _ in entry.fields):
            prefixes = ("",)
        first = next((p for p in files if p.startswith(prefixes) and index.match(p)), None)
        if first is not None and first not in taken:
            chosen.append(first)
            taken.add(first)
    return chosen


def run(tree: Path, home: str, path: str) -> dict[str, object]:
    out: dict[str, object] = {"path": path}
    differs = False
    for variant, flags in VARIANTS.items():
        answers = []
        for seed in ("1", "2"):
            proc = subprocess.run(
                ["perl", "scripts/get_maintainer.pl", "--no-git", "--no-git-fallback", "--no-rolestats", *flags,
                 "-f", path], cwd=tree, env=dict(os.environ, HOME=home, PERL_HASH_SEED=seed),
                capture_output=True, text=True, check=True)
            answers.append([line for line in proc.stdout.splitlines() if line])
        differs |= sorted(answers[0]) != sorted(answers[1])
        out[variant] = answers[0]
    if differs:
        print(f"{path}: PERL_HASH_SEED=1 and =2 give different sets", file=sys.stderr)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    paths = choose(args.tree)
    print(f"{len(paths)} paths", file=sys.stderr)
    with tempfile.TemporaryDirectory() as home, ThreadPoolExecutor(args.jobs) as pool:
        records = list(pool.map(lambda p: run(args.tree, home, p), paths))
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    args.out.write_bytes(lzma.compress(text.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME))
    for name in ("MAINTAINERS", ".mailmap", "scripts/get_maintainer.pl"):
        print(f"sha256 {name}: {hashlib.sha256((args.tree / name).read_bytes()).hexdigest()}", file=sys.stderr)
    print(f"sha256 of the answers (uncompressed): {hashlib.sha256(text.encode('utf-8')).hexdigest()}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
