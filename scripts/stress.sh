#!/usr/bin/env bash
# Runs the concurrency stress test (tests/stress/churn.mjs, described in
# tests/stress/README.md) against one Brigade binary: hundreds of churning
# Socket.IO connections, floods and malformed packets while orders flow.
#   scripts/stress.sh [--binary PATH] [--slow-disk-ms N] [--seconds N | --minutes N] [--seed S] [churn.mjs options]
#   --binary   the server (default build/apps/brigade/brigade; e.g.
#              build-asan/apps/brigade/brigade, build-tsan/apps/brigade/brigade)
#   --slow-disk-ms  each fsync of the server waits N ms first, as on an SD
#              card or a busy cloud volume (tests/stress/slow-disk.c, built
#              here with cc and loaded with LD_PRELOAD)
#   --seconds  of churn (default 60), --minutes for soak runs
#   --seed     replays a failed run's choices (the seed is printed first)
# Other BRIGADE_* variables reach the server (BRIGADE_THREADS=2 ...). A
# sanitizer report halts the server, and fails the run. Exits non-zero on any
# failure, after printing the failures and the tail of the server's stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-env.sh  # the Node.js scripts/setup.sh chose

binary=$PWD/build/apps/brigade/brigade
slow_disk_ms=0
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --binary) binary=${2:?--binary needs a path}; shift 2 ;;
    --binary=*) binary=${1#--binary=}; shift ;;
    --slow-disk-ms) slow_disk_ms=${2:?--slow-disk-ms needs a number}; shift 2 ;;
    --slow-disk-ms=*) slow_disk_ms=${1#--slow-disk-ms=}; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d; s/^# \{0,1\}//; p}' "$0"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [ ! -x "$binary" ]; then
  echo "stress.sh: no server binary at $binary: build it (scripts/build.sh) or pass --binary" >&2
  exit 2
fi

# A sanitizer report stops the server at once (the run sees it die, and the
# report is the last thing in its stderr); the caller's own options come
# after these defaults, so they win.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}"

status=0
failures_file=$(mktemp)
scratch=$(mktemp -d)
trap 'rm -rf "$failures_file" "$scratch"' EXIT

if ! [[ $slow_disk_ms =~ ^[0-9]+$ ]]; then
  echo "stress.sh: --slow-disk-ms takes whole milliseconds, not '$slow_disk_ms'" >&2
  exit 2
fi
if [ "$slow_disk_ms" -gt 0 ]; then
  # Only the server gets it (churn.mjs passes STRESS_SERVER_PRELOAD on).
  cc -shared -fPIC -O2 -o "$scratch/slow-disk.so" tests/stress/slow-disk.c -ldl
  export STRESS_SERVER_PRELOAD=$scratch/slow-disk.so STRESS_SLOW_FSYNC_US=$((slow_disk_ms * 1000))
fi
STRESS_FAILURES_FILE=$failures_file BRIGADE_BIN=$(realpath "$binary") \
  node --test-reporter=spec tests/stress/churn.mjs "${args[@]}" || status=$?
if [ "$status" -ne 0 ]; then
  echo "stress.sh: FAILED against $binary (exit $status); the whole report and the server's stderr tail are above" >&2
  # Last, so that the tail of a CI log names what failed.
  if [ -s "$failures_file" ]; then
    echo "stress.sh: the first failures:" >&2
    cat "$failures_file" >&2
  fi
fi
exit "$status"
