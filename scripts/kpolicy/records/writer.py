"""The canonical text of a record: the one layout every record file is written in.

The layout:

- a first line `# yaml-language-server: $schema=../../schema/<kind>.schema.json`, so that
  editors complete and check fields; no other comments (see `comment_positions`);
- keys in the order of the schema's `properties` (fields the schema does not know keep
  their order, after the known ones); list items keep their order, always: in a record, the
  order of a list carries meaning (MAINTAINERS order, primary sources first, history oldest
  first);
- two-space indentation, list items indented under their key;
- a string is written plain when it starts with a letter and is not a word YAML reads as a
  boolean or null (yes, no, on, off, true, false, null, y, n in any case), or when it is an
  id-like slug with a letter after a hyphen (2025-02-09-policy-page, 05-same-standards);
  otherwise it is written in double quotes. So dates, kernel and tool versions, numbers-as-text and titles
  such as "[PATCH] ..." are quoted, and every YAML reader (1.1 or 1.2) reads the same string;
- prose fields (common.schema.json#/$defs/text) that do not fit in WIDTH columns or hold
  paragraphs are written as folded blocks (`>-`), wrapped at the first space after column
  WIDTH; other strings stay on one line however long they are (a line break in one is
  written as the escape \n inside double quotes).

`dump` writes data in this layout; `same_data` and `comment_positions` are what a writer uses to
make sure a rewrite keeps a record's meaning (kpolicy.workflow.fmt, kpolicy.maintainers.sync).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.representer import SafeRepresenter

from kpolicy.records.kinds import Kind
from kpolicy.records.shape import Shape, Shapes

WIDTH = 80
HEADER_PREFIX = "# yaml-language-server:"
_T = "tag:yaml.org,2002:"
_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")  # line breaks to YAML 1.1 inside a block
_WORDY_SLUG = re.compile(r"^(?=.*-[a-z])[a-z0-9]+(?:-[a-z0-9]+)*$")
_RESERVED_WORDS = frozenset(
    w for word in ("y", "n", "yes", "no", "true", "false", "on", "off", "null")
    for w in (word, word.capitalize(), word.upper())
)


def header(kind: Kind) -> str:
    return f"{HEADER_PREFIX} $schema=../../schema/{kind.schema}\n"


def needs_quotes(value: str) -> bool:
    """Whether a string is written in double quotes rather than plain (see the module docstring)."""
    if _WORDY_SLUG.match(value):
        return False  # no YAML reader takes a hyphen followed by a letter for a number or a date
    return not value or not value[0].isalpha() or value in _RESERVED_WORDS


class _Dumper(yaml.SafeDumper):
    """PyYAML's emitter with the canonical choices: indented lists, double quotes, no wrapping
    except in folded blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:  # noqa: ARG002
        return super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style

    def write_plain(self, text: str, split: bool = True) -> None:  # noqa: ARG002
        super().write_plain(text, False)

    def write_double_quoted(self, text: str, split: bool = True) -> None:  # noqa: ARG002
        super().write_double_quoted(text, False)


def _scalar(value: Any, shape: Shape | None, column: int, block_column: int, fold: bool) -> yaml.ScalarNode:
    """A scalar that starts at column; as a block, its lines would start at block_column."""
    if isinstance(value, bool):
        return yaml.ScalarNode(_T + "bool", "true" if value else "false")
    if value is None:
        return yaml.ScalarNode(_T + "null", "null")
    if isinstance(value, int):
        return yaml.ScalarNode(_T + "int", str(value))
    if isinstance(value, float):
        return SafeRepresenter().represent_float(value)
    text = str(value)
    style: str | None = None
    prose = fold and shape is not None and shape.is_prose and not _OTHER_BREAKS.search(text)
    if "\n" in text:
        style = ">" if prose else '"'
    elif prose and column + len(text) > WIDTH and block_column + text.rfind(" ") > WIDTH:
        style = ">"  # only when the block would really break the text into lines
    elif needs_quotes(text):
        style = '"'
    return yaml.ScalarNode(_T + "str", text, style=style)


def _ordered_keys(mapping: dict[str, Any], shape: Shape | None) -> list[str]:
    known = shape.properties if shape is not None else []
    return [k for k in known if k in mapping] + [k for k in mapping if k not in known]


def _node(value: Any, shape: Shape | None, column: int, fold: bool, block_column: int | None = None) -> yaml.Node:
    """The node of a value that starts at column (a mapping's keys, a list's dashes, a scalar)."""
    if isinstance(value, dict):
        pairs = []
        for key in _ordered_keys(value, shape):
            child = shape.child(key) if shape is not None else None
            inner = value[key]
            key_node = yaml.ScalarNode(_T + "str", key, style='"' if needs_quotes(key) else None)
            if isinstance(inner, (dict, list)) and inner:
                pairs.append((key_node, _node(inner, child, column + 2, fold)))
            else:
                pairs.append((key_node, _node(inner, child, column + len(key) + 2, fold, column + 2)))
        return yaml.MappingNode(_T + "map", pairs, flow_style=False)
    if isinstance(value, list):
        item = shape.item() if shape is not None else None
        return yaml.SequenceNode(_T + "seq", [_node(v, item, column + 2, fold) for v in value], flow_style=False)
    return _scalar(value, shape, column, column if block_column is None else block_column, fold)


def dump(data: dict[str, Any], kind: Kind, shapes: Shapes, *, fold: bool = True) -> str:
    """The canonical text of a record (header line included)."""
    node = _node(data, shapes.root(kind), 0, fold)
    body = yaml.serialize(node, Dumper=_Dumper, width=WIDTH, allow_unicode=True, line_break="\n")
    return header(kind) + body


def same_data(a: Any, b: Any) -> bool:
    """Equal values of equal types, all the way down (True is not 1, 1 is not 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def comment_positions(text: str) -> list[tuple[int, int]]:
    """(line, column) of every comment in a YAML text, except a leading yaml-language-server line.

    PyYAML drops comments, so a record cannot keep them through formatting; fmt refuses a
    file that has one rather than lose it. The text must already load.
    """
    covered: list[tuple[int, int]] = []  # [start, end) character ranges inside scalars
    for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(token, yaml.ScalarToken):
            start, end = token.start_mark.index, token.end_mark.index
            if token.style in ("|", ">"):  # a comment may follow the block indicator on its line
                newline = text.find("\n", start)
                start = end if newline < 0 else min(newline + 1, end)
            covered.append((start, end))
    covered.sort()
    found = []
    lines = text.split("\n")
    offset = 0
    spans = iter(covered)
    span = next(spans, None)
    for number, line in enumerate(lines, start=1):
        for col, ch in enumerate(line):
            if ch != "#" or (col > 0 and line[col - 1] not in " \t"):
                continue
            index = offset + col
            while span is not None and span[1] <= index:
                span = next(spans, None)
            if span is not None and span[0] <= index < span[1]:
                continue
            if not (number == 1 and line.startswith(HEADER_PREFIX)):
                found.append((number, col + 1))
            break  # the rest of the line is the comment
        offset += len(line) + 1
    return found


__all__ = [
    "HEADER_PREFIX",
    "WIDTH",
    "comment_positions",
    "dump",
    "header",
    "needs_quotes",
    "same_data",
]
