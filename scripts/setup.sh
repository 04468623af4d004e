#!/usr/bin/env bash
# Installs the Debian 12 packages wakesim needs, only if any is missing.
# Idempotent and silent when everything is already there.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config   # toolchain
  libsystemc-dev                     # SystemC 2.3.4 + TLM-2.0 (built for C++17)
  catch2                             # Catch2 2.x test framework
  libboost-dev libboost-graph-dev    # Boost.Histogram (latency stats), Boost.Graph (device links)
  libyaml-cpp-dev                    # platform and scenario files
  nlohmann-json3-dev                 # report.json
  libfmt-dev                         # formatting reports and messages
  libcli11-dev                       # command line
  slurm-wlm munge                    # a one-node Slurm cluster: the test of scripts/sweep_slurm.sh
  parallel                           # GNU parallel: the local/ssh sweep recipe (scripts/sweep_parallel.sh)
  python3-matplotlib                 # scripts/plot.py: Pareto, latency CDF, power-timeline and compare plots
  python3-pandas                     # scripts/plot.py reads results.csv; a test loads it as a user would
  clang libclang-rt-14-dev           # scripts/fuzz.sh: clang++ 14, and its libFuzzer, ASan and UBSan runtimes
  clang-format                       # scripts/check_format.sh: the code's format (.clang-format), checked by a test
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
log=$(mktemp)
if ! { "${sudo_cmd[@]}" apt-get update -qq &&
       DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "setup: apt-get failed" >&2
  exit 1
fi
rm -f "$log"
