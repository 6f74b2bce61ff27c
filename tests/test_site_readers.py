"""What a reader meets, without MkDocs: current answers first, a way to correct every page, what is
new (timeline order, the Atom feed), and the search weights that put answers above mentions."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import markdown
import pytest

from kpolicy.maintainers.routing import patch_route
from kpolicy.records.load import load_catalog
from kpolicy.records.model import ArchMinimum, Catalog, VersionPolicy, VersionStep
from kpolicy.site import parts
from kpolicy.site.contributing_page import contributing_page
from kpolicy.site.correct import Repository, correction_footer, repo_path
from kpolicy.site.feed import atom_feed
from kpolicy.site.finishing import description, with_front_matter
from kpolicy.site.pages import RenderedSite, SiteInputs, render_site
from site_support import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
REPO = Repository("https://github.com/example/kpolicy", "edit/main/")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")


@pytest.fixture(scope="module")
def real() -> Catalog:
    """The repository's records (test_real_policies.py asserts they are clean)."""
    return load_catalog(ROOT / "policies")


@pytest.fixture(scope="module")
def plain(catalog: Catalog) -> RenderedSite:
    return render_site(catalog, SiteInputs())


@pytest.fixture(scope="module")
def linked(catalog: Catalog) -> RenderedSite:
    return render_site(catalog, SiteInputs(repository=REPO, site_url="https://example.org/kp/"))


# -- every page correctable ----------------------------------------------------------------------

def test_without_a_repository_address_pages_name_their_records_and_link_nowhere(plain: RenderedSite) -> None:
    page = plain.pages["subsystems/block-layer.md"]
    foot = page[page.index("Built from"):]
    assert "`policies/subsystems/block-layer.yaml`" in foot and "`policies/stances/block-layer.yaml`" in foot
    assert "http" not in foot and "Report a problem" not in foot


def test_with_a_repository_address_every_page_has_edit_and_report_links(linked: RenderedSite) -> None:
    for path, page in linked.pages.items():
        assert "Report a problem with this page" in page, path
    page = linked.pages["subsystems/block-layer.md"]
    assert '<a href="https://github.com/example/kpolicy/edit/main/policies/subsystems/block-layer.yaml">' in page
    assert '<a href="https://github.com/example/kpolicy/edit/main/policies/stances/block-layer.yaml">' in page
    person = linked.pages["maintainers/jens-axboe.md"]
    assert "edit/main/policies/maintainers/jens-axboe.yaml" in person
    assert "https://github.com/example/kpolicy/tree/main/policies/stances" in linked.pages[parts.STANCES]


def test_the_report_link_opens_a_prefilled_issue() -> None:
    url = REPO.report_url("BLOCK LAYER", "subsystems/block-layer.md", ["policies/subsystems/block-layer.yaml"])
    assert url is not None and url.startswith("https://github.com/example/kpolicy/issues/new?")
    query = parse_qs(urlsplit(url).query)
    assert query["title"] == ['Problem on the page "BLOCK LAYER"']
    body = query["body"][0]
    assert "subsystems/block-layer.md" in body and "policies/subsystems/block-layer.yaml" in body


def test_footer_links_cannot_be_steered_by_a_path() -> None:
    foot = correction_footer(REPO, "x", "index.md", ['policies/a"><script>.yaml'])
    assert "<script>" not in foot and '"><' not in foot


def test_a_repository_address_that_is_not_a_web_address_makes_no_links() -> None:
    assert Repository("javascript:alert(1)").edit_url("policies/x.yaml") is None
    assert Repository(None).report_url("t", "p") is None


def test_record_paths_are_shown_from_the_repository_root() -> None:
    assert repo_path("/somewhere/checkout/policies/stances/x.yaml") == "policies/stances/x.yaml"
    assert repo_path("policies/events/e.yaml") == "policies/events/e.yaml"


def test_pages_get_a_description_from_the_record(linked: RenderedSite, catalog: Catalog) -> None:
    page = linked.pages["subsystems/block-layer.md"]
    st = catalog.stance("block-layer")
    assert st.summary
    head = page.split("\n---\n", 1)[0]
    assert 'description: "' in head and description(st.summary)[:40] in head


def test_front_matter_is_added_to_and_existing_keys_are_kept() -> None:
    assert with_front_matter("# T\n", {"a": 1}) == '---\na: 1\n---\n\n# T\n'
    merged = with_front_matter('---\nsearch: {"exclude": true}\n---\n\n# T\n', {"search": {"boost": 3}, "b": "x"})
    assert merged == '---\nsearch: {"exclude": true}\nb: "x"\n---\n\n# T\n'


