"""Reading a kernel source release once, as a stream: what `kpolicy measure` needs and nothing more.

A release tarball (.tar.xz; .tar.gz, .tar.bz2 and .tar work too) is read with tarfile's
stream mode ('r|', over lzma's decompressing reader): one pass, nothing unpacked to disk, no member kept after it was
read. An unpacked tree is walked instead. Either way the scan keeps:

- for each `.rs` file its path and its two line counts (never its text);
- the directories (get_maintainer.pl asks the tree whether a pattern names a directory);
- the few files read in full: the top Makefile, MAINTAINERS, scripts/min-tool-version.sh,
  Documentation/rust/arch-support.rst, the README.md of each folder directly under rust/;
- for each Makefile or Kbuild file under drivers/, its object assignments (kbuild.py), and for
  each Kconfig file under arch/, whether and how it selects HAVE_RUST;
- the size in bytes of each .c and .S file under drivers/ (from the tar header, never read), to
  weigh the C parts of an object that is partly built from Rust.

Paths are relative to the top of the tree: the tarball's first path component (the
`linux-source-X.Y/` folder) is dropped. Symbolic links are not followed and not counted.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import lzma
import os
import tarfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from kpolicy.measure import kbuild, rustlines
from kpolicy.measure.xzstream import XzStream

# files read whole, by path in the tree (small text files)
WHOLE = ("Makefile", "MAINTAINERS", "scripts/min-tool-version.sh", "Documentation/rust/arch-support.rst")
MAX_WHOLE_BYTES = 16 << 20  # MAINTAINERS is under 1 MB; anything this large is refused unread
MAX_RS_BYTES = 64 << 20  # no Rust source file comes near this
READ_SIZE = 1 << 20


class ScanError(Exception):
    """The source cannot be read as a kernel release; the message says where and why."""


@dataclass
class RustFile:
    path: str
    lines: int
    code: int
    size: int  # bytes


@dataclass
class Scan:
    rust: list[RustFile] = field(default_factory=list)
    dirs: set[str] = field(default_factory=set)
    whole: dict[str, bytes] = field(default_factory=dict)  # WHOLE files and rust/*/README.md
    makefiles: dict[str, list[kbuild.Assignment]] = field(default_factory=dict)  # folder -> assignments
    have_rust: dict[str, list[str]] = field(default_factory=dict)  # arch -> conditions of `select HAVE_RUST`
    other_sizes: dict[str, int] = field(default_factory=dict)  # bytes of each .c and .S file under drivers/
    sha256: str | None = None  # of the tarball as read (compressed), None for a tree
    makefile_mtime: int | None = None  # the top Makefile's modification time in the tarball
    members: int = 0


def _wanted_whole(path: str) -> bool:
    if path in WHOLE:
        return True
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == "rust" and parts[2] == "README.md"


def _is_makefile(path: str) -> bool:
    if not path.startswith("drivers/"):
        return False
    name = path.rpartition("/")[2]
    return name == "Makefile" or name == "Kbuild"


def _is_arch_kconfig(path: str) -> bool:
    return path.startswith("arch/") and path.rpartition("/")[2].startswith("Kconfig")


def _take(scan: Scan, path: str, data: bytes) -> None:
    if path.endswith(".rs"):
        lines, code = rustlines.count(data)
        scan.rust.append(RustFile(path, lines, code, len(data)))
    elif _wanted_whole(path):
        scan.whole[path] = data
    elif _is_makefile(path):
        assignments = kbuild.assignments(data)
        if assignments:
            scan.makefiles[path.rpartition("/")[0]] = assignments
    elif _is_arch_kconfig(path):
        conditions = kbuild.have_rust_selects(data)
        if conditions:
            arch = path.split("/")[1]
            scan.have_rust.setdefault(arch, []).extend(conditions)


def _is_driver_c(path: str) -> bool:
    return path.startswith("drivers/") and path.endswith((".c", ".S"))


def _wanted(path: str) -> bool:
    return path.endswith(".rs") or _wanted_whole(path) or _is_makefile(path) or _is_arch_kconfig(path)


def _add_parents(scan: Scan, path: str) -> None:
    cut = path.rfind("/")
    while cut > 0:
        parent = path[:cut]
        if parent in scan.dirs:
            return
        scan.dirs.add(parent)
        cut = parent.rfind("/")


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _HashingReader:
    """A file object that hashes what is read through it."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()

    def read(self, size: int = -1, /) -> bytes:
        data = self.raw.read(size)
        self.hash.update(data)
        return data

    def finish(self) -> str:
        while True:
            data = self.raw.read(READ_SIZE)
            if not data:
                return self.hash.hexdigest()
            self.hash.update(data)


class _Peeked:
    """A reader that gives back the bytes looked at to tell the compression."""

    def __init__(self, head: bytes, raw: _HashingReader) -> None:
        self.head, self.raw = head, raw

    def seekable(self) -> bool:
        return False

    def seek(self, _n: int, /) -> int:
        raise io.UnsupportedOperation("a tarball is read once, from the start")

    def read(self, size: int = -1, /) -> bytes:
        if self.head:
            if size < 0 or size >= len(self.head):
                head, self.head = self.head, b""
                return head + self.raw.read(-1 if size < 0 else size - len(head))
            head, self.head = self.head[:size], self.head[size:]
            return head
        return self.raw.read(size)


