#!/usr/bin/env bash
# Configures and builds one preset (default: test) with every core and ccache, printing one
# line: what was built, how long it took and how many warnings there were (each listed). The
# compiler's full output goes to build/<preset>.log; on a failure its errors are printed.
#   scripts/build.sh [preset] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-test}
shift || true
targets=("$@")
extra=()
if [ "${CI:-}" = "true" ]; then extra+=(-DRMQ_WERROR=ON); fi
mkdir -p build
log=build/$preset.log
start=$(date +%s)

if ! cmake --preset "$preset" "${extra[@]}" >"$log" 2>&1; then
  echo "build: configuring preset $preset failed (full output in $log):" >&2
  grep -E -A5 'CMake Error' "$log" | head -40 >&2 || tail -40 "$log" >&2
  exit 1
fi
what="every target"
build_args=(--preset "$preset" -j "$(nproc)")
if [ "${#targets[@]}" -gt 0 ]; then
  build_args+=(--target "${targets[@]}")
  what="${targets[*]}"
fi
if ! cmake --build "${build_args[@]}" >>"$log" 2>&1; then
  echo "build: preset $preset failed (full output in $log); the errors:" >&2
  grep -E -A3 'error:|^FAILED:|undefined reference' "$log" | head -60 >&2
  exit 1
fi
compiled=$(grep -cE '^\[[0-9]+/[0-9]+\] Building' "$log" || true)
warnings=$(grep -E ': warning: ' "$log" | sort -u || true)
count=$(grep -c . <<<"$warnings" || true)
echo "build: preset $preset, $what: $compiled files compiled in $(( $(date +%s) - start )) s," \
     "$count warnings (log: $log)"
if [ "$count" -gt 0 ]; then
  sed 's/^/build: /' <<<"$warnings" | head -20 >&2
fi
