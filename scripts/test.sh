#!/usr/bin/env bash
# The test command: sets up the machine, builds, and runs every test suite: gtest through
# ctest (the fault suite included), each libFuzzer target for a bounded time (ASan + UBSan),
# the unit and process tests under ASan + UBSan and a mixed load under TSan
# (scripts/sanitize.sh), the interop suite against Apache RocketMQ's jars, then pytest for
# Python and for the dashboard.
# Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
# One ccache setting for every build here, the C++ presets and the Python wheel that pytest
# builds, so that the wheel's compilations hit the objects of the test preset's.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
export CCACHE_NOHASHDIR=true

scripts/setup.sh --tests
scripts/build.sh test

status=0
scripts/format-check.sh || status=1
ctest --preset test -j "$(nproc)" || status=1

scripts/install-check.sh || status=1

# The README's main job, on the build above.
RMQ_PRESET=test scripts/run-cluster.sh 5 || status=1

scripts/fuzz.sh || status=1

scripts/sanitize.sh || status=1

scripts/interop.sh || status=1

if compgen -G "tests/python/test_*.py" >/dev/null; then
  RMQ_BUILD_DIR="$PWD/build/test" RMQ_OFFICIAL_PYTHON_CLIENT="$PWD/build/official-python-client" \
    python3 -m pytest -q tests/python || status=1
else
  echo "pytest: no Python test modules yet (tests/python is empty)"
fi

# The dashboard (rmq-admin dashboard): its JSON API, and its pages in headless Chromium,
# against a live cluster of this build; screenshots land in build/test/dashboard-screenshots/.
RMQ_BUILD_DIR="$PWD/build/test" python3 -m pytest -q tests/dashboard || status=1

exit "$status"
