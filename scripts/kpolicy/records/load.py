"""The one way to read a records folder: load, schema-check and cross-check every record.

`load` returns everything found (what `validate` prints, warnings included) and the Catalog when
there is no error; `load_catalog` returns the Catalog or raises a located failure. Both take the
date that date checks compare with, so that a caller (a test, a build of an earlier day) need not
depend on the clock. The failures (NoRecordsFolder, RecordsInvalid) and Result live in
kpolicy.records.result, which a caller can import without the validator.
"""

from __future__ import annotations

import datetime
from collections.abc import Set
from pathlib import Path
from typing import Any

from kpolicy.records.build import catalog_of
from kpolicy.records.checks import run_checks
from kpolicy.records.model import Catalog
from kpolicy.records.problems import sort_problems
from kpolicy.records.reader import read_records
from kpolicy.records.result import NoRecordsFolder, RecordsInvalid, Result
from kpolicy.records.schemas import Schemas


def load(root: Path | str, skip: Set[str] = frozenset(), schemas: Schemas | None = None,
         maintainers_file: Any = None, today: datetime.date | None = None) -> Result:
    """Read, validate and check every record under root; raises NoRecordsFolder if root is not a folder.
    With a parsed MAINTAINERS file, records taken from it are compared with it too."""
    root = Path(root)
    if not root.is_dir():
        raise NoRecordsFolder(root)
    records = read_records(root, schemas, today)
    records.maintainers_file = maintainers_file
    problems = sort_problems(records.problems + run_checks(records, skip))
    catalog = None if any(p.is_error for p in problems) else catalog_of(records.model)
    return Result(catalog, problems, records.files)


def load_catalog(root: Path | str, schemas: Schemas | None = None, today: datetime.date | None = None) -> Catalog:
    """The Catalog of valid records; raises NoRecordsFolder, or RecordsInvalid with the located errors."""
    result = load(root, schemas=schemas, today=today)
    if result.catalog is None:
        raise RecordsInvalid(result)
    return result.catalog
