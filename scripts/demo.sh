#!/usr/bin/env bash
# Installs what is missing, builds, and answers the headline question: the
# pl330-style scenario (scenarios/pl330_periodic.yaml: 4 KiB every 30 ms, 20 ms
# autosuspend, a SysMMU that follows the DMA through a device link) under each
# resume policy, as one table and a verdict (`wakesim compare`, read it with
# docs/reading-a-report.md). Extra arguments go to compare, e.g.
#   scripts/demo.sh --budget 'p99_us<=150' --out cmp --plot
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
build_dir=$("$root/scripts/build.sh")
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
status=0
"$build_dir/app/wakesim" compare "$root/scenarios/pl330_periodic.yaml" -j "$(nproc)" "$@" || status=$?
# 1 is an answer too (no policy is safe within the budget); only bad input fails the demo.
[[ $status -le 1 ]] || exit $status
