#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ in the clang ASan+UBSan build
# (build-asan/, shared with the sanitized unit and integration tests) and runs
# each for a bounded time, starting from its seed corpus
# fuzz/corpus/<target>/. Exits non-zero if any target crashes, leaks, times
# out or runs out of memory; the input that did it is saved under
# build-asan/fuzz-artifacts/ and the run's log under build-asan/fuzz-logs/.
#   scripts/fuzz.sh                  every target, 15 s each
#   scripts/fuzz.sh socketio_packet_fuzz
#   BRIGADE_FUZZ_SECONDS=300 scripts/fuzz.sh
# Reproduce a failure: build-asan/fuzz/<target> build-asan/fuzz-artifacts/<file>
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(engineio_packet_fuzz socketio_packet_fuzz websocket_reader_fuzz json_writer_fuzz payload_validation_fuzz menu_file_fuzz)
if [ $# -gt 0 ]; then targets=("$@"); fi
seconds=${BRIGADE_FUZZ_SECONDS:-15}
build="build-asan"

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found; scripts/setup.sh installs clang and libclang-rt-14-dev" >&2
  exit 1
fi

[ -f "$build/build.ninja" ] || scripts/build.sh asan
cmake --build "$build" --target "${targets[@]}"

# The targets test pure libraries: neither Boost nor OpenSSL may be linked
# into them (fuzz/CMakeLists.txt). A symbol of either names the layer that
# pulled the transport in.
for target in "${targets[@]}"; do
  symbols=$(nm -C "$build/fuzz/$target")
  if stray=$(grep -E -m3 ' (boost::|EVP_|SSL_|OPENSSL_)' <<<"$symbols"); then
    echo "fuzz: $target links Boost or OpenSSL, which a fuzz target may not:" >&2
    echo "$stray" >&2
    exit 1
  fi
done

artifacts="$PWD/$build/fuzz-artifacts"
logs="$PWD/$build/fuzz-logs"
mkdir -p "$artifacts" "$logs"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/brigade-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# Sanitizer reports stop the run (libFuzzer then saves the input).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:print_stacktrace=1"

failed=()
for target in "${targets[@]}"; do
  seeds="fuzz/corpus/$target"
  if [ ! -d "$seeds" ]; then
    echo "fuzz: no seed corpus $seeds" >&2
    exit 1
  fi
  # New inputs go to the first directory (scratch); the seeds are only read.
  corpus="$scratch/$target"
  mkdir -p "$corpus"
  log="$logs/$target.log"
  status=0
  "$build/fuzz/$target" "$corpus" "$seeds" \
    -max_total_time="$seconds" -detect_leaks=1 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$target-" >"$log" 2>&1 || status=$?

  # "#70819 DONE   cov: 1135 ft: 3232 corp: 838/34Kb lim: 118 exec/s: 6438 rss: 477Mb"
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
  cov=$(sed -E -n 's/.* cov: ([0-9]+).*/\1/p' <<<"$done_line")
  ft=$(sed -E -n 's/.* ft: ([0-9]+).*/\1/p' <<<"$done_line")
  corp=$(sed -E -n 's/.* corp: ([0-9]+)\/.*/\1/p' <<<"$done_line")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  if [ $status -eq 0 ] && [ -n "$done_line" ]; then
    echo "fuzz: $target ok: ${runs:-?} runs in ${seconds} s, coverage ${cov:-?} edges (${ft:-?} features), corpus ${corp:-?} inputs, peak RSS ${rss:-?} MB"
  else
    echo "fuzz: $target FAILED (exit $status) after ${runs:-?} runs; log $log"
    grep -E '^(==[0-9]+==|SUMMARY|artifact_prefix|    #[0-9]+ )' "$log" | head -40 || true
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (inputs in $artifacts)" >&2
  exit 1
fi
