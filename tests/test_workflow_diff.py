"""kpolicy diff in a scratch git repository: what a change means, record by record."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CORPUS
from kpolicy.workflow.diff.report import word_diff

GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0"}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "commit.gpgsign=false", *args],
                          capture_output=True, text=True, env={**os.environ, **GIT_ENV}, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose main branch holds the small corpus, checked out on a topic branch."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "kb"
    shutil.copytree(CORPUS / "base", root / "policies")
    git(tmp_path, "init", "-q", "-b", "main", str(root))
    git(root, "add", "policies")
    git(root, "commit", "-q", "-m", "Add the records")
    git(root, "checkout", "-q", "-b", "topic")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A", "policies")
    git(repo, "commit", "-q", "-m", message)


def test_a_stance_change_reads_as_what_it_means(repo: Path, kpolicy) -> None:
    stance = repo / "policies/stances/rust-example.yaml"
    edit(stance, "level: rust-submaintainer", "level: maintains")
    edit(stance, "\nsources:\n", "\nsources:\n  - url: https://lore.kernel.org/all/new@example.org/\n"
                               "    title: \"Re: [PATCH] rust: example v2\"\n    date: 2025-06-01\n")
    edit(repo / "policies/subsystems/rust-example.yaml", "reviewers:\n  - bob-example\n",
         "reviewers:\n  - bob-example\n  - ada-example\n")
    commit(repo, "Example subsystem takes Rust itself")
    run = kpolicy("diff", "main", "HEAD", cwd=repo)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == "## What this change means to the records"
    assert lines[2].startswith("2 records changed between `main` (") and lines[2].endswith("): 2 modified.")
    assert ("- **RUST EXAMPLE \\[RUST\\]**: reviewer added: Ada Example (`ada-example`); "
            "stance: `rust-submaintainer` → `maintains`; 1 source added") in lines
    assert "- stance: `rust-submaintainer` → `maintains`" in lines
    assert ("- 1 source added: [Re: \\[PATCH\\] rust: example v2](https://lore.kernel.org/all/new@example.org/) "
            "(2025-06-01, primary)") in lines
    assert "- 1 reviewer added: Ada Example (`ada-example`)" in lines
    assert "`policies/stances/rust-example.yaml`: stance modified" in lines


def test_working_tree_against_the_merge_base_with_main_includes_new_files(repo: Path, kpolicy) -> None:
    git(repo, "checkout", "-q", "main")
    edit(repo / "policies/maintainers/ada-example.yaml", "name: Ada Example", "name: Ada Example-Changed")
    commit(repo, "A later change on main, not part of the topic")
    git(repo, "checkout", "-q", "topic")
    assert kpolicy("new", "maintainer", "carol-example", cwd=repo).code == 0
    edit(repo / "policies/maintainers/carol-example.yaml", 'name: ""', "name: Carol Example")
    edit(repo / "policies/stances/example-c.yaml", "level: unknown", "level: no-engagement\nverified: false")
    run = kpolicy("diff", cwd=repo)
    assert run.code == 0, run.err
    assert "between the merge base with `main` (" in run.out and "and the working tree" in run.out
    assert "Ada Example-Changed" not in run.out  # main moved on, but the topic did not change that
    assert "- **Maintainer Carol Example**: maintainer added" in run.out
    assert "- **EXAMPLE C SUBSYSTEM**: stance: `unknown` → `no-engagement`; record marked unverified" in run.out
    assert "- record marked **unverified**" in run.out


def test_longterm_releases_read_as_releases(repo: Path, kpolicy) -> None:
    path = repo / "policies/version-policy/rustc.yaml"
    source = ('    sources:\n      - url: https://www.kernel.org/category/releases.html\n'
              '        title: Active kernel releases\n        date: "2025"\n')
    path.write_text(path.read_text() + 'longterm:\n  - kernel: "6.12"\n' + source
                    + '  - kernel: "6.18"\n    verified: false\n' + source)
    run = kpolicy("diff", cwd=repo)
    assert run.code == 0, run.err
    assert "- 2 longterm releases added: Linux 6.12, Linux 6.18 (unverified)" in run.out, run.out


def test_a_reworded_text_shows_only_the_changed_words(repo: Path, kpolicy) -> None:
    edit(repo / "policies/stances/rust-example.yaml", "summary: A named Rust sub-maintainer takes the Rust patches.",
         "summary: A named Rust sub-maintainer reviews the Rust patches.")
    run = kpolicy("diff", "main", cwd=repo)
    assert "- summary reworded: A named Rust sub-maintainer ~~takes~~ **reviews** the Rust patches." in run.out


def test_reformatting_alone_is_no_change_of_meaning(repo: Path, kpolicy) -> None:
    assert kpolicy("fmt", cwd=repo).code == 0
    edit(repo / "policies/stances/rust-example.yaml", "verified: true\n", "")  # absent means true
    run = kpolicy("diff", "main", cwd=repo)
    assert run.code == 0
    assert "No record changes meaning between `main` (" in run.out and "and the working tree." in run.out
    assert "11 files reformatted without any change of data:" in run.out


def test_sources_reordered_and_removed(repo: Path, kpolicy) -> None:
    stance = repo / "policies/stances/rust-example.yaml"
    text = stance.read_text()
    lore = ("  - url: https://lore.kernel.org/all/20250103000000.1-1-ada@example.org/\n"
            "    title: \"Re: [PATCH] rust: example\"\n    date: 2025-01-03\n    note: The maintainer agrees.\n")
    lwn = ("  - url: https://lwn.net/Articles/1015409/\n"
           "    title: A process for handling Rust code in the core kernel\n    date: 2025-03-27\n")
    stance.write_text(text.replace(lore + lwn, lwn + lore))
    run = kpolicy("diff", "main", cwd=repo)
    assert "- sources reordered (primary sources come first): " in run.out
    stance.write_text(text.replace(lore, ""))
    run = kpolicy("diff", "main", cwd=repo)
    assert "1 source removed" in run.out and "[Re: \\[PATCH\\] rust: example]" in run.out


def test_added_removed_renamed_and_broken_records(repo: Path, kpolicy) -> None:
    events = repo / "policies/events"
    (events / "2025-02-09-policy-published.yaml").rename(events / "2025-02-09-policy-page-published.yaml")
    edit(events / "2025-02-09-policy-page-published.yaml", "id: 2025-02-09-policy-published",
         "id: 2025-02-09-policy-page-published")
    (repo / "policies/maintainers/bob-example.yaml").unlink()
    (repo / "policies/stances/example-c.yaml").write_text("subsystem: example-c\nlevel: [unclosed\n")
    commit(repo, "Various")
    run = kpolicy("diff", "main", "HEAD", cwd=repo)
    assert run.code == 0
    assert "renamed from `policies/events/2025-02-09-policy-published.yaml`" in run.out
    assert "- **Maintainer Bob Example**: maintainer removed" in run.out
    assert "`policies/stances/example-c.yaml`: stance broken, does not load: policies/stances/example-c.yaml:3:1:" \
        in run.out


def test_markup_in_records_is_escaped(repo: Path, kpolicy) -> None:
    edit(repo / "policies/subsystems/example-c.yaml", "title: EXAMPLE C SUBSYSTEM",
         "title: EXAMPLE C SUBSYSTEM *bold* [link](http://evil.example)")
    edit(repo / "policies/stances/example-c.yaml", "level: unknown", "level: maintains")
    run = kpolicy("diff", "main", cwd=repo)
    assert "**EXAMPLE C SUBSYSTEM \\*bold\\* \\[link\\](http://evil.example)**" in run.out
    assert "<script" not in run.out


def test_output_file_and_errors(repo: Path, kpolicy, tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    assert kpolicy("diff", "main", "--output", out, cwd=repo).code == 0
    assert out.read_text().startswith("## What this change means to the records\n")
    sha = git(repo, "rev-parse", "main").strip()
    assert f"between `{sha[:12]}` and the working tree" in kpolicy("diff", sha, cwd=repo).out
    bad = kpolicy("diff", "no-such-branch", cwd=repo)
    assert bad.code == 2 and bad.err.strip() == "kpolicy diff: unknown revision 'no-such-branch'"
    git(repo, "branch", "-q", "-m", "main", "trunk")
    nomain = kpolicy("diff", cwd=repo)
    assert nomain.code == 2 and "no branch main or origin/main" in nomain.err
    outside = kpolicy("diff", "--policies", tmp_path, cwd=tmp_path)
    assert outside.code == 2 and "not a git repository" in outside.err


def test_word_diff_keeps_a_little_context() -> None:
    old = " ".join(f"w{i}" for i in range(30))
    new = old.replace("w15", "changed")
    assert word_diff(old, new) == "… w9 w10 w11 w12 w13 w14 ~~w15~~ **changed** w16 w17 w18 w19 w20 w21 …"


def test_a_reference_that_only_changes_form_is_not_a_person_added_and_removed(repo: Path, kpolicy) -> None:
    """`- ada-example` and `- {person: ada-example, email: ...}` name the same person: the change is
    the address the reference now writes, not Ada leaving and coming back."""
    edit(repo / "policies/subsystems/rust-example.yaml", "maintainers:\n  - ada-example\n",
         "maintainers:\n  - person: ada-example\n    email: ada@example.org\n")
    commit(repo, "Ada's reference writes her address")
    run = kpolicy("diff", "main", "HEAD", cwd=repo)
    assert run.code == 0, run.err
    assert "added" not in run.out and "removed" not in run.out, run.out
    assert "- **RUST EXAMPLE \\[RUST\\]**: maintainer changed" in run.out.splitlines()
    assert "- maintainers Ada Example (`ada-example`) email set: `ada@example.org`" in run.out.splitlines()
