"""kpolicy new: write the skeleton of a new record and say what to fill in."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import textwrap
from pathlib import Path

from kpolicy.commands import add_policies_option
from kpolicy.records.problems import display_path
from kpolicy.workflow.new import NEW_KINDS, Created, Field, ScaffoldError, create


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = sub.add_parser("new", help="create a record skeleton: subsystem, maintainer, stance or event",
                       description="Write policies/<kind folder>/ID.yaml with the required fields left empty, "
                                   "then list what to fill in. Never overwrites a file. Ids are lowercase "
                                   "slugs (a stance's id is its subsystem's id; an event's id starts with "
                                   "its date: 2025-02-20-some-slug).")
    p.add_argument("kind", metavar="KIND", choices=NEW_KINDS, help=f"one of: {', '.join(NEW_KINDS)}")
    p.add_argument("id", metavar="ID", help="the record's id, which is also its file name")
    add_policies_option(p)
    return p


def _describe(fields: tuple[Field, ...], width: int = 100) -> list[str]:
    name_width = min(max((len(f.path) for f in fields), default=0), 28)
    out = []
    for f in fields:
        text = f.description
        if f.options:
            text += f" One of: {', '.join(f.options)}."
        lines = textwrap.wrap(text, width - name_width - 4, break_on_hyphens=False) or [""]
        out.append(f"  {f.path:<{name_width}}  {lines[0]}")
        out.extend(f"  {'':<{name_width}}  {line}" for line in lines[1:])
    return out


def invoked_as() -> str:
    """How the user ran kpolicy (say .venv/bin/kpolicy), so that suggested commands can be pasted."""
    argv0 = sys.argv[0] if sys.argv else ""
    return argv0 if os.path.basename(argv0) == "kpolicy" else "kpolicy"


def report(created: Created, policies: Path | None = None) -> str:
    prog = invoked_as()
    where = "" if policies is None or policies == Path("policies") else f" --policies {shlex.quote(str(policies))}"
    shown = display_path(created.path)
    out = [f"created {shown}", "", "Fill in (each is an empty string now; validate points at any left empty):"]
    out.extend(_describe(created.fill))
    if created.optional:
        out += ["", "Optional fields, add those the sources support (your editor completes them from the schema):"]
        out.extend(_describe(created.optional))
    if created.notes:
        out += ["", "Also:"] + [f"  {why}: {prog} {' '.join(args)}{where}" for why, args in created.notes]
    out += ["", "Then check it:", f"  {prog} fmt {shlex.quote(shown)}", f"  {prog} validate{where}"]
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    from kpolicy.commands import UsageError

    try:
        created = create(args.policies, args.kind, args.id)
    except ScaffoldError as e:
        raise UsageError(str(e)) from None
    except OSError as e:
        raise UsageError(f"cannot write the record: {e.strerror or e}") from None
    print(report(created, args.policies))
    return 0
