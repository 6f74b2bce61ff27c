"""kpolicy who: parity with the kernel's get_maintainer.pl on real paths, and the command as users run it.

tests/data/get_maintainer-6.12.117.jsonl.xz holds what the real scripts/get_maintainer.pl of
6.12.117 printed for 699 real paths of that tree (see tests/data/README.md). The differences
the comparison allows are the documented ones, each checked to be real below.
"""

from __future__ import annotations

import itertools
import json
import lzma
from pathlib import Path

import pytest

from conftest import ROOT
from kpolicy.maintainers import file as mf
from kpolicy.maintainers.pathmatch import Pattern
from kpolicy.maintainers.people import people_in
from kpolicy.maintainers.who import CHIEF_PENGUINS, Who, collect
from who_support import display_name_lists, golden_answers, same_answer

DATA = ROOT / "tests" / "data"
FIXTURE = DATA / "MAINTAINERS-6.12.117.xz"


pytestmark = pytest.mark.usefixtures("private_cache")


@pytest.fixture(scope="module")
def real() -> mf.MaintainersFile:
    return mf.read(FIXTURE)


@pytest.fixture(scope="module")
def golden() -> list[dict]:
    return golden_answers("6.12.117")


@pytest.fixture(scope="module")
def tree_dirs() -> set[str]:
    return set((DATA / "dir-patterns-6.12.117.txt").read_text(encoding="utf-8").split("\n")) - {""}


@pytest.fixture(scope="module")
def display_lists() -> frozenset[str]:
    return display_name_lists(lzma.decompress(FIXTURE.read_bytes()).decode("utf-8"))


def _agrees(who: Who, rec: dict, display_lists: frozenset[str]) -> str | None:
    """'exact' or 'tie order' when who's answer is get_maintainer.pl's, else None."""
    matched = who.index.match(rec["path"])
    golden = {role: rec[role] for role in ("maintainers", "reviewers", "lists", "all")}
    # entries of equal rank come in Perl hash order, which changes from run to run
    groups = [list(g) for _, g in itertools.groupby(matched, key=lambda m: m[1])]
    orders = itertools.product(*(itertools.permutations(g) for g in groups))
    for n, order in enumerate(itertools.islice(orders, 2000)):
        m, r, lists, addresses = collect([who.index.entries[i] for group in order for i, _ in group])
        got = {"maintainers": [p.line for p in m], "reviewers": [p.line for p in r], "lists": lists,
               "all": addresses}
        if same_answer(got, golden, display_lists):
            return "exact" if n == 0 else "tie order"
    return None


def test_parity_with_get_maintainer_on_every_golden_path(real, golden, tree_dirs, display_lists) -> None:
    who = Who(real.entries, is_dir=lambda p: p in tree_dirs)
    results = {rec["path"]: _agrees(who, rec, display_lists) for rec in golden}
    assert len(results) == 699
    disagree = sorted(p for p, r in results.items() if r is None)
    assert disagree == []
    # the answer is the same set whatever the order, except where two equally specific entries
    # spell one person differently (then get_maintainer.pl itself varies from run to run)
    assert sum(r == "tie order" for r in results.values()) <= 5


def test_golden_paths_cover_what_they_should(golden) -> None:
    paths = [rec["path"] for rec in golden]
    assert sum(p.endswith(".rs") for p in paths) >= 40
    for prefix in ("block/", "drivers/block/", "net/", "drivers/net/", "drivers/gpu/drm/", "fs/", "mm/", "arch/",
                   "Documentation/", "include/", "kernel/", "sound/", "tools/"):
        assert any(p.startswith(prefix) for p in paths), prefix


def test_without_a_tree_only_the_documented_path_differs(real, golden, display_lists) -> None:
    """A pattern naming a directory without a trailing '/' is recognised by the path below it;
    one golden path is a file beside such a directory with the same prefix."""
    who = Who(real.entries)
    disagree = sorted(rec["path"] for rec in golden if _agrees(who, rec, display_lists) is None)
    assert disagree == ["Documentation/userspace-api/media/cec.h.rst.exceptions"]
    assert "Documentation/userspace-api/media/cec" in {
        v for e in real.entries for k, v in e.fields if k in "FX" and Pattern.of(v).may_be_dir}


def test_display_name_lists_are_a_real_difference(real, golden, display_lists) -> None:
    """The lists written with a display name are the ones the goldens lack, and who names them."""
    assert display_lists == {"s32@nxp.com", "aws-nitro-enclaves-devel@amazon.com", "kernel-list@raspberrypi.com"}
    who = Who(real.entries)
    added = {rec["path"]: set(who.answer(rec["path"]).lists) - set(rec["lists"]) for rec in golden}
    affected = {path: extra for path, extra in added.items() if extra}
    assert len(affected) >= 5
    assert all(extra <= display_lists for extra in affected.values()), affected
    assert all(not set(rec["lists"]) & display_lists for rec in golden)


