#!/usr/bin/env bash
# Sets everything up, then runs every test (docs/testing.md says what runs
# where and how long it takes):
#   the layer, header and doc-link checks;
#   the unit tests, on the release build and on the clang ASan+UBSan build;
#   the libFuzzer targets of that same build, for a bounded time;
#   the integration tests, which drive the real binary on loopback with
#   socket.io-client from npm, on the release and the ASan+UBSan binary;
#   the Debian package's test (built, unpacked, its server run);
#   the browser tests, which drive the web apps in Debian's headless chromium;
#   the multi-threaded tests under ThreadSanitizer.
# The sanitizer builds compile in the background, at low priority, while the
# release binary's tests run: those mostly wait on sockets and timers, so the
# two cores would otherwise idle. Prints the time of each stage at the end.
# Exits non-zero if any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-env.sh  # the Node.js scripts/setup.sh chose

stage_log=$(mktemp "${TMPDIR:-/tmp}/brigade-stages.XXXXXX")
build_logs=$(mktemp -d "${TMPDIR:-/tmp}/brigade-build-logs.XXXXXX")
export BRIGADE_STAGE_LOG="$stage_log"  # scripts/build.sh adds its builds' times
run_started=$SECONDS
current_stage=""

print_stage_times() {
  local status=$?
  # A failed stage leaves no background build behind.
  local pids
  pids=$(jobs -p)
  [ -n "$pids" ] && kill $pids 2>/dev/null
  echo
  echo "== stage times (wall; builds marked * ran in the background, beside the stages after them)"
  awk -F'\t' '{ printf "  %5d s  %s\n", $2, $1 }' "$stage_log"
  [ -n "$current_stage" ] && echo "  FAILED   $current_stage"
  printf '  %5d s  total\n' $((SECONDS - run_started))
  rm -rf "$stage_log" "$build_logs"
  return $status
}
trap print_stage_times EXIT

stage() {  # name, command...
  local name=$1
  shift
  echo "== $name"
  current_stage=$name
  local started=$SECONDS
  "$@"
  printf '%s\t%d\n' "$name" $((SECONDS - started)) >>"$stage_log"
  current_stage=""
}

# Starts scripts/build.sh TREE in the background at low priority; its output
# goes to a log that finish_background_build shows only if it fails.
start_background_build() {  # tree
  echo "== build $1 (in the background)"
  BRIGADE_STAGE_LOG="$stage_log.$1" nice -n 15 scripts/build.sh "$1" >"$build_logs/$1.log" 2>&1 &
  eval "build_pid_$1=$!"
}
finish_background_build() {  # tree
  local pid_var="build_pid_$1"
  current_stage="build $1 (in the background)"
  if ! wait "${!pid_var}"; then
    echo "== build $1 failed:"
    tail -60 "$build_logs/$1.log"
    exit 1
  fi
  sed 's/\t/ *\t/' "$stage_log.$1" >>"$stage_log"
  rm -f "$stage_log.$1"
  current_stage=""
}

integration_tests() {  # binary [file to leave out]
  local files=() file
  for file in tests/integration/*.test.mjs; do
    if [ "$file" != "${2:-}" ]; then files+=("$file"); fi
  done
  BRIGADE_BIN="$1" node --test --test-concurrency=1 "${files[@]}"
}

# The apt and npm packages first (seconds once installed): the checks need git.
stage "setup: packages" scripts/setup.sh --with-browser --with-cluster --packages-only

# The layering and the docs' links need no build: a broken rule fails first.
layer_checks() {
  scripts/check-layers.sh
  tests/layers/check-layers.test.sh
  scripts/check-doc-links.sh
}
stage "checks: layers (docs/architecture.md), doc links" layer_checks

# The web apps and the release build, in the foreground.
stage "setup: web apps, release build" scripts/setup.sh --with-browser --with-cluster

start_background_build asan

# GCC's front end: Boost turns on headers for GCC that it hides from clang,
# and the builds are clang's.
stage "checks: every header compiles alone" env CXX=g++ scripts/check-headers.sh

stage "unit tests (release)" ctest --test-dir build --output-on-failure -j2

stage "integration tests (release binary)" integration_tests "$PWD/build/apps/brigade/brigade"

stage "Debian package (build, contents, the unpacked server runs)" tests/package/deb.test.sh

browser_tests() {
  npm run typecheck --workspace web --silent
  BRIGADE_BIN="$PWD/build/apps/brigade/brigade" node --test --test-concurrency=1 tests/e2e/*.test.mjs
}
stage "browser tests (web apps in headless chromium; screenshots in tests/e2e/artifacts/)" browser_tests

client_tests() {
  npm run typecheck --workspace clients/js --silent
  BRIGADE_BIN="$PWD/build/apps/brigade/brigade" npm test --workspace clients/js --silent
}
stage "client helper tests (clients/js)" client_tests

finish_background_build asan
start_background_build tsan

stage "unit tests (clang ASan+UBSan)" ctest --test-dir build-asan --output-on-failure -j2

stage "libFuzzer: the codecs, the JSON writer, payload validation and menu files, 15 s each" scripts/fuzz.sh

# A small quarantine keeps RSS meaningful for the slow-consumer memory check.
asan_integration_tests() {
  ASAN_OPTIONS="quarantine_size_mb=8:detect_leaks=1:abort_on_error=1" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    integration_tests "$PWD/build-asan/apps/brigade/brigade" tests/integration/service-bench.test.mjs
}
# (The service benchmark's smoke test checks the harness and its Express
# peer, not the server's memory: once, against the release binary, is enough.)
stage "integration tests (ASan+UBSan binary)" asan_integration_tests

# On a slow disk (5 ms per fsync): commits, not CPU, are then what is
# scarce, as on a restaurant's SD card or a busy cloud volume.
stage "stress: churn against the ASan+UBSan binary on a slow disk (tests/stress/)" \
  scripts/stress.sh --binary build-asan/apps/brigade/brigade --seconds 60 --slow-disk-ms 5

stage "crash rounds: kill -9 in order bursts, nothing acknowledged lost (tests/crash/)" scripts/crash-rounds.sh 3

finish_background_build tsan

stage "ThreadSanitizer: multi-threaded unit tests, the server on two loops, the stress test" scripts/tsan.sh
