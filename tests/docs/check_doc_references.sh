#!/usr/bin/env bash
# Every document a tracked text file refers to must exist in the repository.
# Checked, in every file `git ls-files` lists (binary files skipped):
# - a Markdown path (`docs/cpu.md`, `scenarios/README.md`) must name
#   a file, resolved against the referring file's folder or the repository root;
# - a bare Markdown name (`cpu.md`, `README.md`) must name a file in the referring
#   file's folder, at the root, or anywhere in the repository by that name;
# - the design notes that live outside the repository must not be named at all,
#   nor their folder (a path into `shared` above the repository).
# URLs are skipped; kernel documents (runtime_pm.rst, device_link.rst) are not
# Markdown and are not checked. Prints file:line for each broken reference and
# exits 1 if there is one. Run from anywhere inside the repository.
set -euo pipefail

root=$(git rev-parse --show-toplevel)
cd "$root"

# Spelled in pieces so that this file does not mention them itself.
md=".md"
forbidden=("DESIGN" "KERNEL-PM" "PARAMETERS")
shared_dir="..""/shared"

declare -A basenames=()
while IFS= read -r path; do
  basenames["${path##*/}"]=1
done < <(git ls-files)

status=0
report() {  # file line reference why
  echo "$1:$2: $3 ($4)"
  status=1
}

# Whether `path` names a file or folder inside the repository, resolved against
# the repository root or the referring file's folder (`..` may not climb out).
exists() {  # folder-of-referring-file path
  local dir=$1 path=$2 base full
  for base in "$root" "$root/$dir"; do
    full=$(realpath -m "$base/$path")
    [[ $full == "$root"/* && -e $full ]] && return 0
  done
  return 1
}

# A git grep -n -o hit "file:line:token" into $file, $line, $token and $dir (the
# file's folder, which relative references resolve against).
parse_hit() {
  file=${1%%:*}
  local rest=${1#*:}
  line=${rest%%:*}
  token=${rest#*:}
  dir=.
  if [[ $file == */* ]]; then dir=${file%/*}; fi
}

# Markdown references: file:line:token for each match on a line.
while IFS= read -r hit; do
  parse_hit "$hit"
  [[ $token == *://* ]] && continue  # a URL
  token=${token##*:}                 # "see:PATH" -> "PATH"
  [[ -z $token ]] && continue
  name=${token##*/}
  bad_name=""
  for f in "${forbidden[@]}"; do
    [[ $name == "$f$md" ]] && bad_name=$f$md
  done
  if [[ -n $bad_name ]]; then
    report "$file" "$line" "$token" "a document outside the repository"
    continue
  fi
  if [[ $token == */* ]]; then
    first=${token%%/*}
    # host/path without a scheme (github.com/..., gentwo.org/...): not a repository path
    if [[ $first == *.* && $first != "." && $first != ".." ]]; then continue; fi
    [[ $token == /* ]] && { report "$file" "$line" "$token" "an absolute path"; continue; }
    exists "$dir" "$token" || report "$file" "$line" "$token" "no such file in the repository"
  else
    exists "$dir" "$token" && continue
    [[ -n ${basenames[$token]+x} ]] && continue
    report "$file" "$line" "$token" "no such file in the repository"
  fi
done < <(git grep -I -n -o -E '[A-Za-z0-9_./:-]*[A-Za-z0-9_-]\.md\b' || true)

# Paths into the shared notes' folder above the repository.
while IFS= read -r hit; do
  parse_hit "$hit"
  exists "$dir" "$token" || report "$file" "$line" "$token" "a folder outside the repository"
done < <(git grep -I -n -o -F "$shared_dir" || true)

exit $status
