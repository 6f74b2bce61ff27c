"""The built site in a real browser (headless Chromium): search, pages, charts, and no outside request.

Needs Debian's chromium (/usr/bin/chromium) and Playwright's Python package (the `test` extra).
Without them these tests skip and say why; with KPOLICY_REQUIRE_BROWSER=1 (set by .ci/run in
CI) they fail instead. Screenshots go to tests/artifacts/ (not committed).

The accessibility check runs axe-core (MPL-2.0, from the npm registry) in the page. .ci/run
installs it into a cache folder; KPOLICY_AXE names its axe.min.js elsewhere. Without it that
test skips (fails under KPOLICY_REQUIRE_BROWSER=1). Nothing is downloaded by the tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_support import ARTIFACTS, fixture_site, real_site, serve

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


AXE_DEFAULT = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kpolicy" / "axe-core" \
    / "node_modules" / "axe-core" / "axe.min.js"


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("KPOLICY_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required here (KPOLICY_REQUIRE_BROWSER=1) but cannot run: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """One headless Chromium for the module (Playwright's sync API runs one instance at a time)."""
    reason = _missing()
    if reason:
        _skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser_site(chromium, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    site = fixture_site(tmp_path_factory)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve(site) as base:
        yield base, chromium


@pytest.fixture(scope="module")
def real_browser_site(chromium, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    """The site of the repository's own records, for what readers ask of the real data."""
    with serve(real_site(tmp_path_factory)) as base:
        yield base, chromium


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


# Reader questions and the page that answers each; it must be among the first three results.
READER_QUERIES = [
    ("USB", "subsystems/usb-subsystem/"),
    ("networking", "subsystems/networking-general/"),
    ("minimum rustc", "version-policy/"),
    ("binder", "subsystems/android-drivers/"),  # the entry that holds drivers/android/ (the Binder driver)
    ("DMA", "subsystems/dma-mapping-helpers/"),
    ("Miguel Ojeda", "maintainers/miguel-ojeda/"),
    ("block", "subsystems/block-layer/"),
]


def _search(page, query: str) -> list[str]:
    """The pages of the first results for a query typed into the search box, as paths."""
    page.locator("label.md-search__icon, input.md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query, delay=30)
    page.locator("ol.md-search-result__list > li.md-search-result__item").first.wait_for(timeout=15_000)
    page.wait_for_function(  # the result list has settled: the same for two animation frames
        """() => new Promise(r => { const n = () => document.querySelectorAll('.md-search-result__item').length;
            const a = n(); requestAnimationFrame(() => requestAnimationFrame(() => r(a === n() && a > 0))); })""")
    hrefs = page.eval_on_selector_all("ol.md-search-result__list > li.md-search-result__item",
                                      "items => items.map(e => e.querySelector('a').href)")  # one per page
    page.keyboard.press("Escape")
    return [urlsplit(h).path.lstrip("/") for h in hrefs]


@pytest.mark.parametrize(("query", "answer"), READER_QUERIES)
def test_reader_queries_find_their_answer_in_the_top_three(real_browser_site, query: str, answer: str) -> None:
    base, browser = real_browser_site
    page, watch = new_page(browser, base)
    page.goto(base, wait_until="networkidle")
    found = _search(page, query)
    assert answer in found[:3], (query, found[:5])
    assert watch.outside() == []


AXE_PAGES = ["", "policy/", "subsystems/", "subsystems/dma-mapping-helpers/", "maintainers/",
             "maintainers/miguel-ojeda/", "version-policy/", "timeline/", "rust/"]


def _axe_file() -> Path:
    axe = Path(os.environ.get("KPOLICY_AXE") or AXE_DEFAULT)
    if not axe.is_file():
        _skip_or_fail(f"no axe-core at {axe} (.ci/run installs it; KPOLICY_AXE names another copy)")
    return axe


def _axe_serious(page, axe: Path) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(axe))
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation(real_browser_site, scheme: str) -> None:
    axe = _axe_file()
    base, browser = real_browser_site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme,
                                  service_workers="block")
    page = context.new_page()
    watch = Watch(page, base)
    problems = {}
    for path in AXE_PAGES:
        page.goto(base + path, wait_until="networkidle")
        expected = "slate" if scheme == "dark" else "default"
        assert page.eval_on_selector("body", "e => e.getAttribute('data-md-color-scheme')") == expected
        found = _axe_serious(page, axe)
        if found:
            problems[path or "home"] = found
    context.close()
    assert problems == {}
    assert watch.outside() == []


ROWS = ".md-content table tbody tr"


def test_the_maintainers_filter_narrows_the_rows_as_one_types(real_browser_site) -> None:
    base, browser = real_browser_site
    # without JavaScript: no filter box, and every row shows
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False,
                                  service_workers="block")
    plain = context.new_page()
    plain.goto(base + "maintainers/", wait_until="networkidle")
    total = plain.locator(ROWS).count()
    assert total > 50 and plain.locator(f"{ROWS}:visible").count() == total
    assert plain.locator(".kp-filter input").count() == 0
    context.close()

    page, watch = new_page(browser, base)
    page.goto(base + "maintainers/", wait_until="networkidle")
    assert page.locator(f"{ROWS}:visible").count() == total
    box = page.get_by_label("Filter by name or subsystem")  # a labelled text box
    expected = page.eval_on_selector_all(ROWS, "rows => rows.filter(r => /ojeda/i.test(r.textContent)).length")
    assert 0 < expected < total
    box.press_sequentially("Ojeda", delay=30)  # typed, as a reader does
    visible = page.locator(f"{ROWS}:visible")
    assert visible.count() == expected
    assert all("Ojeda" in t for t in visible.all_inner_texts())
    assert page.locator(".kp-filter-count").inner_text() == f"{expected} of {total} shown"
    box.fill("")
    box.press_sequentially("nobody-by-this-name", delay=10)
    assert page.locator(f"{ROWS}:visible").count() == 0
    assert page.locator(".kp-filter-none:visible").count() == page.locator(".md-content table").count()
    box.fill("")
    box.dispatch_event("input")
    assert page.locator(f"{ROWS}:visible").count() == total
    box.press_sequentially("ojeda", delay=10)  # lower case finds the same people
    assert page.locator(f"{ROWS}:visible").count() == expected
    if Path(os.environ.get("KPOLICY_AXE") or AXE_DEFAULT).is_file():  # the page as filtered stays accessible
        assert _axe_serious(page, _axe_file()) == []
    assert watch.outside() == []
    assert watch.errors == []


def test_charts_keep_readable_text_and_tables_scroll_on_a_phone(real_browser_site) -> None:
    base, browser = real_browser_site
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    for path, chart in (("version-policy/", "svg#chart-rustc"), ("", "svg#home-stance-chart")):
        page.goto(base + path, wait_until="networkidle")
        smallest = page.eval_on_selector(chart, """svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return Math.min(...[...svg.querySelectorAll('text')].map(
                t => parseFloat(getComputedStyle(t).fontSize) * scale));
        }""")
        assert smallest >= 11, (path, smallest)
        # nothing sticks out of the page: wide content scrolls inside its own box
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    context.close()
