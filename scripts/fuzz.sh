#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan; preset `fuzz`) and runs each for a bounded
# time on its seed corpus. Exits non-zero when a target finds a crash, leak or UB.
#   scripts/fuzz.sh             the test command's run: $RMQ_FUZZ_BUDGET seconds (default 180)
#                               shared by every target, at least 10 s each
#   scripts/fuzz.sh SECONDS     SECONDS per target ($RMQ_FUZZ_SECONDS does the same)
#   scripts/fuzz.sh --long      the longer run for finding things: 600 s per target
set -euo pipefail
cd "$(dirname "$0")/.."

targets=()
for src in tests/fuzz/*_fuzzer.cc; do
  targets+=("$(basename "$src" .cc)")
done

if [ "${1:-}" = "--long" ]; then
  seconds=600
elif [ -n "${1:-}" ]; then
  seconds=$1
elif [ -n "${RMQ_FUZZ_SECONDS:-}" ]; then
  seconds=$RMQ_FUZZ_SECONDS
else
  # A fixed total rather than a fixed time per target, so adding a target does not lengthen
  # the test command.
  seconds=$(( ${RMQ_FUZZ_BUDGET:-180} / ${#targets[@]} ))
  if [ "$seconds" -lt 10 ]; then seconds=10; fi
fi

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
