#!/usr/bin/env bash
# A wakesim sweep as a Slurm job array: task K of N runs shard K/N with as many
# points at once as it has CPUs, into OUT/shard-K (OUT on a shared file system).
#   sbatch --array=1-16 --cpus-per-task=4 scripts/sweep_slurm.sh SWEEP OUT
#   sbatch --dependency=afterany:JOBID scripts/sweep_slurm.sh --merge OUT 16
# (the second job joins the shards into OUT/results.csv and OUT/pareto.csv once
# every task has ended; a task that died can be resubmitted alone with
# --array=K: it resumes its shard). The array must start at 1.
# The wakesim binary: $WAKESIM, else build/app/wakesim next to this script.
#SBATCH --job-name=wakesim-sweep
#SBATCH --output=wakesim-sweep-%A_%a.log
set -euo pipefail
wakesim=${WAKESIM:-$(cd "$(dirname "$0")/.." && pwd)/build/app/wakesim}
if [[ "${1:-}" == "--merge" ]]; then
  out=$2 shards=$3
  shard_dirs=()
  for k in $(seq 1 "$shards"); do shard_dirs+=("$out/shard-$k"); done
  exec "$wakesim" merge "${shard_dirs[@]}" --out "$out"
fi
if [[ $# -ne 2 || -z "${SLURM_ARRAY_TASK_ID:-}" || -z "${SLURM_ARRAY_TASK_COUNT:-}" ]]; then
  echo "usage: sbatch --array=1-N $0 SWEEP OUT   (then: $0 --merge OUT N)" >&2
  exit 2
fi
sweep=$1 out=$2
exec "$wakesim" sweep "$sweep" --out "$out/shard-$SLURM_ARRAY_TASK_ID" \
  --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" -j "${SLURM_CPUS_PER_TASK:-1}"
