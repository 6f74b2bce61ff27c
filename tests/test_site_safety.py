"""No record text can put markup or script into any page.

The schemas already refuse '<tag' in prose, so records that get this far cannot carry markup.
To prove the renderer's own escaping and the theme override, this test builds a Catalog
directly, with hostile text appended to every string of every record (ids included), hands it
to the real MkDocs build through the real hook, and scans every built file: the HTML (body,
<title>, meta, navigation and table of contents) and the search index.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

import kpolicy.site.build as site_build
from conftest import TODAY
from kpolicy.records.load import load_catalog
from kpolicy.records.model import Catalog
from kpolicy.workflow.stale import StaleClaim
from site_support import FIXTURE, ROOT, Markers, fixture_site, scan_html, scan_search_index, theme_scripts

# Every marker is unique, so a finding says which payload got through.
TEXT = (' <script>kpxss(1)</script><img src=x onerror=kpxss(2)>[a](javascript:kpxss(3)){: onclick="kpxss(4)" }'
        ' </title><svg onload=kpxss(5)>"><b onmouseover=kpxss(6)>x</b> ![i](javascript:kpxss(7)) `c` *e* _u_'
        ' | pipe <!-- c --> &lt;i&gt; \\ # ~~~ !!! note [TOC] <style>*{color:red}</style>')
URLS = ("javascript:kpxss(20)", 'https://evil.example/"onmouseover="kpxss(21)',
        "https://evil.example/)<script>kpxss(22)</script>", "data:text/html,<script>kpxss(23)</script>",
        "https://evil.example/?q=<img src=x onerror=kpxss(24)>", "JaVaScRiPt:kpxss(25)", " javascript:kpxss(26)")
URL_FIELDS = {"url", "original"}
_next_url = itertools.count()


def hostile(value: Any, name: str = "") -> Any:
    """The value with a payload in every string: text fields get TEXT appended, URL fields become
    a hostile URL, and every list of strings gains the hostile URLs as extra items."""
    if isinstance(value, str):
        return URLS[next(_next_url) % len(URLS)] if name in URL_FIELDS else value + TEXT
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{
            f.name: hostile(getattr(value, f.name), f.name) for f in dataclasses.fields(value)})
    if name == "links":  # (url, title) pairs
        return tuple((URLS[next(_next_url) % len(URLS)], t + TEXT) for _, t in value) + tuple((u, "x") for u in URLS)
    if isinstance(value, tuple):
        items = tuple(hostile(v, name) for v in value)
        if value and all(isinstance(v, str) for v in value) and name not in ("pairs_with", "subsystems", "people",
                                                                            "rust_maintainers", "views"):
            items += URLS
        return items
    if isinstance(value, dict):
        return {hostile(k): hostile(v, name) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def hostile_catalog() -> Catalog:
    return hostile(load_catalog(FIXTURE, today=TODAY))


def test_every_title_carries_the_payload(hostile_catalog: Catalog) -> None:
    assert hostile_catalog.subsystems
    assert all(TEXT in s.title for s in hostile_catalog.subsystems.values())
    assert all(TEXT in m.name for m in hostile_catalog.maintainers.values())


@pytest.fixture(scope="module")
def hostile_site(hostile_catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Path:
    bad = hostile_catalog
    claims = [StaleClaim("stance", s.id, s.path, s.title, "2020-01-01", 2000, False) for s in bad.subsystems.values()]
    site = tmp_path_factory.mktemp("hostile") / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(site_build, "catalog_for_site", lambda _policies: bad)
        mp.setattr(site_build, "stale_report", lambda _catalog, _today: (claims, "note" + TEXT))
        config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True)
        build(config)  # strict: a warning (a broken link made by a hostile id, say) fails here
    return site


def test_hostile_records_produce_no_script_handler_or_url_scheme(hostile_site: Path,
                                                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    benign = fixture_site(tmp_path_factory)
    allowed = theme_scripts((benign / "index.html").read_text(encoding="utf-8"))
    assert scan_html(hostile_site, allowed) == []
    assert scan_search_index(hostile_site) == []


def test_no_payload_marker_is_live_anywhere(hostile_site: Path) -> None:
    """kpxss may appear only as text (or inside a slug): never as a tag, an attribute or a script."""
    pages = list(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parser = Markers("kpxss")
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.live == [], page


def test_payloads_are_shown_as_text(hostile_site: Path) -> None:
    page = (hostile_site / "subsystems" / "index.html").read_text(encoding="utf-8")
    visible = html.unescape(re.sub(r"<[^>]*>", "", page))
    assert "DMA MAPPING HELPERS" + TEXT.split("<!--")[0] in visible


def test_title_and_header_are_escaped(hostile_site: Path) -> None:
    for page in hostile_site.glob("subsystems/*/index.html"):
        text = page.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
        assert title is not None and "<" not in title.group(1), page
        if "DMA MAPPING HELPERS" in title.group(1):
            assert "&lt;/title&gt;&lt;svg onload=kpxss(5)&gt;" in title.group(1)
            break
    else:
        raise AssertionError("no subsystem page has the hostile title")


def test_hostile_ids_do_not_steer_paths(hostile_site: Path) -> None:
    names = {p.name for p in (hostile_site / "subsystems").iterdir()}
    assert all(re.fullmatch(r"id-[0-9a-f]{16}|index\.html", n) for n in names), names


def test_the_scan_catches_what_it_looks_for(tmp_path: Path) -> None:
    """The tripwire itself: each kind of injection in a page is reported."""
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(
        '{"docs": [{"location": "x/", "title": "<img src=x>", "text": "<p>ok</p><script>x</script>", '
        '"tags": ["<b>"]}]}')
    (tmp_path / "page.html").write_text(
        "<title>x</title><script>alert(1)</script><img src=x onerror=alert(2)>"
        "<a href=' javascript:alert(3)'>a</a><a href='data:text/html,x'>b</a>"
        "<link rel=stylesheet href='https://fonts.googleapis.com/css'><script src='https://cdn.example/x.js'></script>"
        "<iframe src='page.html'></iframe><form action='/'></form><div style='background:url(https://x.example/)'>"
        "</div><meta http-equiv=refresh content='0;url=https://x.example/'>")
    found = {f.what for f in scan_html(tmp_path, frozenset())}
    assert found == {
        "inline script not from the theme: 'alert(1)'", "event handler onerror= on <img>",
        "javascript: URL in href= of <a>", "data: URL in href= of <a>",
        "<link href> loads https://fonts.googleapis.com/css from outside the site",
        "<script src> loads https://cdn.example/x.js from outside the site",
        "<script src='https://cdn.example/x.js'> outside the theme's assets", "<iframe> element", "<form> element",
        "style with a URL on <div>", "meta refresh"}
    assert {f.what for f in scan_search_index(tmp_path)} == {"<img> in title", "<script> in text",
                                                             "markup in tag '<b>'"}
