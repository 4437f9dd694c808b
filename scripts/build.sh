#!/usr/bin/env bash
# Configures and builds Brigade's build trees; the one place that says what
# each tree is (docs/testing.md). Needs the packages scripts/setup.sh installs.
#   scripts/build.sh release   build/       everything, -O2, line tables, -Werror (clang when installed)
#   scripts/build.sh asan      build-asan/  clang ASan+UBSan: server, unit tests, libFuzzer targets
#   scripts/build.sh tsan      build-tsan/  clang TSan: the server and the tests scripts/tsan.sh runs
# Several names build several trees, in order. Each build goes through ccache
# when it is installed, so a second build recompiles only what changed. With
# BRIGADE_STAGE_LOG set (scripts/test.sh), each build's wall time is added
# to that file.
set -euo pipefail
cd "$(dirname "$0")/.."

# Configures a tree once; a tree configured with another compiler or other
# flags (an older setup's) is made anew.
configure() {  # build-dir, extra cmake flags...
  local dir=$1
  shift
  local flags="CXX=${CXX:-default} $*"
  if [ ! -f "$dir/build.ninja" ] || [ "$(cat "$dir/.setup-flags" 2>/dev/null)" != "$flags" ]; then
    rm -rf "$dir"
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
    echo "$flags" >"$dir/.setup-flags"
  fi
}

timed() {  # name, command...
  local name=$1 started=$SECONDS
  shift
  "$@"
  if [ -n "${BRIGADE_STAGE_LOG:-}" ]; then
    printf '%s\t%d\n' "$name" $((SECONDS - started)) >>"$BRIGADE_STAGE_LOG"
  fi
}

for tree in "$@"; do
  case "$tree" in
    release)
      configure build
      timed "build: release (everything)" cmake --build build
      ;;
    asan)
      CC=clang CXX=clang++ configure build-asan -DBRIGADE_SANITIZE=ON -DBRIGADE_BENCH=OFF
      timed "build: clang ASan+UBSan (server, unit tests, fuzz targets)" cmake --build build-asan
      ;;
    tsan)
      CC=clang CXX=clang++ configure build-tsan -DBRIGADE_TSAN=ON -DBRIGADE_BENCH=OFF
      # Only what scripts/tsan.sh runs.
      # shellcheck disable=SC2046
      timed "build: clang TSan (server, multi-threaded unit tests)" \
        cmake --build build-tsan --target $(scripts/tsan.sh --targets)
      ;;
    *)
      echo "build.sh: unknown build tree '$tree' (release, asan or tsan)" >&2
      exit 2
      ;;
  esac
done
