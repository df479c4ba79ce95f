#!/usr/bin/env bash
# Runs the interop suite (tests/interop) inside a private network namespace whose only
# interface is loopback: Apache 4.9's servers bind every interface, and there the only one
# is 127.0.0.1. Extra arguments go to pytest; when the first one names a file or folder, the
# run is limited to what they name (e.g. tests/interop/test_java_client.py -x).
# RMQ_BUILD_DIR chooses the build whose programs are tested (default build/test).
set -euo pipefail
cd "$(dirname "$0")/.."
RMQ_BUILD_DIR="${RMQ_BUILD_DIR:-build/test}"
export RMQ_BUILD_DIR="$(realpath "$RMQ_BUILD_DIR")"

# The namespace has no network: Apache's jars are resolved and the Java driver compiled here,
# before entering it. A failure is reported once, naming the artifact, and no test runs.
python3 tests/interop/harness.py prepare

# A run keeps its temporary directories (stores, logs) only when it fails.
pytest='python3 -m pytest -q -p no:cacheprovider -o tmp_path_retention_policy=failed'
if [[ $# -gt 0 && -e "${1%%::*}" ]]; then
  inner="ip link set lo up && exec $pytest \"\$@\""
else
  inner="ip link set lo up && exec $pytest tests/interop \"\$@\""
fi
if unshare --net true 2>/dev/null; then
  exec unshare --net -- bash -c "$inner" interop "$@"
elif unshare --user --map-root-user --net true 2>/dev/null; then
  exec unshare --user --map-root-user --net -- bash -c "$inner" interop "$@"
fi
echo "interop: cannot create a private network namespace (unshare --net failed as root and as" \
     "an unprivileged user namespace); the suite needs one to keep Apache's servers off the network" >&2
exit 1
