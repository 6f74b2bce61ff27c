"""Reading the corpus: each case file's first line says what it must produce."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any


def expected(case_file: Path) -> set[str]:
    """The problems the first line announces ('# expect: error[check] line:col; ...'), or the
    empty set for '# expect: nothing' (input accepted on purpose)."""
    first = case_file.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace").removeprefix("\ufeff").rstrip("\r")
    assert first.startswith("# expect: "), f"{case_file}: the first line must say what to expect"
    said = first.removeprefix("# expect: ")
    return set() if said == "nothing" else {e.strip() for e in said.split(";")}


def case_file(case: Path) -> Path:
    """The file of a record case (a folder) that carries the expectation: its first file."""
    return min(f for f in case.rglob("*") if f.is_file()) if case.is_dir() else case


def data_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) of loaded YAML data, the whole document first, in the file's order."""
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from data_paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from data_paths(v, (*path, i))
