#!/usr/bin/env bash
# Checks that C/C++ files changed against a base revision (default: HEAD) are clang-formatted.
#   scripts/format-check.sh [base-rev]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-HEAD}
files=$(git diff --name-only --diff-filter=ACMR "$base" -- '*.h' '*.cc' '*.c' '*.cpp'; \
        git ls-files --others --exclude-standard -- '*.h' '*.cc' '*.c' '*.cpp')
bad=0
for f in $files; do
  [ -f "$f" ] || continue
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "format-check: $f is not clang-formatted (run: clang-format -i $f)"
    bad=1
  fi
done
exit "$bad"
