"""Helpers for the site tests: build the real MkDocs site, serve it, and scan the HTML it produced."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "site-fixture" / "policies"
ARTIFACTS = ROOT / "tests" / "artifacts"


@dataclass
class Build:
    code: int
    out: str
    err: str
    site: Path


def mkdocs_build(site: Path, policies: Path | None = None, strict: bool = True) -> Build:
    """`mkdocs build` of the repository's mkdocs.yml, as a user runs it (a separate process)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KPOLICY_POLICIES", None)
    if policies is not None:
        env["KPOLICY_POLICIES"] = str(policies)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    if strict:
        cmd.append("--strict")
    p = subprocess.run(cmd, check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    return Build(p.returncode, p.stdout, p.stderr, site)


_CACHE: dict[str, Build] = {}


def fixture_build(tmp_path_factory) -> Build:
    """The build of the fixture tree's site, once per test session (test_site_build.py checks it)."""
    if "fixture" not in _CACHE:
        _CACHE["fixture"] = mkdocs_build(tmp_path_factory.mktemp("fixture-site") / "site", FIXTURE)
    return _CACHE["fixture"]


def real_build(tmp_path_factory) -> Build:
    """The build of the repository's own records, once per test session (test_site_build.py checks it)."""
    if "real" not in _CACHE:
        _CACHE["real"] = mkdocs_build(tmp_path_factory.mktemp("real-site") / "site")
    return _CACHE["real"]


def _built(build: Build, test: str) -> Path:
    if build.code != 0:
        pytest.skip(f"the site did not build (test_site_build.py::{test} says why)")
    return build.site


def fixture_site(tmp_path_factory) -> Path:
    """The fixture tree's built site."""
    return _built(fixture_build(tmp_path_factory), "test_the_fixture_site_builds_strictly")


def real_site(tmp_path_factory) -> Path:
    """The built site of the repository's own records."""
    return _built(real_build(tmp_path_factory), "test_the_real_records_build_strictly")


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) from a thread; yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- scanning built HTML ------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "data", "background",
                  "cite", "longdesc", "usemap", "manifest", "ping"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "portal"}
THEME_FORMS = {"md-header__option", "md-search__form"}  # the palette switch and the search box
LOADING_TAGS = {"script", "link", "img", "source", "video", "audio", "track", "input", "image", "use"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


@dataclass
class Finding:
    file: str
    what: str


@dataclass
class _Scanner(HTMLParser):
    file: str = ""
    theme_scripts: frozenset[str] = frozenset()
    findings: list[Finding] = field(default_factory=list)
    _script: list[str] | None = None
    _script_type: str = ""

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def flag(self, what: str) -> None:
        self.findings.append(Finding(self.file, what))

    def _check_urls(self, tag: str, name: str, value: str) -> None:
        for item in (value.split(",") if name == "srcset" else [value]):
            url = item.strip().split(" ")[0]
            scheme = urlsplit(re.sub(r"[\x00-\x20]", "", url)).scheme.lower()
            if scheme not in SAFE_SCHEMES:
                self.flag(f"{scheme}: URL in {name}= of <{tag}>")
            if tag in LOADING_TAGS and scheme in ("http", "https"):
                self.flag(f"<{tag} {name}> loads {url} from outside the site")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag in FORBIDDEN_TAGS or (tag == "form" and a.get("class") not in THEME_FORMS):
            self.flag(f"<{tag}> element")
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.flag("meta refresh")
        for name, value in a.items():
            if name.startswith("on"):
                self.flag(f"event handler {name}= on <{tag}>")
            if name in URL_ATTRIBUTES:
                self._check_urls(tag, name, value)
            if name == "style" and re.search(r"url\s*\(|expression\s*\(|@import", value, re.IGNORECASE):
                self.flag(f"style with a URL on <{tag}>")
        if tag == "script":
            self._start_script(a)
        if tag == "style":
            self.flag("<style> element")

    def _start_script(self, a: dict[str, str]) -> None:
        src = a.get("src")
        self._script_type = a.get("type", "")
        if src is not None:
            if urlsplit(src).scheme or "assets/javascripts/" not in src:
                self.flag(f"<script src={src!r}> outside the theme's assets")
            self._script = None
        else:
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            body = normalise_script("".join(self._script))
            if self._script_type == "application/json":
                try:
                    json.loads("".join(self._script))
                except ValueError:
                    self.flag("inline JSON script that is not JSON")
            elif body not in self.theme_scripts:
                self.flag(f"inline script not from the theme: {body[:80]!r}")
            self._script = None


def normalise_script(body: str) -> str:
    """An inline script with the page-relative parts (the base path) taken out."""
    return re.sub(r'"(?:(?:\.\./)*\.\.?|/)"', '"BASE"', body.strip())


def theme_scripts(html: str) -> frozenset[str]:
    """The inline scripts of a page built from benign records: those the theme writes."""
    found: list[str] = []

    class Collect(HTMLParser):
        current: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "script" and "src" not in a and a.get("type") != "application/json":
                self.current = []

        def handle_data(self, data: str) -> None:
            if self.current is not None:
                self.current.append(data)

        def handle_endtag(self, tag: str) -> None:
            if tag == "script" and self.current is not None:
                found.append(normalise_script("".join(self.current)))
                self.current = None

    Collect().feed(html)
    return frozenset(found)


def scan_html(site: Path, allowed_scripts: frozenset[str]) -> list[Finding]:
    findings: list[Finding] = []
    for page in sorted(site.rglob("*.html")):
        scanner = _Scanner(file=str(page.relative_to(site)), theme_scripts=allowed_scripts)
        scanner.feed(page.read_text(encoding="utf-8"))
        scanner.close()
        findings.extend(scanner.findings)
    return findings


SEARCH_KEPT_TAGS = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}


