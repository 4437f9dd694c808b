#!/usr/bin/env bash
# Sets everything up, then runs every test: the unit tests (plain and under
# ASan+UBSan), the fuzz targets for a bounded time, the integration tests, which
# drive the real binary on loopback with socket.io-client from npm, the Debian
# package's test (built, unpacked, its server run), and the browser tests,
# which drive the web apps in Debian's headless chromium.
# Exits non-zero if any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-env.sh  # the Node.js scripts/setup.sh chose
scripts/setup.sh --with-sanitizers --with-browser

echo "== unit tests"
ctest --test-dir build --output-on-failure -j2

echo "== unit tests under AddressSanitizer and UndefinedBehaviorSanitizer"
ctest --test-dir build-asan --output-on-failure -j2

echo "== libFuzzer: the Engine.IO, Socket.IO and WebSocket codecs and payload validation, 20 s each"
scripts/fuzz.sh

echo "== integration tests (release binary)"
BRIGADE_BIN="$PWD/build/apps/brigade/brigade" node --test --test-concurrency=1 tests/integration/*.test.mjs

echo "== Debian package (build, contents, the unpacked server runs)"
tests/package/deb.test.sh

echo "== browser tests (web apps in headless chromium; screenshots in tests/e2e/artifacts/)"
npm run typecheck --workspace web --silent
BRIGADE_BIN="$PWD/build/apps/brigade/brigade" node --test --test-concurrency=1 tests/e2e/*.test.mjs

echo "== client helper tests (clients/js)"
npm run typecheck --workspace clients/js --silent
BRIGADE_BIN="$PWD/build/apps/brigade/brigade" npm test --workspace clients/js --silent

echo "== integration tests (ASan+UBSan binary)"
# A small quarantine keeps RSS meaningful for the slow-consumer memory check.
ASAN_OPTIONS="quarantine_size_mb=8:detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
  BRIGADE_BIN="$PWD/build-asan/apps/brigade/brigade" node --test --test-concurrency=1 tests/integration/*.test.mjs
