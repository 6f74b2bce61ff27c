"""Property of the page renderer: generated record text never becomes markup.

Each example takes the fixture Catalog and puts generated strings, each holding the marker
word "kpfz", into every text field (titles, summaries, notes, names, source titles, MAINTAINERS
field values) and generated hostile addresses into every URL field. The site's Markdown is
rendered with render_site(), and every page is converted to HTML with Python-Markdown using
exactly the extensions and settings of mkdocs.yml (front matter taken off first, as MkDocs
does). The marker may then appear only as text: never in a tag or attribute name, in an
attribute value other than a harmless one, inside <script> or <style>, or in a comment.
test_site_safety.py does the same with a fixed payload through a real MkDocs build.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from kpolicy.records.model import Catalog
from kpolicy.site.build import site_inputs
from kpolicy.site.pages import render_site
from site_support import ROOT, Markers

MARKER = "kpfz"
TODAY = datetime.date(2026, 11, 21)

# Fields whose value is shown as text; ids, dates, versions and enumerations are left alone
# (pages are addressed by a hash of the id, and the others are looked up or parsed).
TEXT_FIELDS = {"title", "note", "notes", "name", "summary", "question", "answer", "remark", "written", "email",
               "emails", "aliases", "packages", "tree", "lists", "status", "web", "patchwork", "bugs", "chat",
               "profile", "trees", "files", "excludes", "regexes", "keywords"}
URL_FIELDS = {"url", "original"}

FRAGMENTS = ["<", ">", '"', "'", "`", "``", "&", "(", ")", "[", "]", "{", "}", ":", "/", "\\", "!", "*", "_", "#",
             "|", "=", " ", "  ", "\n", "\n\n", "\t", "-", "1.", "~~~", "!!!", "---", ";", "&#", "&lt;", "%",
             "script", "onerror", "javascript", "data", "img", "svg", "style", "src", "href", "x", "a", "on",
             "<script>", "</script>", "<img src=x onerror=", "<svg onload=", "[a](", "](", "![i](", "{: ",
             ' onclick="', "<!--", "-->", "<style>", "<a href=", "javascript:", "data:text/html,", "<![CDATA[",
             "<?", "<!", "&#60;", "&#x3c;", "\\<", "<kpfz", "\u00a0", "\u2028", "\x00", "\x0b", "\r"]
_piece = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3))
_half = st.lists(_piece, max_size=8).map("".join)
# The marker sits between two generated halves, so that it lands where a tag name, an attribute
# or a URL scheme would be if the text were not escaped.
payloads = st.tuples(_half, _half).map(lambda t: t[0] + MARKER + t[1])
_schemes = st.sampled_from(["javascript:", "JaVaScRiPt:", " javascript:", "java\tscript:", "data:text/html,",
                            "vbscript:", "https://evil.example/", "http://evil.example/?q=", "//evil.example/",
                            "https://", "mailto:", "", "https://evil.example/\"", "https://evil.example/)"])
urls = st.tuples(_schemes, payloads).map("".join)


def hostile(value: Any, texts: list[str], addresses: list[str], name: str = "") -> Any:
    """The value with every text field holding a payload and every URL field a hostile address."""
    if isinstance(value, str):
        if name in URL_FIELDS:
            addresses.append(addresses.pop(0))
            return addresses[-1]
        if name in TEXT_FIELDS:
            texts.append(texts.pop(0))
            return value + texts[-1]
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{
            f.name: hostile(getattr(value, f.name), texts, addresses, f.name) for f in dataclasses.fields(value)})
    if name == "links":  # (url, title) pairs
        return tuple((hostile(u, texts, addresses, "url"), hostile(t, texts, addresses, "title")) for u, t in value)
    if isinstance(value, tuple):
        return tuple(hostile(v, texts, addresses, name) for v in value)
    if isinstance(value, dict):
        return {k: hostile(v, texts, addresses, name) for k, v in value.items()}
    return value


def test_the_site_uses_the_extensions_the_renderer_writes_for() -> None:
    assert {"attr_list", "toc", "tables"} <= set(load_config(config_file=str(ROOT / "mkdocs.yml")).markdown_extensions)


@pytest.fixture(scope="module")
def converter() -> markdown.Markdown:
    """Python-Markdown as mkdocs.yml configures it."""
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def live_markers(converter: markdown.Markdown, pages: dict[str, str]) -> dict[str, list[str]]:
    """Where the marker is live in the HTML of each page (a page without it in its Markdown has
    none of the generated text, and is skipped)."""
    found = {}
    for path, page in pages.items():
        if MARKER not in page:
            continue
        body, _ = get_data(page)  # MkDocs takes the front matter off before Markdown sees the page
        parser = Markers(MARKER)
        parser.feed(converter.reset().convert(body))
        parser.close()
        if parser.live:
            found[path] = parser.live
    return found


@settings(derandomize=True, deadline=None, max_examples=80)
@given(texts=st.lists(payloads, min_size=1, max_size=6), addresses=st.lists(urls, min_size=1, max_size=4))
@example(texts=['<img src=x onerror=kpfz(1)>[a](javascript:kpfz(2)){: onclick="kpfz(3)" }'],
         addresses=['javascript:kpfz(4)', 'https://evil.example/"onmouseover="kpfz(5)'])
@example(texts=["kpfz[a]("], addresses=["https://kpfz[a]("])  # '[' in the host: urlsplit raised ValueError
@example(texts=["kpfz&lt;"], addresses=["https://x.example/kpfz&#60;"])  # a link target read as '<'
# two '&#' in a code span stop Python-Markdown seeing the chart below as raw HTML; its title then made a link
@example(texts=["[see](javascript:kpfz(1)) &# &#"], addresses=["https://x.example/"])
# the same '&#' in code spans (here a non-web source address) garbled later code spans into a link
@example(texts=["kpfz</script>[a]("], addresses=["javascript:kpfz&#"])
def test_record_text_never_becomes_markup(catalog: Catalog, converter: markdown.Markdown, texts: list[str],
                                         addresses: list[str]) -> None:
    bad: Catalog = hostile(catalog, list(texts), list(addresses))
    site = render_site(bad, site_inputs(bad, ROOT, TODAY))
    carrying = [p for p, md in site.pages.items() if MARKER in md]
    assert len(carrying) >= len(bad.subsystems) + len(bad.maintainers)  # every record page shows some payload
    assert live_markers(converter, site.pages) == {}


def test_the_scan_sees_a_marker_that_escaped(converter: markdown.Markdown) -> None:
    """The tripwire: unescaped text in each of the places the property watches is reported."""
    pages = {"a.md": "<kpfz>", "b.md": '<a href="javascript:kpfz">x</a>', "c.md": "x\n{: .kpfz }\n",
             "d.md": "<script>kpfz</script>", "e.md": "<!-- kpfz -->", "f.md": "[a](javascript:kpfz)",
             "g.md": "# T\n\n<b kpfz=1>x</b>", "h.md": "<style>kpfz</style>"}
    assert set(live_markers(converter, pages)) == set(pages)
    page = "kpfz &#60;kpfz&#62; `<kpfz>`\n\n## kpfz <b>\n\n[kpfz](https://x.example/kpfz)"
    assert live_markers(converter, {"ok.md": page}) == {}
