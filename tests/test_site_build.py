"""The site as MkDocs builds it: the real records strictly, the fixture tree, and what must fail."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

import kpolicy.site.build as site_build
from conftest import TODAY
from kpolicy.export import FILES, export_data
from kpolicy.records.load import load
from kpolicy.records.schemas import Schemas
from kpolicy.site import parts
from site_support import (
    FIXTURE,
    ROOT,
    fixture_build,
    fixture_site,
    mkdocs_build,
    real_build,
    scan_html,
    scan_search_index,
    theme_scripts,
)


def test_the_real_records_build_strictly(tmp_path_factory: pytest.TempPathFactory) -> None:
    result = real_build(tmp_path_factory)
    assert result.code == 0, result.err
    assert "WARNING" not in result.err
    site = result.site
    catalog = load(ROOT / "policies").catalog
    assert catalog is not None
    for s in catalog.subsystems:
        assert (site / parts.subsystem_page(s).removesuffix(".md") / "index.html").is_file(), s
    for m in catalog.maintainers:
        assert (site / parts.maintainer_page(m).removesuffix(".md") / "index.html").is_file(), m
    allowed = theme_scripts((site / "index.html").read_text(encoding="utf-8"))
    assert scan_html(site, allowed) == []
    assert scan_search_index(site) == []


def test_the_fixture_site_builds_strictly(tmp_path_factory: pytest.TempPathFactory) -> None:
    result = fixture_build(tmp_path_factory)
    assert result.code == 0, result.err
    assert "WARNING" not in result.err


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_site(tmp_path_factory)


def test_every_page_of_the_fixture_is_built(site: Path) -> None:
    for page in ("index.html", "policy/index.html", "subsystems/index.html",
                 "subsystems/dma-mapping-helpers/index.html",
                 "maintainers/andreas-hindborg/index.html", "stances/index.html", "stances/unknown/index.html",
                 "version-policy/index.html", "timeline/index.html", "contributing/index.html",
                 "contributing/schema/index.html", "contributing/stale/index.html", "api/index.html"):
        assert (site / page).is_file(), page
    dma = (site / "subsystems/dma-mapping-helpers/index.html").read_text(encoding="utf-8")
    assert "<title>DMA MAPPING HELPERS - Kernel Rust policy knowledge base</title>" in dma
    assert 'href="../../maintainers/marek-szyprowski/"' in dma  # links between pages resolve to built URLs
    version = (site / "version-policy/index.html").read_text(encoding="utf-8")
    assert version.count('<svg class="kp-svg"') == 2


def test_record_pages_stay_out_of_the_navigation(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'<a href="([^"]*)" class="md-nav__link', home))
    assert {"subsystems/", "maintainers/", "version-policy/", "stances/unknown/", "api/"} <= links
    assert not any(link.startswith(("subsystems/", "maintainers/")) and link.count("/") > 1 for link in links)
    assert len(links) < 30


def test_no_page_loads_anything_from_outside_the_site(site: Path) -> None:
    allowed = theme_scripts((site / "index.html").read_text(encoding="utf-8"))
    assert scan_html(site, allowed) == []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, page


def test_the_api_files_are_the_export_and_valid_against_its_schema(site: Path) -> None:
    catalog = load(FIXTURE, today=TODAY).catalog
    assert catalog is not None
    expected = export_data(catalog)
    validator = Draft202012Validator({"$ref": "export.schema.json"}, registry=Schemas.default().registry)
    for name in FILES:
        served = json.loads((site / "api" / "v1" / name).read_text(encoding="utf-8"))
        assert served == expected[name]
        assert not list(validator.iter_errors(served)), name
    schema = json.loads((site / "api" / "v1" / "export.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads((ROOT / "schema" / "export.schema.json").read_text(encoding="utf-8"))


def test_an_invalid_record_stops_the_build_with_a_located_message(tmp_path: Path) -> None:
    tree = tmp_path / "policies"
    shutil.copytree(FIXTURE, tree)
    stance = tree / "stances" / "block-layer.yaml"
    stance.write_text(stance.read_text(encoding="utf-8").replace("level: rust-submaintainer", "level: sometimes"))
    result = mkdocs_build(tmp_path / "site", tree)
    assert result.code == 1
    assert "block-layer.yaml:2:8: error[schema.enum]" in result.err, result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "site" / "index.html").exists()


def _build_in_process(site: Path) -> None:
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True)
    build(config)


def test_a_broken_link_or_anchor_fails_the_strict_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("KPOLICY_POLICIES", str(FIXTURE))
    render = site_build.render_site

    def with_bad_links(*args, **kwargs):
        site = render(*args, **kwargs)
        site.pages[parts.TIMELINE] += "\n[gone](subsystems/no-such-entry.md) [nowhere](policy.md#no-such-section)\n"
        return site

    monkeypatch.setattr(site_build, "render_site", with_bad_links)
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort, match="strict mode"):
        _build_in_process(tmp_path / "site")
    messages = "\n".join(r.getMessage() for r in caplog.records)
    assert "'subsystems/no-such-entry.md'" in messages
    assert "'#no-such-section'" in messages


def test_without_site_and_repository_addresses_nothing_points_anywhere(site: Path) -> None:
    assert "<loc>" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    page = (site / "subsystems" / "block-layer" / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in page and "Report a problem" not in page and "/edit/" not in page
    assert "policies/subsystems/block-layer.yaml" in page  # the record is still named
    assert 'href="timeline/#' in (site / "feed.xml").read_text(encoding="utf-8")


def test_with_site_and_repository_addresses_every_page_links_its_records(tmp_path: Path) -> None:
    """mkdocs.yml with site_url, repo_url and edit_uri set (a config that inherits the real one)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nsite_url: https://example.org/kp/\n"
        "repo_url: https://github.com/example/kpolicy\nedit_uri: edit/main/\n"
        f"theme:\n  custom_dir: {ROOT / 'scripts/kpolicy/site/overrides'}\n"
        f"hooks:\n  - {ROOT / 'scripts/kpolicy/site/hooks.py'}\nwatch: []\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KPOLICY_POLICIES": str(FIXTURE)}
    out = tmp_path / "site"
    p = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
                       check=False, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/kp/subsystems/block-layer/</loc>" in sitemap
    page = (out / "subsystems" / "block-layer" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/kp/subsystems/block-layer/">' in page
    assert 'href="https://github.com/example/kpolicy/edit/main/policies/subsystems/block-layer.yaml"' in page
    assert 'href="https://github.com/example/kpolicy/issues/new?title=' in page
    assert "md-content__button" not in page  # the theme's edit button would point at a docs/ file that does not exist
    assert 'data-md-component="source"' not in page  # no call to the forge's API from the page
    for html in out.rglob("*.html"):
        if html.name != "404.html":
            assert "Report a problem with this page" in html.read_text(encoding="utf-8"), html
    assert 'href="https://example.org/kp/feed.xml"' in (out / "feed.xml").read_text(encoding="utf-8")
