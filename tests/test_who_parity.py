"""kpolicy who against the kernel's get_maintainer.pl of 7.3.4, with the tree's .mailmap and the
addresses inside .yaml files; the .mailmap and in-file rules on their own; the MAINTAINERS cache.

tests/data/get_maintainer-7.3.4.jsonl.xz holds what the real scripts/get_maintainer.pl of 7.3.4
printed, in the unpacked 7.3.4 tree (so with its .mailmap and the real .yaml files), for 577
real paths (see tests/data/README.md). The 6.12.117 answers are compared in test_maintainers_who.py.
"""

from __future__ import annotations

import itertools
import lzma
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from kpolicy.maintainers import file as mf
from kpolicy.maintainers.file_emails import candidates, clean, people_in_file
from kpolicy.maintainers.mailmap import Mailmap, escape_name
from kpolicy.maintainers.people import Person
from kpolicy.maintainers.who import Who, run
from who_support import display_name_lists, golden_answers, same_answer

DATA = ROOT / "tests" / "data"
FIXTURE = DATA / "MAINTAINERS-7.3.4.xz"
BINDINGS = DATA / "files-7.3.4"
ROLES = {"all": "MRL", "maintainers": "M", "reviewers": "R", "lists": "L"}


pytestmark = pytest.mark.usefixtures("private_cache")


@pytest.fixture(scope="module")
def real() -> mf.MaintainersFile:
    return mf.read(FIXTURE)


@pytest.fixture(scope="module")
def golden() -> list[dict]:
    return golden_answers("7.3.4")


@pytest.fixture(scope="module")
def mailmap() -> Mailmap:
    return Mailmap.parse(lzma.decompress((DATA / "mailmap-7.3.4.xz").read_bytes()).decode("utf-8"))


@pytest.fixture(scope="module")
def tree_dirs() -> set[str]:
    return set((DATA / "dir-patterns-7.3.4.txt").read_text(encoding="utf-8").split("\n")) - {""}


def in_file(path: str) -> list[Person]:
    f = BINDINGS / path
    return people_in_file(path, f.read_text(encoding="utf-8")) if f.is_file() else []


@pytest.fixture(scope="module")
def display_lists() -> frozenset[str]:
    return display_name_lists(lzma.decompress(FIXTURE.read_bytes()).decode("utf-8"))


def agrees(who: Who, rec: dict, mailmap: Mailmap | None, display_lists: frozenset[str],
           with_files: bool = True) -> str | None:
    """'exact' or 'tie order' when who gives get_maintainer.pl's four answers, else None."""
    matched = who.index.match(rec["path"])
    found = in_file(rec["path"]) if with_files else []
    golden = {role: rec[role] for role in ROLES}
    groups = [list(g) for _, g in itertools.groupby(matched, key=lambda m: m[1])]
    orders = itertools.product(*(itertools.permutations(g) for g in groups))
    for n, order in enumerate(itertools.islice(orders, 2000)):
        ordered = [who.index.entries[i] for group in order for i, _ in group]
        got = {}
        for k, roles in ROLES.items():
            people, lists = run(ordered, roles, mailmap=mailmap, in_file=found)
            got[k] = [p.line for p in people] + lists
        if same_answer(got, golden, display_lists):
            return "exact" if n == 0 else "tie order"
    return None


def test_parity_with_get_maintainer_7_3_4(real, golden, mailmap, tree_dirs, display_lists) -> None:
    who = Who(real.entries, is_dir=lambda p: p in tree_dirs)
    results = {rec["path"]: agrees(who, rec, mailmap, display_lists) for rec in golden}
    assert len(results) == len(golden) >= 500
    assert sorted(p for p, r in results.items() if r is None) == []
    assert sum(r == "tie order" for r in results.values()) <= 5


