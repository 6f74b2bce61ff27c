"""Shared fixtures: the repository root, record trees in temporary folders, the CLI in-process."""

from __future__ import annotations

import datetime
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from kpolicy.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
# The day that date checks, staleness and the site compare with in tests: after every date of the
# corpus and the site fixture, so that no test depends on the day it runs.
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def base_tree(tmp_path: Path) -> Path:
    """A copy of tests/corpus/base: a small tree that uses every kind and every field, and is clean."""
    root = tmp_path / "policies"
    shutil.copytree(CORPUS / "base", root)
    return root


@pytest.fixture(scope="session")
def catalog():
    """The Catalog of the site fixture (tests/data/site-fixture/policies), loaded once (that it
    loads without a problem is test_site_render.py's test_the_site_fixture_is_clean)."""
    from kpolicy.records.load import load_catalog

    return load_catalog(ROOT / "tests" / "data" / "site-fixture" / "policies", today=TODAY)


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def kpolicy(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run the kpolicy command in-process: kpolicy("validate", "--policies", dir) -> Run. The
    system's day is TODAY for it (date checks, stale and site without --today, sync's dates), not
    the day the test runs."""
    from kpolicy.records import reader

    monkeypatch.setattr(reader, "system_today", lambda: TODAY)

    def run(*args: str, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as e:  # argparse usage errors and require_catalog
            code = int(e.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own for `kpolicy who` (KPOLICY_CACHE_DIR), never the user's."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("KPOLICY_CACHE_DIR", str(cache))
    return cache
