#!/usr/bin/env bash
# Checks that every header under src/ and apps/brigade/ compiles on its own:
# for each one, a one-line translation unit `#include "<header>"` is compiled
# with -fsyntax-only, the build's include paths and defines, and no forced
# includes. Headers run in parallel (one job per core); a header whose own
# text and project includes have not changed since it last passed is not
# compiled again (results cached under build/check-headers/).
# Prints each failing header with the compiler's first error; exits 1 if any.
#
# Usage: scripts/check-headers.sh [--all] [header...]
#   --all     ignore the cache and compile every header
#   header... check only these (paths from the repository root)
# Environment: BUILD_DIR (build), CXX (default: the build's compiler, from
#   compile_commands.json; else g++), JOBS (default: nproc).
#
# Why the build's compiler (GCC) and not clang by default: Boost 1.74 turns
# on its coroutine headers (asio/awaitable.hpp, which uses std::exchange
# without <utility>) for GCC 12 in C++20 but not for Debian's clang 14 with
# libstdc++, so clang would pass headers that break the real build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
build="${BUILD_DIR:-build}"
jobs="${JOBS:-$(nproc)}"
use_cache=1
headers=()
for arg in "$@"; do
  case $arg in
    --all) use_cache=0 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) headers+=("$arg") ;;
  esac
