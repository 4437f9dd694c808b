#!/usr/bin/env bash
# Installs what Brigade needs on Debian 12 (apt and npm packages) and builds
# it. Every step is skipped when its work is already done, so a second run
# takes seconds.
#   scripts/setup.sh                   release build in build/, web apps in web/dist/
#   scripts/setup.sh --with-sanitizers also the clang ASan+UBSan build in build-asan/
#   scripts/setup.sh --with-tsan       also the clang ThreadSanitizer build in build-tsan/
#   scripts/setup.sh --with-browser    also Debian's chromium, for the browser tests
#   scripts/setup.sh --with-cluster    also Debian's redis-server, PostgreSQL server and nginx, for
#                                      the cluster and PostgreSQL store tests and scripts/cluster.sh
#                                      (--with-redis: the same, its former name)
#   scripts/setup.sh --packages-only   the apt and npm packages (and Node.js), no build
# scripts/build.sh says what each build tree holds; builds go through ccache
# (setup installs it), so a second build recompiles only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node-env.sh

with_sanitizers=0
with_browser=0
with_cluster=0
with_tsan=0
packages_only=0
for arg in "$@"; do
  case "$arg" in
    --with-sanitizers) with_sanitizers=1 ;;
    --with-browser) with_browser=1 ;;
    --with-cluster | --with-redis) with_cluster=1 ;;
    --with-tsan) with_tsan=1 ;;
    --packages-only) packages_only=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

apt_packages=(build-essential cmake ninja-build pkg-config libboost-dev libboost-system-dev nlohmann-json3-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev libgtest-dev libgmock-dev libbenchmark-dev libssl-dev libsqlite3-dev libsodium-dev
  libhowardhinnant-date-dev tzdata
  sqlite3 openssl clang libclang-rt-14-dev)
# The checks (scripts/check-doc-links.sh) ask git which paths are generated.
apt_packages+=(git)
# Faster builds (cmake/build_speed.cmake): a compiler cache and a faster linker.
apt_packages+=(ccache mold)
# The Debian package (scripts/package.sh, tests/package/deb.test.sh):
# dpkg-shlibdeps computes its dependencies; the test checks the binary with
# file and the unpacked server with curl.
apt_packages+=(dpkg-dev file curl)
# The cluster bus (--adapter redis://): hiredis on the loops. Its tests run
# Debian's redis-server (--with-cluster), which a node alone does not need.
apt_packages+=(libhiredis-dev)
[ $with_cluster -eq 1 ] && apt_packages+=(redis-server)
# The PostgreSQL store (--store postgresql://): libpqxx over libpq. Its tests
# start a throwaway server of Debian's postgresql (scripts/pg-test-server.sh),
# which a node on SQLite does not need.
apt_packages+=(libpqxx-dev)
[ $with_cluster -eq 1 ] && apt_packages+=(postgresql)
# scripts/cluster.sh puts Debian's nginx in front of the nodes (the cluster
# test); the light build has the upstream and WebSocket proxying it needs.
[ $with_cluster -eq 1 ] && apt_packages+=(nginx-light)
# The browser tests drive Debian's chromium with playwright-core (no download).
[ $with_browser -eq 1 ] && apt_packages+=(chromium)
command -v node >/dev/null || apt_packages+=(nodejs)
command -v npm >/dev/null || apt_packages+=(npm)

missing=()
for package in "${apt_packages[@]}"; do
  # A here-string, not a pipe: grep -q leaving early must not fail the writer.
  grep -q "install ok installed" <<<"$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
  # Debian starts an installed nginx on port 80 where systemd runs; the
  # tests only need the program, each run with a configuration of its own.
  if [[ " ${missing[*]} " == *" nginx-light "* ]] && command -v systemctl >/dev/null &&
    systemctl is-active --quiet nginx 2>/dev/null; then
    echo "setup: stopping and disabling the nginx service the package started (the tests run their own)"
    systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
fi

# PostgreSQL refuses to run as root: the test server runs as this system user.
if [ $with_cluster -eq 1 ] && [ "$(id -u)" -eq 0 ] && ! id brigade-pg >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin brigade-pg
fi

# Node.js: the one on PATH must satisfy every engines.node of package-lock.json
# (Vite: ^20.19 or >=22.12); Debian 12's nodejs is 18.19. If it does not, the
# machine's npm fetches the pinned Node.js into .tools/node, which
# scripts/lib/node-env.sh (sourced above) puts first on PATH.
if ! node scripts/lib/node-engines.mjs; then
  echo "setup: installing Node.js into .tools/node (scripts/lib/install-node.sh)"
  scripts/lib/install-node.sh
  hash -r
  node scripts/lib/node-engines.mjs || {
    echo "setup: the pinned Node.js is too old for package-lock.json; raise it in scripts/lib/install-node.sh" >&2
    exit 1
  }
fi

# npm packages: the integration tests' clients (socket.io-client) and peers,
# and the workspace clients/js with its TypeScript compiler.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

[ $packages_only -eq 1 ] && exit 0

# The TypeScript client (@brigade/client): compiled to clients/js/dist, which
# its tests import. Rebuilt only when a source or a config is newer than the
# stamp of the last build.
client_stamp=clients/js/dist/.build-stamp
if [ ! -f "$client_stamp" ] ||
  [ -n "$(find clients/js/src clients/js/tsconfig.json clients/js/package.json package-lock.json -newer "$client_stamp" -print -quit)" ]; then
  echo "setup: building clients/js"
  npm run build --workspace clients/js --silent
  touch "$client_stamp"
fi

# The staff apps (web/): built by Vite into web/dist, which `brigade serve`
# serves. Rebuilt only when a source, a config or the client helper changed.
web_stamp=web/dist/.build-stamp
if [ ! -f "$web_stamp" ] ||
  [ -n "$(find web/src web/public web/index.html web/package.json web/tsconfig.json web/vite.config.ts clients/js/dist \
    package-lock.json -newer "$web_stamp" -print -quit)" ]; then
  echo "setup: building web"
  npm run build --workspace web --silent
  touch "$web_stamp"
fi

builds=(release)
[ $with_sanitizers -eq 1 ] && builds+=(asan)
[ $with_tsan -eq 1 ] && builds+=(tsan)
scripts/build.sh "${builds[@]}"
