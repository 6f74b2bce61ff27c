"""What loading a records folder gives: the Result, or one of the two failures that stop a command.

Kept apart from the loader (records.load) so that a caller can catch the failures without
importing the schema validator (`kpolicy who` with a warm cache does).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kpolicy.records.problems import Problem, display_path, format_text, summary

TYPE_CHECKING = False  # not typing's: importing typing costs `kpolicy who` 2 ms
if TYPE_CHECKING:
    from kpolicy.records.model import Catalog


@dataclass(frozen=True)
class Result:
    catalog: Catalog | None  # None when there are errors
    problems: list[Problem]
    files: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


class NoRecordsFolder(Exception):
    """The records folder does not exist (or is not a folder)."""

    def __init__(self, root: Path) -> None:
        super().__init__(f"{display_path(root)}: no such folder (give the records folder with --policies DIR)")
        self.root = root


class RecordsInvalid(Exception):
    """The records have errors; str() is every error at its file:line:col, then the summary line."""

    def __init__(self, result: Result) -> None:
        super().__init__(f"{format_text(result.errors)}\n{summary(result.problems, result.files)}")
        self.result = result
