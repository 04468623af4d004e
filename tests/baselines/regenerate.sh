#!/usr/bin/env bash
# Rewrites the seed scenarios' baselines (tests/baselines/*.json) from the
# current build, after a deliberate change of a model or a parameter. Review the
# diff: every moved number should be explained by the change.
#   tests/baselines/regenerate.sh [path/to/wakesim]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
wakesim=${1:-$root/build/app/wakesim}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for scenario in "$root"/tests/baselines/*.json; do
  seed=$(basename "$scenario" .json)
  "$wakesim" run "$root/scenarios/$seed.yaml" --out "$out/$seed" --quiet
  "$wakesim" check "$out/$seed" --baseline "$scenario" --write-baseline >/dev/null
done
