"""GitHub-flavoured Markdown for job summaries and pull-request comments (`kpolicy diff`,
`kpolicy stale --format markdown`).

Record text may come from a pull request that was not validated yet (CI writes the diff first),
so nothing here relies on the schema: every value is first made one line with hidden characters
shown as escapes (`outfmt.plain`: a carriage return is a line break to GitHub, and would end a
code span), then every character GitHub's Markdown or HTML gives a meaning to is escaped. Links
are made only to http(s) URLs that have an RFC 3986 normal form, and point at that form.

Accepted on purpose: GitHub turns a bare `https://...` written in prose into a link (its
autolink extension works on the decoded text, so no escape prevents it); such a link shows its own
address as its text, so it cannot pretend to go elsewhere.
"""

from __future__ import annotations

from typing import Any

from kpolicy.text.plain import plain
from kpolicy.text.urls import NotNormal, normal_form

_BACKSLASHED = "\\`*_[]|~#!"
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _one_line(value: Any) -> str:
    return plain(str(value).replace("\n", " ").replace("\t", " "))


def md(value: Any) -> str:
    """Text shown as text: no markup, no HTML, one line."""
    out = _one_line(value)
    out = "".join(_ENTITIES.get(c, c) for c in out)
    for ch in _BACKSLASHED:
        out = out.replace(ch, "\\" + ch)
    return out


def code(value: Any, *, in_table: bool = False) -> str:
    """Text shown as code: a code span whose fence is longer than any run of backticks in it."""
    s = _one_line(value)
    if in_table:  # a table row is split at '|' before code spans are read, unless it is escaped
        s = s.replace("|", "\\|")
    fence = "`"
    while fence in s:
        fence += "`"
    pad = " " if s.startswith("`") or s.endswith("`") or not s.strip() else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def link_target(url: str) -> str | None:
    """The target to link to for a URL, or None when it is not to be linked."""
    try:
        normal = normal_form(url)
    except NotNormal:
        return None
    return normal.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def link(label: Any, url: str) -> str:
    """A link with an escaped label; a URL without a normal form is shown as code instead."""
    target = link_target(url)
    return f"[{md(label)}]({target})" if target else f"{md(label)} ({code(url)})"


def cell(value: Any) -> str:
    """Text for a table cell (md already escapes '|')."""
    return md(value)


__all__ = ["cell", "code", "link", "link_target", "md"]
