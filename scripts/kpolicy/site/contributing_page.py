"""The Contributing page: CONTRIBUTING.md as written, with its repository links made to work on the site.

CONTRIBUTING.md is the single source; it is read at build time, never copied. Links in it are
written for a reader of the repository, so on the site: links to the schemas go to the schema
reference, links to other repository files become the path as code, links to headings stay
only when the heading exists, and web links stay as they are.
"""

from __future__ import annotations

import re

from markdown.extensions.toc import slugify, unique

from kpolicy.site import parts
from kpolicy.text.sitemd import code, page_href

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_INLINE_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_DEF = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$")
_REF_USE = re.compile(r"\[([^\]\n]+)\]\[([^\]\n]*)\]")


def _heading_ids(lines: list[str]) -> set[str]:
    ids: set[str] = set()
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        m = None if in_fence else _HEADING.match(line)
        if m:
            text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", m.group(2))
            ids.add(unique(slugify(text, "-"), ids))
    return ids


def _target(target: str, anchors: set[str], here: str) -> str | None:
    """Where a link of CONTRIBUTING.md should point on the site; None to drop the link."""
    if re.match(r"^(?:https?|mailto):", target, re.IGNORECASE):
        return target
    if target.startswith("#"):
        return target if target[1:] in anchors else None
    path = target.split("#", 1)[0].lstrip("./")
    if path.startswith("schema/") or path == "schema":
        return page_href(parts.SCHEMA_REFERENCE, here)
    if path in ("README.md", ""):
        return page_href(parts.HOME, here)
    return None


def _rewrite(line: str, anchors: set[str], refs: dict[str, str], here: str) -> str:
    def inline_link(m: re.Match[str]) -> str:
        label, target = m.group(1), m.group(2)
        new = _target(target, anchors, here)
        if new is not None:
            return f"[{label}]({new})"
        return label if target.startswith("#") else f"{label} ({code(target)})" if label.strip("`") != target \
            else code(target)

    def ref_use(m: re.Match[str]) -> str:
        label, key = m.group(1), (m.group(2) or m.group(1)).lower()
        target = refs.get(key)
        if target is None:
            return m.group(0)
        new = _target(target, anchors, here)
        return f"[{label}]({new})" if new is not None else label

    return _REF_USE.sub(ref_use, _INLINE_LINK.sub(inline_link, line))


_OL_ITEM = re.compile(r"^\d{1,9}\. ")


def indent_list_items(lines: list[str]) -> list[str]:
    """GitHub continues a numbered item on lines indented by three spaces; Python-Markdown wants four,
    or it ends the list and starts a new one at 1. Continuation lines of numbered items get four."""
    out: list[str] = []
    in_item = False
    for line in lines:
        if _OL_ITEM.match(line):
            in_item = True
        elif line.strip() and not line.startswith(" "):
            in_item = False
        elif in_item and line.startswith("   "):
            out.append(" " + line)
            continue
        out.append(line)
    return out


def contributing_page(text: str | None) -> str:
    here = parts.CONTRIBUTING
    if text is None:
        return ("# Contributing\n\nThe contributor guide, <code>CONTRIBUTING&#46;md</code>, is not in this build. "
                f"The [schema reference]({page_href(parts.SCHEMA_REFERENCE, here)}) lists every field a record "
                "may have.\n")
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].startswith("# "):
        lines.pop(0)
    lines = indent_list_items(lines)
    anchors = _heading_ids(lines)
    refs: dict[str, str] = {}
    kept: list[str] = []
    for line in lines:
        m = _REF_DEF.match(line)
        if m:
            refs[m.group(1).lower()] = m.group(2)
        else:
            kept.append(line)
    out: list[str] = []
    in_fence = False
    for line in kept:
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
        else:
            out.append(line if in_fence else _rewrite(line, anchors, refs, here))
    more = (f"\n\n---\n\nEvery field a record may have: the [schema reference]"
            f"({page_href(parts.SCHEMA_REFERENCE, here)}). Claims due for a new check: "
            f"[needs re-verification]({page_href(parts.STALE, here)}).\n")
    return "# Contributing\n\n" + "\n".join(out).strip() + more