def test_chief_penguin_is_left_out_like_get_maintainer(real) -> None:
    answer = Who(real.entries).answer("Makefile")
    assert [m.entry.title for m in answer.subsystems][-1] == "THE REST"
    assert not any(p.line in CHIEF_PENGUINS for p in answer.maintainers)
    kept = Who(real.entries, chief_penguins=True).answer("Makefile")
    assert "Linus Torvalds <torvalds@linux-foundation.org>" in [p.line for p in kept.maintainers]


@pytest.mark.parametrize(("value", "name", "email"), [
    ('"James E.J. Bottomley" <James.Bottomley@HansenPartnership.com>', "James E.J. Bottomley",
     "James.Bottomley@HansenPartnership.com"),
    ("Juri Lelli <juri.lelli@redhat.com> (SCHED_DEADLINE)", "Juri Lelli", "juri.lelli@redhat.com"),
    ("Charles Hsu\t<hsu.yungteng@gmail.com>", "Charles Hsu", "hsu.yungteng@gmail.com"),
    ("x86@kernel.org", "", "x86@kernel.org"),
    ("Enrico Weigelt, metux IT consult <info@metux.net>", "Enrico Weigelt, metux IT consult", "info@metux.net"),
])
def test_people_lines(value: str, name: str, email: str) -> None:
    [person] = people_in(value)
    assert (person.name, person.email) == (name, email)


def test_a_line_without_address_names_nobody_and_a_list_of_addresses_names_each() -> None:
    assert people_in("Some Name") == []
    assert [p.email for p in people_in("A <a@example.org>, B <b@example.org>")] == ["a@example.org", "b@example.org"]


# -- the command ---------------------------------------------------------------------------------

def _import_block(root: Path, kpolicy):
    root.mkdir()
    return kpolicy("import-maintainers", FIXTURE, "--policies", root,
                   "--title", "BLOCK LAYER", "BLOCK LAYER DEVICE DRIVER API [RUST]")


def test_the_block_import_succeeds(tmp_path: Path, kpolicy) -> None:
    run = _import_block(tmp_path / "policies", kpolicy)
    assert run.code == 0, run.err
    subsystems = {p.name for p in (tmp_path / "policies" / "subsystems").iterdir()}
    assert {"block-layer-device-driver-api-rust.yaml", "block-layer.yaml"} <= subsystems


@pytest.fixture
def block_tree(tmp_path: Path, kpolicy) -> Path:
    """Records for the block layer and its Rust entry, with a stance for the Rust one (the import
    is test_the_block_import_succeeds)."""
    root = tmp_path / "policies"
    _import_block(root, kpolicy)
    (root / "stances").mkdir(exist_ok=True)
    (root / "stances" / "block-layer-device-driver-api-rust.yaml").write_text(
        "subsystem: block-layer-device-driver-api-rust\nlevel: rust-submaintainer\nchecked: 2025-01-01\n"
        "route:\n  via: rust-tree\n  tree: git https://github.com/Rust-for-Linux/linux.git rust-block-next\n"
        "sources:\n  - url: https://lore.kernel.org/all/example/\n    title: an example source\n"
        "    date: 2024-06-01\n", encoding="utf-8")
    return root


def test_json_answer_from_the_file_with_stances_from_the_records(block_tree: Path, kpolicy) -> None:
    run = kpolicy("who", "--maintainers", FIXTURE, "--policies", block_tree, "--format", "json",
                  "drivers/block/rnull.rs")
    assert run.code == 0, run.err
    [answer] = json.loads(run.out)
    assert answer["path"] == "drivers/block/rnull.rs"
    assert [(s["title"], s["status"], s["stance"]) for s in answer["subsystems"]] == [
        ("BLOCK LAYER DEVICE DRIVER API [RUST]", "Supported", "rust-submaintainer"),
        ("BLOCK LAYER", "Maintained", "unknown"),
        ("THE REST", "Buried alive in reporters", "unknown")]
    assert answer["subsystems"][0]["route"] == {
        "via": "rust-tree", "tree": "git https://github.com/Rust-for-Linux/linux.git rust-block-next"}
    assert answer["maintainers"] == [{"name": "Andreas Hindborg", "email": "a.hindborg@kernel.org"},
                                     {"name": "Jens Axboe", "email": "axboe@kernel.dk"}]
    assert answer["reviewers"] == [{"name": "Boqun Feng", "email": "boqun.feng@gmail.com"}]
    assert answer["lists"] == ["linux-block@vger.kernel.org", "rust-for-linux@vger.kernel.org",
                               "linux-kernel@vger.kernel.org"]


