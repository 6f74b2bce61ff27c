"""Benchmarks: each prints a table of ratios against a peer measured in the same run.

Run one with `python -m kpolicy.bench NAME`; each NAME is a module in this package with main(argv).
"""

from pathlib import Path

# The benchmarks measure a source checkout: its records, mkdocs.yml, tests/data fixtures.
REPO = Path(__file__).resolve().parents[3]
