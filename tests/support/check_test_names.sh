#!/usr/bin/env bash
# ctest discovers Catch2 cases by name through CMake lists, where '[', ']' and ';'
# break the splitting and silently merge cases into one, and runs a case by
# passing its name as an argument, where a leading '-' reads as an option. Fail
# if any name has them.
set -euo pipefail
status=0
for exe in "$@"; do
  bad=$(SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 "$exe" --list-test-names-only | grep -E '[][;]|^-' || true)
  if [[ -n "$bad" ]]; then
    echo "$(basename "$exe"): test names must not contain [ ] or ; nor start with -:" >&2
    echo "$bad" >&2
    status=1
  fi
done
exit $status