def test_answer_from_the_records_alone(block_tree: Path, kpolicy) -> None:
    run = kpolicy("who", "--policies", block_tree, "drivers/block/rnull.rs", "mm/slub.c")
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        "drivers/block/rnull.rs",
        "  BLOCK LAYER DEVICE DRIVER API [RUST] (Supported)",
        ("    Rust stance: rust-submaintainer; Rust patches go: rust-tree: git "
         "https://github.com/Rust-for-Linux/linux.git rust-block-next"),
        "  BLOCK LAYER (Maintained)",
        "    Rust stance: unknown; Rust patches go: unknown",
        "  maintainers:",
        "    Andreas Hindborg <a.hindborg@kernel.org>",
        "    Jens Axboe <axboe@kernel.dk>",
        "  reviewers:",
        "    Boqun Feng <boqun.feng@gmail.com>",
        "  lists:",
        "    linux-block@vger.kernel.org",
        "    rust-for-linux@vger.kernel.org",
        "mm/slub.c",
        "  no entry covers this path"]


def test_the_cached_view_follows_every_record_change(block_tree: Path, kpolicy, tmp_path: Path) -> None:
    first = kpolicy("who", "--policies", block_tree, "--format", "json", "drivers/block/rnull.rs")
    assert list((tmp_path / "cache").glob("who-*"))
    stance = block_tree / "stances" / "block-layer-device-driver-api-rust.yaml"
    stance.write_text(stance.read_text(encoding="utf-8").replace("rust-submaintainer", "maintains"), encoding="utf-8")
    second = kpolicy("who", "--policies", block_tree, "--format", "json", "drivers/block/rnull.rs")
    assert json.loads(first.out)[0]["subsystems"][0]["stance"] == "rust-submaintainer"
    assert json.loads(second.out)[0]["subsystems"][0]["stance"] == "maintains"


def test_records_with_errors_stop_the_answer(block_tree: Path, kpolicy) -> None:
    (block_tree / "subsystems" / "block-layer.yaml").write_text("id: block-layer\n", encoding="utf-8")
    run = kpolicy("who", "--policies", block_tree, "drivers/block/loop.c")
    assert run.code == 1
    assert "block-layer.yaml:1:1: error[schema.required]" in run.err


def test_addresses_format_is_get_maintainer_output(kpolicy, tmp_path: Path) -> None:
    run = kpolicy("who", "--maintainers", FIXTURE, "--policies", tmp_path / "none", "--format", "addresses",
                  "drivers/net/phy/qt2025.rs")
    assert run.code == 0
    assert run.out.splitlines()[:2] == ["FUJITA Tomonori <fujita.tomonori@gmail.com>",
                                        "Trevor Gross <tmgross@umich.edu>"]
    assert run.out.splitlines()[-1] == "linux-kernel@vger.kernel.org"
    assert "every stance is unknown" in run.err


def test_tree_option_decides_directories(kpolicy, tmp_path: Path) -> None:
    (tmp_path / "kernel" / "Documentation" / "userspace-api" / "media" / "cec").mkdir(parents=True)
    args = ("who", "--maintainers", FIXTURE, "--policies", tmp_path / "none", "--format", "json",
            "Documentation/userspace-api/media/cec.h.rst.exceptions")
    guessed = json.loads(kpolicy(*args).out)[0]
    known = json.loads(kpolicy(*args, "--tree", tmp_path / "kernel").out)[0]
    assert "CEC FRAMEWORK" in [s["title"] for s in guessed["subsystems"]]
    assert "CEC FRAMEWORK" not in [s["title"] for s in known["subsystems"]]
    folder = json.loads(kpolicy(*args[:-1], "Documentation/userspace-api/media/cec", "--tree", tmp_path / "kernel").out)
    assert folder[0]["path"] == "Documentation/userspace-api/media/cec/"  # a directory, as get_maintainer.pl reads it
    assert folder[0]["subsystems"][0]["title"] == "CEC FRAMEWORK"


def test_unreadable_file_is_a_usage_error(kpolicy, tmp_path: Path) -> None:
    run = kpolicy("who", "--maintainers", tmp_path / "MAINTAINERS", "x.c")
    assert run.code == 2
    assert "MAINTAINERS:1:1: cannot read file" in run.err
