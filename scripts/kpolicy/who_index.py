"""What `kpolicy who` needs from the records (entries in the kernel's order, and each entry's
stance), with a cache so that a lookup does not validate every record again.

The view is built from a Catalog, that is only after the records passed validation. It is kept
(in Python's marshal format) in the cache folder ($KPOLICY_CACHE_DIR, else $XDG_CACHE_HOME/kpolicy, else
~/.cache/kpolicy), under a key made from the size, modification and change times of every file
in the records folder, in schema/ and in the kpolicy package: any edit means a fresh
validation. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

from .maintainers_file import Entry
from .who import UNKNOWN, Stance

_PACKAGE = Path(__file__).resolve().parent
# the folder of the package data kpolicy.schema (repository's schema/ in a source checkout),
# found without importing kpolicy.schemas and with it jsonschema
_SCHEMA = Path(next(iter(importlib.util.find_spec("kpolicy.schema").submodule_search_locations or [""])))
FORMAT = 1


def cache_dir() -> Path:
    if os.environ.get("KPOLICY_CACHE_DIR"):
        return Path(os.environ["KPOLICY_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kpolicy"


def _stat_lines(folder: str, depth: int, out: list[str]) -> None:
    try:
        with os.scandir(folder) as it:
            items = sorted(it, key=lambda e: e.name)
    except OSError:
        out.append(f"{folder}\0missing")
        return
    for item in items:
        try:
            st = item.stat(follow_symlinks=True)
        except OSError:
            continue
        out.append(f"{item.path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}")
        if depth > 0 and item.is_dir() and item.name != "__pycache__":
            _stat_lines(item.path, depth - 1, out)


def fingerprint(root: Path) -> str:
    """What the view depends on, in full: the cache keeps it and compares it whole."""
    lines = [f"format {FORMAT}", sys.version]
    _stat_lines(os.path.abspath(root), 1, lines)
    _stat_lines(str(_SCHEMA), 0, lines)
    _stat_lines(str(_PACKAGE), 1, lines)
    return "\n".join(lines)


def _cache_file(root: Path) -> Path:
    where = os.path.abspath(root).encode("utf-8", "surrogateescape")
    return cache_dir() / f"who-{zlib.crc32(where):08x}-{len(where)}.marshal"


def _build(root: Path) -> dict:
    """The view from a freshly validated Catalog (exits via require_catalog when records have errors)."""
    from .commands import load_or_usage_error, require_catalog
    from .entries import entry_of, kernel_order

    result = load_or_usage_error(root)
    require_catalog(result)
    catalog = result.catalog
    assert catalog is not None
    entries = [[e.title, [list(f) for f in e.fields]]
               for e in (entry_of(s) for s in kernel_order(s for s in catalog.subsystems.values()
                                                             if not s.is_history))]
    stances = {}
    for s in catalog.subsystems.values():
        st = catalog.stance(s.id)
        stances[s.title] = [s.id, st.level, st.route.via, st.route.tree, st.route.note]
    return {"entries": entries, "stances": stances}


def load_view(root: Path, use_cache: bool = True) -> dict:
    key = fingerprint(root) if use_cache else ""
    file = _cache_file(root)
    if use_cache:
        try:
            with open(file, "rb") as f:
                cached = marshal.load(f)
            if isinstance(cached, dict) and cached.get("key") == key and cached.get("root") == os.path.abspath(root):
                return cached
        except (OSError, ValueError, EOFError, TypeError):
            pass
    view = _build(root)
    if use_cache:
        view["key"] = key
        view["root"] = os.path.abspath(root)
        try:
            from .atomic import atomic_write

            atomic_write(file, marshal.dumps(view))
        except OSError:
            pass
    return view


def entries(view: dict) -> list[Entry]:
    return [Entry(title, tuple((k, v) for k, v in fields)) for title, fields in view["entries"]]


def stance_lookup(view: dict) -> Callable[[Entry], Stance]:
    table = {title: Stance(*row) for title, row in view["stances"].items()}
    return lambda e: table.get(e.title, UNKNOWN)
