#!/usr/bin/env bash
# A throwaway PostgreSQL server of Debian's postgresql package, for tests and
# for trying a cluster on one machine. Nothing is installed or configured
# system-wide: the server lives in DIR (as root: in a directory under /tmp
# that DIR/server names, which brigade-pg can reach) and goes with it.
#   scripts/pg-test-server.sh start DIR   initdb a fresh cluster in DIR (emptied first), start it,
#                                         print its URL and write it to DIR/url
#   scripts/pg-test-server.sh stop DIR    stop it (fast shutdown) and delete DIR
#   scripts/pg-test-server.sh url DIR     print the URL of the running server
# The server listens on a Unix socket (in the directory DIR/server names) and on 127.0.0.1 at a
# free port, with trust authentication for the superuser "brigade" (loopback
# only: a test cluster, never a production one), and fsync on, so what a
# COMMIT acknowledged survives kill -9 as it would in production. The URL
# names the "postgres" database: postgresql://brigade@127.0.0.1:PORT/postgres.
# PostgreSQL refuses to run as root: as root the server runs as the system
# user brigade-pg (scripts/setup.sh --with-cluster creates it; created here
# when missing).
set -euo pipefail

usage() { echo "usage: $0 start|stop|url DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
dir=$(realpath -m "$2")

bin_dir() {
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$newest" ] || [ ! -x "$newest/pg_ctl" ]; then
    echo "pg-test-server: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl);" \
      "run scripts/setup.sh --with-cluster or apt-get install postgresql" >&2
    exit 1
  fi
  echo "$newest"
}

# Runs a server binary as the user that owns the cluster.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u brigade-pg -- "$@"
  else
    "$@"
  fi
}

# Stops the server whose files are in $1 (mode $2: fast or immediate) and
# deletes them.
stop_server() {
  if [ -f "$1/data/postmaster.pid" ]; then
    as_owner "$(bin_dir)/pg_ctl" -D "$1/data" -m "$2" -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$1"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "$command" in
  start)
    bin=$(bin_dir)
    [ -f "$dir/server" ] && stop_server "$(cat "$dir/server")" immediate
    # Emptied first, but only a directory this script made (or none at all).
    if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] && [ ! -f "$dir/url" ] && [ ! -f "$dir/server" ]; then
      echo "pg-test-server: $dir is not empty and not a test server's directory; refusing to delete it" >&2
      exit 1
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      # The server's own files go where brigade-pg can reach them: DIR may
      # sit in a directory only root may enter (a checkout in mktemp -d).
      id brigade-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin brigade-pg
      server=$(mktemp -d /tmp/brigade-pg-test.XXXXXX)
      chown brigade-pg "$server"
    else
      server="$dir/server.d"
      mkdir -p "$server"
    fi
    echo "$server" >"$dir/server"
    mkdir -p "$server/socket"
    [ "$(id -u)" -eq 0 ] && chown brigade-pg "$server/socket"
    as_owner "$bin/initdb" -D "$server/data" --username=brigade --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(free_port)
    # Enough connections for parallel test processes, each with a small pool.
    if ! as_owner "$bin/pg_ctl" -D "$server/data" -l "$server/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $server/socket -c fsync=on -c max_connections=300" \
      start >/dev/null; then
      cat "$server/server.log" >&2
      exit 1
    fi
    url="postgresql://brigade@127.0.0.1:$port/postgres"
    echo "$url" >"$dir/url"
    echo "$url"
    ;;
  stop)
    [ -f "$dir/server" ] && stop_server "$(cat "$dir/server")" fast
    rm -rf "$dir"
    ;;
  url)
    cat "$dir/url"
    ;;
  *) usage ;;
esac
