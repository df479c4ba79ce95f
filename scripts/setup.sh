#!/usr/bin/env bash
# Installs what a fresh machine lacks to build, test and run the project, from the package
# registries by name (Debian packages, PyPI). Idempotent: when everything is present it only
# checks, in about a second. Nothing is vendored or downloaded from anywhere else.
#   scripts/setup.sh [--tests]   --tests: also what only the test suites use (the test command)
set -euo pipefail

APT_PACKAGES=(
  # toolchain (valgrind: the C ABI's leak check)
  g++ cmake ninja-build ccache pkg-config clang clang-format libclang-rt-14-dev iproute2 util-linux
  valgrind
  # libraries
  libevent-dev libssl-dev libjsoncpp-dev libsimdjson-dev libyaml-cpp-dev zlib1g-dev libgtest-dev
  libgmock-dev libjemalloc-dev
  # Python headers and venv for the bindings; Java and Maven for the interop suite
  python3-dev python3-venv openjdk-17-jdk-headless maven
)
# pybind11 and scikit-build-core build the Python package (pip --no-build-isolation, offline).
PIP_PACKAGES=("pybind11>=3" pytest scikit-build-core)
if [ "${1:-}" = "--tests" ]; then
  # The dashboard's browser tests: headless Chromium driven by Selenium through Debian's
  # chromedriver (Selenium never downloads a driver or browser of its own there).
  APT_PACKAGES+=(chromium chromium-driver)
  PIP_PACKAGES+=(selenium)
fi

log() { printf 'setup: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
# A JDK or Maven installed outside Debian's packages (as on some images) is fine too.
if command -v javac >/dev/null 2>&1; then
  missing=("${missing[@]/openjdk-17-jdk-headless/}")
fi
if command -v mvn >/dev/null 2>&1; then
  missing=("${missing[@]/maven/}")
fi
read -r -a missing <<<"${missing[*]:-}"

if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_log=$(mktemp /tmp/rmq-setup-apt.XXXXXX)
  if ! { as_root apt-get update -qq && \
         as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    log "installing Debian packages failed; apt-get said:"
    tail -20 "$apt_log" >&2
    exit 1
  fi
  rm -f "$apt_log"
fi

PYTHON=${PYTHON:-python3}
pip_missing=()
for pkg in "${PIP_PACKAGES[@]}"; do
  module=${pkg%%[<>=]*}
  "$PYTHON" -c "import ${module//-/_}" >/dev/null 2>&1 || pip_missing+=("$pkg")
done
if [ "${#pip_missing[@]}" -gt 0 ]; then
  log "installing Python packages: ${pip_missing[*]}"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    "${pip_missing[@]}"
fi

# The official Python client (ctypes over the official C API), which the Python tests run
# unchanged on our librocketmq.so; kept apart from site-packages, since its package is also
# called `rocketmq`.
if [ "${1:-}" = "--tests" ]; then
  official="$(cd "$(dirname "$0")/.." && pwd)/build/official-python-client"
  if [ ! -f "$official/rocketmq/ffi.py" ]; then
    log "installing the official Python client into $official"
    "$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
      --target "$official" rocketmq-client-python==2.0.0
  fi
fi

log "all dependencies present"
