"""Catalog -> every page of the site, as Markdown. Pure: no MkDocs import, no file access.

The MkDocs hook (hooks.py) and `kpolicy site --out DIR` both go through build.assemble(), which
calls render_site(); whatever engine builds the pages, they are the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kpolicy.export import export_data
from kpolicy.records.model import Catalog
from kpolicy.records.schemas import Schemas
from kpolicy.site import parts
from kpolicy.site.api_page import api_files, api_page
from kpolicy.site.contributing_page import contributing_page
from kpolicy.site.correct import Repository
from kpolicy.site.feed import PATH as FEED
from kpolicy.site.feed import atom_feed
from kpolicy.site.finishing import finish_pages
from kpolicy.site.glossary_page import PATH as GLOSSARY
from kpolicy.site.glossary_page import glossary_page
from kpolicy.site.home_page import home_page
from kpolicy.site.not_recorded_page import PATH as NOT_RECORDED
from kpolicy.site.not_recorded_page import not_recorded_page
from kpolicy.site.people_pages import maintainer_page, maintainers_index
from kpolicy.site.policy_page import policy_page
from kpolicy.site.rust_page import rust_page
from kpolicy.site.schema_reference import schema_reference_page
from kpolicy.site.stale_page import stale_page
from kpolicy.site.stance_pages import level_page, stance_scale
from kpolicy.site.subsystem_pages import subsystem_page, subsystems_index
from kpolicy.site.timeline_page import timeline_page
from kpolicy.site.version_page import version_policy_page
from kpolicy.site.vocabulary import LEVELS

STYLESHEET = "assets/kpolicy.css"  # where the site serves it (mkdocs.yml extra_css names it)


@dataclass(frozen=True)
class SiteInputs:
    """What the pages need besides the Catalog; each is optional, and a page says when one is missing."""
    contributing: str | None = None  # the text of CONTRIBUTING.md
    schemas: Schemas | None = None  # for the schema reference
    export_schema: str | None = None  # the text of schema/export.schema.json
    stale: Sequence[Any] | None = None  # what kpolicy.workflow.stale found (None: not computed)
    stale_note: str | None = None  # how it was computed (threshold, date)
    stylesheet: str | None = None  # the site's CSS (site/assets/kpolicy.css), which draws charts and badges
    # frozen, so shared safely: where records are edited and problems reported (mkdocs.yml repo_url)
    repository: Repository = Repository()  # noqa: RUF009
    site_url: str | None = None  # the site's public address (mkdocs.yml site_url), for absolute feed links
    site_name: str = "Kernel Rust policy knowledge base"


@dataclass(frozen=True)
class RenderedSite:
    pages: dict[str, str]  # Markdown, by path under docs/
    files: dict[str, str] = field(default_factory=dict)  # other files (JSON), by path
    record_pages: frozenset[str] = frozenset()  # one page per record: reachable by links, not in the nav


def render_site(catalog: Catalog, inputs: SiteInputs = SiteInputs()) -> RenderedSite:
    pages: dict[str, str] = {
        parts.HOME: home_page(catalog),
        parts.POLICY: policy_page(catalog),
        parts.SUBSYSTEMS: subsystems_index(catalog),
        parts.MAINTAINERS: maintainers_index(catalog),
        parts.STANCES: stance_scale(catalog),
        parts.VERSION_POLICY: version_policy_page(catalog),
        parts.TIMELINE: timeline_page(catalog),
        parts.RUST: rust_page(catalog),
        parts.CONTRIBUTING: contributing_page(inputs.contributing),
        parts.STALE: stale_page(catalog, inputs.stale, inputs.stale_note),
        NOT_RECORDED: not_recorded_page(catalog),
        GLOSSARY: glossary_page(),
    }
    for level in LEVELS:
        pages[parts.level_page(level)] = level_page(catalog, level)
    if inputs.schemas is not None:
        pages[parts.SCHEMA_REFERENCE] = schema_reference_page(inputs.schemas)
    else:
        pages[parts.SCHEMA_REFERENCE] = "# Schema reference\n\nThe schemas were not available to this build.\n"
    export = export_data(catalog)
    pages[parts.API] = api_page(export, inputs.export_schema)
    records: dict[str, str] = {}
    for s in catalog.subsystems.values():
        records[parts.subsystem_page(s.id)] = subsystem_page(catalog, s)
    for m in catalog.maintainers.values():
        records[parts.maintainer_page(m.id)] = maintainer_page(catalog, m)
    pages.update(records)
    pages = finish_pages(pages, catalog, inputs.repository)
    files = api_files(export, inputs.export_schema)
    files[FEED] = atom_feed(catalog, inputs.site_name, inputs.site_url)
    if inputs.stylesheet is not None:
        files[STYLESHEET] = inputs.stylesheet
    return RenderedSite(pages=pages, files=files, record_pages=frozenset(records))