def test_golden_paths_are_stratified(golden) -> None:
    paths = [rec["path"] for rec in golden]
    counts = {name: sum(p.startswith(name) for p in paths) for name in
              ("rust/", "drivers/", "fs/", "mm/", "kernel/", "include/", "Documentation/devicetree/bindings/")}
    assert counts["rust/"] >= 60 and counts["drivers/"] >= 130 and counts["fs/"] >= 50
    assert counts["mm/"] >= 30 and counts["kernel/"] >= 40 and counts["include/"] >= 50
    assert counts["Documentation/devicetree/bindings/"] >= 40
    assert sum(p.endswith(".rs") and not p.startswith("rust/") for p in paths) >= 60


def test_every_golden_yaml_file_is_a_fixture(golden) -> None:
    yaml = [rec["path"] for rec in golden if rec["path"].endswith(".yaml")]
    assert len(yaml) >= 40
    assert all((BINDINGS / p).is_file() for p in yaml)


def test_mailmap_and_file_addresses_matter_on_the_goldens(real, golden, mailmap, tree_dirs, display_lists) -> None:
    """Without the .mailmap, or without the files' own addresses, answers differ: both are needed."""
    who = Who(real.entries, is_dir=lambda p: p in tree_dirs)
    no_mailmap = [rec["path"] for rec in golden if agrees(who, rec, None, display_lists) is None]
    no_files = [rec["path"] for rec in golden if agrees(who, rec, mailmap, display_lists, with_files=False) is None]
    assert len(no_mailmap) >= 20
    assert len(no_files) >= 20


# -- .mailmap ------------------------------------------------------------------------------------

MAILMAP = """\
# a comment line
Jane Doe <jane@new.example>                              # name for an address
<jane@new.example> <jane@old.example>
Jim Roe <jim@new.example> <jim@old.example>
Real Name <real@new.example> Wrong Name <shared@old.example>
<upper@new.example> <Upper@Old.Example>
Late Name <late@example.org>
Later Name <late@example.org>
<first@example.org> <moved@example.org>
Named Later <moved@example.org>
"Quoted, Name" <q@new.example> "Old, Name" <q@old.example>
not a mapping line
"""


def test_mailmap_forms_keys_and_order() -> None:
    m = Mailmap.parse(MAILMAP)
    assert m.map(Person("Jane", "jane@old.example")) == Person("Jane", "jane@new.example")
    assert m.map(Person("J.", "jane@new.example")) == Person("Jane Doe", "jane@new.example")
    assert m.map(Person("", "jim@old.example")) == Person("Jim Roe", "jim@new.example")
    # 'Name <a> Other <b>' maps only the person written that way
    assert m.map(Person("Wrong Name", "shared@old.example")) == Person("Real Name", "real@new.example")
    assert m.map(Person("Someone Else", "shared@old.example")) == Person("Someone Else", "shared@old.example")
    # keys are exact, case included, as in get_maintainer.pl (git's own mailmap ignores case)
    assert m.map(Person("", "Upper@Old.Example")) == Person("", "upper@new.example")
    assert m.map(Person("", "upper@old.example")) == Person("", "upper@old.example")
    # a later line replaces an earlier one, the name and the address separately
    assert m.map(Person("", "late@example.org")).name == "Later Name"
    assert m.map(Person("x", "moved@example.org")) == Person("Named Later", "first@example.org")
    # names that get_maintainer.pl quotes are keys in their quoted form
    assert m.map(Person("Old, Name", "q@old.example")) == Person("Quoted, Name", "q@new.example")
    assert not Mailmap.parse("# nothing\n\n")


def test_mailmap_applies_after_the_first_spelling_wins() -> None:
    entries = [mf.Entry("A", (("M", "Jane <jane@old.example>"), ("R", "J. Doe <jane@new.example>"),
                              ("L", "list@example.org")))]
    m = Mailmap.parse(MAILMAP)
    people, lists = run(entries, "MRL", mailmap=m)
    assert [p.line for p in people] == ["Jane Doe <jane@new.example>"]
    assert lists == ["list@example.org"]
    people, _ = run(entries, "MRL")
    assert [p.line for p in people] == ["Jane <jane@old.example>", "J. Doe <jane@new.example>"]


