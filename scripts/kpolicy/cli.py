"""The kpolicy command: each sub-command is a module in kpolicy.commands with add_parser() and run()."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from kpolicy import __version__
from kpolicy.commands import UsageError

# Sub-command modules, in the order `kpolicy --help` lists them.
COMMANDS = ("validate", "export", "site", "new", "fmt", "diff", "stale", "who", "sync", "import-maintainers",
            "export-maintainers", "drift", "measure")

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the arguments, it imports only the command they name (start-up time
    matters for quick commands such as `kpolicy who`), otherwise every command."""
    parser = argparse.ArgumentParser(
        prog="kpolicy", description="The Linux kernel's Rust policy knowledge base: records, validation, export.")
    parser.add_argument("--version", action="version", version=f"kpolicy {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    first = next((a for a in argv if not a.startswith("-")), None) if argv is not None else None
    for name in COMMANDS if first not in COMMANDS else (first,):
        module = importlib.import_module(f".commands.{name.replace('-', '_')}", __package__)
        p = module.add_parser(sub)
        p.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except UsageError as e:
        print(f"kpolicy {args.command}: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # never a traceback for users; KPOLICY_DEBUG=1 shows it
        if os.environ.get("KPOLICY_DEBUG"):
            raise
        print(f"kpolicy {args.command}: internal error: {type(e).__name__}: {e} "
              "(set KPOLICY_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_USAGE
