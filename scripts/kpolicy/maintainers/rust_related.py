"""Which MAINTAINERS entries are "rust-related": what `kpolicy import-maintainers --rust-related` takes.

An entry is rust-related when

1. its title names Rust: the word RUST, in any case ("RUST", "RUST [ALLOC]",
   "BLOCK LAYER DEVICE DRIVER API [RUST]"); or
2. one of its F: patterns names Rust files: the pattern ends in '.rs', or one of its path
   components is 'rust', starts with 'rust' or with '*rust' ('rust/', 'samples/rust/',
   'rust/kernel/device.rs', 'scripts/*rust*', 'scripts/rustdoc_test_*'). Patterns that
   merely happen to cover such files ('*', 'drivers/net/phy/') do not count; or
3. it is the C entry that an entry of kind 1 pairs with:
   - the entry whose title is the Rust entry's title without the Rust mark
     ("ETHERNET PHY LIBRARY [RUST]" -> "ETHERNET PHY LIBRARY");
   - the most specific other entry that covers the Rust entry's files outside Rust folders
     ("drivers/block/rnull.rs" of BLOCK LAYER DEVICE DRIVER API [RUST] -> BLOCK LAYER),
     leaving out THE REST and entries that are themselves rust-related by 1 or 2; not for
     the Rust core's own entries (titles starting with RUST), which bind no C entry;
   - the entries a record already pairs it with (pairs_with in the records), when the file
     has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kpolicy.maintainers.file import Entry
from kpolicy.maintainers.pathmatch import Index

_RUST_WORD = re.compile(r"\bRUST\b", re.IGNORECASE)
_RUST_MARK = re.compile(r"\s*(?:\[RUST\]|-\s*RUST|\(RUST\))\s*$|^RUST\s+(?=\S)", re.IGNORECASE)


def title_names_rust(title: str) -> bool:
    return _RUST_WORD.search(title) is not None


def pattern_names_rust(pattern: str) -> bool:
    if pattern.endswith(".rs"):
        return True
    return any(c.startswith(("rust", "*rust")) for c in pattern.lower().split("/"))


def c_title(title: str) -> str | None:
    """The title of the C entry a '[RUST]' entry's title points at, if the title says it."""
    stripped = _RUST_MARK.sub("", title).strip()
    return stripped if stripped and stripped != title and not title_names_rust(stripped) else None


@dataclass(frozen=True)
class Reason:
    title: str
    why: str


def rust_related(entries: Sequence[Entry], pairs: Mapping[str, Iterable[str]] = {}) -> dict[str, Reason]:
    """Rust-related entries by title, each with the reason it was taken. pairs maps a title to the
    titles the records pair it with."""
    found: dict[str, Reason] = {}
    for e in entries:
        if title_names_rust(e.title):
            found[e.title] = Reason(e.title, "the title names Rust")
    for e in entries:
        if e.title not in found:
            hits = [v for v in e.values("F") if pattern_names_rust(v)]
            if hits:
                found[e.title] = Reason(e.title, f"F: {hits[0]} names Rust files")
    titles = {e.title for e in entries}
    index = Index([e for e in entries if e.title not in found and e.title != "THE REST"])
    for e in entries:
        if not title_names_rust(e.title):
            continue
        partners = _partners(e, titles, index)
        partners += [(t, "the records pair them") for t in pairs.get(e.title, ()) if t in titles]
        for title, why in partners:
            if title not in found:
                found[title] = Reason(title, f"C entry of {e.title}: {why}")
    return found


def _partners(e: Entry, titles: set[str], index: Index) -> list[tuple[str, str]]:
    """The C entries a Rust entry goes with, each with why: the entry its title names without the
    Rust mark, and the most specific entry covering each of its F: patterns outside Rust's own
    files (these only when the title does not start with Rust)."""
    partners: list[tuple[str, str]] = []
    named = c_title(e.title)
    if named in titles:
        partners.append((named, "its title without the Rust mark"))
    for value in e.values("F") if not e.title.upper().startswith("RUST") else ():
        partners += _covering(value, index)
    return partners


def _covering(value: str, index: Index) -> list[tuple[str, str]]:
    """The most specific entries of index that cover the files of an F: pattern (none for the Rust
    side's own files, or for a pattern with no fixed start)."""
    if any(c.startswith(("rust", "*rust")) for c in value.lower().split("/")):
        return []  # the Rust side's own files
    probe = value.split("*", 1)[0].split("?", 1)[0].split("[", 1)[0]
    if not probe or (probe.endswith("/") and probe.count("/") < 1):
        return []
    matches = index.match(probe)
    if not matches:
        return []
    best = matches[0][1]
    return [(index.entries[i].title, f"it covers {value}") for i, d in matches if d == best]
