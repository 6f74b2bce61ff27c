"""kpolicy site: write the site's pages as Markdown, for any engine that builds Markdown."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kpolicy.commands import add_policies_option, catalog_or_exit
from kpolicy.records.problems import display_path


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    p = sub.add_parser("site", help="write the site's pages (Markdown) and API files to a folder",
                       description="Validate the records, then write every page the MkDocs build generates, "
                                   "the JSON API files and the static files of docs/ to a folder, so that "
                                   "another engine can build the site. The folder is replaced as a whole; "
                                   "nothing is written when a record has an error.")
    add_policies_option(p)
    p.add_argument("--out", metavar="DIR", type=Path, required=True,
                   help="folder to write to (new, empty, or written by an earlier 'kpolicy site')")
    return p


def run(args: argparse.Namespace) -> int:
    from kpolicy.commands import UsageError

    try:  # the pages' anchors are made as the site engine's Markdown makes them
        from kpolicy.site.build import assemble
        from kpolicy.site.output import OutputError, write_site
    except ModuleNotFoundError as e:
        raise UsageError(f"the site engine is not installed ({e.name} is missing): install kpolicy with its "
                         "'site' extra, e.g. pip install 'kpolicy[site]' (scripts/setup.sh does)") from None

    repo = args.policies.resolve().parent  # the repository the records belong to
    out = Path(os.path.realpath(args.out))
    for source in (repo / "docs", args.policies):
        inside = Path(os.path.realpath(source))
        if out == inside or out.is_relative_to(inside):
            raise UsageError(f"{display_path(args.out)} is inside {display_path(source)}, which the site is made "
                             "from; give a folder outside it (the site would copy itself into itself)")
    catalog = catalog_or_exit(args.policies)
    if not (repo / "CONTRIBUTING.md").is_file():  # records outside a repository laid out like this one
        print(f"warning: {display_path(repo / 'CONTRIBUTING.md')} not found beside the records: the Contributing "
              "page says that the contributor guide is not in this build", file=sys.stderr)
    site = assemble(catalog, repo)
    try:
        count = write_site(site, args.out, repo / "docs")
    except OutputError as e:
        raise UsageError(str(e)) from None
    except OSError as e:
        raise UsageError(f"cannot write to {display_path(args.out)}: {e.strerror or e}; "
                         "the folder is as it was") from None
    print(f"wrote {count} files to {display_path(args.out)}")
    return 0
