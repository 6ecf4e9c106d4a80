#!/usr/bin/env bash
# A user's clone has no ../shared beside it. Run the unit tests, and every integration test that reads
# ../shared, from a copy of the tracked files in a folder with no shared/ beside it: each must skip, not fail.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/clone"
(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$tmp/clone")
ln -s "$root/node_modules" "$tmp/clone/node_modules"
cd "$tmp/clone"
[ ! -e ../shared ] || { echo "test-without-shared: $tmp/shared exists" >&2; exit 1; }
mapfile -t readers < <(grep -rlE "shared/(samples|data-models)" test/integration || true)
echo "test-without-shared: test/unit and ${#readers[@]} integration files that read ../shared, from $tmp/clone"
npx vitest run test/unit "${readers[@]}"
