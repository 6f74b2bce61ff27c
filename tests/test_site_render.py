"""The page renderer, without MkDocs: what each page says, and that record text stays text."""

from __future__ import annotations

import datetime
import html as htmllib
import posixpath
import re
from html.parser import HTMLParser

import markdown
import pytest

from conftest import TODAY
from kpolicy.export import FILES
from kpolicy.maintainers.routing import patch_route
from kpolicy.records.kinds import KINDS
from kpolicy.records.load import load
from kpolicy.records.model import Catalog
from kpolicy.records.schemas import Schemas
from kpolicy.site import parts
from kpolicy.site.contributing_page import contributing_page
from kpolicy.site.pages import RenderedSite, SiteInputs, render_site
from kpolicy.site.schema_reference import kind_reference
from kpolicy.text.sitemd import anchor, code, inline, link, page_href, prose
from kpolicy.workflow.stale import stale_claims
from site_support import ROOT

EXTENSIONS = ["admonition", "attr_list", "tables", "toc", "pymdownx.highlight", "pymdownx.superfences"]


def html(md: str) -> str:
    """Markdown as the site's configuration renders it."""
    return markdown.markdown(md, extensions=EXTENSIONS)


def test_the_site_fixture_is_clean() -> None:
    """The `catalog` fixture's tree loads without an error or a warning."""
    result = load(ROOT / "tests" / "data" / "site-fixture" / "policies", today=TODAY)
    assert [f"{p.path}:{p.line}:{p.column}: {p.check}: {p.message}" for p in result.problems] == []
    assert result.files == 26 and result.catalog is not None and len(result.catalog.subsystems) == 5


@pytest.fixture(scope="module")
def site(catalog: Catalog) -> RenderedSite:
    claims = stale_claims(catalog, datetime.date(2026, 11, 21), 180)
    return render_site(catalog, SiteInputs(
        contributing="# Contributing\n\nSee [the schemas](schema/) and [Adding](#adding-a-record).\n\n"
                     "## Adding a record\n\nRun `kpolicy new`. See [missing](#nowhere) and [file](policies/x.yaml).\n",
        schemas=Schemas.default(), export_schema="{}", stale=claims, stale_note="older than 180 days"))


# -- escaping ------------------------------------------------------------------------------------

HOSTILE = [
    '<script>alert(1)</script>', '<img src=x onerror=alert(2)>', '[x](javascript:alert(3))',
    'text {: onclick="alert(4)" }', '![i](javascript:alert(5))', '<https://evil.example>', '&lt;b&gt; & <b>',
    '`code` *em* __strong__', '1. not a list', '- not a list', '# not a heading', '!!! note "not a box"',
    '~~~\nnot code\n~~~', '---', '- - -', '+ plus', '2025. a year', '| not | a | table |', '[TOC]', '\\<script\\>',
    '<!-- comment -->',
]


