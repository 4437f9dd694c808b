#!/usr/bin/env bash
# Several Brigade nodes on one machine, as a cluster (docs/cluster.md), from
# Debian's packages: PostgreSQL (scripts/pg-test-server.sh), redis-server,
# nginx in front, and the nodes, all on loopback, all in one directory.
#   scripts/cluster.sh up [DIR]           start PostgreSQL, Redis, 3 nodes (with demo data) and nginx
#   scripts/cluster.sh down [DIR]         stop everything and delete DIR
#   scripts/cluster.sh status [DIR]       what runs, where, and whether each node is ready
#   scripts/cluster.sh kill N [DIR]       kill -9 node N (1, 2, …), as a crash would
#   scripts/cluster.sh start N [DIR]      start node N again
#   scripts/cluster.sh stop-bus [DIR]     kill -9 Redis;  start-bus [DIR]: start it again on its port
# DIR defaults to $BRIGADE_CLUSTER_DIR or /tmp/brigade-cluster. Nodes: $BRIGADE_CLUSTER_NODES (3);
# more `brigade serve` options for every node: $BRIGADE_CLUSTER_ARGS; their token key:
# $BRIGADE_JWT_SECRET (a random one when unset).
# The binary: $BRIGADE_BIN or build/apps/brigade/brigade. `up` writes DIR/cluster.env
# (shell variables: LB_URL, NODE1_URL…, STORE_URL, REDIS_URL), which the tests read.
# Needs: scripts/setup.sh --with-cluster (postgresql, redis-server, nginx-light).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${BRIGADE_BIN:-$repo/build/apps/brigade/brigade}
nodes=${BRIGADE_CLUSTER_NODES:-3}