def test_description_is_one_sentence_on_one_line() -> None:
    assert description("First one.\nSecond one.") == "First one."
    assert len(description("word " * 100) or "") <= 200


# -- current answers first -----------------------------------------------------------------------

def test_a_subsystem_page_starts_with_where_to_send_a_patch(plain: RenderedSite) -> None:
    page = plain.pages["subsystems/block-layer.md"]
    assert (page.index("## Where to send a Rust patch") < page.index("## Rust stance")
            < page.index("## MAINTAINERS entry"))


def test_unknown_facts_are_one_line_with_a_way_to_help(real: Catalog) -> None:
    site = render_site(real, SiteInputs())
    page = site.pages["subsystems/usb-subsystem.md"]
    assert page.count("Not recorded yet:") == 1
    assert "Temporary Rust breakage:** unknown" not in page and "Builds with Rust enabled:** unknown" not in page
    assert "not recorded, git" not in page  # the tree is the T: line, not "not recorded: <tree>"
    assert "Know it? Add it with a source" in page


def test_renamed_entries_are_history_and_route_nothing(real: Catalog) -> None:
    history = [s for s in real.subsystems.values() if s.is_history]
    assert history, "the records keep renamed entries as history"
    site = render_site(real, SiteInputs())
    for old in history:
        page = site.pages[parts.subsystem_page(old.id)]
        assert "**History, not a live entry" in page
        if old.renamed_to:
            assert parts.subsystem_page(old.renamed_to).split("/")[-1] in page
            successor = site.pages[parts.subsystem_page(old.renamed_to)]
            assert "Formerly:" in successor and "now history" in successor
    for s in real.subsystems.values():
        if not s.is_history:
            route = patch_route(real, s.id)
            assert not any(o.is_history for o in (*route.owners, *route.others)), s.id


def test_the_page_for_an_unrecorded_subsystem_says_what_to_do(plain: RenderedSite) -> None:
    page = plain.pages["not-recorded.md"]
    for words in ("scripts/get_maintainer.pl", "kpolicy who", "rust-for-linux@vger.kernel.org",
                  "kpolicy new subsystem"):
        assert words in page, words


def test_the_home_page_has_status_and_the_latest_events_newest_first(real: Catalog) -> None:
    page = render_site(real, SiteInputs()).pages[parts.HOME]
    assert "## Rust in the kernel today" in page and "## Latest changes" in page
    latest = page.split("## Latest changes", 1)[1].split("## ", 1)[0]
    dates = re.findall(r"^- (\d{4}(?:-\d{2}){0,2}):", latest, re.MULTILINE)
    newest = sorted((e.date for e in real.events), reverse=True)[:len(dates)]
    assert dates and dates == newest
    assert "Linux 7.3.4" in latest  # the release the live entries were synced to


# -- what is new: timeline and feed --------------------------------------------------------------

def test_the_timeline_is_newest_first_with_a_year_index(real: Catalog) -> None:
    page = render_site(real, SiteInputs()).pages[parts.TIMELINE]
    years = re.findall(r"^## (\d{4}) \{#year-", page, re.MULTILINE)
    assert years == sorted(set(years), reverse=True) and len(years) > 1
    index = page.split("Years: ", 1)[1].split("\n", 1)[0]
    assert re.findall(r"\[(\d{4})\]", index) == years
    dates = re.findall(r"^### (\d{4}(?:-\d{2}){0,2}):", page, re.MULTILINE)
    assert dates == sorted(dates, reverse=True)


def _feed(catalog: Catalog, site_url: str | None = None) -> ET.Element:
    return ET.fromstring(atom_feed(catalog, "KB", site_url).encode("utf-8"))


def _one(parent: ET.Element, tag: str) -> ET.Element:
    found = parent.findall(ATOM + tag)
    assert len(found) == 1, (tag, len(found))
    return found[0]