def elements(out: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collect().feed(out)
    return found


@pytest.mark.parametrize("value", HOSTILE)
def test_record_text_renders_as_the_same_text_and_nothing_else(value: str) -> None:
    for out in (html(f"before {inline(value)} after"), html(prose(value)), html(f"| a |\n|---|\n| {inline(value)} |")):
        tags = elements(out)
        assert {t for t, _ in tags} <= {"p", "code", "table", "thead", "tbody", "tr", "th", "td"}, out
        assert all(not attrs for _, attrs in tags), out
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", html(inline(value))))
    assert text == " ".join(value.split())


def test_prose_keeps_paragraphs_and_marks_code() -> None:
    out = html(prose("First `rust/kernel/dma.rs` paragraph.\n\nSecond <b>bold</b> one."))
    assert out == ("<p>First <code>rust/kernel/dma.rs</code> paragraph.</p>\n"
                   "<p>Second &#60;b&#62;bold&#60;/b&#62; one.</p>")


def test_links_only_go_to_web_addresses() -> None:
    assert html(link("x", "https://lore.kernel.org/all/a@b/")) == \
        '<p><a href="https://lore.kernel.org/all/a@b/">x</a></p>'
    for url in ("javascript:alert(1)", "data:text/html,<b>", "vbscript:x", "JaVaScRiPt:alert(1)", "//evil.example",
                "https://x.example/ space", "mailto:someone@example.org"):
        assert "<a " not in html(link("x", url)), url
    quoted = html(link("x", "https://x.example/\"onmouseover=\"alert(1)')(<b>"))
    assert 'href="https://x.example/%22onmouseover=%22alert%281%29%27%29%28%3Cb%3E"' in quoted


def test_code_spans_hold_any_text() -> None:
    assert html(code("a`b")) == "<p><code>a`b</code></p>"
    assert html(code("<script>")) == "<p><code>&lt;script&gt;</code></p>"
    assert code("") == ""


def test_page_addresses_are_relative_and_ids_cannot_steer_them() -> None:
    assert page_href("subsystems/rust.md", "maintainers/miguel-ojeda.md") == "../subsystems/rust.md"
    assert page_href("policy.md", "policy.md", "03-x") == "#03-x"
    assert parts.subsystem_page("index") == "subsystems/index_.md"
    assert re.fullmatch(r"subsystems/id-[0-9a-f]{16}\.md", parts.subsystem_page("../../etc<script>"))
    assert anchor("2025-01-08 <b>x</b>") == "2025-01-08-b-x-b"


def test_page_addresses_are_what_relpath_gives() -> None:
    """page_href works the relative address out itself (relpath asks the OS for the current
    directory on every call); it must give relpath's answer for any two site paths."""
    site = ["index.md", "policy.md", "feed.xml", "subsystems", "subsystems/index.md", "subsystems/rust.md",
            "maintainers/a.md", "api/v1/subsystems.json", "a/b/c.md", "a/b/d.md", "a/e.md", "a", "a/b"]
    for target in site:
        for here in site:
            assert page_href(target, here) == posixpath.relpath(target, posixpath.dirname(here) or "."), \
                (target, here)


# -- the pages -----------------------------------------------------------------------------------

def test_every_record_has_a_page_kept_out_of_the_navigation(site: RenderedSite, catalog: Catalog) -> None:
    for s in catalog.subsystems:
        assert parts.subsystem_page(s) in site.record_pages
    for m in catalog.maintainers:
        assert parts.maintainer_page(m) in site.record_pages
    assert parts.HOME not in site.record_pages and parts.SUBSYSTEMS in site.pages
    assert {f"api/v1/{name}" for name in FILES} | {"api/v1/export.schema.json", "feed.xml"} == set(site.files)


def test_home_gives_the_headline_numbers(site: RenderedSite) -> None:
    home = site.pages[parts.HOME]
    assert ("[5 live subsystems](subsystems/index.md) recorded, 5 of them with a documented Rust stance; "
            "[8 people](maintainers/index.md); [2 events](timeline.md).") in home
    assert ("Current minimum [Rust compiler (rustc)](version-policy.md): **1.85.0** (since Linux 7.1, s390 1.96.0 "
            "since 7.3, powerpc 1.95.0 since 7.3)") in home
    assert "Current minimum [bindgen](version-policy.md): **0.71.1**" in home
    assert "Newest verification: 2026-06-07" in home
    assert '<svg class="kp-svg kp-svg-narrow" id="home-stance-chart"' in home


def test_subsystem_page_shows_every_field_the_stance_and_the_route(site: RenderedSite) -> None:
    page = site.pages["subsystems/dma-mapping-helpers.md"]
    assert page.startswith("---\ndescription: ") and "\n---\n\n# DMA MAPPING HELPERS\n" in page
    for expected in (
        "| M: Maintainers | [Marek Szyprowski](../maintainers/marek-szyprowski.md) `m.szyprowski@samsung.com` |",
        "| R: Reviewers | [Robin Murphy](../maintainers/robin-murphy.md) `robin.murphy@arm.com` |",
        "| L: Mailing lists | `iommu@lists.linux.dev` |",
        ("| W: Web pages | [http://git.infradead.org/users/hch/dma-mapping.git]"
        "(http://git.infradead.org/users/hch/dma-mapping.git) |"),
        "| T: Source trees | git `git://git.kernel.org/pub/scm/linux/kernel/git/mszyprowski/linux.git` |",
        "`include/asm-generic/dma-mapping.h`<br>`include/linux/dma-mapping.h`<br>`kernel/dma/`",
        ("[<span class=\"kp-badge kp-level-no-engagement\">No engagement</span>](../stances/no-engagement.md)"
        " — last checked 2025-03-30"),
        ("The DMA-mapping maintainer objected to Rust code in `kernel/dma`; the Rust abstraction went in through "
        "the Rust tree with its own &#91;RUST&#93; entry."),
        "(2025-01-08, primary)", "(2025-03-27, secondary)",
        "2025-01-08: [<span class=\"kp-badge kp-level-no-engagement\">No engagement</span>]",
        "The fields match the MAINTAINERS file of Linux 6.12.117 field for field.",
        ("Paired Rust entry: [DMA MAPPING HELPERS DEVICE DRIVER API &#91;RUST&#93;]"
        "(dma-mapping-helpers-device-driver-api-rust.md)"),
        ("2025-01-08: [The DMA-mapping maintainer objects to Rust code in kernel/dma]"
        "(../timeline.md#2025-01-08-dma-mapping-objection)"),
        "`policies/subsystems/dma-mapping-helpers.yaml`",
    ):
        assert expected in page, expected
    # the unverified history entry is marked
    history = page[page.index("**Earlier stances:**"):]
    assert parts.UNVERIFIED in history.split("\n\n")[1]
    # a C entry with a Rust pair: the Rust entry's people are addressed, the C people copied
    send = page[page.index("## Where to send a Rust patch"):page.index("## Rust stance")]
    assert ("**To:** [Abdiel Janulgue](../maintainers/abdiel-janulgue.md) `abdiel.janulgue@gmail.com`, "
            "[Danilo Krummrich](../maintainers/danilo-krummrich.md) `dakr@kernel.org`") in send
    assert "[Marek Szyprowski](../maintainers/marek-szyprowski.md)" in send.split("**Cc:**")[1]
    assert "`rust-for-linux@vger.kernel.org`, `iommu@lists.linux.dev`" in send
    assert "the Rust-for-Linux trees, git [https://github.com/Rust-for-Linux/linux.git]" in send


def test_patch_route_for_a_rust_entry_copies_the_c_side_and_the_rust_list(catalog: Catalog) -> None:
    r = patch_route(catalog, "block-layer-device-driver-api-rust")
    assert [p.person for p in r.to] == ["andreas-hindborg"]
    assert [p.email for p in r.to] == ["a.hindborg@samsung.com"]  # the address this entry writes
    assert [p.person for p in r.cc] == ["boqun-feng", "jens-axboe"]
    assert r.lists == ("linux-block@vger.kernel.org", "rust-for-linux@vger.kernel.org")
    assert r.tree == "git https://github.com/Rust-for-Linux/linux.git rust-block-next"


def test_unverified_stance_gets_a_warning_kept_out_of_search(site: RenderedSite) -> None:
    warning = ('**Unverified:** this stance could not be checked against a primary source yet; treat it with care.'
               '\n{: .kp-warn data-search-exclude="1" }')
    assert warning in site.pages["subsystems/block-layer-device-driver-api-rust.md"]
    assert '**Unverified:**' not in site.pages["subsystems/block-layer.md"]


def test_maintainer_page_lists_every_role(site: RenderedSite) -> None:
    page = site.pages["maintainers/andreas-hindborg.md"]
    assert "- **Address:** `a.hindborg@kernel.org`" in page
    assert "**Earlier or other addresses:** `a.hindborg@samsung.com`" in page
    maintainer, reviewer, rust = (page.split(h)[1].split("\n\n")[1] for h in (
        "**Maintainer (M:) of**", "**Reviewer (R:) of**", "**Looks after the Rust side of**"))
    assert "[BLOCK LAYER DEVICE DRIVER API &#91;RUST&#93;](../subsystems/block-layer-device-driver-api-rust.md)" \
        in maintainer
    assert "[RUST](../subsystems/rust.md)" in reviewer and "DMA MAPPING HELPERS DEVICE DRIVER API" in reviewer
    assert "[BLOCK LAYER](../subsystems/block-layer.md)" in rust
    assert "(2024-09-13, primary)" in page


def test_policy_page_follows_the_document_with_live_views(site: RenderedSite) -> None:
    page = site.pages[parts.POLICY]
    headings = re.findall(r"^## (\d+)\. (.*) \{#([^}]+)\}$", page, re.MULTILINE)
    assert [(n, h) for n, h, _ in headings] == [
        ("1", "How is Rust introduced in a subsystem?"), ("2", "Do kernel maintainers support Rust in the kernel?"),
        ("3", "Who maintains Rust code in the kernel?"),
        ("4", "Who is responsible if a C change breaks a build with Rust enabled?")]
    sections = dict(zip((a for _, _, a in headings), re.split(r"^## \d+\. .*$", page, flags=re.MULTILINE)[1:],
                        strict=True))
    s1, s2, s3, s4 = sections.values()
    assert "[Original section](https://rust-for-linux.com/rust-kernel-policy#how-is-rust-introduced-in-a-subsystem)" \
        in s1
    assert ("| [<span class=\"kp-badge kp-level-rust-submaintainer\">Rust sub-maintainer</span>]"
            "(stances/rust-submaintainer.md) | 2 |") in s1
    assert "**Records:** stance of [BLOCK LAYER](subsystems/block-layer.md#stance)" in s1
    assert "[The Rust kernel policy page is published](timeline.md#2025-02-09-rust-kernel-policy-published)" in s2
    rust_entries = s3.split("**Rust drivers named in MAINTAINERS entries:**")[0]
    assert ("[BLOCK LAYER DEVICE DRIVER API &#91;RUST&#93;](subsystems/block-layer-device-driver-api-rust.md)"
            " | [Andreas Hindborg](maintainers/andreas-hindborg.md) | [BLOCK LAYER](subsystems/block-layer.md) |"
            ) in rust_entries
    assert "| [RUST](subsystems/rust.md) | [Miguel Ojeda](maintainers/miguel-ojeda.md) | &nbsp; |" in rust_entries
    assert "`drivers/block/rnull.rs`" in s3
    assert "[BLOCK LAYER](subsystems/block-layer.md#stance) | 2025-03-27 |" in s4
    assert "**1.85.0**" in s4 and parts.UNVERIFIED in s4.split("\n\n")[2]


def test_stance_scale_and_level_pages(site: RenderedSite) -> None:
    scale = site.pages[parts.STANCES]
    assert '<svg class="kp-svg kp-svg-narrow" id="stance-chart"' in scale
    assert "| [<span class=\"kp-badge kp-level-maintains\">Maintains Rust</span>](maintains.md) |" in scale
    level = site.pages["stances/rust-submaintainer.md"]
    assert "2 live subsystems are recorded at this level now; past cases follow." in level
    assert "[BLOCK LAYER](../subsystems/block-layer.md)" in level
    assert "(2024-05-14)" in level
    # the start of the level and the day it was last checked are two facts, said as such
    assert "Level since 2024-05-14 (after Linux 6.10, by 6.11); last checked 2025-03-27" in level
    assert "Last checked 2025-03-30" not in level  # no DMA entry at this level
    block = site.pages["subsystems/block-layer.md"]
    assert " — level since 2024-05-14 (after Linux 6.10, by 6.11); last checked 2025-03-27" in block
    assert ("**Since when:** the level holds since 2024-05-14 (after Linux 6.10, by 6.11). The block maintainer "
            "agrees to take the Rust block layer with a sub-maintainer. Sources: ") in block
    dma = site.pages["subsystems/dma-mapping-helpers.md"]
    assert "level since" not in dma and "**Since when:**" not in dma  # no source shows a start: none is said


def test_version_policy_page(site: RenderedSite) -> None:
    page = site.pages[parts.VERSION_POLICY]
    assert "## Rust compiler (rustc) {#rustc}" in page and "## bindgen {#bindgen}" in page
    assert "| 6.11 | **1.78.0** | minimum | The first minimum instead of a pinned version.<br>Sources: " in page
    assert '<svg class="kp-svg" id="chart-rustc"' in page and '<svg class="kp-svg" id="chart-bindgen"' in page
    assert "In force since 2026-01:" in page
    assert "- 2023-03: Exactly one Rust version was supported." in page
    assert "| Ubuntu 24.04 LTS |  | Packages: `rustc-1.85`<br>Sources: " in page.replace("&nbsp;", "")
    ubuntu = next(line for line in page.splitlines() if line.startswith("| Ubuntu"))
    assert parts.UNVERIFIED in ubuntu
    assert "| `asm_goto` | stabilized | Stable since Rust 1.87<br>" in page
    # per-architecture minimums: in the current line and in the step's row
    assert ("Linux 7.3 and later need Rust compiler (rustc) at least **1.85.0**; on some architectures more: "
            "s390 needs **1.96.0**, powerpc needs **1.95.0**.") in page
    assert ("| 7.3 | **1.85.0** | minimum | Per architecture: s390 needs **1.96.0**, "
            "powerpc needs **1.95.0**<br>") in page
    # architectures per release: one column per release read, 'no' where the release does not build Rust there
    # (the conditions of the newest release go under the table, which must stay narrow enough not to scroll)
    assert "| Architecture | 6.1.192 | 7.3.4 |" in page
    assert "| `powerpc` | no | yes\\* |" in page
    assert "\\* Kconfig lets the release build Rust code there, but its arch-support.rst does not list" in page
    assert "| `x86` | yes | yes |" in page and "| `um` | no | yes |" in page
    assert ("Conditions in the newest release that supports each: `powerpc`: Kconfig: `PPC64 && CPU_LITTLE_ENDIAN`; "
            "`um`: Kconfig: always; `x86`: x86&#95;64 only; Kconfig: `X86_64`.") in page.replace("&amp;&amp;", "&&")
    assert "- Linux 7.3.4: Kconfig enables powerpc; the documentation does not list it yet. sources: " in page
    assert "bindgen-architectures" not in page  # no list recorded for bindgen: no section


def test_timeline_groups_events_by_year(site: RenderedSite) -> None:
    page = site.pages[parts.TIMELINE]
    assert "## 2025 {#year-2025}" in page
    assert ("### 2025-01-08: The DMA-mapping maintainer objects to Rust code in kernel/dma "
            "{#2025-01-08-dma-mapping-objection}") in page
    assert "Subsystems: [DMA MAPPING HELPERS](subsystems/dma-mapping-helpers.md)" in page


def test_stale_page_lists_what_stale_py_finds(site: RenderedSite, catalog: Catalog) -> None:
    page = site.pages[parts.STALE]
    claims = stale_claims(catalog, datetime.date(2026, 11, 21), 180)
    assert claims and f"{len(claims)} claims, the longest unchecked first:" in page
    first = claims[0]
    assert first.id in ("block-layer", "block-layer-device-driver-api-rust")
    assert f"| {first.date} | {first.age_days} |" in page
    assert "[BLOCK LAYER: stance rust-submaintainer](../subsystems/block-layer.md#stance)" in page
    assert render_site(catalog, SiteInputs(stale=[])).pages[parts.STALE].count("checked recently enough") == 1


def test_contributing_page_renders_the_guide_with_working_links(site: RenderedSite) -> None:
    page = site.pages[parts.CONTRIBUTING]
    assert page.startswith("# Contributing\n\nSee [the schemas](schema.md) and [Adding](#adding-a-record).")
    assert "See missing and file (`policies/x.yaml`)." in page
    assert "[needs re-verification](stale.md)" in page
    assert contributing_page(None).startswith("# Contributing\n\nThe contributor guide")


def test_contributing_page_renders_the_real_guide_when_present() -> None:
    guide = ROOT / "CONTRIBUTING.md"
    if not guide.exists():
        pytest.skip("CONTRIBUTING.md is not in this checkout")
    page = contributing_page(guide.read_text(encoding="utf-8"))
    body = [line for line in guide.read_text(encoding="utf-8").splitlines()[1:] if line.strip() and "](" not in line]
    assert all(line in page for line in body[:20])


def test_schema_reference_lists_every_field_of_every_kind(site: RenderedSite) -> None:
    page = site.pages[parts.SCHEMA_REFERENCE]
    schemas = Schemas.default()
    for kind in KINDS:
        _, fields = kind_reference(schemas, kind.schema)
        top = schemas.documents[kind.schema]["properties"]
        assert set(top) <= {f.path for f in fields}
        for f in fields:
            assert f"| `{f.path}` |" in page, f"{kind.name}: {f.path}"
    assert "| `level` | one of the values listed | yes | `maintains`, `wants-help`," in page
    assert "| `history[].sources[].url` | URL | yes |" in page
    assert "| `maintainers` | list of text or mapping |  |" in page.replace("&nbsp;", "")


def test_api_page_lists_the_files(site: RenderedSite) -> None:
    page = site.pages[parts.API]
    for name in FILES:
        assert f"[{name.replace('-', '-')}](v1/{name})" in page
    assert "| [subsystems.json](v1/subsystems.json) | every MAINTAINERS entry" in page
    assert "[export.schema.json](v1/export.schema.json)" in page


def test_the_renderer_does_not_need_mkdocs() -> None:
    """pages.py and what it imports run without MkDocs (only hooks.py adapts them to it)."""
    import subprocess
    import sys

    code = ("import sys, kpolicy.site.pages, kpolicy.site.build, kpolicy.commands.site; "
            "print(sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith(('mkdocs.', 'material'))))")
    p = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert p.stdout.strip() == "[]"
