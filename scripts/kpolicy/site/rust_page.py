"""Rust by numbers: the release records (kpolicy measure) as charts and tables, and the pieces
other pages show (the subsystem pages' per-release rows, the home page's headline)."""

from __future__ import annotations

from typing import Any

from kpolicy.records.model import Catalog, Source
from kpolicy.site import parts
from kpolicy.site.charts import Bar, bar_chart
from kpolicy.text.sitemd import bullets, code, inline, page_link, table

AREA_LABELS = {"rust/kernel": "rust/kernel/", "rust/other": "rest of rust/", "drivers": "drivers/",
               "samples": "samples/", "other": "elsewhere"}
TOP = 15


def n(value: int) -> str:
    return f"{value:,}"


def _sources(record: dict[str, Any]) -> list[Source]:
    return [Source(s["url"], s["title"], s["date"], s.get("note")) for s in record["sources"]]


def _entry_cell(catalog: Catalog, title: str | None, here: str) -> str:
    if title is None:
        return "none"
    for s in catalog.subsystems.values():
        if s.title == title:
            return page_link(title, parts.subsystem_page(s.id), here)
    return inline(title)


def _kind(d: dict[str, Any]) -> str:
    if not d["mixed"]:
        return "Rust"
    share = f"{d['rust_share']}% Rust by size, {d['other_parts']} C/asm part{'s' if d['other_parts'] != 1 else ''}"
    return f"Rust with C ({share})" if d["written_in_rust"] else f"Rust part of a C module ({share})"


def written_in_rust(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for d in record["drivers"] if d["written_in_rust"]]


def headline(catalog: Catalog, here: str) -> str | None:
    """One sentence on the newest measured release, for the home page."""
    if not catalog.releases:
        return None
    r = catalog.releases[-1]
    rust = r["rust"]
    drivers = written_in_rust(r)
    return (f"Linux {inline(r['release'])} holds **{n(rust['own']['lines'])}** lines of the kernel's own Rust "
            f"({n(rust['own']['files'])} files) and {n(rust['vendored']['lines'])} lines of vendored crates; "
            f"{len(drivers)} drivers are written in Rust "
            f"({page_link('Rust by numbers', parts.RUST, here)}).")


def subsystem_rows(catalog: Catalog, title: str) -> list[tuple[str, ...]]:
    """(release, files, lines, code, covering files, covering lines) of an entry in each measured release."""
    return [(inline(r["release"]), n(e["files"]), n(e["lines"]), n(e["code"]),
             n(e["covering"]["files"]), n(e["covering"]["lines"]))
            for r in catalog.releases for e in r["entries"] if e["title"] == title]


def subsystem_section(catalog: Catalog, title: str) -> str | None:
    rows = subsystem_rows(catalog, title)
    if not catalog.releases:
        return None
    if not rows:
        return (f"No `.rs` file of the measured releases ({', '.join(inline(r['release']) for r in catalog.releases)}) "
                "falls under this entry.")
    here_note = (f"Counted by {code('kpolicy measure')} from each release's source, with get_maintainer.pl's "
                 "path rules: *most specific* counts a file only for the entry that matches it most "
                 "specifically; *covered* counts every file the entry's patterns cover.")
    return "\n\n".join([here_note, table(
        ("Release", "Files (most specific)", "Lines", "Code lines", "Files covered", "Lines covered"), rows,
        ("left", "right", "right", "right", "right", "right"))])


def rust_page(catalog: Catalog) -> str:
    here = parts.RUST
    out = ["# Rust by numbers"]
    releases = catalog.releases
    if not releases:
        out.append("No release has been measured yet (`kpolicy measure TARBALL` writes a record to "
                   f"{code('policies/releases/')}).")
        return "\n\n".join(out) + "\n"
    out.append(
        "How much Rust the kernel holds, counted by `kpolicy measure` from each release's own source "
        "tarball: every `.rs` file, its physical lines and its lines of code (neither blank nor only "
        "comment; doc comments are comments). **Vendored** code is the third-party crates the kernel "
        "carries under `rust/` (their README says where the files come from: `syn`, `proc-macro2`, "
        "`quote`, `zerocopy`, and the standard library's `alloc` in early releases); everything else is "
        "the kernel's **own** Rust. A plain count of `.rs` lines mixes the two.")
    newest = releases[-1]
    out += _releases_section(releases)
    out += _areas_section(releases)
    out += _subsystems_section(catalog, newest, here)
    out += _drivers_section(catalog, releases, here)
    out += _architectures_section(releases)
    out += _toolchain_section(releases, here)
    out += _sources_section(releases)
    return "\n\n".join(out) + "\n"


