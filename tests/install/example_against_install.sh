#!/usr/bin/env bash
# Installs this build into a fresh prefix, builds examples/embedding against the
# installed package (find_package(wakesim)), runs it and compares its output
# with examples/embedding/expected_output.txt, the hand calculation of
# examples/embedding/README.md.
#   tests/install/example_against_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
# Only the package: nothing of the source or build tree is on the example's paths.
cmake -S "$source/examples/embedding" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
      -DCMAKE_BUILD_TYPE=Release > "$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 "$work/build/iommu_in_front" > "$work/output.txt"
if ! diff -u "$source/examples/embedding/expected_output.txt" "$work/output.txt"; then
  echo "example output differs from examples/embedding/expected_output.txt" >&2
  exit 1
fi
echo "example built against $work/prefix and printed the expected output"
