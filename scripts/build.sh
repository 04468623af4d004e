#!/usr/bin/env bash
# Configures (once) and builds wakesim. Quiet unless something fails.
#   scripts/build.sh [--sanitize]   -> build/ or build-asan/
# Prints the build directory on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

sanitize=OFF
build_dir="$root/build"
if [[ "${1:-}" == "--sanitize" ]]; then
  sanitize=ON
  build_dir="$root/build-asan"
fi

log="$build_dir/build.log"
mkdir -p "$build_dir"
if [[ ! -f "$build_dir/build.ninja" ]]; then
  if ! cmake -S "$root" -B "$build_dir" -G Ninja -DWAKESIM_SANITIZE=$sanitize >"$log" 2>&1; then
    cat "$log" >&2; echo "build: cmake configuration failed" >&2; exit 1
  fi
fi
if ! cmake --build "$build_dir" >"$log" 2>&1; then
  cat "$log" >&2; echo "build: compilation failed" >&2; exit 1
fi
echo "$build_dir"
