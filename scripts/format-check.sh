#!/usr/bin/env bash
# Checks that C/C++ files are clang-formatted (.clang-format at the root).
#   scripts/format-check.sh          every tracked file (what the test command runs)
#   scripts/format-check.sh REV      only files changed since REV, plus untracked ones
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
  files=$(git ls-files -- '*.h' '*.cc' '*.c' '*.cpp')
else
  files=$(git diff --name-only --diff-filter=ACMR "$1" -- '*.h' '*.cc' '*.c' '*.cpp'; \
          git ls-files --others --exclude-standard -- '*.h' '*.cc' '*.c' '*.cpp')
fi
bad=0
for f in $files; do
  [ -f "$f" ] || continue
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "format-check: $f is not clang-formatted (run: clang-format -i $f)"
    bad=1
  fi
done
[ "$bad" -eq 0 ] && echo "format-check: $(echo "$files" | wc -w) files formatted"
exit "$bad"
