#!/usr/bin/env bash
# Type check (mypy, strict) and lint (ruff) the package and the tests, with the versions uv.lock pins.
# Extra arguments go to ruff, e.g. scripts/lint.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
status=0
.venv/bin/ruff check "$@" scripts tests || status=1
.venv/bin/mypy || status=1
exit $status
