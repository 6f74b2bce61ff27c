"""python -m kpolicy.bench hostile: how long each hostile input takes to be refused.

The hostile-input corpus is the one-file record cases of tests/corpus/cases, the MAINTAINERS
files of tests/corpus/maintainers, and the large inputs made here (GENERATED; the tests use
the same list). Each is run through the command a pull request meets first: `kpolicy
validate` for records and `kpolicy import-maintainers` for a MAINTAINERS file, in this
process, fastest of --runs. The peer, measured in the same run, is `kpolicy validate` of the
clean tree (tests/corpus/base). Printed: every case's time, the slowest, and its ratio to the
peer.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import lzma
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parents[3] / "tests"
MAINTAINER = "maintainers/ada-example.yaml"
HEAD = "id: ada-example\nname: Ada Example\n"


@dataclass(frozen=True)
class Generated:
    """A large hostile input, made on demand: write(path) creates it at path."""
    name: str
    target: str  # a record's path in the tree, or "MAINTAINERS" (the file given to import-maintainers)
    write: Callable[[Path], None]
    expect: str  # the problem it must produce, as the corpus writes it: "error[check] line:col"


def _text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8")


def _sparse(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with open(path, "wb") as f:
            f.write(HEAD.encode())
            f.truncate(size)  # zeros after the head; the size is all that matters
    return write


def _lines(line: str, size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        block = (line * ((1 << 16) // len(line))).encode()
        with open(path, "wb") as f:
            f.writelines(block for _ in range(size // len(block) + 1))
    return write


def _xz_of_zeros(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        c = lzma.LZMACompressor(preset=0)
        chunk = bytes(1 << 20)
        data = b"".join(c.compress(chunk) for _ in range(size >> 20)) + c.flush()
        path.write_bytes(data)
    return write


def _truncated_xz(path: Path) -> None:
    whole = lzma.compress(b"".join(b"EXAMPLE %d\nM:\tAda Example <ada@example.org>\n\n" % i for i in range(1000)))
    path.write_bytes(whole[: len(whole) // 2])


GENERATED = (
    Generated("file-of-50-mb", MAINTAINER, _sparse(50 << 20), "error[yaml.too-large] 1:1"),
    Generated("nesting-10000-deep", MAINTAINER, _text(HEAD + "notes: " + "[" * 10_000 + "]" * 10_000 + "\n"),
              "error[yaml.too-deep] 3:71"),
    Generated("mapping-nesting-10000-deep", MAINTAINER, _text(HEAD + "notes: " + "{a: " * 10_000 + "}" * 10_000 + "\n"),
              "error[yaml.too-deep] 3:260"),
    Generated("scalar-of-900-kb", MAINTAINER, _text("id: ada-example\nname: " + "x" * 900_000 + "\n"),
              "error[schema.max-length] 2:7"),
    Generated("documents-10000", MAINTAINER, _text(HEAD + "---\n" * 10_000), "error[yaml.multi-document] 3:1"),
    Generated("maintainers-of-50-mb", "MAINTAINERS", _lines("EXAMPLE\nM:\tAda Example <ada@example.org>\n\n", 50 << 20),
              "error[maintainers.too-large] 1:1"),
    Generated("maintainers-of-15-mb-without-entries", "MAINTAINERS", _lines("no entry here\n", 15 << 20),
              "error[maintainers.empty] 1:1"),
    Generated("maintainers-xz-bomb", "MAINTAINERS.xz", _xz_of_zeros(32 << 20), "error[maintainers.too-large] 1:1"),
    Generated("maintainers-xz-truncated", "MAINTAINERS.xz", _truncated_xz, "error[maintainers.compression] 1:1"),
)


def record_cases(corpus: Path) -> list[tuple[str, Callable[[Path], list[str]]]]:
    """(name, put): put(tree) places the case's files into a copy of the base tree and returns
    the arguments validate needs besides --policies (--maintainers FILE for a case that has one)."""
    def overlay(case: Path) -> Callable[[Path], list[str]]:
        def put(tree: Path) -> list[str]:
            extra = []
            for f in sorted(case.rglob("*")):
                if f.is_symlink():  # a case about links holds the link itself, kept as a link
                    target = tree / f.relative_to(case)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.symlink(os.readlink(f), target)
                elif f.is_file() and f.name.startswith("MAINTAINERS-"):
                    extra = ["--maintainers", str(f)]
                elif f.is_file():
                    target = tree / f.relative_to(case)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(f, target)
            return extra
        return put

    def made(g: Generated) -> Callable[[Path], list[str]]:
        def put(tree: Path) -> list[str]:
            g.write(tree / g.target)
            return []
        return put

    cases = [(c.name, overlay(c)) for c in sorted((corpus / "cases").iterdir())]
    return cases + [(g.name, made(g)) for g in GENERATED if not g.target.startswith("MAINTAINERS")]


def maintainers_cases(corpus: Path) -> list[tuple[str, Callable[[Path], Path]]]:
    """(name, put): put(folder) writes the MAINTAINERS file into folder and returns its path."""
    def copy(f: Path) -> Callable[[Path], Path]:
        def put(folder: Path) -> Path:
            shutil.copyfile(f, folder / "MAINTAINERS-6.12")
            return folder / "MAINTAINERS-6.12"
        return put

    def made(g: Generated) -> Callable[[Path], Path]:
        def put(folder: Path) -> Path:
            path = folder / g.target.replace("MAINTAINERS", "MAINTAINERS-6.12")
            g.write(path)
            return path
        return put

    cases = [(f.name, copy(f)) for f in sorted((corpus / "maintainers").iterdir())]
    return cases + [(g.name, made(g)) for g in GENERATED if g.target.startswith("MAINTAINERS")]


def _quiet_main(argv: list[str]) -> int:
    from kpolicy.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            return main(argv)
        except SystemExit as e:
            return int(e.code or 0)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kpolicy.bench hostile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=TESTS / "corpus",
                        help="the corpus folder (default: tests/corpus)")
    parser.add_argument("--runs", type=int, default=3, help="runs per case; the fastest counts (default 3)")
    args = parser.parse_args(argv)
    base = args.corpus / "base"
    if not base.is_dir():
        parser.error(f"{args.corpus}: no corpus here (give --corpus DIR)")
    times: dict[str, float] = {}
    codes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)

        def timed(name: str, prepare: Callable[[Path], list[str]]) -> None:
            best = float("inf")
            for run in range(args.runs):
                folder = root / f"{name}-{run}"
                folder.mkdir(parents=True)
                command = prepare(folder)
                start = time.perf_counter()
                codes[name] = _quiet_main(command)
                best = min(best, time.perf_counter() - start)
                shutil.rmtree(folder)
            times[name] = best

        def clean(folder: Path) -> list[str]:
            shutil.copytree(base, folder / "p")
            return ["validate", "--policies", str(folder / "p")]

        timed("(peer) validate the clean tree", clean)
        for name, put in record_cases(args.corpus):
            def records(folder: Path, put: Callable[[Path], list[str]] = put) -> list[str]:
                shutil.copytree(base, folder / "p")
                return ["validate", "--policies", str(folder / "p"), *put(folder / "p")]
            timed(f"records/{name}", records)
        for name, put in maintainers_cases(args.corpus):
            def maintainers(folder: Path, put: Callable[[Path], Path] = put) -> list[str]:
                shutil.copytree(base, folder / "p")
                return ["import-maintainers", str(put(folder)), "--all", "--kernel-version", "6.12",
                        "--policies", str(folder / "p")]
            timed(f"MAINTAINERS/{name}", maintainers)
    peer = times.pop("(peer) validate the clean tree")
    codes.pop("(peer) validate the clean tree")
    width = max(map(len, times))
    for name, t in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"{name:{width}}  {t * 1000:8.1f} ms  {t / peer:5.2f}x  exit {codes[name]}")
    slowest = max(times, key=times.__getitem__)
    print(f"\n{len(times)} cases on {os.cpu_count()} cores, fastest of {args.runs}; peer (validate of the clean "
          f"tree) {peer * 1000:.1f} ms")
    print(f"slowest: {slowest} {times[slowest] * 1000:.1f} ms = {times[slowest] / peer:.2f}x the peer")
    return 0
