"""One type for everything a check can find, its three output formats, and how paths are shown."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from kpolicy.text.annotations import command
from kpolicy.text.plain import plain

SEVERITIES = ("error", "warning")


def display_path(file: Path | str) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    text = os.path.abspath(file)
    cwd = os.getcwd().rstrip(os.sep) + os.sep
    return text.removeprefix(cwd)


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
    """file:line:col: severity[check]: message, one line each (hidden characters shown escaped)."""
    out = []
    for p in problems:
        out.append(plain(f"{p.path}:{p.line}:{p.column}: {p.severity}[{p.check}]: {p.message}"))
        if p.hint:
            out.append(f"    hint: {plain(p.hint)}")
    return "\n".join(out)


def format_github(problems: list[Problem]) -> str:
    """GitHub workflow commands: each problem becomes an annotation on its line."""
    return "\n".join(command("error" if p.is_error else "warning", p.message + (f"\n{p.hint}" if p.hint else ""),
                             file=p.path, line=p.line, col=p.column, title=p.check)
                     for p in problems)


def format_json(problems: list[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)
