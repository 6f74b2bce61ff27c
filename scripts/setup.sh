#!/usr/bin/env bash
# Create or refresh .venv exactly as uv.lock says: kpolicy (editable), the site engine and the
# test tools. Installs the pinned uv (scripts/uv-requirements.txt, hash-checked) into .tools/uv
# first. Re-running is cheap: uv changes only what differs from the lock.
# `uv sync --locked` refuses to run when pyproject.toml and uv.lock disagree: run
# `.tools/uv/bin/uv lock` after changing dependencies, and commit uv.lock with the change.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; raise SystemExit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "kpolicy needs Python 3.11 or newer (found: $("$PY" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 2
fi
tools=.tools/uv
if ! cmp -s scripts/uv-requirements.txt "$tools/installed-from.txt" 2>/dev/null; then
  rm -rf "$tools"
  "$PY" -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes --only-binary :all: \
    -r scripts/uv-requirements.txt
  cp scripts/uv-requirements.txt "$tools/installed-from.txt"
fi
export UV_PYTHON_DOWNLOADS=never  # use the Python given, never one downloaded by uv
if ! "$tools/bin/uv" sync --locked --quiet --python "$PY" --extra site --group test --group lint "$@"; then
  echo "scripts/setup.sh: .venv was not synced. If pyproject.toml changed, run $tools/bin/uv lock and commit uv.lock with it." >&2
  exit 1
fi
