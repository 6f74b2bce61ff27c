"""Benchmark the site build: the real records, and a generated kernel-scale tree.

The kernel-scale tree is the real 7.3.4 MAINTAINERS imported whole (every entry, its people, a
stance each; synthetic.import_tree), or a generated one of the size given by --subsystems.
For each tree it runs `mkdocs build --strict` as a separate process and prints the wall time,
the peak memory of that process, the size of the built site and of search/search_index.json.
The peer, measured in the same run on the same kernel-scale tree: the pages written once by
`kpolicy site --out`, built by MkDocs with mkdocs.yml as it is but for the hook (the same theme,
features, overrides, extensions and navigation); the ratio shows what loading and rendering the
records costs on top of MkDocs.

Targets on a 2-core machine: kernel scale <= 30 s and a search index <= 4 MB; the real site <= 5 s.

Target for the hook's cost: the strict build <= 1.1x the peer. --profile writes a cProfile of
the kernel-scale build and prints where its time goes, phase by phase.

    python -m kpolicy.bench site [--maintainers-file FILE | --subsystems N --maintainers N]
                                 [--no-peer] [--runs N] [--profile]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kpolicy.bench import REPO
from kpolicy.bench.synthetic import KERNEL_MAINTAINERS, import_tree, write_tree
from kpolicy.site.vocabulary import VIEWS

TARGETS = {"kernel": 30.0, "real": 5.0}
INDEX_TARGET = 4 * 1000 * 1000


@dataclass
class Run:
    name: str
    seconds: float
    peak_kib: int
    site_bytes: int
    index_bytes: int


def _measure(name: str, cmd: list[str], env: dict[str, str], site: Path) -> Run:
    with tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)  # the child's own peak memory, not the benchmark's
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{name}: the build failed:\n{err.read()}")
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    index = site / "search" / "search_index.json"
    return Run(name, seconds, usage.ru_maxrss, size, index.stat().st_size if index.exists() else 0)


def _mkdocs(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)]


def write_sections(root: Path) -> None:
    """Ten policy sections, as in the document, each with one of the live views."""
    folder = root / "policy"
    folder.mkdir(parents=True, exist_ok=True)
    views = list(VIEWS)
    for n in range(1, 11):
        (folder / f"{n:02d}-question-{n}.yaml").write_text(
            f"id: {n:02d}-question-{n}\nnumber: {n}\nquestion: Question number {n}?\n"
            f"answer: The answer to question {n}, in a few words.\n"
            f"original: https://rust-for-linux.com/rust-kernel-policy#question-{n}\n"
            f"views:\n  - {views[n % len(views)]}\nas_of: 2026-11-01\n"
            "sources:\n  - url: https://rust-for-linux.com/rust-kernel-policy\n    title: Rust kernel policy\n"
            "    date: 2025-02-09\n", encoding="utf-8")


def write_version_policy(root: Path) -> None:
    folder = root / "version-policy"
    folder.mkdir(parents=True, exist_ok=True)
    steps = [("6.1", "1.62.0", "pinned"), ("6.5", "1.68.2", "pinned"), ("6.11", "1.78.0", "minimum"),
             ("7.1", "1.85.0", "minimum")]
    lines = ["tool: rustc", "name: Rust compiler (rustc)", "as_of: 2026-11-01", "minimums:"]
    for kernel, version, kind in steps:
        lines += [f'  - kernel: "{kernel}"', f"    version: {version}", f"    kind: {kind}", "    sources:",
                  "      - url: https://rust-for-linux.com/rust-version-policy", "        title: Rust version policy",
                  "        date: 2026-04-08"]
    (folder / "rustc.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# the phases of a build, each the cumulative time of the function that does it (nested phases
# are inside the ones above them)
PHASES = [
    ("whole build", "mkdocs/commands/build.py", "build"),
    ("config and plugins", "mkdocs/config/base.py", "load_config"),
    ("hook (on_files): the records to pages", "kpolicy/site/hooks.py", "on_files"),
    ("  of which load and check the records", "kpolicy/records/load.py", "load"),
    ("read and render Markdown, all pages", "mkdocs/structure/pages.py", "render"),
    ("page context, templates and writing, all pages", "mkdocs/commands/build.py", "_build_page"),
    ("  of which search: index each page", "material/plugins/search/plugin.py", "on_page_context"),
    ("search: write the index", "material/plugins/search/plugin.py", "on_post_build"),
]


def _profile(cmd: list[str], env: dict[str, str], out: Path) -> None:
    import pstats

    prof = [cmd[0], "-m", "cProfile", "-o", str(out), *cmd[1:]]
    subprocess.run(prof, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stats = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]
    total = max((v[3] for v in stats.values()), default=0.0)
    print("profile of the kernel-scale build (cProfile, so slower than the timed build):")
    for label, file, func in PHASES:
        cum = sum(v[3] for (f, _, name), v in stats.items() if f.endswith(file) and name == func)
        print(f"  {label:48} {cum:7.2f} s {100 * cum / total if total else 0:5.1f}%")


def peer_config(pages: Path) -> dict[str, object]:
    """mkdocs.yml without the hook, building the pages `kpolicy site --out` wrote: the same theme,
    features, overrides, extensions, navigation and strictness, so that the ratio is the hook's cost."""
    config: dict[str, Any] = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    del config["hooks"]
    config.pop("watch", None)
    config["docs_dir"] = str(pages)
    # the hook marks the record pages as kept out of the navigation; written out, they need saying so
    config["not_in_nav"] = "\n".join(f"/{folder}/" for folder in ("subsystems", "maintainers"))
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    return config


