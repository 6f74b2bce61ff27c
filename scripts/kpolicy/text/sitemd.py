"""Markdown building blocks that no record text can break out of.

Every character that HTML or Markdown (with the extensions mkdocs.yml enables) gives a
meaning to is written as a numeric character reference. Python-Markdown passes such
references through untouched, so the text shows as typed and never becomes a tag, an
attribute list, a link, emphasis or a table cell border. Links are made only to http(s)
addresses; anything else is shown as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote, urlsplit

# HTML specials; Markdown's inline specials (code, emphasis, links and images, attr_list
# braces); table pipes; heading hashes; and what opens a block when it starts a line: a fenced
# block (~~~) or an admonition (!!!). Other characters mean nothing to the enabled extensions
# and stay as they are: every reference costs the Markdown parser time.
_SPECIAL = "&<>\\`*_{}[]#|~!"
_ESCAPES = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}
# What starts a block construct when it begins a line: a list item ("- ", "+ ", "1. ") or a
# thematic break ("---").
_LEADING_MARKER = re.compile(r"^(?:[-+](?=[-+ \t]|$)|[0-9]+\.(?=[ \t]|$))")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SAFE_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+$", re.IGNORECASE)
_URL_SAFE_CHARS = "/:?#@!$&+,;=%~-._*"
_REFERENCE_AMP = re.compile(r"&(?=#|[0-9A-Za-z]+;)")  # an '&' that starts a character reference, or '&#'


def _escape(value: object) -> str:
    text = _CONTROL.sub(" ", str(value)).replace("\n", " ").replace("\t", " ")
    return text.translate(_ESCAPES)


def _guard_line_start(text: str) -> str:
    m = _LEADING_MARKER.match(text)
    if m:
        marker = m.group(0)
        text = marker[:-1] + f"&#{ord(marker[-1])};" + text[len(marker):]
    return text


def inline(value: object) -> str:
    """One line of plain text, safe anywhere inline: in a paragraph, a heading, a table cell, or at
    the start of a line (where "1." or "-" would start a list, it is escaped)."""
    return _guard_line_start(_escape(value).lstrip(" "))


def code(value: object) -> str:
    """Text shown as code (file patterns, paths, tree lines): a Markdown code span, whose content
    Python-Markdown escapes and never parses; its fence is longer than any run of backticks in it."""
    text = _CONTROL.sub(" ", str(value)).replace("\n", " ").replace("\t", " ")
    if not text.strip():
        return ""
    if "&#" in text:
        # Python-Markdown's raw-HTML pass reads '&#' inside code spans too: one that starts no
        # reference makes it miss every later raw HTML block, and one that does is rewritten.
        # Such text is an HTML code element, every special character a numeric reference.
        return f"<code>{_escape(text)}</code>"
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or text != text.strip(" ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def prose(value: str | None) -> str:
    """Multi-paragraph text from a record: a blank line starts a paragraph; `backticks` mark code."""
    if not value:
        return ""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", value.strip())]
    return "\n\n".join(_with_code_spans(p) for p in paragraphs if p)


def prose_inline(value: str | None) -> str:
    """Text from a record on one line (table cells, list items): paragraphs joined."""
    if not value:
        return ""
    return _with_code_spans(" ".join(value.split()))


def _with_code_spans(paragraph: str) -> str:
    parts = paragraph.split("`")
    if len(parts) % 2 == 0:  # an unmatched backtick: show the text as typed
        return _guard_line_start(inline(paragraph))
    parts[0] = parts[0].lstrip(" ")
    out = "".join(code(p) if i % 2 and p else _escape(p) for i, p in enumerate(parts))
    return _guard_line_start(out)


def is_web_url(url: str) -> bool:
    if not _SAFE_URL.match(url):
        return False
    try:
        return urlsplit(url).hostname is not None
    except ValueError:  # a host with an unclosed '[' (an IPv6 literal): not an address to link to
        return False


def url_target(url: str) -> str:
    """A link target with every character that could end or change it percent-encoded."""
    # Python-Markdown passes a character reference in a link target through, so the browser would
    # read '&lt;' as '<', and an '&#' that starts none stops it from seeing later raw HTML blocks:
    # that '&' is encoded, every other one is kept (it separates query parameters).
    return _REFERENCE_AMP.sub("%26", quote(url, safe=_URL_SAFE_CHARS))


def link(label: object, url: str) -> str:
    """A link to an http(s) address; any other address is shown as code, not linked."""
    if not is_web_url(url):
        return code(url)
    return f"[{inline(label)}]({url_target(url)})"


def url_link(url: str) -> str:
    """An address shown as itself, linked when it is http(s)."""
    return link(url, url)


def page_href(target: str, from_page: str, anchor: str | None = None) -> str:
    """The address of another generated page, relative to the page it appears on."""
    if target == from_page and anchor:
        return "#" + anchor
    return f"{_relative(target, from_page)}{'#' + anchor if anchor else ''}"


def _relative(target: str, from_page: str) -> str:
    """posixpath.relpath(target, dirname(from_page)) for two paths inside the site, without the
    current directory it consults (a site links from thousands of pages to thousands)."""
    here = from_page.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def page_link(label: object, target: str, from_page: str, anchor: str | None = None) -> str:
    """A link to another generated page (MkDocs checks that it and the anchor exist)."""
    return f"[{inline(label)}]({page_href(target, from_page, anchor)})"


def cell(value: str) -> str:
    """Already-safe Markdown for a table cell: no line breaks."""
    return value.replace("\n", " ") if value else "&nbsp;"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] | None = None) -> str:
    """A Markdown table from already-escaped cells."""
    marks = {"left": ":--", "right": "--:", "center": ":-:"}
    head = "| " + " | ".join(headers) + " |"
    sep = "| " + " | ".join(marks.get(a, "---") for a in (align or ["left"] * len(headers))) + " |"
    body = ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join([head, sep, *body])


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {_guard_line_start(item)}" for item in items)


def front_matter(**values: object) -> str:
    """YAML front matter from fixed, program-chosen values (never record text)."""
    import json

    lines = [f"{key}: {json.dumps(value, ensure_ascii=True)}" for key, value in values.items() if value is not None]
    if not lines:
        return ""
    lines = ["---", *lines, "---"]
    return "\n".join(lines) + "\n\n"


def anchor(value: str) -> str:
    """An HTML id made from a record value: lowercase letters, digits and hyphens only."""
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug or "x"


def collapsed(summary: str, body: str) -> str:
    """Already-safe Markdown folded into a <details> box that opens on a click: the summary (already
    escaped inline text) says what is inside, so the page stays short and hides no answer. Without
    JavaScript the box works the same; the search index and find-in-page still see the content."""
    return f'<details class="kp-more" markdown="1">\n<summary>{summary}</summary>\n\n{body}\n\n</details>'
