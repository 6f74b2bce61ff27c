"""What `kpolicy who` needs from the records (entries in the kernel's order, and each entry's
stance), with a cache so that a lookup does not validate every record again.

The view is built from a Catalog, that is only after the records passed validation. It is kept
(in Python's marshal format) in the cache folder ($KPOLICY_CACHE_DIR, else $XDG_CACHE_HOME/kpolicy, else
~/.cache/kpolicy), under a key made from the size, modification and change times of every file
in the records folder, in schema/ and in the kpolicy package: any edit means a fresh
validation. A parsed MAINTAINERS file and a parsed .mailmap are kept there too, each under the
digest of its bytes. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from kpolicy.maintainers.file import Entry
from kpolicy.maintainers.mailmap import Mailmap
from kpolicy.maintainers.pathmatch import PathFields, PathItem
from kpolicy.maintainers.who import UNKNOWN, StanceSummary

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs every lookup a few ms
if TYPE_CHECKING:
    from typing import NotRequired, TypedDict

    class View(TypedDict):
        """What who needs from the records, as the cache keeps it (marshal: lists, not tuples)."""

        entries: list[tuple[str, tuple[tuple[str, str], ...]]]  # (title, fields) in the kernel's order
        stances: dict[str, tuple[str, str, str, str | None, str | None]]  # title: (id, level, via, tree, note)
        key: NotRequired[str]  # the fingerprint it was built for (only in a cached view)
        root: NotRequired[str]  # the records folder it was built from (only in a cached view)

_PACKAGE = Path(__file__).resolve().parent


def _schema_dir() -> Path:
    """The folder of the package data kpolicy.schema (repository's schema/ in a source checkout),
    found without importing kpolicy.records.schemas and with it jsonschema."""
    import importlib.util

    spec = importlib.util.find_spec("kpolicy.schema")
    return Path(next(iter((spec.submodule_search_locations if spec else None) or [""])))


FORMAT = 2  # 2: entries and stances kept as tuples


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
    _stat_lines(str(_schema_dir()), 0, lines)
    _stat_lines(str(_PACKAGE), 1, lines)
    return "\n".join(lines)


def _cache_file(root: Path) -> Path:
    where = os.path.abspath(root).encode("utf-8", "surrogateescape")
    return cache_dir() / f"who-{zlib.crc32(where):08x}-{len(where)}.marshal"


def _build(root: Path) -> View:
    """The view from a freshly validated Catalog (raises NoRecordsFolder or RecordsInvalid)."""
    from kpolicy.maintainers.entries import entry_of, kernel_order
    from kpolicy.records.load import load_catalog

    catalog = load_catalog(root)
    entries = [(e.title, e.fields)
               for e in (entry_of(s) for s in kernel_order(s for s in catalog.subsystems.values()
                                                             if not s.is_history))]
    stances = {}
    for s in catalog.subsystems.values():
        st = catalog.stance(s.id)
        stances[s.title] = (s.id, st.level, st.route.via, st.route.tree, st.route.note)
    return {"entries": entries, "stances": stances}


def cached_view(root: Path) -> View | None:
    """The view the cache holds for the records at root, if it is still theirs."""
    try:
        with open(_cache_file(root), "rb") as f:
            cached: View = marshal.loads(f.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    fresh = (isinstance(cached, dict)  # not so in a damaged or foreign cache file
             and cached.get("key") == fingerprint(root) and cached.get("root") == os.path.abspath(root))
    return cached if fresh else None


def build_view(root: Path, use_cache: bool = True) -> View:
    """The view from the records themselves (raises NoRecordsFolder or RecordsInvalid); kept in the
    cache when use_cache."""
    key = fingerprint(root) if use_cache else ""
    view = _build(root)
    if use_cache:
        view["key"] = key
        view["root"] = os.path.abspath(root)
        try:
            from kpolicy.records.atomic import atomic_write

            atomic_write(_cache_file(root), marshal.dumps(dict(view)))
        except OSError:
            pass
    return view


def entries(view: View) -> list[Entry]:
    return [Entry(title, fields) for title, fields in view["entries"]]


def stance_lookup(view: View) -> Callable[[Entry], StanceSummary]:
    table = {title: StanceSummary(*row) for title, row in view["stances"].items()}
    return lambda e: table.get(e.title, UNKNOWN)


# -- a MAINTAINERS file, parsed once --------------------------------------------------------------
#
# `kpolicy who --maintainers FILE` keeps the parsed entries, and the path index's field lists,
# in the cache folder under the BLAKE2b-256 digest of the file's bytes (as stored: an .xz file by its
# compressed bytes), so the key is the content itself: a changed file has another key and is
# parsed again, never answered from a stale copy. The file is written to a private temporary
# name and renamed into place, so two processes that build it at once each write a whole file
# and a reader sees one of them whole; a cache file that does not load is ignored.

MAINTAINERS_FORMAT = 4


def _maintainers_cache_file(digest: str) -> Path:
    return cache_dir() / f"maintainers-{digest}.marshal"


def content_key(raw: bytes) -> str:
    """BLAKE2b-256 of the bytes (the C module alone: importing hashlib costs a lookup 8 ms)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # not CPython
        from hashlib import blake2b
    return blake2b(raw, digest_size=32).hexdigest()


class LazyEntries:
    """The entries of a cached file, each unmarshalled when first asked for (a lookup needs few)."""

    lazy = True
    __slots__ = ("_blobs", "_done")

    def __init__(self, blobs: list[bytes]):
        self._blobs = blobs
        self._done: dict[int, Entry] = {}

    def __len__(self) -> int:
        return len(self._blobs)

    def __getitem__(self, i: int) -> Entry:
        try:
            return self._done[i]
        except KeyError:
            e = self._done[i] = tuple.__new__(Entry, marshal.loads(self._blobs[i]))
            return e

    def __iter__(self) -> Iterator[Entry]:
        return (self[i] for i in range(len(self._blobs)))


class _Buckets(dict[str, list[PathItem]]):
    """The path index's groups of F:/X: lines, each unmarshalled when first asked for: a value is
    kept as marshal bytes until then."""

    # dict.get is overloaded on its default; this one takes the default Index.match gives it
    def get(self, key: str, default: list[PathItem] | None = None) -> list[PathItem] | None:  # type: ignore[override]
        value: list[PathItem] | bytes | None = dict.get(self, key)
        if value is None:
            return default
        if isinstance(value, bytes):
            loaded: list[PathItem] = marshal.loads(value)
            self[key] = loaded
            return loaded
        return value


def cached_maintainers(digest: str) -> tuple[LazyEntries, PathFields] | None:
    """The entries and index fields cached for a file whose bytes have this digest, if any."""
    try:
        with open(_maintainers_cache_file(digest), "rb") as f:
            data = marshal.loads(f.read())  # marshal.load(f) reads in small pieces: 20x slower
        if data[0] != MAINTAINERS_FORMAT or data[1] != digest:
            return None
        return LazyEntries(data[2]), (_Buckets(data[3]), data[4], data[5])
    except (OSError, ValueError, EOFError, TypeError, IndexError, KeyError):
        return None


def store_maintainers(digest: str, entries: list[Entry], fields: PathFields) -> None:
    """Write the cache for the file whose bytes have this digest (atomically; failures ignored)."""
    by_top, other, regexes = fields
    _store(_maintainers_cache_file(digest),
           marshal.dumps((MAINTAINERS_FORMAT, digest, [marshal.dumps(tuple(e)) for e in entries],
                          {k: marshal.dumps(v) for k, v in by_top.items()}, other, regexes)))


MAILMAP_FORMAT = 1


def mailmap_of(raw: bytes) -> Mailmap:
    """The .mailmap with these bytes, parsed once and then kept under their digest (as MAINTAINERS)."""
    digest = content_key(raw)
    target = cache_dir() / f"mailmap-{digest}.marshal"
    try:
        with open(target, "rb") as f:
            data = marshal.loads(f.read())
        if data[0] == MAILMAP_FORMAT and data[1] == digest:
            return Mailmap(data[2], data[3])
    except (OSError, ValueError, EOFError, TypeError, IndexError):
        pass
    mailmap = Mailmap.from_bytes(raw)
    _store(target, marshal.dumps((MAILMAP_FORMAT, digest, mailmap.names, mailmap.addresses)))
    return mailmap


def _store(target: Path, data: bytes) -> None:
    """Write a cache file by atomic rename (a reader never sees half of it); failures are ignored."""
    import contextlib
    import tempfile

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        pass
