#!/usr/bin/env bash
# Installs a build (default build/test) into a temporary prefix and builds a small program
# against it twice — with find_package(RocketMQ) and with pkg-config — then runs both.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/test}
work=$(mktemp -d /tmp/rmq-install.XXXXXX)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S tests/install -B "$work/cmake-build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
LD_LIBRARY_PATH="$work/prefix/lib" "$work/cmake-build/install_check"

flags=$(PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --cflags --libs rocketmq)
# shellcheck disable=SC2086
c++ -std=c++17 tests/install/main.cc -o "$work/pc_check" $flags -lrocketmq_c
LD_LIBRARY_PATH="$work/prefix/lib" "$work/pc_check"
echo "install-check: find_package(RocketMQ) and pkg-config rocketmq both build and run"
