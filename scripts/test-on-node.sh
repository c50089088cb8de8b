#!/usr/bin/env bash
# Runs the suite (or the test files given after the version) on another Node.js major, e.g.
#   bash scripts/test-on-node.sh 22
#   bash scripts/test-on-node.sh 22 packages/core/test/db/open-database.test.ts
# The npm package node@MAJOR provides the binary and its headers. The tests run in a copy of this
# checkout (its tracked and modified files) with its own node_modules, since better-sqlite3 is compiled
# for one Node ABI: the checkout's own node_modules stay built for the default node.
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:?usage: test-on-node.sh MAJOR [test files...]}"
shift
work="$(mktemp -d "${TMPDIR:-/tmp}/fic-node${major}-XXXXXX")"
trap 'rm -rf "$work"' EXIT
# A private install of the node package (what `npx -y node@MAJOR` runs): npx's shared cache can be
# rewritten under us by another npx run, taking the headers with it.
npm install --prefix "$work/node" --no-save --no-audit --no-fund "node@${major}" >&2
node_bin="$work/node/node_modules/node/bin/node"
"$node_bin" --version >/dev/null
node_root="$work/node"
header="$(find "$node_root" -path '*/include/node/node.h' -print -quit)"
if [ -z "$header" ]; then
  echo "node@${major} came without its headers (include/node/node.h under ${node_root}): cannot build better-sqlite3 for it" >&2
  exit 1
fi
nodedir="$(dirname "$(dirname "$(dirname "$header")")")"
mkdir "$work/repo"
git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - | tar -xf - -C "$work/repo"
cd "$work/repo"
export PATH="$(dirname "$node_bin"):$PATH"
export npm_config_nodedir="$nodedir"
echo "Node $(node --version) in $work (headers from $nodedir)" >&2
npm ci --no-audit --no-fund
node -e "require('better-sqlite3')(':memory:').close()"
bash scripts/run-tests.sh "$@"
