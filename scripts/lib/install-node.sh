#!/usr/bin/env bash
# Installs the pinned Node.js and npm into .tools/node (gitignored), laid out
# like the official tarball (bin/node, bin/npm, lib/node_modules/npm), for a
# machine whose own node is too old for package-lock.json: Debian 12's is
# 18.19. The official Linux build of Node.js is also published on the npm
# registry as the package node-linux-<arch>, so the machine's npm fetches both
# (npm pack: its registry and proxy settings apply), and each tarball must
# match the sha512 pinned here. scripts/setup.sh runs this when needed and
# scripts/lib/node-env.sh puts .tools/node/bin first on PATH.
#   scripts/lib/install-node.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

node_version=22.23.5  # an LTS release
npm_version=10.9.9    # the npm of Node.js 22
npm_sha512=d60fba8cb42f688b81e33c2f1cbef2ad7b977166700ec0ad057f1b6d60ea6ef2524abf673e20c35931cd8305d1dbb8887134d6eefdc0e7b8435bd458bf65b862
case "$(uname -m)" in
  x86_64)
    arch=x64
    node_sha512=de3842fb07285b1299c5c46a176b144a5d1cf47117167babfe7b883f1e8ee8258a5748ce516426ec7b70e52b97aaa94c084862d1c26ac9b14f11be6185c06233
    ;;
  aarch64)
    arch=arm64
    node_sha512=7b52ce506295aee3c6b8b56eb67f3e0a09b9a48d403e6e0abe1fb36dbfea7bf6690fdb3e4d06f2e6252064e5a63e96d22a98f44ddf033f53743449d76ac1e2ce
    ;;
  *)
    echo "install-node: no pinned Node.js for $(uname -m); install Node.js ^20.19 or >=22.13 yourself" >&2
    exit 1
    ;;
esac

if ! command -v npm >/dev/null; then
  echo "install-node: npm is needed to fetch Node.js from the npm registry (apt-get install npm)" >&2
  exit 1
fi

tools=.tools
target=$tools/node
mkdir -p "$tools"
work=$(mktemp -d "$tools/node-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --loglevel=error "node-linux-$arch@$node_version" "npm@$npm_version" >/dev/null)
check() {  # file, sha512
  [ "$(sha512sum "$1" | cut -d' ' -f1)" = "$2" ] || {
    echo "install-node: $1 does not match its pinned sha512" >&2
    exit 1
  }
}
check "$work/node-linux-$arch-$node_version.tgz" "$node_sha512"
check "$work/npm-$npm_version.tgz" "$npm_sha512"

root=$work/node
mkdir -p "$root/lib/node_modules/npm"
tar -xzf "$work/node-linux-$arch-$node_version.tgz" -C "$root" --strip-components=1 --no-same-owner
tar -xzf "$work/npm-$npm_version.tgz" -C "$root/lib/node_modules/npm" --strip-components=1 --no-same-owner
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/bin/npx"
rm -f "$root/package.json"  # the registry package's, not part of a Node.js install
"$root/bin/node" --version >/dev/null
PATH="$PWD/$root/bin:$PATH" npm --version >/dev/null

# Swapped in whole, so an interrupted install never leaves half a Node.js.
rm -rf "$target"
mv "$root" "$target"
echo "install-node: Node.js $("$target/bin/node" --version) and npm $(PATH="$PWD/$target/bin:$PATH" npm --version) in $target"
