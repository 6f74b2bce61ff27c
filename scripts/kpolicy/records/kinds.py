"""The fixed vocabulary of the records, each fact defined once: the record kinds, the MAINTAINERS
field letters and the stance levels.

Everything else derives from these tables: the reader and fmt (folders), the checks (id fields),
the model (field letters), the MAINTAINERS parser (field order), the site (labels). The JSON
Schemas in schema/ repeat some of these values as enums; tests/test_kinds.py checks that they
agree. This module imports nothing, so the fast `who` path can read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str  # record kind, as used in messages and the export
    folder: str  # folder under policies/
    schema: str  # file in schema/
    id_field: str  # the field that must equal the file name
    title: str = ""  # the kind in words, as messages and pages write it

    def __post_init__(self) -> None:
        if not self.title:
            object.__setattr__(self, "title", self.name.replace("-", " "))


KINDS: tuple[Kind, ...] = (
    Kind("subsystem", "subsystems", "subsystem.schema.json", "id"),
    Kind("maintainer", "maintainers", "maintainer.schema.json", "id"),
    Kind("stance", "stances", "stance.schema.json", "subsystem"),
    Kind("version-policy", "version-policy", "version-policy.schema.json", "tool"),
    Kind("policy-section", "policy", "policy-section.schema.json", "id"),
    Kind("event", "events", "event.schema.json", "id"),
    Kind("release", "releases", "release.schema.json", "release"),
)
KIND_BY_FOLDER: dict[str, Kind] = {k.folder: k for k in KINDS}
KIND_BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}


@dataclass(frozen=True)
class FieldLetter:
    letter: str  # the letter before the colon in MAINTAINERS ('M')
    key: str  # the subsystem record's field that holds its values ('maintainers')
    label: str  # what the letter means, as the file's own preamble describes it


# In the order the kernel's documentation prefers them (the position in this tuple is that order).
FIELDS: tuple[FieldLetter, ...] = (
    FieldLetter("M", "maintainers", "Maintainers"),
    FieldLetter("R", "reviewers", "Reviewers"),
    FieldLetter("L", "lists", "Mailing lists"),
    FieldLetter("S", "status", "Status"),
    FieldLetter("W", "web", "Web pages"),
    FieldLetter("Q", "patchwork", "Patchwork"),
    FieldLetter("B", "bugs", "Bug reports"),
    FieldLetter("C", "chat", "Chat"),
    FieldLetter("P", "profile", "Subsystem profile"),
    FieldLetter("T", "trees", "Source trees"),
    FieldLetter("F", "files", "Files"),
    FieldLetter("X", "excludes", "Excluded files"),
    FieldLetter("N", "regexes", "File name patterns (regular expressions)"),
    FieldLetter("K", "keywords", "Content keywords (regular expressions)"),
)
FIELD_LETTERS: tuple[tuple[str, str], ...] = tuple((f.letter, f.key) for f in FIELDS)  # (letter, record key)
FIELD_ORDER: str = "".join(f.letter for f in FIELDS)  # "MRLSWQBCPTFXNK"
PEOPLE_FIELDS: tuple[str, ...] = ("maintainers", "reviewers")  # the field keys whose values are people


@dataclass(frozen=True)
class StanceLevel:
    key: str  # the value in a stance record
    label: str  # its name on pages
    takes_rust: bool  # the subsystem takes Rust code in some way


# From most to least engaged; 'unknown' last.
STANCES: tuple[StanceLevel, ...] = (
    StanceLevel("maintains", "Maintains Rust", True),
    StanceLevel("wants-help", "Wants help", True),
    StanceLevel("rust-submaintainer", "Rust sub-maintainer", True),
    StanceLevel("via-rust-tree", "Via the Rust tree", True),
    StanceLevel("no-engagement", "No engagement", False),
    StanceLevel("unknown", "Unknown", False),
)
STANCE_LEVELS: tuple[str, ...] = tuple(s.key for s in STANCES)
STANCE_LABELS: dict[str, str] = {s.key: s.label for s in STANCES}
LEVELS_TAKING_RUST: tuple[str, ...] = tuple(s.key for s in STANCES if s.takes_rust)
