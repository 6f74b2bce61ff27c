"""kpolicy stale: claims whose last check is older than a threshold, most stale first."""

from __future__ import annotations

import argparse
import datetime
import json
from dataclasses import asdict

from kpolicy.commands import add_policies_option, catalog_or_exit
from kpolicy.records import reader
from kpolicy.text.gfm import cell, code
from kpolicy.text.plain import plain
from kpolicy.workflow.stale import DEFAULT_OLDER_THAN_DAYS, StaleClaim, stale_claims


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of days") from None
    if days < 0:
        raise argparse.ArgumentTypeError("the number of days cannot be negative")
    return days


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = sub.add_parser("stale", help="list claims whose last check is older than a threshold",
                       description="List the stances (checked), version policies and policy sections (as_of) "
                                   "whose last check "
                                   f"is more than DAYS days old (default {DEFAULT_OLDER_THAN_DAYS}), most stale "
                                   "first. Re-check such a claim against its sources, then update checked or as_of. "
                                   "Exit 0 whether or not claims are listed.")
    add_policies_option(p)
    p.add_argument("--older-than", metavar="DAYS", type=_days, default=DEFAULT_OLDER_THAN_DAYS,
                   help=f"list claims last checked more than DAYS days ago (default {DEFAULT_OLDER_THAN_DAYS})")
    p.add_argument("--today", metavar="YYYY-MM-DD", type=_date, default=None,
                   help="count ages from this day instead of today")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                   help="text (one claim per line), markdown (a table) or json")
    return p


def claims_text(claims: list[StaleClaim], days: int) -> str:
    lines = [plain(f"{c.path}: checked {c.date} ({c.age_days} days ago): {c.claim}")
             + ("" if c.verified else " [unverified]") for c in claims]
    lines.append(f"{len(claims)} claim{'' if len(claims) == 1 else 's'} last checked more than {days} days ago")
    return "\n".join(lines)


def format_markdown(claims: list[StaleClaim], days: int) -> str:
    if not claims:
        return f"No claim was last checked more than {days} days ago.\n"
    out = [(f"{len(claims)} claim{'' if len(claims) == 1 else 's'} last checked more than {days} days ago, "
            "most stale first."), "", "| Last checked | Age (days) | Claim | Record |", "|---|---:|---|---|"]
    for c in claims:
        claim = cell(c.claim) + ("" if c.verified else " (unverified)")
        out.append(f"| {cell(c.date)} | {c.age_days} | {claim} | {code(c.path, in_table=True)} |")
    return "\n".join(out) + "\n"


def run(args: argparse.Namespace) -> int:
    catalog = catalog_or_exit(args.policies)
    today = args.today or reader.system_today()
    claims = stale_claims(catalog, today, args.older_than)
    if args.format == "json":
        print(json.dumps([asdict(c) for c in claims], indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        print(format_markdown(claims, args.older_than), end="")
    else:
        print(claims_text(claims, args.older_than))
    return 0
