#!/usr/bin/env bash
# A real one-node Slurm cluster on localhost (Debian's slurm-wlm and munge):
# starts munged, slurmctld and slurmd with a configuration written here, submits
# scripts/sweep_slurm.sh as a job array and its merge job with sbatch, waits, and
# compares the merged results.csv and pareto.csv with a local `wakesim sweep` of
# the same sweep byte for byte. Everything lives in a scratch directory and is
# torn down on exit; the daemons use their own ports and socket, so a cluster the
# machine already runs is not touched. Needs root (the daemons run as root here;
# on a real cluster they are the site's); ctest bounds its time.
#   tests/cluster/slurm_sweep.sh WAKESIM SWEEP_FILE
set -euo pipefail
wakesim=$1 sweep=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
for tool in munged mungekey slurmctld slurmd sbatch squeue sinfo; do
  command -v "$tool" >/dev/null || { echo "slurm test: $tool is missing (scripts/setup.sh installs slurm-wlm and munge)" >&2; exit 1; }
done
# The daemons run as root here; as another user the test is skipped (ctest's
# SKIP_RETURN_CODE), not failed: CI runs as root.
[[ $(id -u) -eq 0 ]] || { echo "slurm test: skipped, the daemons need root" >&2; exit 77; }

dir=$(mktemp -d /tmp/wakesim-slurm-XXXXXX)
pids=()
teardown() {
  for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
  rm -rf "$dir"
}
trap teardown EXIT

mkdir -p "$dir"/{state,spool,log,munge,out,local}
chmod 700 "$dir/munge"
mungekey --create --keyfile "$dir/munge/munge.key" --force
chmod 400 "$dir/munge/munge.key"
munged --key-file "$dir/munge/munge.key" --socket "$dir/munge/munge.socket" --pid-file "$dir/munge/munged.pid" \
  --log-file "$dir/munge/munged.log" --seed-file "$dir/munge/seed" --force

# Ports from the process id, so two test runs (or a site's cluster) do not collide.
port=$((20000 + ($$ % 20000)))
cat >"$dir/slurm.conf" <<CONF
ClusterName=wakesim-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
SwitchType=switch/none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=localhost CPUs=$(nproc) State=UNKNOWN
PartitionName=wakesim Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf
slurmctld -c -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 30); do
  sinfo -h -o %t 2>/dev/null | grep -q idle && break
  sleep 1
done
sinfo -h -o %t | grep -q idle || { echo "slurm test: the node never became idle" >&2; cat "$dir"/log/*.log >&2; exit 1; }

shards=2
export WAKESIM=$wakesim
array=$(sbatch --parsable --array=1-$shards --cpus-per-task=1 --chdir="$dir/out" --export=ALL \
  "$root/scripts/sweep_slurm.sh" "$sweep" "$dir/out")
merge=$(sbatch --parsable --dependency=afterok:$array --chdir="$dir/out" --export=ALL \
  "$root/scripts/sweep_slurm.sh" --merge "$dir/out" $shards)
for _ in $(seq 1 240); do
  [[ -z $(squeue -h -j "$array,$merge" 2>/dev/null) ]] && break
  sleep 1
done
[[ -z $(squeue -h -j "$array,$merge" 2>/dev/null) ]] || { echo "slurm test: the jobs did not finish in 240 s" >&2; squeue >&2; exit 1; }

"$wakesim" sweep "$sweep" --out "$dir/local" -j 2 >/dev/null 2>&1
status=0
for table in results.csv pareto.csv; do
  if ! cmp -s "$dir/out/$table" "$dir/local/$table"; then
    echo "slurm test: $table of the Slurm job array differs from the local sweep's" >&2
    diff "$dir/out/$table" "$dir/local/$table" | head -5 >&2 || true
    cat "$dir"/out/*.log >&2 || true
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "slurm test: job array $array and merge job $merge give the local sweep's tables byte for byte"
exit $status