def _releases_section(releases: tuple[dict[str, Any], ...]) -> list[str]:
    out = []
    rows = []
    bars = []
    for r in releases:
        rust = r["rust"]
        own = rust["own"]
        rows.append((inline(r["release"]), n(own["files"]), n(own["lines"]), n(own["code"]),
                     f'{n(rust["vendored"]["lines"])} ({n(rust["vendored"]["files"])} files)',
                     str(len(written_in_rust(r)))))
        bars.append(Bar("own", f"{r['release']} own", rust["own"]["lines"]))
        bars.append(Bar("vendored", f"{r['release']} vendored", rust["vendored"]["lines"]))
    out.append("## Own and vendored Rust per release {#releases}")
    # six columns: a table wider than the page scrolls, and a scrolling box is one a keyboard cannot reach
    out.append(table(("Release", "Own files", "Own lines", "Own code lines", "Vendored lines", "Rust drivers"), rows,
                     ("left", *("right",) * 5)))
    out.append(bar_chart("rust-own-vendored", "Rust lines per release, own and vendored", bars,
                         "Physical lines of .rs files per release: the kernel's own and vendored crates."))
    return out


def _areas_section(releases: tuple[dict[str, Any], ...]) -> list[str]:
    out = ["## By area {#areas}"]
    area_rows = []
    for area, label in AREA_LABELS.items():
        cells = [inline(label)]
        for r in releases:
            found = next((a for a in r["rust"]["areas"] if a["area"] == area), None)
            own = found["own"]["lines"] if found else 0
            vendored = found.get("vendored", {}).get("lines", 0) if found else 0
            cells.append(n(own) + (f" + {n(vendored)} vendored" if vendored else ""))
        area_rows.append(tuple(cells))
    out.append(table(("Area", *(f"Linux {inline(r['release'])}" for r in releases)), area_rows,
                     ("left", *("right",) * len(releases))))
    newest = releases[-1]
    area_bars = [Bar("own", AREA_LABELS[a["area"]], a["own"]["lines"]) for a in newest["rust"]["areas"]]
    out.append(bar_chart("rust-areas", f"The kernel's own Rust lines by area in Linux {newest['release']}", area_bars,
                         f"Own (not vendored) Rust lines by area, Linux {newest['release']}."))
    crates = newest["rust"]["vendored_crates"]
    if crates:
        out.append(f"Vendored crates in Linux {inline(newest['release'])}:")
        out.append(table(("Folder", "Crate", "Version", "Files", "Lines"),
                         [(code(c["path"]), inline(c.get("name", "")), inline(c.get("version", "")), n(c["files"]),
                           n(c["lines"])) for c in crates], ("left", "left", "left", "right", "right")))
    return out


def _subsystems_section(catalog: Catalog, newest: dict[str, Any], here: str) -> list[str]:
    out = []
    out.append(f"## Subsystems with the most Rust in Linux {inline(newest['release'])} {{#subsystems}}")
    out.append("Each `.rs` file counts once, for the MAINTAINERS entry that matches it most specifically (as "
               "`get_maintainer.pl` ranks them); *covered* counts every file an entry's patterns cover, so "
               "broad entries such as RUST cover much more than they are the most specific entry for. An "
               "entry whose patterns cover `rust/` also takes the vendored crates there, unless a more specific "
               "entry names them: the *vendored* column says how much.")
    top = [e for e in newest["entries"] if e["lines"]][:TOP]
    out.append(table(("Entry", "Files", "Lines", "of them vendored", "Code lines", "Lines covered"),
                     [(_entry_cell(catalog, e["title"], here), n(e["files"]), n(e["lines"]),
                       n(e.get("vendored", {}).get("lines", 0)), n(e["code"]), n(e["covering"]["lines"]))
                      for e in top], ("left", "right", "right", "right", "right", "right")))
    out.append(bar_chart("rust-subsystems", f"Rust lines by most specific entry, Linux {newest['release']}",
                         [Bar("own", e["title"][:28], e["lines"]) for e in top[:10]],
                         f"The ten entries with the most Rust lines in Linux {newest['release']}."))
    return out


