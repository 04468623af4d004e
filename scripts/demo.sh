#!/usr/bin/env bash
# Installs what is missing, builds, and runs the headline comparison: the
# pl330-style scenario (scenarios/pl330_periodic.yaml: 4 KiB every 30 ms, 20 ms
# autosuspend, a SysMMU that follows the DMA through a device link) under each
# resume policy, as one table. "blocked p99" is the time the client's own context
# was blocked in the policy's get (async's benefit); "cpu mJ" the energy of the
# CPUs running the kernel code (docs/cpu.md), part of "energy mJ". "untransl. B"
# is DMA traffic that went through the suspended (pass-through) SysMMU
# untranslated: the isolation hole.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
build_dir=$("$root/scripts/build.sh")
wakesim="$build_dir/app/wakesim"
scenario="$root/scenarios/pl330_periodic.yaml"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

printf '%-10s %9s %9s %9s %11s %10s %8s %9s %9s %12s\n' policy "p50 us" "p99 us" "pm_wait" "blocked p99" "energy mJ" "cpu mJ" "power mW" "dom.offs" "untransl. B"
for policy in sync async irq_safe always_on early; do
  "$wakesim" run "$scenario" --quiet --out "$out/$policy" --set "scenario.clients.0.policy=$policy"
  python3 - "$out/$policy/report.json" "$policy" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["metrics"]
c = m["clients"]["audio"]
cpu = "%8.4f" % (m["cpus"]["energy_J"] * 1e3) if "cpus" in m else "%8s" % "-"
bypassed = sum(i["isolation_bytes"] for i in m["iommus"].values())
print("%-10s %9.1f %9.1f %9.1f %11.1f %10.4f %s %9.4f %9d %12d" % (
    sys.argv[2], c["latency"]["p50_us"], c["latency"]["p99_us"], c["breakdown_mean_us"]["pm_wait"],
    c["caller_blocked"]["p99_us"], m["energy"]["total_J"] * 1e3, cpu, m["energy"]["average_power_W"] * 1e3,
    m["power"]["domains"]["pd_dma"]["power_off_count"], bypassed))
PY
done
