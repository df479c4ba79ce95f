#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan; preset `fuzz`) and runs each for a bounded
# time on its seed corpus. Exits non-zero when a target finds a crash, leak or UB.
#   scripts/fuzz.sh [seconds per target, default $RMQ_FUZZ_SECONDS or 20]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${RMQ_FUZZ_SECONDS:-20}}

targets=()
for src in tests/fuzz/*_fuzzer.cc; do
  targets+=("$(basename "$src" .cc)")
done

scripts/build.sh fuzz "${targets[@]}"

work=$(mktemp -d /tmp/rmq-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
for t in "${targets[@]}"; do
  mkdir -p "$work/$t"
  # New inputs go to the scratch directory; the committed seeds are only read.
  if build/fuzz/tests/fuzz/"$t" -max_total_time="$seconds" -print_final_stats=0 \
       -artifact_prefix="$work/$t-" "$work/$t" "tests/fuzz/corpus/$t" >"$work/$t.log" 2>&1; then
    echo "fuzz: $t ran ${seconds}s without findings ($(grep -c '' "$work/$t.log") log lines)"
  else
    echo "fuzz: $t FAILED; its log:"
    tail -40 "$work/$t.log"
    status=1
  fi
done
exit "$status"
