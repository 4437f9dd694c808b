#!/usr/bin/env bash
# Checks the README's promise on a machine that has nothing: makes a Debian 12
# (bookworm) root with debootstrap, clones this repository's HEAD into it as
# /root/brigade, and runs the README's commands there as root in a chroot,
# twice each, reporting the wall time of the first run (everything downloaded,
# installed and built) and of the second (all done already).
#   scripts/fresh-debian.sh --run    ./scripts/run.sh in the background until
#                                    /healthz answers and waiter1 can log in,
#                                    then SIGTERM (it must exit 0)
#   scripts/fresh-debian.sh --test   ./scripts/test.sh (it must exit 0)
#   scripts/fresh-debian.sh --fresh --run --test
# Options:
#   --fresh        start again from the pristine debootstrapped root (kept as
#                  DIR/bookworm-<arch>.tar, so no new debootstrap)
#   --rebootstrap  debootstrap again (today's packages), then as --fresh
#   --once         run each command once, not twice
#   --shell        then a root shell in the chroot, to look around
#   --dir DIR      where the root, its tarball and the logs live
#                  (default /var/tmp/brigade-debian12, or $BRIGADE_DEBIAN_DIR)
# Without --fresh the root of the last call is reused: the clone moves to the
# current HEAD (committed work only) and keeps its build and installs.
# Needs root, network to Debian's and npm's package registries, and a free port
# 8000 on this machine: the chroot shares this machine's network (the tests
# pick free ports themselves). debootstrap is apt-installed if missing.
# Logs: DIR/logs/<command>-<n>.log; every timing is appended to DIR/times.log.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
self=$repo/scripts/fresh-debian.sh

args=("$@")
dir=${BRIGADE_DEBIAN_DIR:-/var/tmp/brigade-debian12}
fresh=0 rebootstrap=0 runs=2 shell=0 commands=()
usage() { sed -n '2,/^set -e/p' "$self" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --run) commands+=(run) ;;
    --test) commands+=(test) ;;
    --fresh) fresh=1 ;;
    --rebootstrap) rebootstrap=1 fresh=1 ;;
    --once) runs=1 ;;
    --shell) shell=1 ;;
    --dir) dir=$2; shift ;;
    -h | --help) usage ;;
    *) echo "fresh-debian: unknown option $1" >&2; usage ;;
  esac
  shift
