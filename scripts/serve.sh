#!/usr/bin/env bash
# Set up (or refresh) the virtual environment in .venv, validate the records,
# then build and serve the site on http://127.0.0.1:8000 (rebuilds when a record changes).
# Extra arguments go to `mkdocs serve`, e.g. scripts/serve.sh -a 127.0.0.1:8001
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kpolicy validate
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --strict "$@"
