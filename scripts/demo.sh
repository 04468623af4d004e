#!/usr/bin/env bash
# Installs what is missing, builds, and runs the headline comparison.
# Until `wakesim run` and the seed scenarios exist (issue 6), the headline is the
# runtime PM core's own: how long a DMA transfer's caller waits, and when the
# engine is ACTIVE, with a synchronous versus an asynchronous resume.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
build_dir=$("$root/scripts/build.sh")
demo="$build_dir/app/wakesim-resume-demo"

echo "DMA resume: interconnect (parent) 100 us, IOMMU (RPM link) 40 us, DMA restore 500 us, pm_wq 20 us"
printf '%-34s %12s %14s %12s\n' "policy" "blocked (us)" "active at (us)" "might-sleep"
"$demo" sync
"$demo" async
