#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through ctest.
#   scripts/test.sh              normal build (build/)
#   scripts/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan/)
# Extra arguments after the option go to ctest (e.g. -R iommu, or -LE slow).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

"$root/scripts/setup.sh"
mode=()
if [[ "${1:-}" == "--sanitize" ]]; then mode=(--sanitize); shift; fi
build_dir=$("$root/scripts/build.sh" "${mode[@]}")

export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
# ASan: fail on the first error; leaks are reported too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$build_dir"
log=$(mktemp)
if ctest --output-on-failure -j "$(nproc)" "$@" >"$log" 2>&1; then
  tail -n 3 "$log" | sed '/^$/d'
  rm -f "$log"
else
  grep -v "Passed" "$log" >&2
  rm -f "$log"
  exit 1
fi