def test_escape_name_is_get_maintainer_quoting() -> None:
    assert escape_name("Jane Doe-Roe") == "Jane Doe-Roe"
    assert escape_name("James E.J. Bottomley") == '"James E.J. Bottomley"'
    assert escape_name("Nuno Sá") == '"Nuno Sá"'


# -- addresses inside files ----------------------------------------------------------------------

YAML = """\
title: Example
maintainers:
  - Jane Q. Doe <jane@example.org>
  - "Nuno Sá" <nuno.sa@example.org>
  - Dr. Firstname Middle Lastname <long@example.org>
description: |
  Questions to support@example.com (the vendor) or see x²y <odd@example.org>.
"""


def test_addresses_in_a_yaml_file() -> None:
    people = people_in_file("Documentation/devicetree/bindings/x.yaml", YAML)
    assert [p.line for p in people] == [
        "Jane Q. Doe <jane@example.org>", "Nuno Sá <nuno.sa@example.org>", "Middle Lastname <long@example.org>",
        "Questions to <support@example.com>", "y <odd@example.org>"]
    # only .yaml files are read, and never a MAINTAINERS file
    assert people_in_file("drivers/x.c", YAML) == []
    assert people_in_file("MAINTAINERS", YAML) == []


def test_candidates_take_no_numerals_as_letters() -> None:
    # Perl's \p{L} is not Python's [^\W\d_]: a superscript two ends the name
    assert list(candidates("x²y <a@b.org>")) == ["y <a@b.org>"]
    assert clean("Initials A. B. Name <a@b.org>") == '"A. B. Name" <a@b.org>'


def test_who_with_tree_reads_mailmap_and_yaml(tmp_path: Path, kpolicy) -> None:
    tree = tmp_path / "linux"
    binding = tree / "Documentation" / "devicetree" / "bindings" / "iio" / "adc" / "adi,ad7124.yaml"
    binding.parent.mkdir(parents=True)
    binding.write_text("maintainers:\n  - Someone New <new.person@example.org>\n", encoding="utf-8")
    (tree / ".mailmap").write_text("Jonathan Cameron <jonathan@example.org> <jic23@kernel.org>\n",
                                   encoding="utf-8")
    args = ("who", "--maintainers", FIXTURE, "--policies", tmp_path / "none", "--format", "addresses",
            "Documentation/devicetree/bindings/iio/adc/adi,ad7124.yaml")
    plain = kpolicy(*args).out.splitlines()
    with_tree = kpolicy(*args, "--tree", tree).out.splitlines()
    no_mailmap = kpolicy(*args, "--tree", tree, "--no-mailmap").out.splitlines()
    named = kpolicy(*args, "--mailmap", tree / ".mailmap").out.splitlines()
    assert "Jonathan Cameron <jic23@kernel.org>" in plain and "Someone New <new.person@example.org>" not in plain
    assert "Jonathan Cameron <jonathan@example.org>" in with_tree
    assert "Someone New <new.person@example.org>" in with_tree
    assert "Jonathan Cameron <jic23@kernel.org>" in no_mailmap
    assert "Someone New <new.person@example.org>" in no_mailmap
    assert "Jonathan Cameron <jonathan@example.org>" in named
    missing = kpolicy(*args, "--mailmap", tree / "nothing")
    assert missing.code == 2 and "nothing:1:1: cannot read file" in missing.err


# -- the MAINTAINERS cache -----------------------------------------------------------------------

def _who(path: Path, cache: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, KPOLICY_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT / "scripts"))
    return subprocess.run([sys.executable, "-m", "kpolicy", "who", "--maintainers", str(path), "--policies",
                           str(cache / "none"), "--format", "addresses", *extra, "drivers/block/rnull/rnull.rs"],
                          env=env, capture_output=True, text=True, check=False)


