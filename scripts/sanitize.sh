#!/usr/bin/env bash
# Builds the sanitizer presets and runs test suites under them. The namesrv and broker that
# process tests start come from the same build, so the servers run sanitized too. Any
# sanitizer report, from a test binary or from a server it started, fails the run: reports
# go to files (log_path) that are checked after ctest, since a server's report would
# otherwise only reach a pipe that the test may never read.
#   scripts/sanitize.sh              asan, then tsan
#   scripts/sanitize.sh asan|tsan    one of them
#
# asan (ASan + UBSan, Debug build): every ctest test (unit, process, fault) but the valgrind
#   one; 130 s on a quiet 2-core machine.
# tsan (RelWithDebInfo): the concurrency unit tests and a mixed load on TSan-built servers
#   and SDK: sync, async, oneway and batch sends, async batches, push (concurrent, orderly,
#   broadcasting) and lite pull consumers, kills and restarts under load (TSAN_TESTS).
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
export CCACHE_NOHASHDIR=true

TSAN_TESTS='^(ProducerIntegrationTest|PushConsumerIntegrationTest|LitePullConsumerIntegrationTest|BrokerRestartIntegrationTest|CrashFaultTest)\.'
# 2000 async sends at once, each with a 3 s timeout: under TSan's slowdown the broker cannot
# answer them all in time, which says nothing about races. EveryKindOfSendIsStoredAsSent and
# AsyncBatchesAreStoredWithTheirIds keep async sends in the load.
TSAN_EXCLUDED='ManyAsyncSendsAllComplete'
TSAN_TARGETS=(namesrv broker sdk_integration_test consumer_integration_test fault_test
              namesrv_concurrency_test protocol_concurrency_test remoting_concurrency_test
              sdk_concurrency_test)

which=${1:-all}
case "$which" in
  all | asan | tsan) ;;
  *)
    echo "usage: scripts/sanitize.sh [asan|tsan]" >&2
    exit 2
    ;;
esac

status=0

# Prints each report file in $1 (first lines) and returns 1 if there is any.
check_reports() {
  local dir=$1 found=0
  for report in "$dir"/*; do
    [ -f "$report" ] || continue
    found=1
    echo "sanitize: report $(basename "$report"):"
    head -60 "$report" | sed 's/^/  /'
  done
  return "$found"
}

# run PRESET CTEST_ARGS...: runs ctest on the preset's build with report files collected.
run() {
  local preset=$1
  shift
  local reports
  reports=$(mktemp -d "/tmp/rmq-$preset-reports.XXXXXX")
  local start
  start=$(date +%s)
  local ok=0
  ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:abort_on_error=1:strict_string_checks=1" \
  UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1" \
  TSAN_OPTIONS="log_path=$reports/tsan:halt_on_error=1:second_deadlock_stack=1" \
    ctest --preset "$preset" -j "$(nproc)" "$@" || ok=1
  if ! check_reports "$reports"; then ok=1; fi
  rm -rf "$reports"
  echo "sanitize: $preset tests ran in $(($(date +%s) - start)) s"
  return "$ok"
}

if [ "$which" = all ] || [ "$which" = asan ]; then
  start=$(date +%s)
  scripts/build.sh asan
  echo "sanitize: asan build took $(($(date +%s) - start)) s"
  # valgrind cannot run an ASan binary; the test preset runs that one.
  run asan -E memcheck || status=1
fi

if [ "$which" = all ] || [ "$which" = tsan ]; then
  start=$(date +%s)
  scripts/build.sh tsan "${TSAN_TARGETS[@]}"
  echo "sanitize: tsan build took $(($(date +%s) - start)) s"
  run tsan -L concurrency || status=1
  run tsan -R "$TSAN_TESTS" -E "$TSAN_EXCLUDED" || status=1
fi

exit "$status"
