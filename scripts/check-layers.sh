#!/usr/bin/env bash
# Checks every #include of src/ and apps/ against the layer rules of
# docs/architecture.md (the tables between <!-- layers:begin/end --> and
# <!-- third-party:begin/end -->): a file may include its own layer, the
# layers and third-party libraries its row lists, and the standard library.
# Prints one line per violation (file:line, the include, the rule) and exits
# 1 if there is any; 2 if the tables themselves are malformed.
# Usage: scripts/check-layers.sh [repository root]   (default: this script's)
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root"
doc=docs/architecture.md
[[ -f $doc ]] || { echo "check-layers: $doc not found" >&2; exit 2; }

# Every C++ file of a layered tree, relative to the root. A layer's
# directory that does not exist yet simply has no files.
files=$(find src apps -type f \( -name '*.hpp' -o -name '*.cpp' -o -name '*.h' -o -name '*.cc' -o -name '*.ipp' \) 2>/dev/null | LC_ALL=C sort)
[[ -n $files ]] || { echo "check-layers: no sources under src/ or apps/" >&2; exit 2; }

# The include lines, as "path:line:text". grep exits 1 when nothing matched.
includes=$(printf '%s\n' "$files" | xargs grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' || true)

{
  printf '@doc\n'; cat "$doc"
  printf '@files\n'; printf '%s\n' "$files"
  printf '@includes\n'; printf '%s\n' "$includes"
} | LC_ALL=C awk -v doc="$doc" '
function trim(s) { gsub(/^[ \t`]+|[ \t`]+$/, "", s); return s }
function cells(line, out,    n, i, parts) {
  sub(/^[ \t]*\|/, "", line); sub(/\|[ \t]*$/, "", line)
  n = split(line, parts, "|")
  for (i = 1; i <= n; ++i) out[i] = trim(parts[i])
  return n
}
function list(s, out,    n, i, parts, m) {
  m = 0
  if (s == "" || s == "—" || s == "-") return 0
  n = split(s, parts, ",")
  for (i = 1; i <= n; ++i) { parts[i] = trim(parts[i]); if (parts[i] != "") out[++m] = parts[i] }
  return m
}
function fail_table(msg) { print doc ": " msg > "/dev/stderr"; bad_table = 1 }
# The layer whose directory is the longest prefix of path, or "".
function layer_of(path,    i, best, bestlen) {
  best = ""; bestlen = 0
  for (i = 1; i <= nlayers; ++i) {
    if (index(path, dirs[i] "/") == 1 && length(dirs[i]) > bestlen) { best = names[i]; bestlen = length(dirs[i]) }
  }
  return best
}
# The third-party library of an angle include, "std", or "".
function library_of(h,    i) {
  if (h !~ /[.\/]/) return "std"
  for (i = 1; i <= nprefixes; ++i) {
    p = prefixes[i]
    if (substr(p, length(p)) == "/") { if (index(h, p) == 1) return libof[i] }
    else if (h == p) return libof[i]
  }
  return ""
}
function dirname(p) { sub(/\/[^\/]*$/, "", p); return p }
# Drops "./" and "x/.." steps so a relative include compares with the file list.
function normalize(p,    n, i, parts, out, m, r) {
  n = split(p, parts, "/"); m = 0
  for (i = 1; i <= n; ++i) {
    if (parts[i] == "." || parts[i] == "") continue
    if (parts[i] == ".." && m > 0 && out[m] != "..") { --m; continue }
    out[++m] = parts[i]
  }
  r = ""
  for (i = 1; i <= m; ++i) r = r (i > 1 ? "/" : "") out[i]
  return r
}
function violation(msg) { print msg; ++violations }

/^@doc$/ { section = "doc"; next }
/^@files$/ { section = "files"; next }
/^@includes$/ {
  section = "includes"
  if (nlayers == 0) fail_table("no layer rows between <!-- layers:begin --> and <!-- layers:end -->")
  if (nprefixes == 0) fail_table("no rows between <!-- third-party:begin --> and <!-- third-party:end -->")
  for (i = 1; i <= nlayers; ++i) {
    for (k in allowed_layers) {
      split(k, kk, SUBSEP)
      if (kk[1] == names[i] && !(kk[2] in is_layer)) fail_table("layer " names[i] " may use \"" kk[2] "\", which is no layer of the table")
    }
    for (k in allowed_libs) {
      split(k, kk, SUBSEP)
      if (kk[1] == names[i] && !(kk[2] in is_library)) fail_table("layer " names[i] " may use \"" kk[2] "\", which is no library of the third-party table")
    }
  }
  if (bad_table) exit 2
  next
}
section == "doc" {
  if ($0 ~ /<!-- layers:begin -->/) { table = "layers"; next }
  if ($0 ~ /<!-- third-party:begin -->/) { table = "libs"; next }
  if ($0 ~ /<!-- (layers|third-party):end -->/) { table = ""; next }
  if (table == "" || $0 !~ /^[ \t]*\|/) next
  n = cells($0, c)
  if (c[1] == "layer" || c[1] == "library" || c[1] ~ /^-+$/ || c[1] ~ /^:?-+:?$/) next
  if (table == "layers") {
    if (n != 4) { fail_table("layer row needs 4 cells (layer | directory | layers | third-party): " $0); next }
    if (c[1] in is_layer) { fail_table("layer " c[1] " listed twice"); next }
    names[++nlayers] = c[1]; dirs[nlayers] = c[2]; is_layer[c[1]] = 1
    m = list(c[3], tmp); for (i = 1; i <= m; ++i) allowed_layers[c[1], tmp[i]] = 1
    m = list(c[4], tmp); for (i = 1; i <= m; ++i) allowed_libs[c[1], tmp[i]] = 1
  } else {
    if (n != 2) { fail_table("third-party row needs 2 cells (library | header prefixes): " $0); next }
    is_library[c[1]] = 1
    m = list(c[2], tmp); for (i = 1; i <= m; ++i) { prefixes[++nprefixes] = tmp[i]; libof[nprefixes] = c[1] }
  }
  next
}
section == "files" {
  if ($0 == "") next
  exists[$0] = 1; ++nfiles
  l = layer_of($0)
  if (l == "") violation($0 ": is in no layer: add its directory to the rules table (" doc ")")
  else present[l] = 1
  next
}
section == "includes" {
  if ($0 == "") next
  # path:line:text (paths under src/ and apps/ contain no colon)
  p1 = index($0, ":"); file = substr($0, 1, p1 - 1); rest = substr($0, p1 + 1)
  p2 = index(rest, ":"); line = substr(rest, 1, p2 - 1); text = substr(rest, p2 + 1)
  from = layer_of(file)
  if (from == "") next  # reported with the file list
  if (match(text, /"[^"]*"/)) { name = substr(text, RSTART + 1, RLENGTH - 2); shown = "\"" name "\""; quoted = 1 }
  else if (match(text, /<[^>]*>/)) { name = substr(text, RSTART + 1, RLENGTH - 2); shown = "<" name ">"; quoted = 0 }
  else next
  ++checked
  # A project header: beside the file (quoted only), under src/ or apps/brigade/.
  target = ""
  if (quoted && (normalize(dirname(file) "/" name) in exists)) target = normalize(dirname(file) "/" name)
  else if (("src/" name) in exists) target = "src/" name
  else if (("apps/brigade/" name) in exists) target = "apps/brigade/" name
  else if (quoted || layer_of("src/" name) != "") {
    # Not in the tree (yet): a layer by its directory name, else a library.
    if (layer_of("src/" name) != "") target = "src/" name
  }
  if (target != "") {
    to = layer_of(target)
    if (to == "") { violation(file ":" line " includes " shown ", which is in no layer (" doc ")"); next }
    if (to != from && !((from, to) in allowed_layers))
      violation(file ":" line " includes " shown ": layer " from " may not use layer " to " (" doc ")")
    next
  }
  lib = library_of(name)
  if (lib == "std") next
  if (lib == "") { violation(file ":" line " includes " shown ": no library of the third-party table (" doc ") claims this header"); next }
  if (!((from, lib) in allowed_libs))
    violation(file ":" line " includes " shown ": layer " from " may not use " lib " (" doc ")")
}
END {
  if (bad_table) exit 2
  missing = ""
  for (i = 1; i <= nlayers; ++i) if (!(names[i] in present)) missing = missing (missing == "" ? "" : ", ") names[i]
  if (violations > 0) {
    printf "check-layers: FAILED: %d violation(s) in %d files\n", violations, nfiles > "/dev/stderr"
    exit 1
  }
  printf "check-layers: OK: %d includes in %d files, %d layers, %d third-party libraries (%s)%s\n", \
    checked, nfiles, nlayers, length(is_library), doc, (missing == "" ? "" : "; no files yet in: " missing)
}
'
