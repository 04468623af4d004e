#!/usr/bin/env bash
# Checks that the C++ sources follow .clang-format (clang-format 14, Debian 12).
#   scripts/check_format.sh              check every tracked C++ file; name each one that differs
#   scripts/check_format.sh --fix        reformat them in place instead
#   scripts/check_format.sh [--fix] F..  only the files given
# Exit 0 when every file is formatted (or after --fix), 1 otherwise.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fix=false
if [[ "${1:-}" == "--fix" ]]; then fix=true; shift; fi

command -v clang-format >/dev/null || { echo "check_format: clang-format not found (scripts/setup.sh installs it)" >&2; exit 1; }

files=("$@")
if [[ ${#files[@]} -eq 0 ]]; then
  cd "$root"
  if [[ -d .git ]] || git rev-parse --git-dir >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.h.in')
  else
    mapfile -t files < <(find . -path ./build\* -prune -o \( -name '*.cpp' -o -name '*.h' -o -name '*.h.in' \) -print | sed 's|^\./||' | sort)
  fi
fi

if $fix; then
  clang-format -i --style=file "${files[@]}"
  exit 0
fi

# One clang-format for all files; it names each line that differs as
# "file:line:col: error: code should be clang-formatted".
if report=$(clang-format --dry-run -Werror --style=file "${files[@]}" 2>&1); then exit 0; fi
unformatted=$(sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' <<< "$report" | sort -u)
if [[ -z "$unformatted" ]]; then
  echo "$report" >&2
  exit 1
fi
sed 's/$/: not formatted as .clang-format says/' <<< "$unformatted"
echo "check_format: $(wc -l <<< "$unformatted") file(s); run scripts/check_format.sh --fix" >&2
exit 1
