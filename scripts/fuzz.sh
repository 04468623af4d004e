#!/usr/bin/env bash
# Fuzzes the scenario, platform, sweep and job-trace readers (fuzz/fuzz_config.cpp)
# with libFuzzer, ASan and UBSan for SECONDS (default 120), starting from
# fuzz/corpus and fuzz/regressions. Installs what is missing, configures
# build-fuzz/ with clang once, builds only the fuzz target.
#   scripts/fuzz.sh [SECONDS]
# Quiet on success but for one line of statistics. On a finding: libFuzzer's
# report on stderr, the input saved as build-fuzz/findings/crash-* (or leak-,
# timeout-, oom-), its path on the last line, exit 1. Fix it, then keep the input
# in fuzz/regressions/ (the fuzz_replay test replays it in every build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

seconds=${1:-120}
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -gt 0 ]] || { echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2; }

"$root/scripts/setup.sh"

build_dir="$root/build-fuzz"
log="$build_dir/build.log"
mkdir -p "$build_dir"
if [[ ! -f "$build_dir/build.ninja" ]]; then
  if ! CC=clang CXX=clang++ cmake -S "$root" -B "$build_dir" -G Ninja -DWAKESIM_FUZZ=ON \
       -DWAKESIM_BUILD_TESTS=OFF -DWAKESIM_BUILD_BENCH=OFF >"$log" 2>&1; then
    cat "$log" >&2; echo "fuzz: cmake configuration failed" >&2; exit 1
  fi
fi
if ! cmake --build "$build_dir" --target fuzz_config >"$log" 2>&1; then
  cat "$log" >&2; echo "fuzz: compilation failed" >&2; exit 1
fi

# A scratch copy of the corpus (libFuzzer adds what it finds to the first
# directory), and a dictionary: the keys, choices and units the readers know.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
cp "$root"/fuzz/corpus/* "$work/corpus/"
dict="$work/yaml.dict"
{
  grep -ohE '"[a-z][a-z0-9_]*"' "$root"/platforms/*_reader.cpp "$root"/app/sweep_spec.cpp
  printf '"%s"\n' s ms us ns ps B kB KiB MiB GiB TiB GB/s MB/s Gbit/s Hz MHz GHz W mW uW pW J mJ uJ nJ pJ fJ \
    timestamp,client,bytes,direction,deadline read write copy \
    ': ' '- ' '{' '}' '[' ']' ', ' '0x' '.nan' '.inf' '&a ' '*a' '!!str ' '---' '<<: ' 'scenario.' 'platform.'
} | sort -u | awk '{ printf "k%d=%s\n", NR, $0 }' >"$dict"

mkdir -p "$build_dir/findings"
fuzz_log="$work/fuzz.log"
status=0
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
  "$build_dir/fuzz/fuzz_config" "$work/corpus" "$root/fuzz/regressions" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -dict="$dict" \
    -artifact_prefix="$build_dir/findings/" -print_final_stats=1 >"$fuzz_log" 2>&1 || status=$?

if [[ $status -ne 0 ]]; then
  cat "$fuzz_log" >&2
  artifact=$(grep -oE "Test unit written to \S+" "$fuzz_log" | tail -n 1 | sed 's/^Test unit written to //')
  echo "fuzz: finding (exit $status): ${artifact:-see the report above}" >&2
  exit 1
fi
runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$fuzz_log" | grep -oE '[0-9]+$' || echo '?')
last=$(grep -E '^#[0-9]+' "$fuzz_log" | tail -n 1)
cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
corp=$(sed -nE 's/.* corp: ([0-9]+\/[0-9a-zA-Z]+).*/\1/p' <<<"$last")
echo "fuzz: ${seconds}s, ${runs} runs, no finding; coverage ${cov:-?} edges, ${ft:-?} features, corpus ${corp:-?}"
