"""load + validate a policies/ folder -> Catalog, or the problems that stop it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpolicy.records.checks import run_checks
from kpolicy.records.problems import Problem, sort_problems
from kpolicy.records.model import Catalog, build_catalog
from kpolicy.records.schemas import Schemas
from kpolicy.records.reader import read_tree


@dataclass(frozen=True)
class Result:
    catalog: Catalog | None  # None when there are errors
    problems: list[Problem]
    files: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def load(root: Path | str, skip: set[str] = frozenset(), schemas: Schemas | None = None,
         maintainers_file: Any = None) -> Result:
    """Read, validate and check every record under root. Raises FileNotFoundError if root is missing.
    With a parsed MAINTAINERS file, records taken from it are compared with it too."""
    tree = read_tree(Path(root), schemas)
    tree.maintainers_file = maintainers_file
    problems = sort_problems(tree.problems + run_checks(tree, skip))
    catalog = None if any(p.is_error for p in problems) else build_catalog(tree.docs)
    return Result(catalog, problems, tree.files)
