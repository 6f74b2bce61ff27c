"""Strict YAML loading with positions (writing files is kpolicy.records.atomic).

Records are read as a restricted YAML: one document whose top level is a mapping,
no anchors or aliases, no tags beyond the standard scalar and collection ones,
no duplicate keys, no YAML 1.1 booleans (yes/no/on/off) and no timestamps. A
plain ISO date such as 2025-01-08 stays a string. Every value's position is
kept, so later checks can point at the line that holds it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from kpolicy.records.problems import Problem

MAX_FILE_BYTES = 1 << 20  # a record is a few KiB; anything this big is a mistake
MAX_DEPTH = 64

_CLoader = getattr(yaml, "CSafeLoader", None)  # libyaml's parser; events only, no constructor

Path_ = tuple[Any, ...]  # a path into a document: keys and list indexes

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_OCTAL_LOOKING = re.compile(r"^[-+]?0[0-9_]+$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*\.[0-9_]+|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?$"
                    r"|^[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)$")  # a digit before any '_': '._' is text
_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_YAML11_ONLY_BREAK = re.compile("[\x85\u2028\u2029]")  # NEL, LS, PS: line breaks to libyaml, text to YAML 1.2
_TIMESTAMP = re.compile(
    r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?$|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"
)


@dataclass
class Document:
    """A loaded record: its data, and where each value and key stands in the file."""

    path: str
    data: dict[str, Any]
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    plain_numbers: dict[Path_, str] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The 1-based (line, column) of the value at path, or of its key; the
        nearest enclosing value when path goes deeper than the document."""
        table = self.key_positions if key else self.positions
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if key and p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))


class LoadError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _mark(m: Any) -> tuple[int, int]:
    return (m.line + 1, m.column + 1)


def _fail(path: str, pos: tuple[int, int], check: str, message: str, hint: str | None = None) -> LoadError:
    return LoadError(Problem(path, pos[0], pos[1], check, "error", message, hint))


