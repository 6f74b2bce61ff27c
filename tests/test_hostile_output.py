"""One escaping layer per output format: record text never becomes markup, a forged line or a command.

Formats (kpolicy.text): plain text, GitHub annotations, GitHub-flavoured Markdown (diff and stale
summaries), MAINTAINERS text; the site's Markdown has its own tests (test_properties_renderer.py).
`kpolicy diff` runs in CI on records that were not validated yet, so its cases here are invalid
records on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kpolicy.records.problems import Problem, format_github, format_text
from kpolicy.text import annotations, gfm
from kpolicy.text.maintainers import title_problem, value_problem
from kpolicy.text.plain import HIDDEN_CHARACTERS, plain, plain_keep_tabs
from test_workflow_diff import commit, repo  # noqa: F401  (the fixture)

HIDDEN = re.compile(HIDDEN_CHARACTERS)
hostile = st.text(alphabet=st.one_of(st.sampled_from(list("<>&\\`*_[]|~#!()\r\n\t\x00\x1b\x85%:,=\u202e\u2028\u200b"
                                                          "\ufeff\U000e0041 ")), st.characters()), max_size=40)
PROPS = settings(derandomize=True, max_examples=300, deadline=None)


@PROPS
@given(hostile)
def test_plain_text_is_one_line_with_nothing_hidden(text: str) -> None:
    for out in (plain(text), plain_keep_tabs(text).replace("\t", " ")):
        assert "\n" not in out and "\r" not in out and not HIDDEN.search(out)
        assert len(out.splitlines()) <= 1


@PROPS
@given(hostile, hostile)
def test_an_annotation_is_one_command(message: str, path: str) -> None:
    out = format_github([Problem(path, 1, 2, "check", "error", message, "hint")])
    assert len(out.splitlines()) == 1 and out.startswith("::error file=")
    assert not HIDDEN.search(out)
    props = out.split("::", 2)[1]
    keys = [item.split("=", 1)[0] for item in props.removeprefix("error ").split(",")]
    assert keys == ["file", "line", "col", "title"]  # as GitHub splits them: nothing forged
    assert annotations.escape("50%\n", prop=True) == "50%25%0A"


@PROPS
@given(hostile)
def test_text_in_a_summary_is_never_markup(text: str) -> None:
    out = gfm.md(text)
    assert "\n" not in out and "\r" not in out and not HIDDEN.search(out)
    assert "<" not in out and ">" not in out
    for ch in "`*_[]|~#!":  # every such character is escaped by a backslash that is not itself escaped
        for m in re.finditer(re.escape(ch), out):
            run = len(out[:m.start()]) - len(out[:m.start()].rstrip("\\"))
            assert run % 2 == 1, (text, out)


@PROPS
@given(hostile, st.booleans())
def test_code_in_a_summary_is_one_code_span(text: str, in_table: bool) -> None:
    out = gfm.code(text, in_table=in_table)
    assert "\n" not in out and "\r" not in out and not HIDDEN.search(out)
    fence = re.match(r"`+", out).group(0)
    assert out.endswith(fence) and fence not in out[len(fence):-len(fence)]
    if in_table:
        assert re.search(r"(?<!\\)\|", out) is None


@PROPS
@given(hostile)
def test_a_link_in_a_summary_has_a_clean_target(text: str) -> None:
    out = gfm.link("title", "https://example.org/" + text)
    target = re.search(r"\]\(([^)]*)\)$", out)
    if target:
        assert not re.search(r"[\s<>()\x00-\x1f]", target.group(1))
    else:
        assert out.startswith("title (`")


def _outside_code_spans(line: str) -> str:
    """The line without its code spans, as CommonMark finds them: a run of n backticks up to the
    next run of exactly n; a run without its match is literal text."""
    out, i = [], 0
    while i < len(line):
        m = re.compile(r"`+").search(line, i)
        if m is None:
            out.append(line[i:])
            break
        out.append(line[i:m.start()])
        close = next((c for c in re.finditer(r"`+", line[m.end():]) if len(c.group(0)) == len(m.group(0))), None)
        if close is None:
            out.append(m.group(0))
            i = m.end()
        else:
            i = m.end() + close.end()
    return "".join(out)


def test_the_reported_summary_injection_is_shown_as_text(repo: Path, kpolicy) -> None:  # noqa: F811
    stance = repo / "policies" / "stances" / "rust-example.yaml"
    text = stance.read_text()
    text = text.replace("  - url: https://lwn.net/Articles/1015409/",
                        '  - url: "https://lwn.net/x\\n\\n<img src=x onerror=alert(1)>"')
    text = text.replace("rust_maintainers:\n  - bob-example", 'rust_maintainers:\n  - "x`\\r\\r<h1>forged</h1>"')
    stance.write_text(text)
    commit(repo, "hostile")
    run = kpolicy("diff", "main", "topic", cwd=repo)
    assert run.code == 0
    assert "\r" not in run.out
    for line in run.out.splitlines():  # GitHub shows a code span's content as text, whatever it holds
        assert "<" not in _outside_code_spans(line), line
    assert "lwn.net/x" in run.out and "forged" in run.out


def test_stale_markdown_escapes_what_it_shows(base_tree: Path, kpolicy) -> None:
    section = next((base_tree / "policy").glob("*.yaml"))
    text = section.read_text()
    question = re.search(r"^question: .*$", text, re.MULTILINE).group(0)
    section.write_text(text.replace(question, "question: Is this [click](https://evil.example/) *bold* & |x|?"))
    run = kpolicy("stale", "--policies", base_tree, "--format", "markdown", "--older-than", "0", "--today",
                  "2026-11-21")
    assert run.code == 0, run.err
    assert "\\[click\\](https" in run.out and "\\*bold\\* &amp; \\|x\\|" in run.out


def test_problem_text_shows_bidi_and_line_breaks_escaped() -> None:
    p = Problem("a\nb.yaml", 1, 1, "check", "error", "value 'x\u202eevil'", "hint\nforged: line")
    out = format_text([p])
    assert out.splitlines() == ["a\\nb.yaml:1:1: error[check]: value 'x\\u202eevil'", "    hint: hint\\nforged: line"]


def test_maintainers_text_refuses_what_would_read_as_another_line() -> None:
    for title in ("M:\tsomeone@example.org", "#comment", "   ", "A:x"):
        assert title_problem(title)
    for title in ("RUST", "HPET:\tx86", "A.OUT", "X86 ARCHITECTURE (32-BIT AND 64-BIT)"):
        assert title_problem(title) is None
    assert value_problem("a\u2028M:\tb") and value_problem("ok") is None
