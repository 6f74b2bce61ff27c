"""The built site in a real browser (headless Chromium): search, pages, charts, and no outside request.

Needs Debian's chromium (/usr/bin/chromium) and Playwright's Python package (the `test` extra).
Without them these tests skip and say why; with KPOLICY_REQUIRE_BROWSER=1 (set by .ci/run in
CI) they fail instead. Screenshots go to tests/artifacts/ (not committed).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_support import ARTIFACTS, fixture_site, serve

CHROMIUM = os.environ.get("KPOLICY_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         # nothing but the local server resolves, so a stray request fails instead of leaving the machine
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    reason = _missing()
    if reason:
        if os.environ.get("KPOLICY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required here (KPOLICY_REQUIRE_BROWSER=1) but cannot run: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    site = fixture_site(tmp_path_factory)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield base, browser
        finally:
            browser.close()


class Watch:
    """Every request a page makes, and every console error and uncaught exception."""

    def __init__(self, page, base: str) -> None:
        self.base = base
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.context.on("request", lambda r: self.requests.append(r.url))

    def outside(self) -> list[str]:
        local = urlsplit(self.base).netloc
        return sorted({u for u in self.requests if urlsplit(u).scheme not in ("data", "blob", "about")
                       and urlsplit(u).netloc != local})


def new_page(browser, base: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    return page, Watch(page, base)


def test_search_finds_the_dma_mapping_page_and_it_shows_the_stance(browser_site) -> None:
    base, browser = browser_site
    page, watch = new_page(browser, base)
    page.goto(base, wait_until="networkidle")
    assert page.title() == "Kernel Rust policy knowledge base"
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    page.locator("label.md-search__icon, input.md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("DMA", delay=50)  # typed, as a reader does
    result = page.locator('a.md-search-result__link[href*="subsystems/dma-mapping-helpers/"]').first
    result.wait_for(state="visible", timeout=15_000)
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert "DMA MAPPING HELPERS" in titles, titles
    result.click()
    page.wait_for_url("**/subsystems/dma-mapping-helpers/**")
    page.wait_for_load_state("networkidle")
    assert page.locator("article h1").inner_text().rstrip("¶") == "DMA MAPPING HELPERS"
    stance = page.locator("#stance")
    assert stance.is_visible()
    badge = page.locator("article .kp-badge.kp-level-no-engagement").first
    assert badge.is_visible() and badge.inner_text() == "No engagement"
    assert page.get_by_text("last checked 2025-03-30").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "subsystem.png"), full_page=True)
    assert watch.outside() == []
    assert watch.errors == []


def test_the_version_policy_chart_is_visible(browser_site) -> None:
    base, browser = browser_site
    page, watch = new_page(browser, base)
    page.goto(base + "version-policy/", wait_until="networkidle")
    chart = page.locator("svg#chart-rustc")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 150
    assert page.locator("svg#chart-rustc circle.kp-point, svg#chart-rustc circle.kp-point-pinned").count() >= 3
    labels = page.locator("svg#chart-rustc text", has_text="1.85.0")
    assert labels.count() == 2  # 7.1 and 7.3 (the step that adds per-architecture minimums) keep 1.85.0
    assert labels.first.is_visible()
    colour = page.eval_on_selector("svg#chart-rustc path.kp-step", "e => getComputedStyle(e).stroke")
    assert colour not in ("none", "rgba(0, 0, 0, 0)")  # the stylesheet reached the inline SVG
    page.screenshot(path=str(ARTIFACTS / "version-policy.png"), full_page=True)
    assert watch.outside() == []
    assert watch.errors == []


def test_the_dark_palette_switch_works_offline(browser_site) -> None:
    base, browser = browser_site
    page, watch = new_page(browser, base)
    page.goto(base + "stances/", wait_until="networkidle")
    before = page.eval_on_selector("body", "e => e.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.eval_on_selector("body", "e => e.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
    assert page.locator("svg#stance-chart").is_visible()
    assert watch.outside() == []
    assert watch.errors == []