done
[ ${#commands[@]} -gt 0 ] || [ $shell -eq 1 ] || usage
[ "$(id -u)" -eq 0 ] || { echo "fresh-debian: run as root (debootstrap, mount, chroot)" >&2; exit 1; }

# The rest runs in a mount namespace of its own: the chroot's mounts are never
# seen outside and vanish with it, even if this script is killed.
if [ -z "${BRIGADE_FRESH_DEBIAN_NS:-}" ]; then
  BRIGADE_FRESH_DEBIAN_NS=1 exec unshare --mount --propagation private -- "$self" "${args[@]}"
fi

arch=$(dpkg --print-architecture)
tarball=$dir/bookworm-$arch.tar
root=$dir/root
logs=$dir/logs
mkdir -p "$dir" "$logs"
say() { echo "fresh-debian: $*"; }
stamp() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { s = b - a; printf "%dm%02ds (%.0f s)", s / 60, s % 60, s }'; }

# ---- the pristine root: debootstrap's default variant (required and important
# packages), what a minimal Debian 12 install has -------------------------------
if [ $rebootstrap -eq 1 ] || [ ! -f "$tarball" ]; then
  if ! command -v debootstrap >/dev/null; then
    say "installing debootstrap"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap
  fi
  rm -rf --one-file-system "$dir/bootstrap"
  say "debootstrap bookworm into $dir/bootstrap (log: $logs/debootstrap.log)"
  start=$(stamp)
  debootstrap --arch "$arch" bookworm "$dir/bootstrap" >"$logs/debootstrap.log" 2>&1 ||
    { tail -20 "$logs/debootstrap.log"; exit 1; }
  tar --numeric-owner -C "$dir/bootstrap" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
  rm -rf --one-file-system "$dir/bootstrap"
  say "debootstrap took $(elapsed "$start" "$(stamp)")"
fi

mounted_under_root() { awk -v r="$root" '$5 == r || index($5, r "/") == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; }
if [ $fresh -eq 1 ] || [ ! -f "$root/etc/debian_version" ]; then
  # Never delete through a mount (a bind of /dev would take this machine's).
  if mounted_under_root; then
    echo "fresh-debian: something is mounted under $root; unmount it first" >&2
    exit 1
  fi
  say "new root $root from $tarball"
  rm -rf --one-file-system "$root"
  mkdir -p "$root"
  tar --numeric-owner -C "$root" -xf "$tarball"
  # What the installer leaves that debootstrap does not: the point-release and
  # security updates in apt's sources, and /etc/hosts.
  mirror=$(awk '$1 == "deb" { print $2; exit }' "$root/etc/apt/sources.list")
  {
    echo "deb $mirror bookworm main"
    echo "deb $mirror bookworm-updates main"
    echo "deb ${mirror%/debian}/debian-security bookworm-security main"
  } >"$root/etc/apt/sources.list"
  [ -s "$root/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
  echo "$(date -Is) new root from $tarball" >>"$dir/times.log"
fi
# This machine's network, as a real one has its own: its DNS, and the local CA
# certificates it trusts (a TLS-inspecting proxy's, say). update-ca-certificates
# adds those when apt installs ca-certificates; Node.js trusts only its own list
# unless NODE_EXTRA_CA_CERTS names more, so that variable is passed on too.
cp /etc/resolv.conf "$root/etc/resolv.conf"
local_cas=(/usr/local/share/ca-certificates/*.crt)
if [ -f "${local_cas[0]}" ]; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp "${local_cas[@]}" "$root/usr/local/share/ca-certificates/"
fi
network_env=()
[ -z "${NODE_EXTRA_CA_CERTS:-}" ] || network_env+=("NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS")

# ---- the project: a clone of HEAD, as a user would have it ------------------
src=$root/root/brigade
if [ ! -d "$src/.git" ]; then
  git clone --quiet --no-checkout "$repo" "$src"
fi
git -C "$src" fetch --quiet "$repo" HEAD
git -C "$src" checkout --quiet --force --detach FETCH_HEAD
commit=$(git -C "$src" log -1 --format='%h %s' | cut -c1-72)
say "/root/brigade at $commit"

# ---- mounts ---------------------------------------------------------------
server=
cleanup() {
  status=$?
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM -- "-$server" 2>/dev/null || true
    sleep 2
    kill -KILL -- "-$server" 2>/dev/null || true
  fi
  umount -R -l "$root" 2>/dev/null || true
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# / is a mount point in the chroot, as on a machine (tests/package unshares it).
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/dev/shm"
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$root/run"
mkdir -p "$root/run/lock"
if [ -f "${local_cas[0]}" ] && [ -x "$root/usr/sbin/update-ca-certificates" ]; then
  chroot "$root" update-ca-certificates >/dev/null 2>&1
fi

# A command in /root/brigade with a root login's environment: no variable of
# this machine gets in but its network's.
in_chroot=(chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash TERM="${TERM:-dumb}"
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${network_env[@]}"
  /bin/bash -c 'cd /root/brigade && exec "$@"' bash)

record() {  # command, run, seconds text, result
  printf '%s  %-8s %-22s run %s  %-22s %s  (%s)\n' "$(date -Is)" "$arch" "$1" "$2" "$3" "$4" "$commit" >>"$dir/times.log"
  results+=("$1, run $2: $3, $4")
}
results=()

port_in_use() { (exec 3<>/dev/tcp/127.0.0.1/8000) 2>/dev/null; }

# ./scripts/run.sh until the demo restaurant answers: /healthz, then waiter1's login.
run_server() {  # run number
  local n=$1 log=$logs/run-$1.log start ready='' body
  if port_in_use; then
    echo "fresh-debian: port 8000 is in use on this machine; the chroot's server needs it" >&2
    return 1
  fi
  say "run $n: ./scripts/run.sh (log: $log)"
  start=$(stamp)
  # setsid: a process group of its own, so everything it started can be stopped.
  setsid "${in_chroot[@]}" ./scripts/run.sh >"$log" 2>&1 </dev/null &
  server=$!
  # The first run downloads and builds: give it 2 hours on a slow machine.
  for _ in $(seq 7200); do
    if ! kill -0 "$server" 2>/dev/null; then
      wait "$server" || true
      server=
      echo "fresh-debian: run.sh ended before serving; the end of $log:" >&2
      tail -30 "$log" >&2
      record run.sh "$n" "$(elapsed "$start" "$(stamp)")" FAILED
      return 1
    fi
    if curl -sf -o /dev/null http://localhost:8000/healthz &&
      body=$(curl -sf http://localhost:8000/api/auth/login -H 'Content-Type: application/json' \
        -d '{"username":"waiter1","password":"waiter1pass"}') && [[ $body == *'"token":"'* ]]; then
      ready=$(stamp)
      break
    fi
    sleep 1
  done
  if [ -z "$ready" ]; then
    echo "fresh-debian: no /healthz and waiter1 login within 2 hours; the end of $log:" >&2
    tail -30 "$log" >&2
    record run.sh "$n" "$(elapsed "$start" "$(stamp)")" "FAILED (timeout)"
    return 1
  fi
  say "run $n: serving after $(elapsed "$start" "$ready"): /healthz answers, waiter1 logged in"
  kill -TERM "$server"
  local status=0
  wait "$server" || status=$?
  kill -KILL -- "-$server" 2>/dev/null || true
  server=
  if [ $status -ne 0 ]; then
    echo "fresh-debian: run.sh (brigade serve) exited with $status after SIGTERM; the end of $log:" >&2
    tail -20 "$log" >&2
    record run.sh "$n" "$(elapsed "$start" "$ready")" "FAILED (exit $status on SIGTERM)"
    return 1
  fi
  record run.sh "$n" "$(elapsed "$start" "$ready")" "ok (serving; SIGTERM: exit 0)"
}

run_tests() {  # run number
  local n=$1 log=$logs/test-$1.log start status=0
  say "run $n: ./scripts/test.sh (log: $log)"
  start=$(stamp)
  : >"$log"
  setsid "${in_chroot[@]}" ./scripts/test.sh >"$log" 2>&1 </dev/null &
  server=$!
  tail -n +1 -f --pid="$server" "$log" | sed -u 's/^/  | /' &
  wait "$server" || status=$?
  server=
  wait || true
  if [ $status -eq 0 ]; then
    record test.sh "$n" "$(elapsed "$start" "$(stamp)")" ok
  else
    record test.sh "$n" "$(elapsed "$start" "$(stamp)")" "FAILED (exit $status)"
    return 1
  fi
}

# What the first run fetched: apt's archives, npm's cache, the Node.js it installed.
downloads() {
  local apt npm
  apt=$(grep -h '^Need to get' "$logs"/*-1.log 2>/dev/null | sed -E 's/^Need to get ([^ ]+ [kMG]?B).*/\1/' | paste -sd+ - || true)
  npm=$(du -sh "$root/root/.npm" 2>/dev/null | cut -f1 || true)
  say "fetched by the first runs: apt ${apt:-nothing} (archives), npm cache ${npm:-empty} (.tools/node: $(du -sh "$src/.tools/node" 2>/dev/null | cut -f1 || echo absent))"
}

failed=0
for command in "${commands[@]}"; do
  for n in $(seq "$runs"); do
    case $command in
      run) run_server "$n" || { failed=1; break; } ;;
      test) run_tests "$n" || { failed=1; break; } ;;
    esac
  done
  [ $failed -eq 0 ] || break
done
[ ${#commands[@]} -eq 0 ] || downloads
for result in "${results[@]}"; do say "$result"; done
if [ $shell -eq 1 ]; then
  say "a root shell in the chroot; exit it to unmount"
  "${in_chroot[@]}" /bin/bash -l </dev/tty >/dev/tty 2>&1 || true
fi
exit $failed
