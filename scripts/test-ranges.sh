#!/usr/bin/env bash
# Run the test suite on other versions than uv.lock pins, in a separate environment (.venv-MODE):
#   scripts/test-ranges.sh newest [pytest args]   the newest versions pyproject.toml's ranges allow
#   scripts/test-ranges.sh lowest [pytest args]   the lowest version of each direct dependency
# The weekly workflow job runs both, so that an upstream release breaking kpolicy is a red job
# with a name rather than a surprise in the next pull request. .venv and uv.lock are not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
case ${1:-} in
  newest) resolution=highest ;;
  lowest) resolution=lowest-direct ;;
  *) echo "usage: scripts/test-ranges.sh newest|lowest [pytest args]" >&2; exit 2 ;;
esac
mode=$1
shift
bash scripts/setup.sh  # installs the pinned uv into .tools/uv
uv=.tools/uv/bin/uv
env=.venv-$mode
export UV_PYTHON_DOWNLOADS=never
"$uv" venv --quiet --allow-existing --python "${PYTHON:-python3}" "$env"
"$uv" pip compile --quiet --resolution "$resolution" --python "$env/bin/python" --extra site --group test \
  --no-header -o "$env/requirements.txt" pyproject.toml
"$uv" pip sync --quiet --python "$env/bin/python" "$env/requirements.txt"
"$uv" pip install --quiet --python "$env/bin/python" --no-deps -e .
echo "$mode: $(grep -E '^(pyyaml|jsonschema|mkdocs|mkdocs-material|pytest)==' "$env/requirements.txt" | tr '\n' ' ')"
exec "$env/bin/python" -m pytest "$@"
