"""kpolicy import-maintainers: the older name of `kpolicy sync` (the same options and the same code)."""

from __future__ import annotations

import argparse

from kpolicy.commands.sync import add_parser as _add_sync_parser
from kpolicy.commands.sync import run

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    return _add_sync_parser(sub, name="import-maintainers")
