#!/usr/bin/env bash
# Runs every test file with node's test runner through tsx. The file list is expanded
# here (node 20's --test takes no globs); pass file paths to run a subset.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s globstar nullglob
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  files=(packages/*/test/**/*.test.ts test/**/*.test.ts benchmarks/test/**/*.test.ts)
fi
exec node --conditions=@fastintercom/source --import tsx --test --test-concurrency=2 "${files[@]}"
