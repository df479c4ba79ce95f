#!/usr/bin/env bash
# Configures and builds one preset (default: test) with both cores and ccache.
#   scripts/build.sh [preset] [extra cmake -D options...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-test}
shift || true
extra=()
if [ "${CI:-}" = "true" ]; then extra+=(-DRMQ_WERROR=ON); fi
cmake --preset "$preset" "${extra[@]}" "$@" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
