"""From a scan of a release to a `release` record (schema/release.schema.json).

How things are counted (also in the schema's descriptions):

- own and vendored: a `.rs` file is vendored when it lies in a folder directly under rust/ whose
  README.md says "These source files come from ..." (the kernel's wording for the third-party
  crates it carries: syn, proc-macro2, quote, zerocopy, alloc in early releases); every other
  `.rs` file is the kernel's own.
- areas: rust/kernel/, the rest of rust/, drivers/, samples/, everything else.
- MAINTAINERS entries: the entries of the release's own MAINTAINERS file, matched with the rules
  of get_maintainer.pl (kpolicy.maintainers.pathmatch; the tree answers whether a pattern names a
  directory). Each file counts once, for its most specific entry (`files`, `lines`, `code`;
  equally specific entries: the first in the file; `vendored`: the part of those in vendored
  crates), and once for every entry that covers it (`covering`). Only entries that cover at least
  one `.rs` file are listed.
- drivers: an object under drivers/ built from a `.rs` file (kbuild.rust_objects). It is a
  folder driver (the Makefile's whole folder) when every object of that Makefile is built from
  Rust or its root .rs file lies in a folder below the Makefile's, otherwise a file driver (its
  .rs files and the module folder named after the root file). `mixed` marks an object that also
  has parts not built from Rust (.c or .S files); `rust_share` is then the Rust part of the
  object's source bytes, in percent (the .c/.S sizes come from the tar headers). A driver is
  *written in Rust* when it is not mixed or its Rust share is at least half: binder with its two
  small C files is; DRM's panic QR code inside the C drm.o is not.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from typing import Any

from kpolicy.maintainers.file import MaintainersFileError, parse
from kpolicy.maintainers.pathmatch import Index
from kpolicy.measure import kbuild, kernelfiles
from kpolicy.measure.scan import RustFile, Scan, ScanError

AREAS = ("rust/kernel", "rust/other", "drivers", "samples", "other")


def area_of(path: str) -> str:
    if path.startswith("rust/kernel/"):
        return "rust/kernel"
    if path.startswith("rust/"):
        return "rust/other"
    if path.startswith("drivers/"):
        return "drivers"
    if path.startswith("samples/"):
        return "samples"
    return "other"


def _counts(files: Iterable[RustFile]) -> dict[str, int]:
    n = lines = code = 0
    for f in files:
        n += 1
        lines += f.lines
        code += f.code
    return {"files": n, "lines": lines, "code": code}


def vendored_crates(scan: Scan) -> dict[str, dict[str, str]]:
    """folder (rust/syn) -> what its README says about where it comes from."""
    out = {}
    for path in sorted(scan.whole):
        if path.startswith("rust/") and path.endswith("/README.md"):
            crate = kernelfiles.vendored_crate(scan.whole[path])
            if crate is not None:
                out[path[: -len("/README.md")]] = crate
    return out


def _folder_of(path: str, crates: dict[str, Any]) -> str | None:
    parts = path.split("/")
    if len(parts) > 2 and parts[0] == "rust":
        folder = "rust/" + parts[1]
        if folder in crates:
            return folder
    return None


def _entries(scan: Scan, files: list[RustFile], vendored: set[str]
             ) -> tuple[list[dict[str, Any]], dict[str, str | None]]:
    raw = scan.whole.get("MAINTAINERS")
    if raw is None:
        raise ScanError("no MAINTAINERS file at the top of the tree")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ScanError(f"MAINTAINERS: byte {e.start}: not UTF-8") from None
    try:
        parsed = parse(text, "MAINTAINERS")
    except MaintainersFileError as e:
        raise ScanError(str(e)) from None
    dirs = scan.dirs
    index = Index(parsed.entries, is_dir=lambda p: p.rstrip("/") in dirs)
    titles = [e.title for e in parsed.entries]
    own: dict[int, list[RustFile]] = {}
    covering: dict[int, list[RustFile]] = {}
    first: dict[str, str | None] = {}
    for f in files:
        found = index.match(f.path)
        first[f.path] = titles[found[0][0]] if found else None
        if found:
            own.setdefault(found[0][0], []).append(f)
        for i, _ in found:
            covering.setdefault(i, []).append(f)
    rows = []
    for i, covered in covering.items():
        row = {"title": titles[i], **_counts(own.get(i, ()))}
        theirs = _counts(f for f in own.get(i, ()) if f.path in vendored)
        if theirs["files"]:
            row["vendored"] = theirs
        row["covering"] = _counts(covered)
        rows.append(row)
    rows.sort(key=lambda r: (-r["lines"], -r["covering"]["lines"], r["title"]))
    return rows, first


def _drivers(scan: Scan, files: list[RustFile], entry_of: dict[str, str | None]) -> list[dict[str, Any]]:
    out = []
    for folder in sorted(scan.makefiles):
        items = scan.makefiles[folder]
        here = {f.path[len(folder) + 1:] for f in files if f.path.startswith(folder + "/")}
        if not here:
            continue
        found = kbuild.rust_objects(items, here)
        if not found:
            continue
        listed = {o for a in items if a.target.startswith("obj-") for o in a.objects}
        whole_folder = listed <= {r.object for r in found}
        for obj in found:
            root = f"{folder}/{obj.sources[0]}"
            root_dir = root.rpartition("/")[0]
            if root_dir != folder or whole_folder:
                path = root_dir
                mine = [f for f in files if f.path.startswith(root_dir + "/")]
            else:
                path = root
                roots = {f"{folder}/{s}" for s in obj.sources}
                mine = [f for f in files if f.path in roots or f.path.startswith(root[:-3] + "/")]
            rust_bytes = sum(f.size for f in mine)
            other_bytes = sum(scan.other_sizes.get(f"{folder}/{o[:-2]}{ext}", 0)
                              for o in obj.others for ext in (".c", ".S"))
            row: dict[str, Any] = {"path": path, "object": obj.object, "mixed": bool(obj.others)}
            if obj.others:
                row["other_parts"] = len(obj.others)
                both = rust_bytes + other_bytes
                row["rust_share"] = round(100 * rust_bytes / both) if both else 0
            row["written_in_rust"] = not obj.others or row["rust_share"] >= 50
            if obj.config:
                row["config"] = obj.config
            row["entry"] = entry_of.get(f"{folder}/{obj.sources[0]}")
            if row["entry"] is None:
                del row["entry"]
            row.update(_counts(mine))
            out.append(row)
    out.sort(key=lambda r: (r["path"], r["object"]))
    return out


def _architectures(scan: Scan) -> dict[str, Any]:
    out: dict[str, Any] = {}
    documented = kernelfiles.documented_architectures(scan.whole.get("Documentation/rust/arch-support.rst"))
    if documented:
        out["documented"] = documented
    kconfig = [{"arch": arch, **({"condition": c} if c else {})}
               for arch in sorted(scan.have_rust) for c in sorted(set(scan.have_rust[arch]))]
    if kconfig:
        out["kconfig"] = kconfig
    return out


def source_date(scan: Scan) -> str | None:
    if scan.makefile_mtime is None:
        return None
    return datetime.datetime.fromtimestamp(scan.makefile_mtime, datetime.UTC).date().isoformat()


def tag_url(release: str) -> str:
    parts = release.split(".")
    if len(parts) == 2:
        return f"https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tag/?h=v{release}"
    return f"https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tag/?h=v{release}"


def build(scan: Scan, source: dict[str, str]) -> dict[str, Any]:
    """The record. source: file, sha256 and optionally package, package_version, deb_sha256."""
    release, name = kernelfiles.release_of(scan.whole.get("Makefile"))
    files = sorted(scan.rust, key=lambda f: f.path)
    crates = vendored_crates(scan)
    vendored = [f for f in files if _folder_of(f.path, crates)]
    own = [f for f in files if not _folder_of(f.path, crates)]
    areas = []
    for area in AREAS:
        row = {"area": area, "own": _counts(f for f in own if area_of(f.path) == area)}
        v = _counts(f for f in vendored if area_of(f.path) == area)
        if v["files"]:
            row["vendored"] = v
        areas.append(row)
    crate_rows = []
    for folder, crate in crates.items():
        mine = (f for f in vendored if _folder_of(f.path, crates) == folder)
        crate_rows.append({"path": folder, **crate, **_counts(mine)})
    entries, entry_of = _entries(scan, files, {f.path for f in vendored})
    date = source_date(scan)
    record: dict[str, Any] = {"release": release}
    if name:
        record["name"] = name
    record["source"] = dict(source)
    sources = [{"url": tag_url(release), "title": f"Linux {release} (tag v{release})", "date": date}]
    if source.get("package_version"):
        sources.append({"url": f"https://snapshot.debian.org/package/linux/{source['package_version']}/",
                        "title": f"Debian package {source['package']} {source['package_version']}", "date": date})
    record["sources"] = [s if s["date"] else {k: v for k, v in s.items() if k != "date"} for s in sources]
    record["rust"] = {"total": _counts(files), "own": _counts(own), "vendored": _counts(vendored),
                      "areas": areas, "vendored_crates": crate_rows}
    record["entries"] = entries
    record["drivers"] = _drivers(scan, files, entry_of)
    record["toolchain"] = kernelfiles.tool_minimums(scan.whole.get("scripts/min-tool-version.sh"))
    record["architectures"] = _architectures(scan)
    return record


def file_source(path: os.PathLike[str] | str, sha256: str | None) -> dict[str, str]:
    out = {"file": os.path.basename(os.fspath(path))}
    if sha256:
        out["sha256"] = sha256
    return out
