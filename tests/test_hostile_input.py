"""The hostile-input corpus through every command that reads it.

Record cases (tests/corpus/cases, plus the large inputs of hostile.GENERATED)
go through `kpolicy validate`, `kpolicy export`, `kpolicy site` and a real `mkdocs build`;
MAINTAINERS cases (tests/corpus/maintainers, plus the generated ones) through `kpolicy
import-maintainers`, and those about the file's own structure through `validate --maintainers`
and `drift` too. A case refused must exit 1 with exactly its announced problems at
file:line:col, never a traceback, and leave every file as it was: no export, no site. A case
accepted on purpose ('# expect: nothing') must pass everywhere.

How long each takes is for the benchmark (`python -m kpolicy.bench hostile`), not for a test.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from corpus_support import case_file, expected
from hostile import GENERATED, maintainers_cases, record_cases
from kpolicy.records.kinds import KINDS
from kpolicy.site.build import POLICIES_ENV

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
RECORDS = dict(record_cases(CORPUS))
MAINTAINERS = dict(maintainers_cases(CORPUS))
MADE = {g.name: {g.expect} for g in GENERATED}
LOCATED = re.compile(r"^(.+):(\d+):(\d+): (error|warning)\[([a-z0-9.-]+)\]: ", re.MULTILINE)


def expect(name: str, folder: str) -> set[str]:
    return MADE[name] if name in MADE else expected(case_file(CORPUS / folder / name))


def announced(output: str, path: Path | None = None) -> set[str]:
    """The problems an output reports, as the corpus writes them; each names its file."""
    found = set()
    for m in LOCATED.finditer(output):
        assert m.group(1), output
        if path is not None:
            assert m.group(1) == str(path), output
        found.add(f"{m.group(4)}[{m.group(5)}] {m.group(2)}:{m.group(3)}")
    return found


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "/"
            for p in sorted(root.rglob("*"))}


def test_the_corpus_is_large_and_reaches_every_kind_and_the_parser() -> None:
    def refused(name: str, folder: str) -> bool:
        return any(w.startswith("error") for w in expect(name, folder))

    refused_all = [n for n in RECORDS if refused(n, "cases")] + [n for n in MAINTAINERS if refused(n, "maintainers")]
    assert len(refused_all) >= 50
    assert len([n for n in MAINTAINERS if refused(n, "maintainers")]) >= 15
    folders = {case_file(c).relative_to(c).parts[0] for c in (CORPUS / "cases").iterdir()
               if refused(c.name, "cases") and not case_file(c).name.startswith("MAINTAINERS-")}
    assert {k.folder for k in KINDS} <= folders


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_record_case_through_every_command(name: str, base_tree: Path, tmp_path: Path, kpolicy,
                                           monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    extra = RECORDS[name](base_tree)
    want = expect(name, "cases")
    before = snapshot(base_tree)
    validate = kpolicy("validate", "--policies", base_tree, *extra)
    assert "Traceback" not in validate.out + validate.err
    assert announced(validate.out) == want, validate.out
    export, site = tmp_path / "api", tmp_path / "site"
    if not any(w.startswith("error") for w in want):  # accepted (on purpose, or with a warning)
        assert validate.code == 0
        assert kpolicy("export", "--policies", base_tree, "--out", export).code == 0
        assert len(list(export.glob("*.json"))) == 7
        assert kpolicy("site", "--policies", base_tree, "--out", site).code == 0
        assert (site / "index.md").is_file()
        return
    assert validate.code == 1
    if extra:  # the problem is in the comparison with a MAINTAINERS file, which only validate makes
        return
    errors = {w for w in want if w.startswith("error")}
    for command in ("export", "site"):
        run = kpolicy(command, "--policies", base_tree, "--out", tmp_path / command)
        assert run.code == 1 and "Traceback" not in run.err
        assert announced(run.err) == errors, run.err
        assert not (tmp_path / command).exists()
    monkeypatch.setenv(POLICIES_ENV, str(base_tree))
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True)
    with caplog.at_level(logging.ERROR), pytest.raises(BaseException) as stopped:
        build(config)
    assert type(stopped.value).__name__ == "Abort"
    assert announced(caplog.text) == errors, caplog.text
    assert not site.exists()
    assert snapshot(base_tree) == before


@pytest.mark.parametrize("name", sorted(MAINTAINERS))
def test_maintainers_case_through_every_command(name: str, base_tree: Path, tmp_path: Path, kpolicy) -> None:
    path = MAINTAINERS[name](tmp_path)
    want = expect(name, "maintainers")
    before = snapshot(base_tree)
    run = kpolicy("import-maintainers", path, "--all", "--kernel-version", "7.4", "--policies", base_tree)
    assert run.code == 1 and "Traceback" not in run.out + run.err
    assert announced(run.err, path) == want, run.err
    assert snapshot(base_tree) == before
    if not all(w.split("]")[0].startswith("error[maintainers.") for w in want):
        return  # a value the records refuse: only importing turns it into a record
    validate = kpolicy("validate", "--policies", base_tree, "--maintainers", path)
    assert validate.code == 1 and want <= announced(validate.out + validate.err)
    drift = kpolicy("drift", path, "--policies", base_tree)
    assert drift.code == 1 and want <= announced(drift.out + drift.err)
    assert snapshot(base_tree) == before


def test_the_real_file_has_none_of_these_problems(kpolicy, base_tree: Path) -> None:
    """The checks that refuse broken entries refuse nothing of the kernel's own file."""
    from kpolicy.maintainers.file import read
    from kpolicy.maintainers.file_problems import entry_problems, layout_warnings

    real = read(ROOT / "tests" / "data" / "MAINTAINERS-6.12.117.xz")
    assert len(real.entries) > 2900
    assert entry_problems(real) == [] and layout_warnings(real) == []