usage() { sed -n '2,17p' "$0" >&2; exit 2; }
[ $# -ge 1 ] || usage
command=$1
shift
node=""
if [ "$command" = kill ] || [ "$command" = start ]; then
  [ $# -ge 1 ] || usage
  node=$1
  shift
fi
dir=$(realpath -m "${1:-${BRIGADE_CLUSTER_DIR:-/tmp/brigade-cluster}}")

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until `$1` answers 200, for up to $2 seconds.
await_ready() {
  local deadline=$((SECONDS + $2))
  until curl -fs -o /dev/null "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "cluster: $1 not ready within $2 s" >&2; return 1; }
    sleep 0.1
  done
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Starts node $1 on its port (kept across restarts), in the background.
start_node() {
  local n=$1 home="$dir/node$1"
  mkdir -p "$home"
  [ -f "$home/port" ] || free_port >"$home/port"
  # shellcheck disable=SC1091
  source "$dir/cluster.env"
  BRIGADE_JWT_SECRET=$JWT_SECRET setsid "$bin" serve --host 127.0.0.1 --port "$(cat "$home/port")" \
    --store "$STORE_URL" --adapter "$REDIS_URL" --demo --mode production ${BRIGADE_CLUSTER_ARGS:-} \
    >>"$home/log" 2>&1 </dev/null &
  echo $! >"$home/pid"
  await_ready "http://127.0.0.1:$(cat "$home/port")/readyz" 30
}

start_redis() {
  redis-server --port "$(cat "$dir/redis.port")" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  until redis-cli -p "$(cat "$dir/redis.port")" ping >/dev/null 2>&1; do sleep 0.05; done
}

stop_pid_file() {
  if alive "$1"; then
    kill "$(cat "$1")" 2>/dev/null || true
    for _ in $(seq 50); do alive "$1" || break; sleep 0.1; done
    alive "$1" && kill -9 "$(cat "$1")" 2>/dev/null || true
  fi
  rm -f "$1"
}

case "$command" in
  up)
    [ -x "$bin" ] || { echo "cluster: no Brigade binary at $bin (scripts/build.sh, or set BRIGADE_BIN)" >&2; exit 1; }
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "cluster: nginx is missing: scripts/setup.sh --with-cluster" >&2; exit 1; }
    command -v redis-server >/dev/null || { echo "cluster: redis-server is missing: scripts/setup.sh --with-cluster" >&2; exit 1; }
    [ -f "$dir/cluster.env" ] && "$0" down "$dir"
    mkdir -p "$dir"
    # PostgreSQL as its own user (it refuses root), with a database for Brigade.
    pg_url=$("$repo/scripts/pg-test-server.sh" start "$dir/pg")
    psql "$pg_url" -qc "CREATE DATABASE brigade" >/dev/null
    store_url="${pg_url%/postgres}/brigade"
    redis_port=$(free_port)
    echo "$redis_port" >"$dir/redis.port"
    start_redis
    lb_port=$(free_port)
    {
      echo "STORE_URL=$store_url"
      echo "REDIS_URL=redis://127.0.0.1:$redis_port"
      echo "JWT_SECRET=${BRIGADE_JWT_SECRET:-$(head -c 48 /dev/urandom | base64 | tr -d '/+=' | head -c 40)}"
      echo "LB_URL=http://127.0.0.1:$lb_port"
      echo "NODES=$nodes"
    } >"$dir/cluster.env"
    # The first node migrates the database and loads the demo data; the
    # others then find both done.
    for n in $(seq "$nodes"); do
      start_node "$n"
      echo "NODE${n}_URL=http://127.0.0.1:$(cat "$dir/node$n/port")" >>"$dir/cluster.env"
    done
    mkdir -p "$dir/nginx"
    upstreams=""
    for n in $(seq "$nodes"); do upstreams+="    server 127.0.0.1:$(cat "$dir/node$n/port");"$'\n'; done
    sed -e "s|@PREFIX@|$dir/nginx|g" -e "s|@PORT@|$lb_port|g" "$repo/deploy/cluster/nginx.conf" |
      awk -v upstreams="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", upstreams; else print }' >"$dir/nginx/nginx.conf"
    nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log"
    await_ready "http://127.0.0.1:$lb_port/readyz" 10
    "$0" status "$dir"
    ;;
  down)
    [ -d "$dir" ] || exit 0
    [ -f "$dir/nginx/nginx.pid" ] && { nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" -s quit 2>/dev/null || true; }
    for home in "$dir"/node*; do [ -d "$home" ] && stop_pid_file "$home/pid"; done
    stop_pid_file "$dir/redis.pid"
    [ -d "$dir/pg" ] && "$repo/scripts/pg-test-server.sh" stop "$dir/pg"
    # A sanitized node's report ends up in its log: say so before it goes.
    reports=$(grep -lE "ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer|runtime error:" "$dir"/node*/log 2>/dev/null || true)
    for log in $reports; do echo "cluster: a sanitizer reported in $log:" >&2; cat "$log" >&2; done
    rm -rf "$dir"
    [ -z "$reports" ]
    ;;
  status)
    [ -f "$dir/cluster.env" ] || { echo "cluster: none in $dir"; exit 1; }
    # shellcheck disable=SC1091
    source "$dir/cluster.env"
    echo "store     $STORE_URL"
    echo "bus       $REDIS_URL $(alive "$dir/redis.pid" && echo up || echo DOWN)"
    echo "nginx     $LB_URL $(alive "$dir/nginx/nginx.pid" && echo up || echo DOWN)"
    for n in $(seq "$NODES"); do
      url="http://127.0.0.1:$(cat "$dir/node$n/port")"
      if alive "$dir/node$n/pid"; then
        echo "node$n     $url $(curl -fsS "$url/readyz" 2>/dev/null || echo 'not ready')"
      else
        echo "node$n     $url DOWN"
      fi
    done
    ;;
  kill)
    alive "$dir/node$node/pid" || { echo "cluster: node$node is not running" >&2; exit 1; }
    kill -9 "$(cat "$dir/node$node/pid")"
    rm -f "$dir/node$node/pid"
    ;;
  start)
    alive "$dir/node$node/pid" && { echo "cluster: node$node already runs" >&2; exit 1; }
    start_node "$node"
    ;;
  stop-bus)
    alive "$dir/redis.pid" && kill -9 "$(cat "$dir/redis.pid")"
    rm -f "$dir/redis.pid"
    ;;
  start-bus)
    alive "$dir/redis.pid" && { echo "cluster: Redis already runs" >&2; exit 1; }
    start_redis
    ;;
  *)
    usage
    ;;
esac
