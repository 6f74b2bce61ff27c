"""Facts read from single files of a kernel tree: the release, vendored crates, tool minimums, architectures."""

from __future__ import annotations

import re
from typing import NotRequired, TypedDict

from kpolicy.measure.scan import ScanError

_MAKE_VAR = re.compile(r"^(VERSION|PATCHLEVEL|SUBLEVEL|EXTRAVERSION|NAME)\s*=[ \t]*(.*?)\s*$", re.MULTILINE)
VENDORED_MARK = "These source files come from"
_CRATE = re.compile(r"the Rust `([^`]+)` crate, version v?([0-9][^\s(),]*)")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
_ECHO = re.compile(r"^echo\s+(\S+)$")
_TEST = re.compile(r'^(?:if|elif)\s+\[\s+"\$(SRCARCH|ARCH)"\s+=\s+"?([A-Za-z0-9_-]+)"?\s+\];\s*then$')
_ARCH_ROW = re.compile(r"^``([a-z0-9_-]+)``\s+(\S+)\s+(.*?)\s*$")


def release_of(makefile: bytes | None) -> tuple[str, str | None]:
    """The release (VERSION.PATCHLEVEL.SUBLEVEL plus EXTRAVERSION) and the NAME of the top Makefile."""
    if makefile is None:
        raise ScanError("no top Makefile: not a kernel source tree")
    text = makefile.decode("utf-8", "replace")
    values: dict[str, str] = {}
    for m in _MAKE_VAR.finditer(text):
        values.setdefault(m.group(1), m.group(2))
    try:
        version, patchlevel = int(values["VERSION"]), int(values["PATCHLEVEL"])
        sublevel = int(values.get("SUBLEVEL") or 0)
    except (KeyError, ValueError):
        raise ScanError("Makefile: no numeric VERSION and PATCHLEVEL at the top") from None
    release = f"{version}.{patchlevel}" + (f".{sublevel}" if sublevel else "") + values.get("EXTRAVERSION", "")
    return release, values.get("NAME") or None


def vendored_crate(readme: bytes) -> dict[str, str] | None:
    """A folder under rust/ is a vendored third-party crate when its README.md says where its source
    files come from ("These source files come from the Rust `syn` crate, version ..."). Returns the
    crate's name, version and that paragraph (one line, a Markdown <URL> written as the bare URL),
    or None."""
    text = readme.decode("utf-8", "replace")
    start = text.find(VENDORED_MARK)
    if start < 0:
        return None
    end = text.find("\n\n", start)
    paragraph = " ".join(text[start: end if end >= 0 else len(text)].split())
    paragraph = _AUTOLINK.sub(r"\1", paragraph)  # <https://...> is Markdown for a link; records hold no markup
    m = _CRATE.search(paragraph)
    out = {"origin": paragraph}
    if m:
        out = {"name": m.group(1), "version": m.group(2).rstrip("."), **out}
    return out


class ArchMinimum(TypedDict):
    variable: str  # the variable the script tests (SRCARCH)
    arch: str
    version: str


class ToolMinimum(TypedDict):
    version: str  # the default
    by_arch: NotRequired[list[ArchMinimum]]


def tool_minimums(script: bytes | None) -> dict[str, ToolMinimum]:
    """rustc's and bindgen's minimums in scripts/min-tool-version.sh: the default and, where the script
    distinguishes architectures (`if [ "$SRCARCH" = s390 ]`), one per architecture."""
    if script is None:
        return {}
    lines = [line.strip() for line in script.decode("utf-8", "replace").splitlines()]
    out: dict[str, ToolMinimum] = {}
    for tool in ("rustc", "bindgen"):
        try:
            start = lines.index(f"{tool})")
        except ValueError:
            continue
        entry = _tool_minimum(lines[start + 1:])
        if entry is not None:
            out[tool] = entry
    return out


def _tool_minimum(lines: list[str]) -> ToolMinimum | None:
    """The minimum in one `tool)` branch of the script's case, from the lines after it."""
    default = None
    by_arch: list[ArchMinimum] = []
    condition: tuple[str, str] | None = None
    for line in lines:
        if line == ";;":
            break
        m = _TEST.match(line)
        if m:
            condition = (m.group(1), m.group(2))
            continue
        if line == "else":
            condition = None
            continue
        m = _ECHO.match(line)
        if m:
            if condition is None:
                default = m.group(1)
            else:
                by_arch.append({"variable": condition[0], "arch": condition[1], "version": m.group(1)})
    if default is None:
        return None
    entry: ToolMinimum = {"version": default}
    if by_arch:
        entry["by_arch"] = by_arch
    return entry


def documented_architectures(rst: bytes | None) -> list[dict[str, str]]:
    """The rows of the table in Documentation/rust/arch-support.rst."""
    if rst is None:
        return []
    rows = []
    for line in rst.decode("utf-8", "replace").splitlines():
        m = _ARCH_ROW.match(line)
        if m:
            constraints = m.group(3).replace("``", "")
            row = {"arch": m.group(1), "support": m.group(2)}
            if constraints not in ("\\-", "-", ""):
                row["constraints"] = constraints
            rows.append(row)
    return rows