def _drivers_section(catalog: Catalog, releases: tuple[dict[str, Any], ...], here: str) -> list[str]:
    out = ["## Drivers written in Rust {#drivers}"]
    out.append("An object under `drivers/` that its Makefile builds from a `.rs` file. Some also have C "
               "(or assembly) parts: such a driver counts as written in Rust when Rust is at least half of its "
               "source bytes; otherwise it is a Rust part of a C module.")
    for r in reversed(releases):
        drivers = r["drivers"]
        out.append(f"### Linux {inline(r['release'])} {{#drivers-{r['release'].replace('.', '-')}}}")
        if not drivers:
            out.append("No driver is built from Rust.")
            continue
        out.append(table(("Driver (object, Kconfig)", "Kind", "Entry", "Lines"),
                         [((f'{code(d["path"])}<br>{code(d["object"])}'
                           f'<br>{code(d["config"]) if "config" in d else "always built"}'),
                           _kind(d), _entry_cell(catalog, d.get("entry"), here), n(d["lines"]))
                          for d in drivers], ("left", "left", "left", "right")))
    return out


def _architectures_section(releases: tuple[dict[str, Any], ...]) -> list[str]:
    out = ["## Architectures {#architectures}"]
    out.append("Architectures listed in `Documentation/rust/arch-support.rst`, and those whose Kconfig "
               "selects `HAVE_RUST` (with its condition).")
    archs = sorted({a["arch"] for r in releases for a in r["architectures"].get("documented", [])}
                   | {a["arch"] for r in releases for a in r["architectures"].get("kconfig", [])})
    arch_rows = []
    for arch in archs:
        cells = [code(arch)]
        for r in releases:
            doc = next((a for a in r["architectures"].get("documented", []) if a["arch"] == arch), None)
            kconf = [a for a in r["architectures"].get("kconfig", []) if a["arch"] == arch]
            text = inline(doc["support"]) if doc else ("HAVE_RUST only" if kconf else "no")
            cells.append(text)
        arch_rows.append(tuple(cells))
    out.append(table(("Architecture", *(f"Linux {inline(r['release'])}" for r in releases)), arch_rows,
                     ("left", *("left",) * len(releases))))
    return out


def _toolchain_section(releases: tuple[dict[str, Any], ...], here: str) -> list[str]:
    out = ["## Minimum toolchain in the source {#toolchain}"]
    out.append(f"What each release's `scripts/min-tool-version.sh` prints (see the "
               f"{page_link('version policy', parts.VERSION_POLICY, here)}).")
    tool_rows = []
    for r in releases:
        cells = [inline(r["release"])]
        for tool in ("rustc", "bindgen"):
            t = r["toolchain"].get(tool)
            if t is None:
                cells.append("none")
                continue
            extra = [f"{inline(a['arch'])}: {inline(a['version'])}" for a in t.get("by_arch", [])]
            cells.append(inline(t["version"]) + (f" ({'; '.join(extra)})" if extra else ""))
        tool_rows.append(tuple(cells))
    out.append(table(("Release", "rustc", "bindgen"), tool_rows))
    return out


def _sources_section(releases: tuple[dict[str, Any], ...]) -> list[str]:
    out = ["## Sources {#sources}"]
    items = []
    for r in releases:
        src = r["source"]
        what = f"{code(src['file'])}"
        if "package" in src:
            what += f" from Debian's {code(src['package'])} {code(src.get('package_version', ''))}"
        if "sha256" in src:
            what += f", sha256 {code(src['sha256'])}"
        items.append(f"Linux {inline(r['release'])}: {what}; "
                     + "; ".join(parts.source_line(s) for s in _sources(r)))
    out.append(bullets(items))
    return out