done
if [[ ${#headers[@]} -eq 0 ]]; then
  mapfile -t headers < <(find src apps/brigade -name '*.hpp' -o -name '*.h' | LC_ALL=C sort)
fi

# Compiler, include paths and defines: the build's, when it is configured.
# Only the compile lines of src/ and apps/ count (not the tests'); -D values
# with quotes (BRIGADE_VERSION="...") are left out, no header needs them.
ccjson="$build/compile_commands.json"
flags=()
cxx="${CXX:-}"
if [[ -f $ccjson ]]; then
  [[ -n $cxx ]] || cxx=$(grep -m1 -oE '"command": "[^ ]+' "$ccjson" | sed 's/"command": "//')
  [[ $cxx == *ccache ]] && cxx=$(grep -m1 -oE '"command": "[^ ]+ [^ ]+' "$ccjson" | sed 's/.* //')
  mapfile -t flags < <(grep -E '"command": .* (-c|-o) [^ ]*/(src|apps)/' "$ccjson" |
    grep -oE ' -(D[A-Za-z0-9_]+(=[^ "\\]*)?|I[^ ]+|isystem [^ ]+)( |$)' | sed 's/^ //; s/ $//' | LC_ALL=C sort -u)
fi
if [[ ${#flags[@]} -eq 0 ]]; then
  # No configured build: what the CMake targets define publicly.
  flags=(-I"$root/src" -I"$root/apps/brigade" -DBOOST_ASIO_NO_DEPRECATED -DBOOST_BEAST_USE_STD_STRING_VIEW
         -DBOOST_ALL_NO_LIB -DFMT_SHARED -DSPDLOG_COMPILED_LIB -DSPDLOG_FMT_EXTERNAL -DSPDLOG_SHARED_LIB
         -DTOML_HEADER_ONLY=0 -DTOML_SHARED_LIB=1)
fi
cxx="${cxx:-g++}"
flags=(-std=c++20 -fsyntax-only -Wall -Wextra -Werror "${flags[@]}")

cache="$build/check-headers"
mkdir -p "$cache"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The cache key of a header: the compiler and flags, this script, and the
# content of the header and of every project header it includes, directly
# or not (third-party headers change only with the compiler or packages;
# --all rechecks after such an upgrade).
toolchain=$({ "$cxx" --version | head -1; printf '%s\n' "${flags[@]}"; cat "$0"; } | sha1sum | cut -c1-40)
find src apps/brigade -type f \( -name '*.hpp' -o -name '*.h' \) -print0 | xargs -0 sha1sum >"$work/hashes"
find src apps/brigade -type f \( -name '*.hpp' -o -name '*.h' \) -print0 |
  xargs -0 grep -HE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' >"$work/edges" || true
printf '%s\n' "${headers[@]}" >"$work/wanted"
LC_ALL=C awk -v toolchain="$toolchain" '
function dirname(p) { sub(/\/[^\/]*$/, "", p); return p }
function closure(h,    stack, top, seen_list, n, i, deps, cur, k, out) {
  delete seen
  top = 0; stack[++top] = h; seen[h] = 1; out = ""
  while (top > 0) {
    cur = stack[top--]
    out = out " " cur ":" hash[cur]
    n = split(edges[cur], deps, " ")
    for (i = 1; i <= n; ++i) if (!(deps[i] in seen)) { seen[deps[i]] = 1; stack[++top] = deps[i] }
  }
  return out
}
FILENAME ~ /hashes$/ { hash[$2] = $1; next }
FILENAME ~ /edges$/ {
  p = index($0, ":"); file = substr($0, 1, p - 1)
  if (!match($0, /"[^"]*"/)) next
  name = substr($0, RSTART + 1, RLENGTH - 2)
  cand[1] = dirname(file) "/" name; cand[2] = "src/" name; cand[3] = "apps/brigade/" name
  for (i = 1; i <= 3; ++i) if (cand[i] in hash) { edges[file] = edges[file] " " cand[i]; break }
  next
}
{ print $0 "\t" toolchain closure($0) }
' "$work/hashes" "$work/edges" "$work/wanted" |
  while IFS=$'\t' read -r header material; do
    printf '%s\t%s\n' "$header" "$(printf '%s' "$material" | sha1sum | cut -c1-40)"
  done >"$work/keys"

# Which headers need compiling.
: >"$work/todo"
cached=0
while IFS=$'\t' read -r header key; do
  stamp="$cache/$(printf '%s' "$header" | tr '/' '%').ok"
  if [[ $use_cache -eq 1 && -f $stamp && $(<"$stamp") == "$key" ]]; then
    cached=$((cached + 1))
  else
    printf '%s\t%s\t%s\n' "$header" "$key" "$stamp" >>"$work/todo"
  fi
done <"$work/keys"

# One header: compile, then stamp the cache or keep the compiler's output.
check_one() {
  local header=$1 key=$2 stamp=$3 out
  out="$work/$(printf '%s' "$header" | tr '/' '%').log"
  if printf '#include "%s"\n' "$root/$header" | "$cxx" "${flags[@]}" -x c++ - -o /dev/null >"$out" 2>&1; then
    printf '%s' "$key" >"$stamp"
    rm -f "$out"
  else
    rm -f "$stamp"
  fi
}
export -f check_one
export work root cxx
started=$(date +%s.%N)
if [[ -s $work/todo ]]; then
  # Arrays do not cross into xargs' shells: pass the flags through a file.
  printf '%s\0' "${flags[@]}" >"$work/flags"
  tr '\t' '\n' <"$work/todo" | xargs -d '\n' -n3 -P"$jobs" bash -c '
    mapfile -d "" -t flags <"$work/flags"
    check_one "$@"' _
fi
elapsed=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')

failed=0
compiled=0
while IFS=$'\t' read -r header key stamp; do
  compiled=$((compiled + 1))
  log="$work/$(printf '%s' "$header" | tr '/' '%').log"
  if [[ -f $log ]]; then
    failed=$((failed + 1))
    first=$(grep -m1 -E '(error|warning):' "$log" || head -1 "$log")
    echo "$header: does not compile on its own: ${first#"$root/"}"
  fi
done <"$work/todo"

total=${#headers[@]}
if [[ $failed -gt 0 ]]; then
  echo "check-headers: FAILED: $failed of $total headers ($cxx; $compiled compiled in ${elapsed} s, $cached cached)" >&2
  exit 1
fi
echo "check-headers: OK: $total headers compile on their own ($cxx -fsyntax-only; $compiled compiled in ${elapsed} s, $cached unchanged since they last passed)"