def _position_of_offset(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def decode(path: str, raw: bytes) -> str:
    """UTF-8 text of a record, or a located LoadError. A byte-order mark is dropped."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        good = raw[: e.start].decode("utf-8", "replace")
        raise _fail(path, _position_of_offset(good, len(good)), "yaml.encoding",
                    f"invalid UTF-8 byte 0x{raw[e.start]:02x}", "save the file as UTF-8") from None
    nul = text.find("\0")
    if nul >= 0:
        raise _fail(path, _position_of_offset(text, nul), "yaml.nul", "NUL byte in file")
    return text


def read_text(path: str | os.PathLike[str], display: str | None = None) -> str:
    """Read a record file as text, refusing oversized files before reading them."""
    shown = display or str(path)
    return decode(shown, read_record_bytes(path, shown))


def read_record_bytes(path: str | os.PathLike[str], display: str | None = None) -> bytes:
    """A record file's bytes: a regular file (never a link or a FIFO) of at most MAX_FILE_BYTES."""
    shown = display or str(path)
    from kpolicy.records.safefs import NotRegular, read_regular

    try:
        size = os.lstat(path).st_size
        if size > MAX_FILE_BYTES:
            raise _fail(shown, (1, 1), "yaml.too-large",
                        f"file is {size:,} bytes; records are limited to {MAX_FILE_BYTES:,}")
        raw = read_regular(path, MAX_FILE_BYTES, shown)  # never through a link, never a FIFO
    except NotRegular as e:
        raise _fail(shown, (1, 1), "file-not-regular", f"{e.what}; only regular files are read") from None
    except OSError as e:
        raise _fail(shown, (1, 1), "io", f"cannot read file: {e.strerror or e}") from None
    if len(raw) > MAX_FILE_BYTES:  # grew between stat and read
        raise _fail(shown, (1, 1), "yaml.too-large", f"file is larger than {MAX_FILE_BYTES:,} bytes")
    return raw


def _scalar(path: str, ev: Any) -> tuple[Any, bool]:
    """The value of a scalar event, and whether it was a plain (unquoted) number."""
    value: str = ev.value
    tag = ev.tag
    pos = _mark(ev.start_mark)
    plain = not ev.style
    if tag not in (None, "!") and tag not in _STANDARD_TAGS:
        raise _fail(path, pos, "yaml.tag", f"tag {tag!r} is not allowed", "remove the tag; records use plain YAML")
    if tag == "tag:yaml.org,2002:str" or (not plain and tag in (None, "!")):
        return value, False
    if tag is not None and tag != "!" and tag != "tag:yaml.org,2002:str":
        return _tagged(path, pos, tag, value)
    # plain scalar: resolve by YAML 1.2 core rules, refusing the YAML 1.1 traps
    if _NULL.match(value):
        return None, False
    if value in _BOOL:
        return _BOOL[value], False
    if _YAML11_BOOL.match(value):
        raise _fail(path, pos, "yaml.implicit-bool",
                    f"plain {value!r} is ambiguous (YAML 1.1 reads it as a boolean)",
                    f"write true or false, or quote it: \"{value}\"")
    if _ISO_DATE.match(value):
        return value, False  # dates are strings, validated as such by the schema
    return _plain_rest(path, pos, value)


def _tagged(path: str, pos: tuple[int, int], tag: str, value: str) -> tuple[Any, bool]:
    """A scalar with an explicit standard tag: resolved as that type, or a located error."""
    try:
        if tag.endswith(":null"):
            if _NULL.match(value):
                return None, False
        elif tag.endswith(":bool"):
            return _BOOL[value], False
        elif tag.endswith(":int"):
            return int(value.replace("_", ""), 10), False
        elif tag.endswith(":float"):
            return float(value.replace("_", "")), False
    except (KeyError, ValueError):
        pass
    raise _fail(path, pos, "yaml.tag", f"{value!r} is not a valid {tag.rsplit(':', 1)[1]}")


def _plain_rest(path: str, pos: tuple[int, int], value: str) -> tuple[Any, bool]:
    """A plain scalar that is no null, boolean or date: a number, a refused look-alike, or text."""
    if _TIMESTAMP.match(value):
        raise _fail(path, pos, "yaml.timestamp", f"plain timestamp {value!r} is not allowed",
                    "write a date as YYYY-MM-DD, or quote the value")
    if _OCTAL_LOOKING.match(value):
        raise _fail(path, pos, "yaml.ambiguous-number",
                    f"{value!r} has a leading zero and is read differently by YAML 1.1 and 1.2",
                    f"quote it: \"{value}\"")
    if _INT.match(value):
        try:
            return int(value.replace("_", "")), True
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            raise _fail(path, pos, "yaml.number", f"a number of {len(value):,} characters is too long") from None
    if _FLOAT.match(value):
        return float(value.replace("_", "")), True
    if _SPECIAL_FLOAT.match(value):
        return float(value.lstrip("+").replace(".", "", 1)), True
    return value, False


# libyaml 0.2.6 and newer stop nesting deeper than 1000 levels themselves, and for flow
# collections they do so while scanning ahead, before the loader has seen the level it refuses.
_LIBYAML_DEPTH_LIMIT = "exceeded maximum nesting depth"


def _events(text: str, pure: bool = False) -> Iterator[Any]:
    if _CLoader is not None and not pure:
        # libyaml's events straight from its get_event, with no generator frame per event (its
        # parser's dispose() does nothing: the parser frees itself when it is collected)
        return iter(_CLoader(text).get_event, None)
    return yaml.parse(text, Loader=yaml.SafeLoader)


# plain scalars that are certainly strings: not starting like a number, null, bool or date
_NOT_PLAIN_STRING_START = set("0123456789+-.~")
_SPECIAL_WORDS = {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
                  "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"}


def load_text(path: str, text: str) -> Document:
    """Parse one record. Raises LoadError with a located Problem on any violation."""
    return _load(path, text, pure=False)


def _load(path: str, text: str, pure: bool) -> Document:
    """load_text on libyaml's events, or on PyYAML's own parser when pure (which has no nesting
    limit of its own, so the loader's MAX_DEPTH is reported at the level where it is passed)."""
    doc = Document(path=path, data={})
    _refuse_yaml11_breaks(path, text)
    try:
        root = _build(path, _events(text, pure), doc)
    except yaml.MarkedYAMLError as e:
        if e.problem == _LIBYAML_DEPTH_LIMIT and not pure:
            return _load(path, text, pure=True)
        raise _syntax_error(path, text, e) from None
    except yaml.YAMLError as e:
        raise _fail(path, (1, 1), "yaml.syntax", str(e).strip()) from None
    if root is None:
        raise _fail(path, (1, 1), "yaml.not-mapping", "the file is empty; a record is a mapping of fields")
    if not isinstance(root, dict):
        kind = "list" if isinstance(root, list) else "scalar"
        raise _fail(path, doc.positions[()], "yaml.not-mapping",
                    f"the top level is a {kind}; a record is a mapping of fields")
    doc.data = root
    return doc


def _refuse_yaml11_breaks(path: str, text: str) -> None:
    """A YAML 1.2 reader sees other lines, and perhaps other data, than libyaml where these stand."""
    odd = _YAML11_ONLY_BREAK.search(text)
    if odd is not None:
        code = f"{ord(odd.group()):04x}"
        raise _fail(path, _position_of_offset(text, odd.start()), "yaml.line-break",
                    f"U+{code.upper()} is a line break to YAML 1.1 but not to YAML 1.2",
                    f"remove it, or write it as the escape \"\\u{code}\" in a double-quoted string")


def _syntax_error(path: str, text: str, e: yaml.MarkedYAMLError) -> LoadError:
    mark = e.problem_mark or e.context_mark
    pos = _mark(mark) if mark is not None else (1, 1)
    msg = (e.problem or str(e)).strip()
    if e.context:
        msg = f"{e.context}: {msg}" if "while" not in e.context else f"{msg} ({e.context})"
    hint = "indent with spaces, not tabs" if "\t" in _line_at(text, pos[0]) and "tab" not in msg.lower() else None
    return _fail(path, pos, "yaml.syntax", msg, hint)


_KEY_TAGS = (None, "!", "tag:yaml.org,2002:str")


class _Builder:
    """The state of one load besides the scalars: open collections, the root, documents seen.
    Its methods handle the events other than scalars, and the rare scalars (anchored, or the root)."""

    def __init__(self, path: str, doc: Document):
        self.path = path
        self.doc = doc
        # one frame per open collection: [container, its path, pending key (mappings) or None]
        self.stack: list[list[Any]] = []
        self.root: Any = None
        self.documents = 0

    def handlers(self) -> dict[type, Any]:
        """What to call for each kind of event other than a scalar (absent: nothing to do)."""
        return {
            MappingStartEvent: self.collection,
            SequenceStartEvent: self.collection,
            MappingEndEvent: self.end,
            SequenceEndEvent: self.end,
            AliasEvent: self.alias,
            DocumentStartEvent: self.document,
        }

    def lone_scalar(self, ev: Any, pos: tuple[int, int]) -> None:
        """An anchored scalar (refused), or a scalar outside any collection (the root)."""
        if ev.anchor:
            raise _alias_error(self.path, pos, "&" + ev.anchor)
        self.root = ev.value
        self.doc.positions[()] = pos

    def bad_key(self, ev: Any, pos: tuple[int, int]) -> LoadError:
        """The error for a key that has a tag other than str, or is already set."""
        if ev.tag not in _KEY_TAGS:
            return _fail(self.path, pos, "yaml.tag", f"tag {ev.tag!r} is not allowed on a key")
        frame = self.stack[-1]
        value = ev.value
        line = self.doc.key_positions[frame[1] + (value,)][0]
        return _fail(self.path, pos, "yaml.duplicate-key", f"duplicate key {value!r}",
                     f"{value!r} is already set at line {line}")

    def collection(self, ev: Any) -> None:
        m = ev.start_mark
        pos = (m.line + 1, m.column + 1)
        if ev.anchor:
            raise _alias_error(self.path, pos, "&" + ev.anchor)
        tag = ev.tag
        if tag not in (None, "!") and tag not in _STANDARD_TAGS:
            raise _fail(self.path, pos, "yaml.tag", f"tag {tag!r} is not allowed",
                        "remove the tag; records use plain YAML")
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            raise _fail(self.path, pos, "yaml.too-deep", f"nesting deeper than {MAX_DEPTH} levels")
        new: Any = {} if type(ev) is MappingStartEvent else []
        where: Path_
        if not stack:
            self.root = new
            where = ()
        else:
            frame = stack[-1]
            container = frame[0]
            if type(container) is list:
                where = (*frame[1], len(container))
                container.append(new)
            elif frame[2] is None:
                raise _fail(self.path, pos, "yaml.key", "mapping keys must be plain strings")
            else:
                where = (*frame[1], frame[2])
                container[frame[2]] = new
                frame[2] = None
        self.doc.positions[where] = pos
        stack.append([new, where, None])

    def end(self, _ev: Any) -> None:
        self.stack.pop()

    def alias(self, ev: Any) -> None:
        m = ev.start_mark
        raise _alias_error(self.path, (m.line + 1, m.column + 1), "*" + ev.anchor)

    def document(self, ev: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _fail(self.path, _mark(ev.start_mark), "yaml.multi-document",
                        "more than one YAML document in the file", "one record per file; remove the '---'")


def _ignore(ev: Any) -> None:
    """Events that need nothing: the stream's start and end, a document's end."""


def _build(path: str, events: Iterator[Any], doc: Document) -> Any:
    """Build the document's data from its events, keeping positions; returns the root value.
    Scalars, most of the events, are handled here without a further call; the rest by _Builder."""
    builder = _Builder(path, doc)
    stack = builder.stack
    positions = doc.positions
    key_positions = doc.key_positions
    plain_numbers = doc.plain_numbers
    other = builder.handlers().get
    for ev in events:
        t = type(ev)
        if t is not ScalarEvent:
            other(t, _ignore)(ev)
            continue
        m = ev.start_mark
        pos = (m.line + 1, m.column + 1)
        if ev.anchor or not stack:
            builder.lone_scalar(ev, pos)
            continue
        value = ev.value
        frame = stack[-1]
        container = frame[0]
        if type(container) is dict and frame[2] is None:  # a key
            if ev.tag not in _KEY_TAGS or value in container:
                raise builder.bad_key(ev, pos)
            frame[2] = value
            key_positions[(*frame[1], value)] = pos
            continue
        plain_number = False
        tag = ev.tag
        if (tag is None and not ev.style and (
                value[:1] in _NOT_PLAIN_STRING_START or value in _SPECIAL_WORDS or not value)) or (
                tag is not None and tag != "!"):
            value, plain_number = _scalar(path, ev)
        if type(container) is list:
            where = (*frame[1], len(container))
            container.append(value)
        else:
            where = (*frame[1], frame[2])
            container[frame[2]] = value
            frame[2] = None
        positions[where] = pos
        if plain_number:
            plain_numbers[where] = ev.value
    return builder.root


def _alias_error(path: str, pos: tuple[int, int], what: str) -> LoadError:
    return _fail(path, pos, "yaml.alias", f"anchors and aliases are not allowed ({what})",
                 "write the value out in full")


def _line_at(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def load_file(path: str | os.PathLike[str], display: str | None = None) -> Document:
    shown = display or str(path)
    return load_text(shown, read_text(path, shown))


__all__ = [
    "MAX_FILE_BYTES",
    "Document",
    "LoadError",
    "decode",
    "load_file",
    "load_text",
    "read_record_bytes",
    "read_text",
]