def test_the_feed_follows_the_atom_rules(real: Catalog) -> None:
    """RFC 4287: atom:feed has exactly one id, title and updated, an author (or every entry has one),
    at most one alternate link per type; each entry exactly one id, title and updated, and an
    alternate link or content; ids are IRIs, dates RFC 3339."""
    feed = _feed(real)
    assert feed.tag == ATOM + "feed"
    assert _one(feed, "id").text.startswith("urn:uuid:")
    assert _one(feed, "title").text
    updated = _one(feed, "updated").text
    assert RFC3339.match(updated)
    assert feed.findall(ATOM + "author/" + ATOM + "name")
    rels = [link.get("rel", "alternate") for link in feed.findall(ATOM + "link")]
    assert rels.count("alternate") == 1 and rels.count("self") == 1
    entries = feed.findall(ATOM + "entry")
    assert len(entries) == min(len(real.events), 50)
    ids = []
    stamps = []
    for entry in entries:
        ids.append(_one(entry, "id").text)
        assert _one(entry, "title").text
        stamps.append(_one(entry, "updated").text)
        assert RFC3339.match(stamps[-1])
        alternates = [li for li in entry.findall(ATOM + "link") if li.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1 and alternates[0].get("href", "").startswith("timeline/#")
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    assert stamps == sorted(stamps, reverse=True) and updated == stamps[0]


def test_the_feed_is_absolute_with_a_site_address(real: Catalog) -> None:
    # that it is the same on every build (no date from the clock) is tests/golden/*/site/feed.xml
    feed = _feed(real, "https://example.org/kp")
    hrefs = [li.get("href") for li in feed.iter(ATOM + "link")]
    assert "https://example.org/kp/feed.xml" in hrefs
    assert all(h.startswith("https://") for h in hrefs)


def test_the_feed_escapes_record_text(catalog: Catalog) -> None:
    from dataclasses import replace
    evil = replace(catalog.events[0], title="<b>&\x01</b>", summary="]]> <x/>")
    feed = ET.fromstring(atom_feed(replace(catalog, events=(evil,)), "K&B").encode("utf-8"))
    assert _one(_one(feed, "entry"), "title").text == "<b>& </b>"


def test_the_site_serves_the_feed(plain: RenderedSite) -> None:
    assert plain.files["feed.xml"].startswith('<?xml version="1.0" encoding="utf-8"?>')


# -- search weights, contributing -----------------------------------------------------------------

def test_answer_pages_weigh_more_than_pages_that_mention(real: Catalog) -> None:
    site = render_site(real, SiteInputs())

    def boost(path: str) -> float:
        m = re.search(r'^search: \{"boost": ([0-9.]+)\}$', site.pages[path], re.MULTILINE)
        assert m, path
        return float(m.group(1))

    mention = boost(parts.TIMELINE)
    for answer in (parts.subsystem_page("usb-subsystem"), parts.maintainer_page("miguel-ojeda"),
                   parts.VERSION_POLICY, parts.POLICY, "not-recorded.md"):
        assert boost(answer) > mention, answer
    history = next(s for s in real.subsystems.values() if s.is_history)
    assert boost(parts.subsystem_page(history.id)) < boost(parts.subsystem_page("usb-subsystem"))


def test_contributing_keeps_one_numbered_list_around_code_blocks() -> None:
    text = "# C\n\n1. First:\n\n   ```sh\n   one\n   ```\n\n2. Second:\n\n   ```sh\n   two\n   ```\n\n3. Third.\n"
    out = markdown.markdown(contributing_page(text), extensions=["pymdownx.superfences"])
    assert out.count("<ol>") == 1 and out.count("<li>") == 3


# -- the version page answers first ---------------------------------------------------------------

def test_the_version_page_answers_which_toolchain_first(real: Catalog) -> None:
    from kpolicy.site.toolchain_answer import known_releases, step_for

    page = render_site(real, SiteInputs()).pages[parts.VERSION_POLICY]
    assert (page.index("## Minimum rustc and bindgen for each kernel") < page.index("## Details")
            < page.index("## Rust compiler"))
    releases = known_releases(real)
    rustc, bindgen = real.version_policies["rustc"], real.version_policies["bindgen"]
    latest = releases[0]
    cur = step_for(rustc, latest)
    arch = "".join(f", on {a.arch} rustc ≥ **{a.version}**" for a in cur.architectures).replace(", on", "; on", 1)
    assert (f"**To build Linux {latest} with Rust you need rustc ≥ **{cur.version}** "
            f"and bindgen ≥ **{step_for(bindgen, latest).version}**{arch}.**") in page
    assert "s390" in arch and "powerpc" in arch  # the real records: two architectures need more than 1.85.0
    table = re.findall(r"^\| Linux ([0-9.]+)(.*?) \| (.*?) \| (.*?) \|$", page, re.MULTILINE)
    rows = [(r, re.search(r"(?:exactly|≥) \*\*([0-9.]+)\*\*", rustc_cell).group(1)) for r, _, rustc_cell, _ in table]
    assert [r for r, _ in rows] == [r for r in releases if r in {r for r, _ in rows}]  # newest first
    # LTS is marked exactly where the records say so, with the unverified badge where they do
    longterm = {x.kernel: x for x in rustc.longterm}
    assert {"6.1", "6.6", "6.12"} <= set(longterm)
    for r, mark, rustc_cell, _ in table:
        assert ('<span class="kp-lts">LTS</span>' in mark) == (r in longterm), r
        assert ("kp-unverified" in mark) == (r in longterm and not longterm[r].verified), r
        step = step_for(rustc, r)
        for a in step.architectures:  # the per-architecture line where one needs more
            assert f"{a.arch}: ≥ {a.version}" in rustc_cell, (r, a.arch)
        assert ("changed" in rustc_cell) == (step.kernel == r), r
    assert "Which releases are longterm, and the sources" in page
    by_release = dict(rows)
    steps = {m.kernel for m in rustc.minimums}
    between = [r for r in by_release if r not in steps]
    assert between, "releases between change points have rows too"
    for r in between:  # such a release needs what the last change before it set
        earlier = max((m for m in rustc.minimums if tuple(map(int, m.kernel.split("."))) <= tuple(map(int,
                                                                                                      r.split(".")))),
                      key=lambda m: tuple(map(int, m.kernel.split("."))))
        assert by_release[r] == earlier.version, r
    for where in ("rustup", "kernel.org LLVM+Rust toolchains", "Quick Start"):
        assert where in page


# -- the policy page mirrors the original ---------------------------------------------------------

def test_the_policy_page_keeps_the_original_anchors_caveat_and_date(real: Catalog) -> None:
    page = render_site(real, SiteInputs()).pages[parts.POLICY]
    assert "**Not hard rules.**" in page and "last changed on 2025-04-02" in page
    for sec in real.sections:
        fragment = sec.original.split("#", 1)[1]
        assert f"{{#{fragment}}}" in page, sec.id
    # each view is shown once; a later question links to it
    for view in {v for sec in real.sections for v in sec.views}:
        holders = [sec for sec in real.sections if view in sec.views]
        if len(holders) > 1:
            assert page.count("shown under [question") >= len(holders) - 1
    assert page.count("[The whole timeline]") <= 1


# -- the glossary ----------------------------------------------------------------------------------

def test_the_glossary_defines_each_term_once_and_every_page_explains_its_abbreviations(plain: RenderedSite) -> None:
    from kpolicy.site.glossary_page import ABBREVIATIONS, TERMS

    page = plain.pages["glossary.md"]
    keys = [key for _, key, _ in TERMS]
    assert len(keys) == len(set(keys))
    for term, key, _ in TERMS:
        assert page.count(f"{{#{key}}}") == 1, term
    defined = 0
    for path, md in plain.pages.items():
        text, _, definitions = md.rpartition("{: .kp-correct data-search-exclude=\"1\" }\n")
        for word, _ in ABBREVIATIONS:
            # a page defines exactly the abbreviations its text uses
            assert (f"\n*[{word}]: " in definitions) == (word in text), (path, word)
            defined += f"\n*[{word}]: " in definitions
    assert defined >= len(ABBREVIATIONS)  # the glossary at least
    html = markdown.markdown(plain.pages["glossary.md"].split("\n---\n", 1)[-1], extensions=["abbr", "attr_list"])
    assert '<abbr title="Short for not acknowledged' in html


def test_a_stance_level_page_lists_past_cases(real: Catalog) -> None:
    page = render_site(real, SiteInputs()).pages[parts.level_page("no-engagement")]
    past = page.split("## Past cases", 1)[1]
    expected = [s for s in real.subsystems.values()
                if any(h.level == "no-engagement" for h in real.stance(s.id).history)
                and (real.stance(s.id).level != "no-engagement" or s.is_history)]
    assert expected, "the records hold past no-engagement stances (DMA mapping)"
    for s in expected:
        assert parts.subsystem_page(s.id).split("/")[-1] in past, s.id


# -- long detail folded, answers in view -----------------------------------------------------------

_FOLDED = re.compile(r'<details class="kp-more" markdown="1">\n<summary>(.*?)</summary>\n(.*?)\n</details>', re.DOTALL)


def test_long_detail_is_folded_and_answers_stay_in_view(real: Catalog) -> None:
    from kpolicy.text.sitemd import prose

    pages = render_site(real, SiteInputs()).pages
    version, policy = pages[parts.VERSION_POLICY], pages[parts.POLICY]
    rustc = real.version_policies["rustc"]
    open_text = _FOLDED.sub("", version)
    folded = dict(_FOLDED.findall(version))
    # every unstable feature and every distribution's version is named outside the boxes
    for f in rustc.unstable_features:
        assert f"`{f.name}`" in open_text, f.name
    for d in rustc.distributions:
        if d.version:
            assert f"**{d.version}**" in open_text, d.name
    # the full tables are inside them, under a summary that counts what they hold
    assert any("| Feature | Status |" in body and f"({len(rustc.unstable_features)} features)" in summary
               for summary, body in folded.items())
    assert any("| Kernel | Version | Kind |" in body and f"({len(rustc.minimums)} steps)" in summary
               for summary, body in folded.items())
    assert "| Release | rustc | bindgen |" in open_text  # the answer table is never folded
    # the policy page: each answer in view; the long lists of examples and the sources folded
    open_policy = _FOLDED.sub("", policy)
    for sec in real.sections:
        assert prose(sec.answer) in open_policy, sec.id
    assert "| Entry | Maintainers (M:) | C entry | Stance |" not in open_policy
    assert any(summary.startswith("Sources (") for summary, _ in _FOLDED.findall(policy))


def _rust_steps() -> tuple[VersionStep, ...]:
    """rustc's minimums from 6.11 to 7.3: 7.2 and 7.3 raise only s390's and powerpc's own lines."""
    return (VersionStep("6.11", "1.78.0", "minimum", ()),
            VersionStep("7.1", "1.85.0", "minimum", ()),
            VersionStep("7.2", "1.85.0", "minimum", (), architectures=(ArchMinimum("s390", "1.96.0"),)),
            VersionStep("7.3", "1.85.0", "minimum", (), architectures=(ArchMinimum("s390", "1.96.0"),
                                                                        ArchMinimum("powerpc", "1.95.0"))))


def test_the_release_table_marks_only_what_a_release_changed() -> None:
    """A release that raises one architecture's minimum marks that line, not the general version."""
    from kpolicy.site.toolchain_answer import _cell

    vp = VersionPolicy(tool="rustc", name="rustc", minimums=_rust_steps(), as_of="2026-11-01")
    mark = ' <span class="kp-changed">changed</span>'
    need = '<span class="kp-need">{}</span>'
    general = need.format("≥ **1.85.0**")
    assert _cell(vp, "7.1") == general + mark
    assert _cell(vp, "7.2") == general + "<br>" + need.format("s390: ≥ 1.96.0") + mark
    assert _cell(vp, "7.3") == (general + "<br>" + need.format("s390: ≥ 1.96.0") + "<br>"
                                + need.format("powerpc: ≥ 1.95.0") + mark)
    assert _cell(vp, "7.4") == general + "<br>" + need.format("s390: ≥ 1.96.0") + "<br>" + need.format(
        "powerpc: ≥ 1.95.0")


def test_a_minimum_is_dated_from_the_release_that_set_it(real: Catalog) -> None:
    """'1.85.0 since Linux 7.1', though later steps only raised one architecture's minimum; each
    architecture's own line dates from where that line first reached today's version."""
    from kpolicy.site.home_page import home_page

    steps = _rust_steps()
    vp = VersionPolicy(tool="rustc", name="rustc", minimums=steps, as_of="2026-11-01")
    assert (vp.since(), vp.since("s390"), vp.since("powerpc")) == ("7.1", "7.2", "7.3")
    raised = VersionPolicy(tool="rustc", name="rustc", as_of="2026-11-01", minimums=(
        *steps, VersionStep("7.4", "1.85.0", "minimum", (), architectures=(ArchMinimum("s390", "1.97.0"),))))
    assert (raised.since(), raised.since("s390")) == ("7.1", "7.4")
    assert VersionPolicy(tool="rustc", name="rustc", minimums=steps[:1], as_of="2026-11-01").since() == "6.11"
    home = home_page(real)
    for vp in real.version_policies.values():
        assert f"**{vp.current.version}** (since Linux {vp.since()}" in home