def test_cache_is_keyed_by_content_and_never_stale(tmp_path: Path) -> None:
    cache = tmp_path / "c"
    text = lzma.decompress(FIXTURE.read_bytes()).decode("utf-8")
    f = tmp_path / "MAINTAINERS"
    f.write_text(text, encoding="utf-8")
    first = _who(f, cache)
    assert first.returncode == 0, first.stderr
    assert len(list(cache.glob("maintainers-*.marshal"))) == 1
    assert "Andreas Hindborg <a.hindborg@kernel.org>" in first.stdout
    # same size, same time stamps, another content: another key, a fresh answer
    st = f.stat()
    f.write_text(text.replace("a.hindborg@kernel.org", "a.hindborg@kernel.xyz"), encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    second = _who(f, cache)
    assert "Andreas Hindborg <a.hindborg@kernel.xyz>" in second.stdout
    assert len(list(cache.glob("maintainers-*.marshal"))) == 2
    # a damaged cache file is ignored and replaced
    for c in cache.glob("maintainers-*.marshal"):
        c.write_bytes(c.read_bytes()[:1000])
    third = _who(f, cache)
    assert third.stdout == second.stdout
    assert _who(f, cache, "--no-cache").stdout == second.stdout


def test_the_mailmap_is_kept_by_content_too(tmp_path: Path) -> None:
    """--mailmap FILE is parsed once per content: an edit that keeps size and time stamps still
    counts, a damaged cache file is ignored, and --no-cache neither reads nor writes one."""
    cache, mailmap = tmp_path / "c", tmp_path / "mailmap"
    mailmap.write_text("Andreas Hindborg <ah@example.org> <a.hindborg@kernel.org>\n", encoding="utf-8")
    first = _who(FIXTURE, cache, "--mailmap", str(mailmap))
    assert first.returncode == 0, first.stderr
    assert "Andreas Hindborg <ah@example.org>" in first.stdout
    assert len(list(cache.glob("mailmap-*.marshal"))) == 1
    st = mailmap.stat()
    mailmap.write_text("Andreas Hindborg <ah@example.net> <a.hindborg@kernel.org>\n", encoding="utf-8")
    os.utime(mailmap, ns=(st.st_atime_ns, st.st_mtime_ns))
    second = _who(FIXTURE, cache, "--mailmap", str(mailmap))
    assert "Andreas Hindborg <ah@example.net>" in second.stdout
    assert len(list(cache.glob("mailmap-*.marshal"))) == 2
    for c in cache.glob("mailmap-*.marshal"):
        c.write_bytes(c.read_bytes()[:10])
    assert _who(FIXTURE, cache, "--mailmap", str(mailmap)).stdout == second.stdout
    fresh = tmp_path / "fresh"
    assert _who(FIXTURE, fresh, "--mailmap", str(mailmap), "--no-cache").stdout == second.stdout
    assert not fresh.exists()


def test_two_processes_building_the_cache_at_once(tmp_path: Path) -> None:
    cache = tmp_path / "c"
    env = dict(os.environ, KPOLICY_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT / "scripts"))
    cmd = [sys.executable, "-m", "kpolicy", "who", "--maintainers", str(FIXTURE), "--policies", str(tmp_path / "x"),
           "--format", "addresses", "drivers/block/rnull/rnull.rs"]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    outs = [p.communicate() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert len({o for o, _ in outs}) == 1
    files = sorted(p.name for p in cache.iterdir())
    assert len(files) == 1 and files[0].startswith("maintainers-")  # no temporary file left behind
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert again.stdout == outs[0][0]


def test_double_star_crosses_directories() -> None:
    """get_maintainer.pl of 7.3.4 reads '**' as any number of directories (MAINTAINERS' own example)."""
    from kpolicy.maintainers.pathmatch import Pattern

    p = Pattern.of("fs/**/*foo*.c")
    assert p.matches("fs/a/b/xfoo.c") and p.matches("fs/a/foo.c")
    assert not p.matches("fs/xfoo.h") and not Pattern.of("fs/*foo*.c").matches("fs/a/xfoo.c")
