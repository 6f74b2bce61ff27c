"""The fixed vocabulary of the records, each fact defined once: the record kinds, the MAINTAINERS
field letters and the stance levels.

Everything else derives from these tables: the reader and fmt (folders), the checks (id fields),
the model (field letters), the MAINTAINERS parser (field order), the site (labels). The JSON
Schemas in schema/ repeat some of these values as enums; tests/test_kinds.py checks that they
agree. This module imports nothing, so the fast `who` path can read it.
"""

from __future__ import annotations

# The three tables' rows are tuples with named fields, not dataclasses: `kpolicy who` reads this
# module on every lookup, and importing dataclasses (with inspect) would cost it about 10 ms.

class Kind(tuple[str, str, str, str, str]):
    """A record kind: its name (as messages and the export use it), its folder under policies/, its
    schema file in schema/, the field that must equal the file name, and its name in words."""

    __slots__ = ()

    def __new__(cls, name: str, folder: str, schema: str, id_field: str, title: str = "") -> Kind:
        return tuple.__new__(cls, (name, folder, schema, id_field, title or name.replace("-", " ")))

    def __repr__(self) -> str:
        return f"Kind({self.name!r})"

    @property
    def name(self) -> str:
        return self[0]

    @property
    def folder(self) -> str:
        return self[1]

    @property
    def schema(self) -> str:
        return self[2]

    @property
    def id_field(self) -> str:
        return self[3]

    @property
    def title(self) -> str:
        return self[4]


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


class FieldLetter(tuple[str, str, str]):
    """A MAINTAINERS field: its letter ('M'), the subsystem record's field that holds its values
    ('maintainers'), and what the letter means, as the file's own preamble describes it."""

    __slots__ = ()

    def __new__(cls, letter: str, key: str, label: str) -> FieldLetter:
        return tuple.__new__(cls, (letter, key, label))

    @property
    def letter(self) -> str:
        return self[0]

    @property
    def key(self) -> str:
        return self[1]

    @property
    def label(self) -> str:
        return self[2]


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


class StanceLevel(tuple[str, str, bool]):
    """A stance level: the value in a stance record, its name on pages, and whether a subsystem at
    this level takes Rust code in some way."""

    __slots__ = ()

    def __new__(cls, key: str, label: str, takes_rust: bool) -> StanceLevel:
        return tuple.__new__(cls, (key, label, takes_rust))

    @property
    def key(self) -> str:
        return self[0]

    @property
    def label(self) -> str:
        return self[1]

    @property
    def takes_rust(self) -> bool:
        return self[2]


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