def scan_search_index(site: Path) -> list[Finding]:
    """The search index holds HTML that the browser renders: only the few tags the theme keeps."""
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    findings = []
    for doc in data["docs"]:
        where = f"search_index.json {doc['location']}"
        findings.extend(Finding(where, f"<{tag}> in {key}") for key in ("title", "text")
                        for tag in re.findall(r"<\s*/?\s*([A-Za-z][A-Za-z0-9:-]*)", doc.get(key, ""))
                        if tag.lower() not in SEARCH_KEPT_TAGS)
        findings.extend(Finding(where, f"markup in tag {tag!r}") for tag in doc.get("tags", [])
                        if re.search(r"[<>\"'&]", tag))
    return findings


# -- where a payload marker ends up -------------------------------------------------------------

# shown as text; the quoting held, or the parser would say
TEXT_ATTRIBUTES = {"aria-label", "aria-labelledby", "title", "alt"}


def harmless(name: str, value: str) -> bool:
    """An attribute value with the marker that can do nothing: text for screen readers, a slug made
    from hostile text (an id, or a link to one, perhaps after a page path), or a web link
    percent-encoded throughout."""
    if name in TEXT_ATTRIBUTES:
        return True
    if name in ("id", "href") and re.fullmatch(r"[./a-z0-9]*#?[a-z0-9_-]+", value):
        return True
    return name in ("href", "src") and bool(re.fullmatch(r"https?://[^\s\"'<>()]+", value))


class Markers(HTMLParser):
    """Where a payload marker appears outside of text: in a tag or attribute name, in an attribute
    value that is not harmless(), inside <script> or <style>, or in a comment or declaration."""

    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.live: list[str] = []
        self.in_code = ""  # "script" or "style" while inside one

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.in_code = tag
        if self.marker in tag:
            self.live.append(f"<{tag}>")
        for name, value in attrs:
            if self.marker in name:
                self.live.append(f"<{tag} {name}>")
            elif value and self.marker in value and not harmless(name, value) \
                    and not (tag == "meta" and name == "content" and dict(attrs).get("name") == "description"):
                # a page's description is text to whoever reads it (the quoting held, or the parser would say)
                self.live.append(f"<{tag} {name}={value!r}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.in_code = ""

    def handle_endtag(self, tag: str) -> None:
        if self.marker in tag:
            self.live.append(f"</{tag}>")
        self.in_code = ""

    def handle_data(self, data: str) -> None:
        if self.in_code and self.marker in data:
            self.live.append(f"{self.in_code}: {data[:80]!r}")

    def handle_comment(self, data: str) -> None:
        if self.marker in data:
            self.live.append(f"<!--{data[:80]}-->")

    def handle_decl(self, decl: str) -> None:
        if self.marker in decl:
            self.live.append(f"<!{decl[:80]}>")

    def handle_pi(self, data: str) -> None:
        if self.marker in data:
            self.live.append(f"<?{data[:80]}>")

    def unknown_decl(self, data: str) -> None:
        if self.marker in data:
            self.live.append(f"<![{data[:80]}]>")
