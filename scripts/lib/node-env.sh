# shellcheck shell=bash
# Sourced by the scripts that run node or npm (scripts/setup.sh,
# scripts/test.sh): puts .tools/node/bin first on PATH. scripts/setup.sh
# installs Node.js there only when the machine's node is missing or too old
# for package-lock.json (Debian 12's is 18.19, Vite needs ^20.19 or >=22.12);
# while the directory is absent, the machine's node is used.
# By hand, from bash: . scripts/lib/node-env.sh   then npm and node as usual.
brigade_node_bin="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.tools/node/bin"
case ":$PATH:" in
  *":$brigade_node_bin:"*) ;;
  *) export PATH="$brigade_node_bin:$PATH" ;;
esac
unset brigade_node_bin
