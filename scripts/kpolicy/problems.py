"""One type for everything a check can find, and its three output formats."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

SEVERITIES = ("error", "warning")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    check: str
    severity: str
    message: str
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.column, p.check, p.message))


def summary(problems: list[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    def n(k: int, word: str) -> str:
        return f"{k} {word}{'' if k == 1 else 's'}"
    return f"{n(files, 'file')} checked: {n(errors, 'error')}, {n(warnings, 'warning')}"


def format_text(problems: list[Problem]) -> str:
    out = []
    for p in problems:
        out.append(f"{p.path}:{p.line}:{p.column}: {p.severity}[{p.check}]: {p.message}")
        if p.hint:
            out.append(f"    hint: {p.hint}")
    return "\n".join(out)


def _gh_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(problems: list[Problem]) -> str:
    """GitHub workflow commands: each problem becomes an annotation on its line."""
    out = []
    for p in problems:
        level = "error" if p.is_error else "warning"
        message = p.message + (f"\n{p.hint}" if p.hint else "")
        out.append(
            f"::{level} file={_gh_escape(p.path, prop=True)},line={p.line},col={p.column},"
            f"title={_gh_escape(p.check, prop=True)}::{_gh_escape(message)}"
        )
    return "\n".join(out)


def format_json(problems: list[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)
