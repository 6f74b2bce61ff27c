"""Words the site uses for the records' fixed values: stance levels, routes, flags, field letters."""

from __future__ import annotations

from dataclasses import dataclass

from kpolicy.records.kinds import FIELDS, STANCES


@dataclass(frozen=True)
class Level:
    key: str
    label: str
    meaning: str
    example: str


# What each level means, in the site's words; its key and label are kpolicy.records.kinds.STANCES.
_MEANINGS: dict[str, tuple[str, str]] = {
    "maintains": (
        ("The subsystem's maintainers take Rust patches themselves and look after the Rust code as they do "
         "after the C code."),
        "At LSFMM+BPF 2025 the VFS was given as the example."),
    "wants-help": (
        "The maintainers would take Rust code themselves but need Rust developers to help them do it.",
        "The module loader was the example in March 2025."),
    "rust-submaintainer": (
        ("A named sub-maintainer handles the subsystem's Rust code, usually in a separate [RUST] entry; "
         "the C maintainers stay in charge of the C side."),
        "The block layer, with its Rust null-block driver, was the example."),
    "via-rust-tree": (
        ("Rust code for the subsystem is merged through the Rust-for-Linux trees; the C maintainers "
         "review it but do not carry it."),
        "Timekeeping and timers were the example."),
    "no-engagement": (
        "The maintainers do not work with the Rust developers; bindings, if any, live elsewhere.",
        "DMA mapping and the XArray were named in March 2025."),
    "unknown": (
        ("No source we have records says how the subsystem handles Rust. This is the default for every "
         "subsystem until someone documents its stance with a source."),
        ""),
}
LEVELS: dict[str, Level] = {s.key: Level(s.key, s.label, *_MEANINGS[s.key]) for s in STANCES}

ROUTES = {
    "subsystem-tree": "the subsystem's own tree",
    "rust-tree": "the Rust-for-Linux trees",
    "other-tree": "another tree",
    "unknown": "not recorded",
}

TEMPORARY_BREAKAGE = {
    "allowed": "allowed: C changes may break the Rust code for a while",
    "not-allowed": "not allowed: the Rust build must keep working",
    "unknown": "unknown",
}

RUST_BUILDS = {
    "yes-regularly": "yes, regularly",
    "not-regularly": "not regularly",
    "unknown": "unknown",
}

# The meaning of each MAINTAINERS field letter, as the file's own preamble describes it.
FIELD_MEANINGS = {f.letter: f.label for f in FIELDS}

EVENT_KINDS = {
    "release": "Release", "policy": "Policy", "meeting": "Meeting", "maintainers": "Maintainers",
    "dispute": "Dispute", "toolchain": "Toolchain",
}

VIEWS = {
    "rust-entries": "The [RUST] entries in MAINTAINERS and their people",
    "temporary-breakage": "Subsystems that allow their Rust code to break for a while",
    "reference-drivers": "Rust drivers named in MAINTAINERS entries",
    "stance-levels": "Subsystems by stance level",
    "version-policy": "Minimum toolchain versions",
    "timeline": "Timeline",
}
