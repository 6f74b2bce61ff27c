"""Properties of the MAINTAINERS reader and writer: what text() writes, parse() reads back.

Entries are generated as the format allows them: a title (one line, not blank, not a comment,
not a field line) and field lines (an upper-case letter and a one-line value that does not start
with white space). Any text at all is parsed too: it is read or refused with
MaintainersFileError, and what is read is written and read again to the same entries. The fast
reader (_parse_regular, for the kernel's own layout) and the line-by-line one (_parse_lines)
are both exercised, and compared wherever both apply.
"""

from __future__ import annotations

import string

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kpolicy.maintainers.file import (
    Entry,
    MaintainersFile,
    MaintainersFileError,
    _first_title,
    _parse_lines,
    _parse_regular,
    parse,
    text,
)

Fields = tuple[tuple[str, str], ...]


def _settings(examples: int) -> settings:
    return settings(derandomize=True, deadline=None, max_examples=examples)


def _is_field_line(line: str) -> bool:
    return len(line) > 1 and line[1] == ":" and line[0] in string.ascii_uppercase


# One line of text. A CR at its end would make a CRLF line end, which the reader may take for one.
_chars = st.one_of(st.sampled_from("ABMRSZ:#  \t\r\f\v-[]()<>@./*\\"), st.characters(exclude_characters="\n"))
_line = st.text(_chars, max_size=30).filter(lambda s: not s.endswith("\r"))
_title = _line.filter(lambda t: t.strip() != "" and not t.lstrip().startswith("#") and not _is_field_line(t))
_value = _line.filter(lambda v: v[:1] not in (" ", "\t", "\r", "\f", "\v"))
_field = st.tuples(st.sampled_from(string.ascii_uppercase), _value)
_preamble = st.lists(_line.filter(lambda s: not _is_field_line(s)), max_size=4).map(
    lambda lines: "".join(line + "\n" for line in lines))
_skipped_line = st.one_of(st.text(" \t\f\v", max_size=3), _line.map(lambda s: "#" + s))
_trailer = st.one_of(st.just("\n"), st.just(""),
                     st.lists(_skipped_line, max_size=3).map(lambda ls: "\n" + "\n".join(ls)))


@st.composite
def entries(draw: st.DrawFn, regular: bool = False) -> list[tuple[str, Fields]]:
    """Entries; the first has a field (otherwise its title reads as preamble), the others may have
    none unless regular (the kernel's layout: every entry has fields)."""
    first = (draw(_title), tuple(draw(st.lists(_field, min_size=1, max_size=5))))
    rest = draw(st.lists(st.tuples(_title, st.lists(_field, min_size=1 if regular else 0, max_size=5).map(tuple)),
                         max_size=5))
    return [first, *rest]


def _pairs(f: MaintainersFile) -> list[tuple[str, Fields]]:
    return [(e.title, e.fields) for e in f.entries]


def _both(source: str) -> tuple[MaintainersFile | None, MaintainersFile | None]:
    """What each reader makes of source: (fast, line by line); None where one does not apply."""
    start = _first_title(source.split("\n"))
    if start is None:
        return None, None
    return (_parse_regular(source, start, "MAINTAINERS", None),
            _parse_lines(source.split("\n"), start, "MAINTAINERS", None))


@_settings(200)
@given(generated=entries(), preamble=_preamble)
def test_written_entries_read_back(generated: list[tuple[str, Fields]], preamble: str) -> None:
    written = text([Entry(t, f) for t, f in generated], preamble)
    parsed = parse(written)
    assert _pairs(parsed) == generated
    assert parsed.preamble == preamble and parsed.trailer == "\n"


@_settings(200)
@given(generated=entries(), preamble=_preamble, trailer=_trailer)
@example(generated=[("T", (("M", "x"),)), ("U", ())], preamble="", trailer="")
def test_parse_then_text_gives_the_file_back(generated: list[tuple[str, Fields]], preamble: str,
                                             trailer: str) -> None:
    source = text([Entry(t, f) for t, f in generated], preamble, trailer)
    parsed = parse(source)
    assert text(parsed.entries, parsed.preamble, parsed.trailer) == source
    assert _pairs(parsed) == generated


