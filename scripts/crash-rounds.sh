#!/usr/bin/env bash
# Crash test of the store (tests/crash/crash-rounds.mjs, described in
# tests/crash/README.md): N rounds of `brigade serve` on one SQLite file, a
# burst of orders from concurrent keep-alive REST clients, kill -9 in the
# middle, a restart on the same file, and checks that every acknowledged
# change survived whole, that retried Idempotency-Keys never duplicate an
# order, and that the outbox is gapless and agrees with the orders.
#   scripts/crash-rounds.sh [N] [--binary PATH] [--seed S] [--clients K]
#                           [--full-scan-every F] [--keep]
#   N          rounds (default 3, a few seconds each)
#   --binary   the server (default build/apps/brigade/brigade)
#   --seed     replays a run's choices (the seed is printed first)
#   --clients  concurrent REST clients in each burst (default 8)
#   --full-scan-every  read the whole outbox from sequence 1 every F-th round
#              (default 10; always on the first and last); 1 for every round
#   --keep     keep the temporary database even when every round passes
# Prints one line per round and a final line; exits non-zero on any violation,
# after printing each one, and keeps the database for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-env.sh  # the Node.js scripts/setup.sh chose

for arg in "$@"; do
  case $arg in
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d; s/^# \{0,1\}//; p}' "$0"; exit 0 ;;
  esac
done
exec node tests/crash/crash-rounds.mjs "$@"
