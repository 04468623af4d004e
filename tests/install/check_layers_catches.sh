#!/usr/bin/env bash
# scripts/check_layers.py on a copy of the layer declarations with one upward
# include planted in the cpu layer: it must fail and name that file and line.
set -euo pipefail
source=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/models/cpu/include/wakesim/cpu" "$work/models/core/include/wakesim/core" "$work/platforms" "$work/app"
cp "$source/models/CMakeLists.txt" "$work/models/"
cp "$source/platforms/CMakeLists.txt" "$work/platforms/"
cp "$source/app/CMakeLists.txt" "$work/app/"
printf '#include "wakesim/core/units.h"\n\n#include "wakesim/drivers/iommu_driver.h"\n' > "$work/models/cpu/cpu.cpp"
if output=$(python3 "$source/scripts/check_layers.py" "$work"); then
  echo "check_layers.py accepted an upward include"
  exit 1
fi
echo "$output"
grep -q '^models/cpu/cpu.cpp:3: layer cpu includes layer drivers' <<< "$output"
