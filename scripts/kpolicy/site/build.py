"""Gather what the renderer needs from a repository checkout, and render it.

This is the only part of the site package that reads files or the clock: the records (through
the one loader and validator), CONTRIBUTING.md, the schemas, and today's date for the staleness
check. Invalid records stop here with the validator's located messages.
"""

from __future__ import annotations

import datetime
import os
from importlib import resources
from pathlib import Path

from kpolicy.records import reader
from kpolicy.records.load import load_catalog
from kpolicy.records.model import Catalog
from kpolicy.records.result import NoRecordsFolder, RecordsInvalid
from kpolicy.records.schemas import SCHEMA_DIR, Schemas
from kpolicy.site.correct import Repository
from kpolicy.site.pages import STYLESHEET, RenderedSite, SiteInputs, render_site
from kpolicy.workflow.stale import DEFAULT_OLDER_THAN_DAYS, StaleClaim, stale_claims

POLICIES_ENV = "KPOLICY_POLICIES"  # another records folder to build from (benchmarks, tests)


class SiteError(Exception):
    """The site cannot be built; the message says why, with file:line:col for record problems."""


def policies_folder(root: Path) -> Path:
    override = os.environ.get(POLICIES_ENV)
    return Path(override) if override else root / "policies"


def catalog_for_site(policies: Path) -> Catalog:
    try:
        return load_catalog(policies)
    except NoRecordsFolder:
        raise SiteError(f"{policies}: no such records folder") from None
    except RecordsInvalid as e:
        raise SiteError(f"the records have errors, so the site was not built:\n{e}") from None


def _read(path: Path) -> str | None:
    """A file of the checkout that a page quotes; never through a link (it could point outside)."""
    from kpolicy.records.safefs import NotRegular, read_regular

    try:
        raw = read_regular(path, 1 << 20, str(path))
        if len(raw) > 1 << 20:
            raise SiteError(f"{path}: larger than 1 MiB")
        return raw.decode("utf-8")
    except FileNotFoundError:
        return None
    except NotRegular as e:
        raise SiteError(f"{path}: {e.what}; only regular files are published") from None
    except (OSError, UnicodeDecodeError) as e:
        raise SiteError(f"{path}: cannot read: {e}") from None


def stale_report(catalog: Catalog, today: datetime.date) -> tuple[list[StaleClaim], str]:
    days = DEFAULT_OLDER_THAN_DAYS
    return stale_claims(catalog, today, days), \
        f"Claims last checked more than {days} days before {today.isoformat()}, the day of this build."


def site_inputs(catalog: Catalog, root: Path, today: datetime.date | None = None,
                repository: Repository | None = None, site_url: str | None = None) -> SiteInputs:
    stale, note = stale_report(catalog, today or reader.system_today())
    return SiteInputs(
        contributing=_read(root / "CONTRIBUTING.md"),
        schemas=Schemas.default(),
        export_schema=(SCHEMA_DIR / "export.schema.json").read_text(encoding="utf-8"),
        stale=stale,
        stale_note=note,
        stylesheet=resources.files(__package__).joinpath(STYLESHEET).read_text(encoding="utf-8"),
        repository=repository or Repository(),
        site_url=site_url,
    )


def assemble(catalog: Catalog, root: Path, repository: Repository | None = None, site_url: str | None = None,
             today: datetime.date | None = None) -> RenderedSite:
    """The one way the site is put together: every page and file for valid records, with what the
    checkout at root adds (CONTRIBUTING.md) and where records are edited (repository)."""
    return render_site(catalog, site_inputs(catalog, root, today, repository, site_url))


def build_from(root: Path, policies: Path | None = None, repository: Repository | None = None,
               site_url: str | None = None, today: datetime.date | None = None) -> RenderedSite:
    """The site for the checkout at root, from its records (the MkDocs hook passes mkdocs.yml's
    repo_url, edit_uri and site_url); raises SiteError with the located problems."""
    catalog = catalog_for_site(policies or policies_folder(root))
    return assemble(catalog, root, repository, site_url, today)
