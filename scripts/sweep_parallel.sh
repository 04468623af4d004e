#!/usr/bin/env bash
# Runs a wakesim sweep as N shards with GNU parallel, then merges them:
#   scripts/sweep_parallel.sh SWEEP OUT N [GNU parallel options ...]
# Locally it runs N shards at once (one point at a time each). Across machines,
# pass parallel's own options, e.g. `--sshloginfile hosts --workdir .`, with OUT on
# a file system they share (each shard writes only OUT/shard-K). The merged
# results.csv in OUT equals that of `wakesim sweep SWEEP --out OUT` run whole; a
# shard interrupted or with failed points can be rerun alone (it resumes).
# The wakesim binary: $WAKESIM, else build/app/wakesim next to this script.
set -euo pipefail
if [[ $# -lt 3 ]]; then
  echo "usage: $0 SWEEP OUT N [parallel options ...]" >&2
  exit 2
fi
sweep=$1 out=$2 shards=$3
shift 3
wakesim=${WAKESIM:-$(cd "$(dirname "$0")/.." && pwd)/build/app/wakesim}
mkdir -p "$out"
# A shard with failed points exits 1; the merge below still reports them.
seq 1 "$shards" | parallel --will-cite --halt never "$@" \
  "$wakesim" sweep "$sweep" --out "$out/shard-{}" --shard "{}/$shards" -j 1 ">" "$out/shard-{}.log" "2>&1" || true
shard_dirs=()
for k in $(seq 1 "$shards"); do shard_dirs+=("$out/shard-$k"); done
exec "$wakesim" merge "${shard_dirs[@]}" --out "$out"
