#!/usr/bin/env bash
# The benchmark's rigs do what bench_main.cpp says they do (not their speed):
# every run moves exactly the transactions asked for without errors; the warm
# platform run misses the TLB once per mapped page (4 channels x 8 pages) and
# the cold one on every transaction; the raw chains move theirs; the PM-heavy
# scenario cycles the whole chain on every job (8 events per job: 3 devices
# resume and suspend, the DMA domain powers on and off; plus the domain's
# power-off at boot, genpd_power_off_unused).
#   bench/check_bench_rigs.sh BENCH_BINARY
set -euo pipefail
bench=$1
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
check() {  # check PART ARGS... -- PYTHON_CONDITION
  local part=$1; shift
  local args=() condition
  while [[ $1 != -- ]]; do args+=("$1"); shift; done
  condition=$2
  local out
  out=$("$bench" --part "$part" "${args[@]}")
  python3 -c "import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if ($condition) else 1)" "$out" ||
    { echo "bench part $part: expected $condition, got $out" >&2; exit 1; }
}
check raw --transactions 40000 -- 'r["transactions"] == 40000 and r["errors"] == 0'
check raw_synced --transactions 40000 -- 'r["transactions"] == 40000 and r["errors"] == 0'
check warm --transactions 40000 -- 'r["transactions"] == 40000 and r["errors"] == 0 and r["tlb_misses"] == 32'
check warm_nocpus --transactions 40000 -- 'r["transactions"] == 40000 and r["errors"] == 0 and r["tlb_misses"] == 32'
check cold --transactions 40000 -- 'r["transactions"] == 40000 and r["errors"] == 0 and r["tlb_misses"] == 40000'
check pm --duration 300ms -- 'r["pm_events"] == 8 * 100 + 1'
check pm_nocpus --duration 300ms -- 'r["pm_events"] == 8 * 100 + 1'
echo "bench rigs: ok"
