#!/usr/bin/env bash
# Runs Brigade's multi-threaded tests under ThreadSanitizer: the clang build
# in build-tsan/ (scripts/setup.sh --with-tsan builds only what runs here).
#   scripts/tsan.sh             every TSan test below
#   scripts/tsan.sh --targets   the CMake targets it needs (for setup.sh)
# Exits non-zero on the first data race, lock-order inversion or failed test;
# the report is in the test's output.
set -euo pipefail
cd "$(dirname "$0")/.."

# Unit tests whose subjects are shared between threads: the metrics registry,
# the password hasher's pool, the connection and rate limits, the file cache,
# the Engine.IO server across loops, the stats throttle and the store's
# database threads.
unit_tests=(common_unit_tests http_unit_tests engineio_unit_tests realtime_unit_tests store_unit_tests cluster_unit_tests)
# The server on two I/O loops with its database threads, driven by real
# clients: flows that cross from the loops to the store and back, the
# upgrade that moves a socket between loops, broadcasts to slow consumers,
# refused and flooding clients, the /admin feed, the shutdown drain, and the
# cluster bus (broadcasts published from the database threads, delivered
# from loop 0's Redis connection; other servers' requests answered from
# every loop's sockets, gathered back on loop 0), and a cluster of three
# nodes on PostgreSQL (other nodes' commits announced from the store's
# listener thread).
integration_tests=(realtime-flows realtime-tenants rooms reconnect events api-kitchen admin-feed
  transports binary slow-consumer security shutdown recovery cluster-node cluster-requests cluster-pg)

if [ "${1:-}" = "--targets" ]; then
  echo brigade "${unit_tests[@]}"
  exit 0
fi

build=build-tsan
[ -f "$build/build.ninja" ] || scripts/build.sh tsan
cmake --build "$build" --target brigade "${unit_tests[@]}"

export TSAN_OPTIONS="${TSAN_OPTIONS:+$TSAN_OPTIONS:}halt_on_error=1:second_deadlock_stack=1"

# The store's tests run on PostgreSQL too: ctest's fixture starts a server
# for them, and here, where the binaries run directly, this script does.
pg_dir="$PWD/$build/pg-test"
BRIGADE_TEST_PG_URL=$(scripts/pg-test-server.sh start "$pg_dir")
export BRIGADE_TEST_PG_URL
trap 'scripts/pg-test-server.sh stop "$pg_dir" >/dev/null 2>&1 || true' EXIT

for test in "${unit_tests[@]}"; do
  echo "tsan: $test"
  "$build/tests/unit/$test" --gtest_brief=1
done

files=()
for name in "${integration_tests[@]}"; do files+=("tests/integration/$name.test.mjs"); done
echo "tsan: integration ${integration_tests[*]} (--threads 2)"
BRIGADE_BIN="$PWD/$build/apps/brigade/brigade" BRIGADE_THREADS=2 \
  node --test --test-concurrency=1 "${files[@]}"

# The churn stress test (tests/stress/): connections that come and go at
# every awkward moment while orders flow, on two loops and the database
# threads. 45 s of churn here; scripts/stress.sh --minutes N for soak runs.
echo "tsan: stress (tests/stress/churn.mjs, --threads 2)"
BRIGADE_THREADS=2 scripts/stress.sh --binary "$build/apps/brigade/brigade" --seconds "${BRIGADE_TSAN_STRESS_SECONDS:-45}"
