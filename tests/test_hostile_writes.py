"""Writers never lose an edit, never leave files `git add -A` would commit, never write where they
should not.

- every writer that replaces a file it read (fmt, import-maintainers, new) replaces it only while
  it still holds what was read (a SHA-256 compared right before the rename); otherwise the whole
  write is refused, naming the file, and nothing changes;
- temporary files are named so that the repository's .gitignore excludes them, and those left by a
  killed process are removed by the next write into the folder;
- `site --out` refuses a folder inside docs/ or the records; `--output` never creates folders.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kpolicy.records import atomic
from kpolicy.records.atomic import ChangedOnDisk, digest, write_all
from test_workflow_diff import repo  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[1]


def _needs_formatting(policies: Path) -> list[Path]:
    files = sorted(policies.rglob("*.yaml"))
    for f in files:
        f.write_text(f.read_text() + "\n\n")  # a trailing blank line: fmt rewrites every file
    return files


def test_an_edit_saved_while_fmt_runs_is_never_lost(base_tree: Path, kpolicy, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _needs_formatting(base_tree)
    edited = base_tree / "stances" / "rust-example.yaml"
    saved = edited.read_text().replace("Copy the C maintainers.", "Copy the C maintainers and the list.")
    import kpolicy.commands.fmt as fmt_command

    real_write = fmt_command.write

    def editor_saves_then_write(outcomes):  # the editor's save lands after fmt read the file
        edited.write_text(saved)
        return real_write(outcomes)

    monkeypatch.setattr(fmt_command, "write", editor_saves_then_write)
    before = {f: f.read_bytes() for f in files if f != edited}
    run = kpolicy("fmt", "--policies", base_tree)
    assert run.code == 2
    assert "rust-example.yaml changed since it was read" in run.err and "no file was changed" in run.err
    assert edited.read_text() == saved
    assert {f: f.read_bytes() for f in files if f != edited} == before
    monkeypatch.setattr(fmt_command, "write", real_write)
    assert kpolicy("fmt", "--policies", base_tree).code == 0  # run again: the edit is formatted, not lost
    assert "Copy the C maintainers and the list." in edited.read_text()


def test_a_file_changed_right_before_its_rename_stops_the_whole_write(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("a\n")
    b.write_text("b\n")
    expect = {a: digest(b"a\n"), b: digest(b"b\n")}
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst) == a:  # a is replaced first; b is saved by someone else meanwhile
            real_replace(src, dst)
            b.write_text("someone else's b\n")
            return None
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(ChangedOnDisk, match=r"b\.yaml changed"):
        write_all({a: "new a\n", b: "new b\n"}, expect=expect)
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert a.read_text() == "a\n" and b.read_text() == "someone else's b\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def test_a_file_that_must_be_new_is_never_written_over(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("made meanwhile\n")
    with pytest.raises(ChangedOnDisk):
        write_all({target: "skeleton\n"}, expect={target: None})
    assert target.read_text() == "made meanwhile\n"


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except OSError:
            pass
        pid -= 1


def test_temporary_files_are_ignored_by_git_and_removed_on_the_next_run(base_tree: Path, tmp_path: Path,
                                                                        kpolicy) -> None:
    checkout = tmp_path / "checkout"
    shutil.copytree(base_tree, checkout / "policies")
    shutil.copy(ROOT / ".gitignore", checkout / ".gitignore")
    subprocess.run(["git", "init", "-q", str(checkout)], check=True)
    pid = _dead_pid()
    left = [checkout / "policies" / "stances" / f".rust-example.yaml.kpolicy-{pid}.k3j4h5.tmp",
            checkout / "policies" / "stances" / f".example-c.yaml.kpolicy-{pid}.a1b2c3.old"]
    for f in left:  # what a write killed with -9 leaves behind
        f.write_text("half a record")
    status = subprocess.run(["git", "-C", str(checkout), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert ".tmp" not in status and ".old" not in status and "rust-example.yaml" in status
    assert kpolicy("validate", "--policies", checkout / "policies").code == 0
    _needs_formatting(checkout / "policies")
    assert kpolicy("fmt", "--policies", checkout / "policies").code == 0
    assert not any(f.exists() for f in left)
    assert not [p for p in (checkout / "policies").rglob(".*") if p.is_file()]


def test_a_temporary_file_of_a_running_process_is_left_alone(tmp_path: Path) -> None:
    mine = tmp_path / f".x.yaml.kpolicy-{os.getppid()}.abcdef.tmp"  # the parent process: alive
    mine.write_text("in use")
    write_all({tmp_path / "x.yaml": "x\n"})
    assert mine.exists()


@pytest.mark.parametrize("where", ["docs/built", "docs", "policies/site", "policies"])
def test_site_out_inside_its_own_inputs_is_refused(where: str, kpolicy) -> None:
    out = ROOT / where
    before = sorted(p.relative_to(ROOT) for p in (ROOT / where.split("/")[0]).rglob("*"))
    run = kpolicy("site", "--out", out, "--policies", ROOT / "policies")
    assert run.code == 2 and "is inside" in run.err
    assert sorted(p.relative_to(ROOT) for p in (ROOT / where.split("/")[0]).rglob("*")) == before


def test_output_files_never_create_folders(base_tree: Path, tmp_path: Path, kpolicy) -> None:
    missing = tmp_path / "no" / "such" / "folder"
    run = kpolicy("export-maintainers", "--policies", base_tree, "-o", missing / "MAINTAINERS")
    assert run.code == 2 and "no such folder" in run.err
    assert not (tmp_path / "no").exists()


def test_diff_output_never_creates_folders(repo: Path, tmp_path: Path, kpolicy) -> None:  # noqa: F811
    run = kpolicy("diff", "main", "--output", tmp_path / "nowhere" / "summary.md", cwd=repo)
    assert run.code == 2 and "no such folder" in run.err
    assert not (tmp_path / "nowhere").exists()
    assert kpolicy("diff", "main", "--output", tmp_path / "summary.md", cwd=repo).code == 0
