"""Golden snapshots: the export and a few site pages of the fixture trees, compared byte for byte
with the files under tests/golden/.

A change that alters them on purpose regenerates them with

    KPOLICY_UPDATE_GOLDEN=1 scripts/test.sh tests/test_golden.py

and the diff of tests/golden/ in the pull request shows the reviewer what readers will see.
Everything here is computed for the fixed day TODAY, so the files do not depend on the clock.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, TODAY
from kpolicy.export import FILES, dumps, export_data
from kpolicy.records.load import load_catalog
from kpolicy.site.build import site_inputs
from kpolicy.site.pages import render_site

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("KPOLICY_UPDATE_GOLDEN") == "1"
TREES = {"base": CORPUS / "base", "site-fixture": ROOT / "tests" / "data" / "site-fixture" / "policies"}
# home, one subsystem page, one person page, the version policy and the staleness report (which
# depends on the day), and the feed
PAGES = {
    "base": ("index.md", "subsystems/rust-example.md", "maintainers/ada-example.md", "version-policy.md",
             "contributing/stale.md"),
    "site-fixture": ("index.md", "subsystems/block-layer-device-driver-api-rust.md",
                     "maintainers/andreas-hindborg.md", "version-policy.md", "contributing/stale.md"),
}
SITE_FILES = ("feed.xml",)  # the Atom feed: its dates come from the records, never from the clock


def _diff(golden: Path, expected: str, actual: str) -> str:
    name = golden.relative_to(ROOT).as_posix()
    return "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                        f"{name} (golden)", f"{name} (now)"))


def compare(golden: Path, actual: str) -> None:
    """actual is the golden file's text, exactly; with KPOLICY_UPDATE_GOLDEN=1 it becomes it."""
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual.encode("utf-8"))
        return
    if not golden.is_file():
        pytest.fail(f"{golden.relative_to(ROOT)} is missing; write it with "
                    "KPOLICY_UPDATE_GOLDEN=1 scripts/test.sh tests/test_golden.py")
    expected = golden.read_bytes().decode("utf-8")
    if actual != expected:
        pytest.fail(f"differs from the golden file (KPOLICY_UPDATE_GOLDEN=1 scripts/test.sh tests/test_golden.py "
                    f"rewrites it if the change is meant):\n{_diff(golden, expected, actual)}", pytrace=False)


@pytest.fixture(scope="module", params=sorted(TREES))
def tree(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_export(tree: str) -> None:
    exported = export_data(load_catalog(TREES[tree], today=TODAY))
    assert sorted(exported) == sorted(FILES)
    for name, data in exported.items():
        compare(GOLDEN / tree / "export" / name, dumps(data))


def test_the_export_command_writes_the_golden_files(base_tree: Path, tmp_path: Path, kpolicy) -> None:
    run = kpolicy("export", "--policies", base_tree, "--out", tmp_path / "api")
    assert run.code == 0, run.err
    assert sorted(p.name for p in (tmp_path / "api").iterdir()) == sorted(FILES)
    for name in FILES:
        compare(GOLDEN / "base" / "export" / name, (tmp_path / "api" / name).read_text(encoding="utf-8"))


def test_site_pages(tree: str) -> None:
    catalog = load_catalog(TREES[tree], today=TODAY)
    site = render_site(catalog, site_inputs(catalog, ROOT, TODAY))
    for page in PAGES[tree]:
        compare(GOLDEN / tree / "site" / page, site.pages[page])
    for name in SITE_FILES:
        compare(GOLDEN / tree / "site" / name, site.files[name])


def test_every_golden_file_is_compared() -> None:
    """No file lingers in tests/golden/ after a page or tree is dropped from the lists above."""
    compared = {f"{tree}/export/{name}" for tree in TREES for name in FILES}
    compared |= {f"{tree}/site/{page}" for tree, pages in PAGES.items() for page in (*pages, *SITE_FILES)}
    stored = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert stored == compared
