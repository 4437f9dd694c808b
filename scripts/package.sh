#!/usr/bin/env bash
# Builds the Debian package of Brigade (binary, web apps, sample config,
# systemd unit; cmake/packaging.cmake) from the release build in build/.
# Prints the .deb's absolute path as the only line on stdout (build output
# goes to stderr), so callers can write deb=$(scripts/package.sh). Expects
# scripts/setup.sh to have run: build/ configured, web/dist built.
#   scripts/package.sh                      → build/brigade_<version>-1_<arch>.deb
#   BRIGADE_BUILD_DIR=other scripts/package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BRIGADE_BUILD_DIR:-build}

# The web apps are built by npm, not CMake: a package without them would serve
# an empty "/", so stop here rather than ship one.
if [ ! -f web/dist/index.html ]; then
  echo "package.sh: web/dist/index.html is missing; build the web apps first: npm run build --workspace web" >&2
  exit 1
fi
if [ ! -f "$build_dir/build.ninja" ] && [ ! -f "$build_dir/Makefile" ]; then
  echo "package.sh: $build_dir is not a configured build; run scripts/setup.sh (or cmake -S . -B $build_dir -G Ninja)" >&2
  exit 1
fi
# dpkg-shlibdeps computes the package's library dependencies.
if ! command -v dpkg-shlibdeps >/dev/null; then
  echo "package.sh: dpkg-shlibdeps is missing; apt-get install dpkg-dev (scripts/setup.sh does)" >&2
  exit 1
fi

# Re-run cmake so CPack's config has the current version, files and docs.
cmake "$build_dir" >/dev/null
cmake --build "$build_dir" --target brigade >&2
# Only the .deb of this run counts: an old one would hide a failed cpack.
rm -f "$build_dir"/brigade_*.deb
(cd "$build_dir" && cpack -G DEB >&2)

shopt -s nullglob
debs=("$(cd "$build_dir" && pwd)"/brigade_*.deb)
if [ ${#debs[@]} -ne 1 ]; then
  echo "package.sh: expected one brigade_*.deb in $build_dir after cpack, found ${#debs[@]}" >&2
  exit 1
fi
echo "${debs[0]}"
