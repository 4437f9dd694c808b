#!/usr/bin/env bash
# Keeps README.md and docs/*.md pointing inside the repository:
# - every relative markdown link or image ([x](path), [x]: path) resolves to
#   a file or directory of the repository (anchors are not checked);
# - no doc mentions a path outside it (../shared, or a link climbing out);
# - every file path a doc names (src/..., tests/..., docs/..., any *.md) exists;
#   a layer directory of docs/architecture.md's rules table counts as existing,
#   even before its first file lands, and so does output .gitignore names.
# Prints file:line and the offending link; exits 1 if any.
# Usage: scripts/check-doc-links.sh [repository root]   (default: this script's)
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root"
docs=(README.md docs/*.md)

# Directories the layer table declares (they may not exist yet).
declared=$(awk '/<!-- layers:begin -->/ { on = 1; next } /<!-- layers:end -->/ { on = 0 }
  on && /^\|/ { n = split($0, c, "|"); d = c[3]; gsub(/[ `]/, "", d); if (d ~ /\//) print d }' docs/architecture.md 2>/dev/null || true)

# One candidate per line: doc <TAB> line <TAB> kind <TAB> text.
candidates=$(LC_ALL=C awk '
function emit(kind, text) { printf "%s\t%d\t%s\t%s\n", FILENAME, FNR, kind, text }
{
  line = $0
  if (line ~ /\.\.\/shared/) emit("outside", "../shared")
  # Inline links and images: ](target) or ](target "title")
  s = line
  while (match(s, /\]\([^)]*\)/)) {
    t = substr(s, RSTART + 2, RLENGTH - 3); s = substr(s, RSTART + RLENGTH)
    sub(/[ \t]+".*$/, "", t); gsub(/^<|>$/, "", t)
    emit("link", t)
  }
  # Reference definitions: [label]: target
  if (match(line, /^[ \t]*\[[^]]+\]:[ \t]+[^ \t]+/)) {
    t = line; sub(/^[ \t]*\[[^]]+\]:[ \t]+/, "", t); sub(/[ \t].*$/, "", t)
    emit("link", t)
  }
  # Paths named in the text (links are checked above): repository folders,
  # and any *.md file.
  text = line; gsub(/\]\([^)]*\)/, "]", text)
  s = text
  while (match(s, /(src|apps|scripts|tests|docs|bench|fuzz|clients|packaging|cmake)\/[A-Za-z0-9_.\/+-]*/)) {
    before = (RSTART > 1) ? substr(s, RSTART - 1, 1) : ""
    t = substr(s, RSTART, RLENGTH); after = substr(s, RSTART + RLENGTH, 1)
    s = substr(s, RSTART + RLENGTH)
    if (before ~ /[A-Za-z0-9_.\/-]/) continue          # part of a longer path or URL
    if (after ~ /[*{<…$]/ || t ~ /\*/) continue          # a glob or a placeholder
    sub(/[.,:;]+$/, "", t)
    emit("path", t)
  }
  s = text
  while (match(s, /[A-Za-z0-9_.\/+-]*[A-Za-z0-9_-]\.md/)) {
    before = (RSTART > 1) ? substr(s, RSTART - 1, 1) : ""
    t = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
    if (before ~ /[\/:]/ || t ~ /^(src|apps|scripts|tests|docs|bench|fuzz|clients|packaging|cmake)\//) continue  # a URL or a path, checked above
    emit("md", t)
  }
}' "${docs[@]}")

# Drops "." and "x/.." steps; prints nothing if the path climbs out of the root.
normalize() {
  local IFS=/ part out=()
  for part in $1; do
    case $part in
      '' | .) ;;
      ..) [[ ${#out[@]} -gt 0 ]] || return 0; unset 'out[${#out[@]}-1]' ;;
      *) out+=("$part") ;;
    esac
  done
  printf '%s' "${out[*]}"
}

exists() {  # a path relative to the root
  [[ -n $1 ]] || return 1
  [[ -e $1 ]] && return 0
  # A C++ module named without its extension (`src/http/static_files`).
  [[ -e $1.hpp || -e $1.cpp ]] && return 0
  local d
  for d in $declared; do [[ ${1%/} == "${d%/}" ]] && return 0; done
  # Generated output the repository ignores (tests/e2e/artifacts/, web/dist/).
  git check-ignore -q --no-index -- "${1%/}/" 2>/dev/null && return 0
  git check-ignore -q --no-index -- "$1" 2>/dev/null && return 0
  return 1
}

violations=0
checked=0
while IFS=$'\t' read -r doc line kind text; do
  [[ -n $doc ]] || continue
  checked=$((checked + 1))
  dir=$(dirname "$doc")
  case $kind in
    outside)
      echo "$doc:$line: mentions $text, a path outside the repository"
      violations=$((violations + 1))
      ;;
    link)
      target=${text%%#*}
      [[ -z $target || $target =~ ^[a-zA-Z][a-zA-Z0-9+.-]*: ]] && continue  # anchor, URL, mailto:
      resolved=$(normalize "$dir/$target")
      if [[ -z $resolved ]]; then
        echo "$doc:$line: link ($text) points outside the repository"
        violations=$((violations + 1))
      elif ! exists "$resolved"; then
        echo "$doc:$line: link ($text) names $resolved, which is not in the repository"
        violations=$((violations + 1))
      fi
      ;;
    path)
      exists "${text%/}" || {
        echo "$doc:$line: names $text, which is not in the repository"
        violations=$((violations + 1))
      }
      ;;
    md)
      resolved=$(normalize "$dir/$text")
      if ! { [[ -n $resolved ]] && exists "$resolved"; } && ! exists "$(normalize "$text")"; then
        echo "$doc:$line: names $text, which is not a file of the repository"
        violations=$((violations + 1))
      fi
      ;;
  esac
done <<<"$candidates"

if [[ $violations -gt 0 ]]; then
  echo "check-doc-links: FAILED: $violations link(s) or path(s) outside the repository" >&2
  exit 1
fi
echo "check-doc-links: OK: $checked links and paths in ${#docs[@]} files"