def _decompressing(reader: _HashingReader) -> _Readable:
    """The tar stream inside: xz, gzip or bzip2 by their magic bytes, else the bytes as they are.

    Not tarfile's own 'r|xz': its stream buffer copies what it has not yet handed out on every
    512-byte header read, about 40% slower on a kernel tarball than lzma's buffered reader; and
    xz is decompressed in a second thread (xzstream.py), which uses the second core."""
    head = reader.read(6)
    peeked = _Peeked(head, reader)
    if head.startswith(b"\xfd7zXZ\x00"):
        return XzStream(peeked)
    if head.startswith(b"\x1f\x8b"):
        return gzip.open(peeked)
    if head.startswith(b"BZh"):
        return bz2.open(peeked)
    return peeked


def _close(stream: object) -> None:
    if isinstance(stream, XzStream):
        stream.close()


def scan_tarball(path: Path) -> Scan:
    scan = Scan()
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as e:
        raise ScanError(f"{path}: cannot open: {e.strerror or e}") from None
    with raw:
        reader = _HashingReader(raw)
        stream = _decompressing(reader)
        try:
            # typeshed wants a seekable, writable file object; stream mode ("r|") only reads
            tf = tarfile.open(fileobj=stream, mode="r|")  # type: ignore[call-overload]  # noqa: SIM115 - closed in the finally below, with the stream
        except (tarfile.TarError, OSError, EOFError, lzma.LZMAError, zlib.error) as e:
            _close(stream)
            raise ScanError(f"{path}: not a tar archive: {e}") from None
        try:
            _scan_members(scan, path, tf)
        except (tarfile.TarError, OSError, EOFError, lzma.LZMAError, zlib.error) as e:
            raise ScanError(f"{path}: damaged archive after {scan.members} members: {e}") from None
        finally:
            tf.close()
            _close(stream)  # the decompressing thread is done before the rest of the file is hashed
        try:
            scan.sha256 = reader.finish()
        except OSError as e:
            raise ScanError(f"{path}: cannot read: {e.strerror or e}") from None
    return scan


def _scan_members(scan: Scan, path: Path, tf: tarfile.TarFile) -> None:
    """Every member of a tarball opened in stream mode, in the archive's order."""
    top: str | None = None
    while True:
        member = tf.next()
        if member is None:
            return
        # stream mode would keep every header otherwise (typeshed does not declare TarFile.members)
        tf.members.clear()  # type: ignore[attr-defined]
        scan.members += 1
        name = member.name
        first, sep, rel = name.partition("/")
        if top is None:
            top = first
        if first != top:
            raise ScanError(f"{path}: {name}: every member must lie in one top folder ({top}/)")
        rel = rel.rstrip("/")
        if not sep or not rel:
            continue
        if member.isdir():
            scan.dirs.add(rel)
        elif member.isfile():
            _scan_member(scan, path, tf, member, rel)


def _scan_member(scan: Scan, path: Path, tf: tarfile.TarFile, member: tarfile.TarInfo, rel: str) -> None:
    """One regular file of a tarball, rel its path below the top folder."""
    _add_parents(scan, rel)
    if rel == "Makefile":
        scan.makefile_mtime = int(member.mtime)
    if _is_driver_c(rel):
        scan.other_sizes[rel] = member.size
        return
    if not _wanted(rel):
        return
    limit = MAX_RS_BYTES if rel.endswith(".rs") else MAX_WHOLE_BYTES
    if member.size > limit:
        raise ScanError(f"{path}: {member.name}: {member.size} bytes, more than a kernel source file holds")
    f = tf.extractfile(member)
    assert f is not None
    _take(scan, rel, f.read())


def scan_tree(root: Path) -> Scan:
    scan = Scan()
    root = Path(root)
    if not (root / "Makefile").is_file():
        raise ScanError(f"{root}: no Makefile at the top: not a kernel source tree")
    base = os.fspath(root)
    for folder, subdirs, files in os.walk(base):
        subdirs[:] = sorted(d for d in subdirs if not os.path.islink(os.path.join(folder, d)))
        rel_folder = os.path.relpath(folder, base).replace(os.sep, "/")
        prefix = "" if rel_folder == "." else rel_folder + "/"
        if prefix:
            scan.dirs.add(rel_folder)
        for name in sorted(files):
            full = os.path.join(folder, name)
            if os.path.islink(full):
                continue
            rel = prefix + name
            scan.members += 1
            if rel == "Makefile":
                scan.makefile_mtime = int(os.stat(full).st_mtime)
            if _is_driver_c(rel):
                scan.other_sizes[rel] = os.path.getsize(full)
                continue
            if _wanted(rel):
                _take(scan, rel, _read_source(full, MAX_RS_BYTES if rel.endswith(".rs") else MAX_WHOLE_BYTES))
    return scan


def _read_source(full: str, limit: int) -> bytes:
    try:
        size = os.path.getsize(full)
        if size > limit:
            raise ScanError(f"{full}: {size} bytes, more than a kernel source file holds")
        with open(full, "rb") as f:
            return f.read()
    except OSError as e:
        raise ScanError(f"{full}: cannot read: {e.strerror or e}") from None


def scan_source(source: Path) -> Scan:
    if source.is_dir():
        return scan_tree(source)
    if not source.exists():
        raise ScanError(f"{source}: no such file or folder")
    return scan_tarball(source)
