#!/usr/bin/env bash
# Installs what a fresh machine lacks to build, test and run the project, from the package
# registries by name (Debian packages, PyPI). Idempotent: when everything is present it only
# checks, in about a second. Nothing is vendored or downloaded from anywhere else.
set -euo pipefail

APT_PACKAGES=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config clang clang-format libclang-rt-14-dev iproute2 util-linux
  # libraries
  libevent-dev libssl-dev libjsoncpp-dev zlib1g-dev libgtest-dev libgmock-dev
  # Python headers for the bindings; Java and Maven for the interop suite
  python3-dev openjdk-17-jdk-headless maven
)
# pybind11 and scikit-build-core build the Python package (pip --no-build-isolation, offline).
PIP_PACKAGES=("pybind11>=3" pytest scikit-build-core)

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
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
pip_missing=()
for pkg in "${PIP_PACKAGES[@]}"; do
  module=${pkg%%[<>=]*}
  "$PYTHON" -c "import ${module//-/_}" >/dev/null 2>&1 || pip_missing+=("$pkg")
done
if [ "${#pip_missing[@]}" -gt 0 ]; then
  log "installing Python packages: ${pip_missing[*]}"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check "${pip_missing[@]}"
fi

log "all dependencies present"