@_settings(200)
@given(generated=entries(regular=True), preamble=_preamble)
def test_the_kernel_layout_takes_the_fast_reader_and_both_readers_agree(
        generated: list[tuple[str, Fields]], preamble: str) -> None:
    source = text([Entry(t, f) for t, f in generated], preamble)
    fast, lines = _both(source)
    assert fast is not None and lines is not None
    assert fast == lines and lines.irregular == ()
    expected, line = [], preamble.count("\n") + 1
    for _, fields in generated:
        expected.append(line)
        line += len(fields) + 2
    assert [e.line for e in fast.entries] == expected


# Ways to write the same entries outside the kernel's layout; each is noted as irregular.
@st.composite
def loosened(draw: st.DrawFn) -> tuple[str, list[tuple[str, Fields]], str]:
    generated = draw(entries(regular=True))
    preamble = draw(_preamble)
    blocks = [[t] + [f"{k}:\t{v}" for k, v in f] for t, f in generated]
    i = draw(st.integers(0, len(blocks) - 1))
    block = blocks[i]
    j = draw(st.integers(1, len(block) - 1))  # a field line of entry i
    trailer = "\n"
    ways = ["separator", "two-blank-lines", "comment-inside", "blank-after-title", "no-final-newline"]
    if len(block) > 2:
        ways.append("blank-between-fields")
    how = draw(st.sampled_from(ways))
    if how == "separator":  # the letter's colon followed by something other than one tab
        letter, value = generated[i][1][j - 1]
        block[j] = letter + ":" + draw(st.sampled_from(["", " ", "  ", " \t", "\t ", "\t\t"])) + value
    elif how == "two-blank-lines":
        if i == len(blocks) - 1:
            trailer = "\n\n"
        else:
            block[-1] += "\n"
    elif how == "comment-inside":
        block.insert(j, "#" + draw(_line))
    elif how == "blank-after-title":
        block.insert(1, "")
    elif how == "blank-between-fields":
        block.insert(max(j, 2), "")
    else:
        trailer = ""
    source = preamble + "\n\n".join("\n".join(b) for b in blocks) + trailer
    return source, generated, how


@_settings(200)
@given(case=loosened())
@example(case=("T\nM:\tx\n\nU\n\nM:\ty\n", [("T", (("M", "x"),)), ("U", (("M", "y"),))], "blank-after-title"))
def test_loose_layouts_read_the_same_entries_and_are_noted(case: tuple[str, list[tuple[str, Fields]], str]) -> None:
    source, generated, how = case
    parsed = parse(source)
    assert _pairs(parsed) == generated, how
    fast, lines = _both(source)
    assert fast is None, how  # the fast reader declines anything but the kernel's layout
    assert lines == parsed and parsed.irregular != (), how


_any_line = st.one_of(
    _line, _title, _field.map(lambda f: f"{f[0]}:\t{f[1]}"), _skipped_line,
    st.tuples(st.sampled_from("MRaZ#x "), st.sampled_from([":", ": ", ":\t", ":\t ", ":  ", "", ":\t\t"]), _line).map(
        "".join),
)
any_text = st.one_of(
    st.text(),
    st.lists(_any_line, max_size=12).map("\n".join),
    st.tuples(st.lists(_any_line, max_size=12).map("\n".join), st.sampled_from(["", "\n", "\n\n"])).map("".join),
)


@_settings(400)
@given(source=any_text)
@example(source="T\nM:\tx\n\nU\n\nM:\ty\n")  # a blank line between a title and its first field
def test_any_text_is_read_or_refused_and_reads_the_same_once_written(source: str) -> None:
    try:
        parsed = parse(source)
    except MaintainersFileError as e:
        assert e.line >= 1 and e.column >= 1
        return
    rewritten = text(parsed.entries, parsed.preamble, parsed.trailer)
    again = parse(rewritten)
    assert _pairs(again) == _pairs(parsed)
    assert again.preamble == parsed.preamble
    # "For a file in the kernel's own layout, text(parse(f)) is byte for byte the file. Anything
    # that layout would write differently is listed in irregular" (maintainers_file.py)
    assert parsed.irregular != () or rewritten == source, (source, rewritten)
    fast, lines = _both(source)
    if fast is not None:
        assert fast == lines  # where both readers apply, they agree
    if "\r\n" not in source:  # (parse may read CRLF as LF first)
        assert parsed == (fast if fast is not None else lines)
