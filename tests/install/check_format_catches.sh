#!/usr/bin/env bash
# scripts/check_format.sh on a copy of a source file with its indentation
# spoiled: it must fail and name that file; after --fix it must pass.
set -euo pipefail
source=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$source/.clang-format" "$work/"
cp "$source/models/core/units.cpp" "$work/units.cpp"
sed -i 's/^  return /      return /' "$work/units.cpp"
cd "$work"
if output=$("$source/scripts/check_format.sh" units.cpp); then
  echo "check_format.sh accepted a misformatted file"
  exit 1
fi
echo "$output"
grep -qx 'units.cpp: not formatted as .clang-format says' <<< "$output"
"$source/scripts/check_format.sh" --fix units.cpp
"$source/scripts/check_format.sh" units.cpp
cmp -s units.cpp "$source/models/core/units.cpp"