def _mb(n: int) -> str:
    return f"{n / 1e6:.2f} MB"


def _median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m kpolicy.bench site", description=__doc__.split("\n\n")[0])
    ap.add_argument("--maintainers-file", metavar="FILE", type=Path, default=KERNEL_MAINTAINERS,
                    help="the MAINTAINERS file imported as the kernel-scale tree (default: the 7.3.4 test fixture)")
    ap.add_argument("--subsystems", type=int, default=None, help="a generated tree of this many subsystems instead")
    ap.add_argument("--maintainers", type=int, default=2000, help="people of the generated tree")
    ap.add_argument("--no-peer", action="store_true", help="skip the peer build (mkdocs.yml without the hook)")
    ap.add_argument("--runs", type=int, default=1,
                    help="rounds of builds (real, kernel scale, peer, in turn); medians and the median ratio")
    ap.add_argument("--profile", action="store_true", help="profile the kernel-scale build and print its phases")
    args = ap.parse_args(argv)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KPOLICY_POLICIES", None)
    builds: dict[str, list[Run]] = {"real": [], "big": [], "peer": []}
    with tempfile.TemporaryDirectory(prefix="kpolicy-bench-site-") as tmp:
        work = Path(tmp)
        if args.subsystems is None:
            tree = import_tree(work / "policies", args.maintainers_file)
            what = f"kernel scale ({args.maintainers_file.name} imported)"
        else:
            tree = write_tree(work / "policies", subsystems=args.subsystems, maintainers=args.maintainers)
            what = f"kernel scale ({args.subsystems} subsystems, {args.maintainers} people)"
        write_sections(tree)
        write_version_policy(tree)
        big_env = {**env, "KPOLICY_POLICIES": str(tree)}
        plain = work / "plain.yml"
        if not args.no_peer:
            pages = work / "pages"
            subprocess.run([sys.executable, "-m", "kpolicy", "site", "--policies", str(tree), "--out", str(pages)],
                           cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
            plain.write_text(json.dumps(peer_config(pages)), encoding="utf-8")  # JSON is YAML
        for _ in range(max(1, args.runs)):  # in turn, so that all see the same load
            builds["real"].append(_measure("real records", _mkdocs(REPO / "mkdocs.yml", work / "real"), env,
                                           work / "real"))
            builds["big"].append(_measure(what, _mkdocs(REPO / "mkdocs.yml", work / "big"), big_env, work / "big"))
            if not args.no_peer:
                builds["peer"].append(_measure("peer: the same pages, mkdocs.yml without the hook",
                                               _mkdocs(plain, work / "peer"), env, work / "peer"))
        if args.profile:
            _profile(_mkdocs(REPO / "mkdocs.yml", work / "prof"), big_env, work / "build.prof")
    ratios = sorted(b.seconds / p.seconds for b, p in zip(builds["big"], builds["peer"], strict=False))
    ratio = ratios[len(ratios) // 2] if ratios else None
    n = len(builds["big"])
    print(f"{n} run(s) of each build, in turn; times are medians, the ratio the median of the pairs' ratios")
    print(f"{'build':58} {'time':>8} {'fastest':>8} {'peak RSS':>10} {'site':>10} {'search index':>13} "
          f"{'time ratio':>10}")
    for key, runs in builds.items():
        if not runs:
            continue
        r = _median(runs)
        shown = f"{ratio:.2f}x" if key == "big" and ratio is not None else "1.00x" if key == "peer" else ""
        print(f"{r.name:58} {r.seconds:7.2f}s {min(x.seconds for x in runs):7.2f}s {r.peak_kib / 1024:8.0f} MB "
              f"{_mb(r.site_bytes):>10} {_mb(r.index_bytes):>13} {shown:>10}")
    real, big = _median(builds["real"]), _median(builds["big"])
    checks = [("kernel scale <= 1.1x the peer", ratio <= 1.1)] if ratio is not None else []
    checks += [
        (f"real site <= {TARGETS['real']:.0f} s", real.seconds <= TARGETS["real"]),
        (f"kernel scale <= {TARGETS['kernel']:.0f} s", big.seconds <= TARGETS["kernel"]),
        (f"kernel-scale search index <= {_mb(INDEX_TARGET)}", big.index_bytes <= INDEX_TARGET),
    ]
    for what, ok in checks:
        print(f"{'ok  ' if ok else 'MISS'} {what}")
    return 0 if all(ok for _, ok in checks) else 1
