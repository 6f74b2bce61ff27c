"""The little of kbuild's languages that measure reads: object lists in Makefiles, HAVE_RUST in Kconfig.

A Makefile (or Kbuild file) is read as assignments `LHS op words` (op one of `=`, `:=`, `+=`,
`?=`), after joining lines that end in a backslash and dropping `#` comments. Only the words
that name objects (`foo.o`, `dir/foo.o`) are kept. Conditionals (ifeq/ifdef) are ignored: an
object is listed whatever the configuration.

An object `foo.o` listed in `obj-...` (`obj-y`, `obj-m`, `obj-$(CONFIG_FOO)`) is built from Rust
when `foo.rs` is in the Makefile's folder, or when foo is a composite object (`foo-y`,
`foo-objs`, `foo-$(CONFIG_...)`) one of whose parts is such an object.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_ASSIGN = re.compile(r"^\s*([A-Za-z0-9_$(){}./-]+)\s*(?:\+=|:=|\?=|=)\s*(.*)$")
_CONFIG = re.compile(r"^obj-\$\((CONFIG_[A-Za-z0-9_]+)\)$")
_SELECT = re.compile(rb"^\s*select\s+HAVE_RUST\b[ \t]*(?:if[ \t]+([^\n#]*))?", re.MULTILINE)


class Assignment(NamedTuple):
    target: str  # the left-hand side: obj-y, obj-$(CONFIG_FOO), foo-y, foo-objs ...
    objects: tuple[str, ...]  # the words ending in .o


class RustObject(NamedTuple):
    object: str  # foo.o, relative to the Makefile's folder
    config: str | None  # CONFIG_FOO of obj-$(CONFIG_FOO); None for obj-y / obj-m
    sources: tuple[str, ...]  # the .rs files (relative to the folder) it is built from
    others: tuple[str, ...]  # its parts not built from Rust (foo.o of foo.c or foo.S), relative to the folder


def _logical_lines(text: str) -> list[str]:
    out: list[str] = []
    current = ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0] if "#" in raw else raw
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        out.append(current + line)
        current = ""
    if current:
        out.append(current)
    return out


def assignments(data: bytes) -> list[Assignment]:
    text = data.decode("utf-8", "replace")
    found = []
    for line in _logical_lines(text):
        m = _ASSIGN.match(line)
        if not m:
            continue
        objects = tuple(w for w in m.group(2).split() if w.endswith(".o"))
        if objects:
            found.append(Assignment(m.group(1), objects))
    return found


def _composite_name(target: str) -> str | None:
    """foo for foo-y, foo-objs, foo-m, foo-$(CONFIG_X); None for obj-..., ccflags-... and the like."""
    for suffix in ("-objs", "-y", "-m"):
        if target.endswith(suffix):
            name = target[: -len(suffix)]
            break
    else:
        m = re.match(r"^(.+?)-\$\(CONFIG_[A-Za-z0-9_]+\)$", target)
        if not m:
            return None
        name = m.group(1)
    if name == "obj" or "$" in name or name.startswith(("lib", "subdir", "always", "hostprogs", "userprogs",
                                                           "extra", "targets", "clean")):
        return None
    return name


def rust_objects(items: list[Assignment], rust_files: set[str]) -> list[RustObject]:
    """The objects of one Makefile built from Rust; rust_files: the .rs paths relative to its folder."""
    parts: dict[str, list[str]] = {}
    for a in items:
        name = _composite_name(a.target)
        if name is not None:
            parts.setdefault(name, []).extend(a.objects)
    found: dict[str, RustObject] = {}
    for a in items:
        if not a.target.startswith("obj-"):
            continue
        m = _CONFIG.match(a.target)
        config = m.group(1) if m else None
        for obj in a.objects:
            stem = obj[:-2]
            sources = [stem + ".rs"] if stem + ".rs" in rust_files else []
            others = []
            for part in parts.get(stem, ()):
                if part[:-2] + ".rs" in rust_files:
                    sources.append(part[:-2] + ".rs")
                else:
                    others.append(part)
            if sources and obj not in found:
                found[obj] = RustObject(obj, config, tuple(dict.fromkeys(sources)), tuple(dict.fromkeys(others)))
    return [found[k] for k in sorted(found)]


def have_rust_selects(data: bytes) -> list[str]:
    """The condition of each `select HAVE_RUST` line ('' when it has none)."""
    return [(m.group(1) or b"").decode("utf-8", "replace").strip() for m in _SELECT.finditer(data)]
