#!/usr/bin/env bash
# Self-test of scripts/check-layers.sh and scripts/check-doc-links.sh: the
# real tree passes; copies of it with one forbidden include (or one link out
# of the repository) fail with a message naming the file and the rule.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0

pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }

# A fresh copy of what the checks read (sources, docs, README, scripts); the
# rest of the repository, which docs name, is linked in.
copy_tree() {
  rm -rf "$tmp/tree"
  mkdir -p "$tmp/tree"
  cp -r "$repo/src" "$repo/apps" "$repo/docs" "$repo/scripts" "$repo/tests" "$repo/README.md" "$repo/.gitignore" "$tmp/tree/"
  local entry
  for entry in "$repo"/*; do
    case ${entry##*/} in build* | node_modules | src | apps | docs | scripts | tests | README.md) continue ;; esac
    ln -s "$entry" "$tmp/tree/${entry##*/}"
  done
  # check-doc-links asks git which named paths are generated (ignored) output.
  git -C "$tmp/tree" init -q
}

# expect_failure NAME EXIT-CODE SCRIPT PATTERN...: the copied tree's SCRIPT
# exits EXIT-CODE and prints every PATTERN (fixed strings).
expect_failure() {
  local name=$1 code=$2 script=$3
  shift 3
  local out rc=0
  out="$("$tmp/tree/scripts/$script" 2>&1)" || rc=$?
  if [[ $rc -ne $code ]]; then
    fail "$name: exit $rc, expected $code; output: $out"
    return
  fi
  local pattern
  for pattern in "$@"; do
    if ! grep -qF -- "$pattern" <<<"$out"; then
      fail "$name: no \"$pattern\" in: $out"
      return
    fi
  done
  pass "$name"
}

# The real tree passes.
if out="$("$repo/scripts/check-layers.sh" 2>&1)" && grep -q '^check-layers: OK' <<<"$out"; then
  pass "the repository passes check-layers ($out)"
else
  fail "the repository fails check-layers: $out"
fi
if out="$("$repo/scripts/check-doc-links.sh" 2>&1)" && grep -q '^check-doc-links: OK' <<<"$out"; then
  pass "the repository passes check-doc-links ($out)"
else
  fail "the repository fails check-doc-links: $out"
fi

# The kitchen may not see Boost.
copy_tree
printf '#include "kitchen/entities.hpp"\n\n#include <boost/asio.hpp>\n' >"$tmp/tree/src/kitchen/uses_asio.cpp"
expect_failure "kitchen including <boost/asio.hpp> fails" 1 check-layers.sh \
  'src/kitchen/uses_asio.cpp:3 includes <boost/asio.hpp>: layer kitchen may not use boost (docs/architecture.md)'

# http may not use socketio.
copy_tree
printf '#pragma once\n#include "socketio/socket.hpp"\n' >"$tmp/tree/src/http/knows_sockets.hpp"
expect_failure "http including \"socketio/...\" fails" 1 check-layers.sh \
  'src/http/knows_sockets.hpp:2 includes "socketio/socket.hpp": layer http may not use layer socketio (docs/architecture.md)'

# A codec directory that does not exist yet is still a layer with rules.
copy_tree
mkdir -p "$tmp/tree/src/socketio_codec"
printf '#include <nlohmann/json.hpp>\n#include <openssl/evp.h>\n#include "http/loop.hpp"\n' \
  >"$tmp/tree/src/socketio_codec/packet.cpp"
expect_failure "socketio_codec including openssl and http fails" 1 check-layers.sh \
  'src/socketio_codec/packet.cpp:2 includes <openssl/evp.h>: layer socketio_codec may not use openssl' \
  'src/socketio_codec/packet.cpp:3 includes "http/loop.hpp": layer socketio_codec may not use layer http'

# A header no library claims, and a file in no layer.
copy_tree
mkdir -p "$tmp/tree/src/mesh"
printf '#include <vector>\n' >"$tmp/tree/src/mesh/gossip.cpp"
printf '#include <vector>\n#include <nats/nats.h>\n' >"$tmp/tree/src/store/nats_feed.cpp"
expect_failure "a file in no layer and an unclassified header fail" 1 check-layers.sh \
  'src/mesh/gossip.cpp: is in no layer' \
  'src/store/nats_feed.cpp:2 includes <nats/nats.h>: no library of the third-party table'

# A rule naming a layer the table does not have is a broken table (exit 2).
copy_tree
sed -i 's/^| kitchen | src\/kitchen | common | fmt |$/| kitchen | src\/kitchen | common, storage | fmt |/' \
  "$tmp/tree/docs/architecture.md"
expect_failure "a rule naming an unknown layer fails" 2 check-layers.sh \
  'layer kitchen may use "storage", which is no layer of the table'

# Docs link only to files of the repository.
copy_tree
printf '\nSee [the spec](../shared/spec/websocket-integration.md) and [gone](docs/nothing.md).\n' >>"$tmp/tree/README.md"
expect_failure "README linking outside the repository fails" 1 check-doc-links.sh \
  'README.md:' '../shared/spec/websocket-integration.md' 'docs/nothing.md' 'FAILED: 3 link(s)'

if [[ $failures -gt 0 ]]; then
  echo "check-layers self-test: $failures failure(s)"
  exit 1
fi
echo "check-layers self-test: OK"
