#!/usr/bin/env bash
# Set up (or refresh) the virtual environment in .venv and run the whole test suite.
# Extra arguments go to pytest, e.g. scripts/test.sh -k loader
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
