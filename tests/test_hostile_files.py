"""Only regular files inside the repository are read or published.

What a pull request can put into a checkout besides text: symbolic links (git keeps them), and on
a contributor's own machine FIFOs, unreadable folders, names with line breaks or near the file
system's length limit. Every command refuses such entries at their path, never follows a link out
of the repository, never waits on a FIFO, and `fmt` walks exactly the files `validate` walks.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import TODAY
from kpolicy.records.reader import read_records, walk
from kpolicy.workflow.fmt import record_files
from test_workflow_diff import commit, git, repo  # noqa: F401  (the fixture)

SECRET = "token: do-not-publish-0123456789\n"


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "credentials.yaml"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(SECRET)
    return secret


def _said(run) -> str:
    return run.out + run.err


def test_a_linked_record_is_refused_and_never_read_by_any_command(base_tree: Path, tmp_path: Path, kpolicy) -> None:
    link = base_tree / "maintainers" / "zed-example.yaml"
    link.symlink_to(_outside(tmp_path))
    for args in (("validate", "--policies", base_tree), ("validate", "--format", "github", "--policies", base_tree),
                 ("fmt", "--policies", base_tree), ("fmt", "--check", "--policies", base_tree), ("fmt", link),
                 ("export", "--out", tmp_path / "api", "--policies", base_tree)):
        run = kpolicy(*args)
        assert run.code == 1, args
        assert "do-not-publish" not in _said(run) and "token" not in _said(run), args
        assert "zed-example.yaml" in _said(run) and "symbolic link" in _said(run), args
    assert link.is_symlink() and link.read_text() == SECRET  # fmt did not replace the link
    assert not (tmp_path / "api").exists()


def test_a_linked_kind_folder_is_refused_by_validate_and_fmt_alike(base_tree: Path, tmp_path: Path, kpolicy) -> None:
    elsewhere = tmp_path / "elsewhere"
    (base_tree / "events").rename(elsewhere)
    (base_tree / "events").symlink_to(elsewhere, target_is_directory=True)
    tree = read_records(base_tree, today=TODAY)
    assert [(p.check, Path(p.path).name) for p in tree.problems] == [("file-not-regular", "events")]
    files, problems = record_files([base_tree])
    assert [(p.check, Path(p.path).name) for p in problems] == [("file-not-regular", "events")]
    assert all("events" not in f.parts for f in files)
    assert kpolicy("fmt", "--check", "--policies", base_tree).code == 1


def test_fmt_walks_exactly_what_validate_walks(base_tree: Path, tmp_path: Path) -> None:
    (base_tree / "stances" / "notes.txt").write_text("x\n")
    (base_tree / "stances" / ".hidden.yaml").write_text("x: 1\n")
    (base_tree / "stray.yaml").write_text("x: 1\n")
    (base_tree / "maintainers" / "zed-example.yaml").symlink_to(_outside(tmp_path))
    found, problems = walk(base_tree)
    files, fmt_problems = record_files([base_tree])
    assert sorted(str(f) for _, f in found) == sorted(str(f) for f in files)
    assert sorted(problems) == sorted(fmt_problems)
    assert {p.check for p in problems} == {"file-unexpected", "file-not-regular"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_like_a_record_is_refused_without_waiting(base_tree: Path, kpolicy) -> None:
    fifo = base_tree / "stances" / "zed-example.yaml"
    os.mkfifo(fifo)  # opening it for reading without O_NONBLOCK would wait for a writer forever
    for args in (("validate", "--policies", base_tree), ("fmt", "--policies", base_tree), ("fmt", fifo)):
        run = kpolicy(*args)
        assert run.code == 1
        assert "zed-example.yaml:1:1: error[file-not-regular]" in _said(run) and "a FIFO" in _said(run)


def test_a_name_with_a_line_break_cannot_forge_an_output_line(base_tree: Path, kpolicy) -> None:
    forged = "x.yaml:1:1: error[fake]: forged\nzed"
    (base_tree / "stances" / f"{forged}.yaml").write_text("subsystem: zed\n")
    run = kpolicy("validate", "--policies", base_tree)
    assert run.code == 1
    lines = run.out.splitlines()
    assert not any(line.startswith("x.yaml") for line in lines), run.out
    # one problem, on one line, with the line break shown as \n in the path and in the message
    assert [line.removeprefix(str(base_tree) + "/") for line in lines] == [
        ("stances/x.yaml:1:1: error[fake]: forged\\nzed.yaml:1:1: error[file-name]: the name "
         "x.yaml:1:1: error[fake]: forged\\nzed.yaml holds a line break or another control character"),
        "    hint: rename the file to <id>.yaml",
        "11 files checked: 1 error, 0 warnings"], run.out
    fmt = kpolicy("fmt", "--check", "--policies", base_tree)
    assert not any(line.startswith("x.yaml") for line in _said(fmt).splitlines())


def test_a_name_too_long_to_format_is_named_and_the_rest_is_formatted(base_tree: Path, kpolicy) -> None:
    long_name = "a" * 240 + ".yaml"  # 245 characters: no room for the temporary file beside it
    (base_tree / "events" / long_name).write_text("id: x\n")
    other = base_tree / "stances" / "example-c.yaml"
    other.write_text(other.read_text() + "\n\n")  # a file fmt has to rewrite
    run = kpolicy("fmt", "--policies", base_tree)
    assert run.code == 1
    assert f"{long_name}:1:1: error[file-name]" in run.err
    assert "reformatted" in run.out and "example-c.yaml" in run.out
    assert not other.read_text().endswith("\n\n")


def test_an_unreadable_folder_is_a_located_problem(base_tree: Path, kpolicy, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = base_tree / "events"
    real_iterdir = Path.iterdir

    def iterdir(self: Path):
        if self == folder:
            raise PermissionError(13, "Permission denied")
        return real_iterdir(self)

    if os.geteuid() != 0:  # the real thing; root reads every folder, so there it is simulated
        folder.chmod(0)
    else:
        monkeypatch.setattr(Path, "iterdir", iterdir)
    try:
        run = kpolicy("validate", "--policies", base_tree)
    finally:
        folder.chmod(0o755)
    assert run.code == 1
    assert "events:1:1: error[file-unreadable]: cannot read the folder: Permission denied" in run.out
    assert "internal error" not in _said(run)


def test_diff_refuses_links_and_oversized_blobs_in_git(repo: Path, kpolicy, tmp_path: Path) -> None:  # noqa: F811
    policies = repo / "policies"
    (policies / "maintainers" / "zed-example.yaml").symlink_to(_outside(tmp_path))
    big = policies / "events" / "2025-01-01-big.yaml"
    big.write_bytes(b"# " + b"x" * (2 << 20) + b"\n")
    commit(repo, "hostile")
    for args in (("diff", "main", "topic", "--policies", policies), ("diff", "main", "--policies", policies)):
        run = kpolicy(*args, cwd=repo)
        assert run.code == 0
        assert "do-not-publish" not in run.out and "token" not in run.out
        assert "symbolic link" in run.out and "zed-example.yaml" in run.out
        assert "limited to 1,048,576" in run.out


def test_links_under_docs_are_not_published(tmp_path: Path, kpolicy, monkeypatch: pytest.MonkeyPatch) -> None:
    from kpolicy.records.schemas import SCHEMA_DIR

    checkout = tmp_path / "repo"  # kpolicy site publishes the docs/ of the records' own repository
    shutil.copytree(SCHEMA_DIR.parent / "tests" / "corpus" / "base", checkout / "policies")
    (checkout / "docs").mkdir()
    (checkout / "docs" / "zz-linked-secret.txt").symlink_to(_outside(tmp_path))
    link = SCHEMA_DIR.parent / "docs" / "zz-linked-secret.txt"  # and MkDocs the docs/ of mkdocs.yml
    link.symlink_to(_outside(tmp_path))
    try:
        run = kpolicy("site", "--policies", checkout / "policies", "--out", tmp_path / "out")
        assert run.code == 2
        assert "zz-linked-secret.txt (a symbolic link)" in run.err
        assert not (tmp_path / "out").exists()
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, PluginError

        monkeypatch.setenv("KPOLICY_POLICIES", str(SCHEMA_DIR.parent / "tests" / "corpus" / "base"))
        config = load_config(str(SCHEMA_DIR.parent / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        with pytest.raises((Abort, PluginError)):
            build(config)
        assert not (tmp_path / "site" / "zz-linked-secret.txt").exists()
    finally:
        link.unlink()
