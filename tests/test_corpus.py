"""The bad-record corpus: each case overlays tests/corpus/base with one broken file whose first
line says exactly which problems it must produce ('# expect: error[check] line:col; ...'), or
'# expect: nothing' for input that is accepted on purpose (a byte-order mark, CRLF line ends)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import TODAY
from corpus_support import case_file, expected
from hostile import GENERATED
from kpolicy.maintainers import file as maintainers_file
from kpolicy.records import reader as tree
from kpolicy.records import yamlio
from kpolicy.records.checks import REGISTRY
from kpolicy.records.load import load

CASES = Path(__file__).parent / "corpus" / "cases"


def _case_files(case: Path) -> list[Path]:
    return sorted(f for f in case.rglob("*") if f.is_file())


def _expected(case: Path) -> set[str]:
    return expected(case_file(case))


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()))
def test_case_yields_exactly_its_problem(case: str, base_tree: Path) -> None:
    maintainers = None
    for link in (f for f in (CASES / case).rglob("*") if f.is_symlink()):  # kept as a link
        target = base_tree / link.relative_to(CASES / case)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(os.readlink(link), target)
    for f in _case_files(CASES / case):
        if f.is_symlink():
            continue
        if f.name.startswith("MAINTAINERS-"):  # a MAINTAINERS file to compare with (validate --maintainers)
            maintainers = maintainers_file.read(f)
            continue
        target = base_tree / f.relative_to(CASES / case)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    result = load(base_tree, maintainers_file=maintainers, today=TODAY)
    found = {f"{p.severity}[{p.check}] {p.line}:{p.column}" for p in result.problems}
    assert found == _expected(CASES / case)
    assert (result.catalog is None) == any(e.startswith("error") for e in _expected(CASES / case))


def test_every_check_and_loader_rule_has_a_case() -> None:
    """Every registered check, and every rule id the loader and the tree reader can report (read
    from their source), has a case here or among the generated large inputs."""
    said = [e for case in CASES.iterdir() for e in _expected(case)] + [g.expect for g in GENERATED]
    covered = {e.split("]")[0].split("[")[1] for e in said}
    source = "".join(Path(m.__file__).read_text() for m in (yamlio, tree))
    loader_rules = set(re.findall(r'"(yaml\.[a-z-]+|file-[a-z-]+)"', source))
    assert {"yaml.syntax", "yaml.too-large", "file-unexpected"} <= loader_rules
    missing = (set(REGISTRY) - covered) | (loader_rules - covered)
    assert not missing, f"no corpus case for {sorted(missing)}"


def test_base_tree_is_clean(base_tree: Path) -> None:
    result = load(base_tree, today=TODAY)
    assert result.problems == []
    assert result.files == 11
