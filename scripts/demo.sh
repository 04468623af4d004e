#!/usr/bin/env bash
# Installs what is missing, builds, and runs the headline comparison: the
# pl330-style scenario (scenarios/pl330_periodic.yaml: 4 KiB every 30 ms, 20 ms
# autosuspend, a SysMMU that follows the DMA through a device link) under each
# resume policy, as one table. "untransl. B" is DMA traffic that went through the
# suspended (pass-through) SysMMU untranslated: the isolation hole.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
build_dir=$("$root/scripts/build.sh")
wakesim="$build_dir/app/wakesim"
scenario="$root/scenarios/pl330_periodic.yaml"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

printf '%-10s %9s %9s %9s %10s %9s %9s %12s\n' policy "p50 us" "p99 us" "pm_wait" "energy mJ" "power mW" "dom.offs" "untransl. B"
for policy in sync async irq_safe always_on early; do
  "$wakesim" run "$scenario" --quiet --out "$out/$policy" --set "scenario.clients.0.policy=$policy"
  # summary.csv: scenario,seed,duration_s,total_energy_J,average_power_W,audio.p50_us,audio.p99_us,...
  IFS=, read -r _ _ _ energy power p50 p99 _ < <(sed -n 2p "$out/$policy/summary.csv")
  pm_wait=$(grep -A6 '"breakdown_mean_us"' "$out/$policy/report.json" | sed -n 's/.*"pm_wait": \([^,]*\),*/\1/p')
  offs=$(grep -A3 '"pd_dma": {' "$out/$policy/report.json" | sed -n 's/.*"power_off_count": \([0-9]*\).*/\1/p' | head -1)
  bypassed=$(sed -n 's/.*"isolation_bytes": \([0-9]*\).*/\1/p' "$out/$policy/report.json" | head -1)
  printf '%-10s %9.1f %9.1f %9.1f %10.4f %9.4f %9s %12s\n' "$policy" "$p50" "$p99" "$pm_wait" \
    "$(awk "BEGIN{print $energy * 1000}")" "$(awk "BEGIN{print $power * 1000}")" "$offs" "$bypassed"
done
