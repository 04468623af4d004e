#!/usr/bin/env bash
# ctest discovers Catch2 cases by name through CMake lists, where '[', ']' and ';'
# break the splitting and silently merge cases into one. Fail if any name has them.
set -euo pipefail
status=0
for exe in "$@"; do
  bad=$(SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 "$exe" --list-test-names-only | grep -E '[][;]' || true)
  if [[ -n "$bad" ]]; then
    echo "$(basename "$exe"): test names must not contain [ ] or ;:" >&2
    echo "$bad" >&2
    status=1
  fi
done
exit $status
