"""What a change to the records means, record by record, as Markdown for reviewers.

Three parts, one job each:

- `git`: reading both sides. A git revision is read from its blobs (git ls-tree and git
  cat-file, no checkout), the working tree from disk; every record goes through the strict
  loader.
- `compare`: the comparison, data in and changes out. Records are matched by kind and file
  name, then compared field by field in schema order. Lists are compared by identity (a source
  by its URL, a person by id, a history entry by date and level, a version step by kernel
  release), so an added source reads as "1 source added", not as a shifted YAML block. A record
  whose text changed but whose data did not is counted as reformatted only.
- `report`: the changes as GitHub Markdown (kpolicy.text.gfm).
"""

from __future__ import annotations

from kpolicy.records.shape import Shapes
from kpolicy.workflow.diff.compare import Side, compare_sides
from kpolicy.workflow.diff.report import render


def semantic_diff(old: Side, new: Side, shapes: Shapes, base_label: str, head_label: str) -> str:
    """The Markdown report of what changed from old to new."""
    results, ctx = compare_sides(old, new, shapes)
    return render(results, old, new, ctx, base_label, head_label)


__all__ = ["semantic_diff"]
