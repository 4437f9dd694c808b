#!/usr/bin/env bash
# The Debian package (cmake/packaging.cmake, packaging/): builds it with
# scripts/package.sh, checks its control data and file list, unpacks it into
# a scratch root with `dpkg -x` (no root privileges, nothing installed on this
# machine) and runs the packaged binary on the packaged web apps: /healthz
# answers, / serves the packaged index.html, SIGTERM ends it with status 0.
# As root, it then installs the package for real in a throwaway overlay of /
# (install-in-overlay.sh) so the maintainer scripts run. The unit is only
# checked statically (systemd-analyze verify): starting it needs a machine
# with systemd as PID 1.
#   tests/package/deb.test.sh      (scripts/test.sh runs it)
set -euo pipefail
cd "$(dirname "$0")/../.."

checks=0
ok() {
  checks=$((checks + 1))
  echo "ok - $*"
}
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

tmp=$(mktemp -d -t brigade-deb-test.XXXXXX)
root=$tmp/root
server_pid=
cleanup() {
  # Whatever failed, no server outlives the test and no scratch files stay.
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# The apps' build makes no source maps (web/vite.config.ts): served, they
# would publish the apps' whole source.
maps=$(find web/dist -name '*.map' 2>/dev/null)
[ -z "$maps" ] || fail "web/dist holds source maps (rebuild it: npm run build --workspace web): $maps"
ok "web/dist holds no source maps"

echo "== building the package (scripts/package.sh)"
deb=$(scripts/package.sh)
[ -f "$deb" ] || fail "scripts/package.sh printed '$deb', which is not a file"
ok "built $deb"

# ---- control data -----------------------------------------------------------
dpkg-deb -I "$deb" >"$tmp/info" || fail "dpkg-deb -I cannot read $deb"
field() { dpkg-deb -f "$deb" "$1"; }

[ "$(field Package)" = brigade ] || fail "Package is '$(field Package)', expected brigade"
# The version comes from project() in CMakeLists.txt, plus Debian revision 1.
project_version=$(sed -nE 's/^project\(brigade VERSION ([0-9.]+).*/\1/p' CMakeLists.txt)
[ -n "$project_version" ] || fail "no version in CMakeLists.txt's project()"
[ "$(field Version)" = "$project_version-1" ] ||
  fail "Version is '$(field Version)', expected $project_version-1 (from CMakeLists.txt)"
ok "package brigade, version $(field Version)"

# dpkg-shlibdeps found the libraries the binary links: without them, apt would
# install a server that cannot start. adduser is what postinst uses; tzdata
# holds the restaurants' time zones.
depends=$(field Depends)
for dependency in adduser tzdata libc6 libstdc++6 libsqlite3-0 libssl3 libsodium23 libdate-tz3 libhiredis0.14 libpqxx-6.4 libpq5; do
  [[ ", $depends," == *", $dependency "* || ", $depends," == *", $dependency,"* ]] ||
    fail "Depends lacks $dependency: $depends"
done
ok "Depends (dpkg-shlibdeps): $depends"

dpkg-deb -e "$deb" "$tmp/control"
[ "$(cat "$tmp/control/conffiles")" = /etc/brigade/brigade.toml ] ||
  fail "conffiles should list exactly /etc/brigade/brigade.toml, has: $(cat "$tmp/control/conffiles")"
ok "conffiles: /etc/brigade/brigade.toml (an upgrade keeps the admin's edits)"
for script in postinst prerm postrm; do
  [ -x "$tmp/control/$script" ] || fail "maintainer script $script is missing or not executable"
  sh -n "$tmp/control/$script" || fail "maintainer script $script is not valid sh"
done
ok "maintainer scripts postinst, prerm, postrm present, executable, valid sh"

# ---- file list --------------------------------------------------------------
dpkg-deb -c "$deb" >"$tmp/contents"
has_file() {  # path, mode
  grep -qE "^$2 root/root +[0-9]+ [0-9-]+ [0-9:]+ \.$1\$" "$tmp/contents" ||
    fail "the package lacks $1 with mode $2 owned by root: $(grep -F ".$1" "$tmp/contents" || echo absent)"
}
has_file /usr/bin/brigade -rwxr-xr-x
has_file /lib/systemd/system/brigade.service -rw-r--r--
has_file /lib/systemd/system/brigade-backup.service -rw-r--r--
has_file /lib/systemd/system/brigade-backup.timer -rw-r--r--
has_file /usr/share/brigade/backup-nightly.sh -rwxr-xr-x
has_file /etc/brigade/brigade.toml -rw-r--r--
has_file /usr/share/brigade/web/index.html -rw-r--r--
has_file /usr/share/doc/brigade/README.md -rw-r--r--
ok "binary, units (server, nightly backup and its timer), sample config, web apps and docs in place"
if grep -E '\.map$' "$tmp/contents"; then fail "the package ships source maps (above)"; fi
ok "no source maps in the package"
# Only FHS places a package may own: a path of the build machine (an absolute
# install() DESTINATION) or /usr/local would show up here.
stray=$(awk '{print $6}' "$tmp/contents" | grep -vE '^\./(usr/(bin|share)/|etc/brigade/|lib/systemd/system/|$|usr/$|etc/$|lib/$|lib/systemd/$)' || true)
[ -z "$stray" ] || fail "files outside /usr/bin, /usr/share, /etc/brigade, /lib/systemd/system: $stray"
# The secret is made on the target by postinst, never shipped.
! grep -qE 'brigade\.env|\.build-stamp' "$tmp/contents" || fail "the package ships brigade.env or .build-stamp"
ok "no stray paths, no shipped secret"

# ---- unpacked into a scratch root ------------------------------------------
dpkg -x "$deb" "$root"
bin=$root/usr/bin/brigade
[ -x "$bin" ] || fail "dpkg -x did not unpack an executable usr/bin/brigade"
# A RelWithDebInfo build is mostly debug info; CPACK_STRIP_FILES removes it.
# Here-strings, not pipes: under pipefail, grep -q leaving early can kill
# the writer with SIGPIPE and fail a check that matched.
grep -q ', stripped' <<<"$(file "$bin")" || fail "the packaged binary is not stripped: $(file "$bin")"
cmp -s "$root/usr/share/brigade/web/index.html" web/dist/index.html ||
  fail "the packaged index.html differs from web/dist/index.html"
ok "unpacked: binary stripped, web apps are web/dist's"

# The unit starts the packaged binary with the packaged config.
unit=$root/lib/systemd/system/brigade.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
[ "$exec_start" = "/usr/bin/brigade serve --config /etc/brigade/brigade.toml" ] ||
  fail "unexpected ExecStart: $exec_start"
grep -qx 'EnvironmentFile=/etc/brigade/brigade.env' "$unit" || fail "the unit does not read /etc/brigade/brigade.env"
grep -qx 'User=brigade' "$unit" || fail "the unit does not run as the brigade user"
ok "unit runs /usr/bin/brigade serve --config /etc/brigade/brigade.toml as brigade with brigade.env"

if command -v systemd-analyze >/dev/null; then
  # verify insists that ExecStart's binary exists on this machine: point it at
  # the unpacked one. It exits 0 on unknown keys and bad values but prints
  # them, so any output is a failure.
  mkdir -p "$tmp/unit"
  for name in brigade.service brigade-backup.service brigade-backup.timer; do
    sed -e "s|^ExecStart=/usr/bin/brigade|ExecStart=$bin|" \
      -e "s|^ExecStart=/usr/share/brigade/|ExecStart=$root/usr/share/brigade/|" \
      "$root/lib/systemd/system/$name" >"$tmp/unit/$name"
  done
  for name in brigade.service brigade-backup.service brigade-backup.timer; do
    if ! verify_output=$(systemd-analyze verify "$tmp/unit/$name" 2>&1) || [ -n "$verify_output" ]; then
      fail "systemd-analyze verify $name: $verify_output"
    fi
  done
  ok "systemd-analyze verify: brigade.service, brigade-backup.service and brigade-backup.timer are clean"
else
  echo "skip - systemd-analyze is not installed: the unit's syntax is not verified"
fi

# The nightly backup: the timer starts the service, which runs the packaged
# script on the server's own config as the server's user, and is installed
# enabled (postinst; docs/operations.md says why).
backup_unit=$root/lib/systemd/system/brigade-backup.service
timer=$root/lib/systemd/system/brigade-backup.timer
# shellcheck disable=SC2016 # systemd, not the shell, expands ${BACKUP_…}
[ "$(sed -n 's/^ExecStart=//p' "$backup_unit")" = \
  '/usr/share/brigade/backup-nightly.sh ${BACKUP_DIRECTORY} ${BACKUP_KEEP} --config /etc/brigade/brigade.toml' ] ||
  fail "unexpected ExecStart in brigade-backup.service: $(sed -n 's/^ExecStart=//p' "$backup_unit")"
grep -qx 'Environment=BACKUP_DIRECTORY=/var/backups/brigade' "$backup_unit" || fail "brigade-backup.service does not write /var/backups/brigade"
grep -qx 'User=brigade' "$backup_unit" || fail "brigade-backup.service does not run as brigade"
grep -qx 'ReadWritePaths=/var/lib/brigade /var/backups/brigade' "$backup_unit" ||
  fail "brigade-backup.service may not write the database's directory and the backups'"
grep -qx 'OnCalendar=\*-\*-\* 04:00:00' "$timer" || fail "brigade-backup.timer is not nightly: $(grep OnCalendar "$timer")"
grep -qx 'WantedBy=timers.target' "$timer" || fail "brigade-backup.timer cannot be enabled (no WantedBy=timers.target)"
ok "brigade-backup.timer runs brigade-backup.service nightly: backup-nightly.sh as brigade into /var/backups/brigade"

# ---- the sample config -------------------------------------------------------
config=$root/etc/brigade/brigade.toml
# Every key, set or commented out, must be an option of `brigade serve` (or
# of brigade itself, like --log-level): a misspelt key is a setting that
# silently does nothing, or a server that refuses to start.
options=$({ "$bin" --help; "$bin" serve --help; } | grep -oE -- '--[a-z][a-z0-9-]+' | sed 's/^--//' | sort -u)
keys=$(sed -nE 's/^#? ?([a-z][a-z0-9-]*) = .*/\1/p' "$config" | sort -u)
[ "$(echo "$keys" | wc -l)" -ge 20 ] || fail "expected the sample config to name every serve option, found: $keys"
for key in $keys; do
  grep -qx -- "$key" <<<"$options" ||
    fail "sample config key '$key' is not an option of brigade serve"
done
ok "all $(echo "$keys" | wc -l) keys of the sample config are brigade serve options"
# The secret belongs in brigade.env (mode 0640), not in a world-readable file.
! grep -qE '^#? ?jwt-secret *=' "$config" || fail "the sample config has a jwt-secret key"
grep -qx 'web-root = "/usr/share/brigade/web"' "$config" || fail "web-root is not the packaged /usr/share/brigade/web"
grep -qx 'db = "/var/lib/brigade/brigade.db"' "$config" ||
  fail "db is not under /var/lib/brigade, the only directory the unit may write"
if python3 -c 'import tomllib' 2>/dev/null; then
  python3 -c 'import sys, tomllib; tomllib.load(open(sys.argv[1], "rb"))' "$config" ||
    fail "the sample config is not valid TOML"
  ok "the sample config is valid TOML, without a secret, with the packaged paths"
else
  echo "skip - no python3 with tomllib: the sample config's TOML syntax is not checked"
fi

# ---- the packaged server runs ------------------------------------------------
# Started as the unit starts it, from the packaged sample config, with the
# command line overriding what a scratch run cannot use (the production
# paths, the port, the secret): so the sample config is proven to load.
echo "== starting the packaged server with its sample config"
mkfifo "$tmp/stdout"
# Loopback and port 0: nothing outside can connect, and any free port works.
# The working directory is the scratch one, so nothing lands in the checkout.
(cd "$tmp" && exec "$bin" serve --config "$config" --host 127.0.0.1 --port 0 --db "$tmp/b.db" --demo --mode dev \
  --web-root "$root/usr/share/brigade/web") >"$tmp/stdout" 2>"$tmp/server.log" &
server_pid=$!
exec 3<"$tmp/stdout"
url=
# The server prints one line on stdout once it accepts connections.
while IFS= read -r -t 20 -u 3 line; do
  if [[ $line =~ ^brigade\ listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then
    url=${BASH_REMATCH[1]}
    break
  fi
done
[ -n "$url" ] || fail "no 'brigade listening on http://127.0.0.1:PORT' line within 20 s; log: $(cat "$tmp/server.log")"
# Keep draining stdout so a later line never blocks the server on a full pipe.
cat <&3 >"$tmp/server.out" &
exec 3<&-
ok "packaged server listening on $url"
# The sample config says log-format = "json": every log line is one object.
head -1 "$tmp/server.log" | python3 -c 'import json, sys; json.loads(sys.stdin.read())' ||
  fail "the sample config's log-format = json did not apply: $(head -3 "$tmp/server.log")"
ok "the sample config applied (JSON logs)"

status=$(curl -s -o "$tmp/healthz" -w '%{http_code}' "$url/healthz")
[ "$status" = 200 ] || fail "GET /healthz answered $status: $(cat "$tmp/healthz")"
grep -q '"status":"ok"' "$tmp/healthz" || fail "GET /healthz body: $(cat "$tmp/healthz")"
ok "GET /healthz: 200 $(cat "$tmp/healthz")"

status=$(curl -s -o "$tmp/index.html" -w '%{http_code}' "$url/")
[ "$status" = 200 ] || fail "GET / answered $status"
cmp -s "$tmp/index.html" "$root/usr/share/brigade/web/index.html" || fail "GET / is not the packaged index.html"
# The apps are more than index.html: the script it loads comes from the package too.
script=$(grep -oE 'src="/assets/[^"]+\.js"' "$tmp/index.html" | head -1 | sed -E 's/src="(.*)"/\1/')
[ -n "$script" ] || fail "the packaged index.html loads no /assets/*.js"
status=$(curl -s -o "$tmp/app.js" -w '%{http_code}' "$url$script")
[ "$status" = 200 ] || fail "GET $script answered $status"
cmp -s "$tmp/app.js" "$root/usr/share/brigade/web$script" || fail "GET $script is not the packaged file"
ok "GET / and GET $script serve the packaged web apps"
# Source maps would publish the apps' whole source (web/vite.config.ts).
status=$(curl -s -o /dev/null -w '%{http_code}' "$url$script.map")
[ "$status" = 404 ] || fail "GET $script.map answered $status: source maps must not be served"
ok "GET $script.map: 404"

# The packaged backup script against the live server's database: a new
# backup beside two old ones, and with KEEP 2 the oldest goes; a file that is
# not one of its backups is never touched.
backups=$tmp/backups
mkdir "$backups"
: >"$backups/brigade-20200101T000000Z.db"
: >"$backups/brigade-20200102T000000Z.db"
: >"$backups/brigade-notes.db"
BRIGADE=$bin "$root/usr/share/brigade/backup-nightly.sh" "$backups" 2 --db "$tmp/b.db" >"$tmp/nightly.out" 2>&1 ||
  fail "backup-nightly.sh failed: $(cat "$tmp/nightly.out")"
kept=$(find "$backups" -mindepth 1 -printf '%f\n' | sort | tr '\n' ' ')
[[ $kept =~ ^brigade-20200102T000000Z\.db\ brigade-[0-9]{8}T[0-9]{6}Z\.db\ brigade-notes\.db\ $ ]] ||
  fail "after backup-nightly.sh with KEEP 2 the directory holds: $kept; output: $(cat "$tmp/nightly.out")"
grep -q '^backed up .* integrity ok' "$tmp/nightly.out" || fail "backup-nightly.sh printed: $(cat "$tmp/nightly.out")"
grep -q '^removed .*brigade-20200101T000000Z.db (keeping the newest 2)$' "$tmp/nightly.out" ||
  fail "backup-nightly.sh did not say what it removed: $(cat "$tmp/nightly.out")"
ok "backup-nightly.sh: a checked backup of the live database, the newest 2 kept: $kept"

# systemd stops the service with SIGTERM (KillSignal=) and counts any other
# exit status as a failure (Restart=on-failure would restart it).
kill -TERM "$server_pid"
# A stuck shutdown must fail the test, not hang it: the unit allows 30 s.
timeout 30 tail --pid="$server_pid" -f /dev/null ||
  fail "the server still runs 30 s after SIGTERM; log: $(tail -20 "$tmp/server.log")"
exit_status=0
wait "$server_pid" || exit_status=$?
server_pid=
[ "$exit_status" -eq 0 ] || fail "after SIGTERM the server exited with $exit_status; log: $(tail -20 "$tmp/server.log")"
ok "SIGTERM: the server exited with status 0"

# ---- installed for real, in a throwaway overlay of this machine --------------
# The maintainer scripts (user, secret, enablement, remove, purge) only run
# under dpkg -i as root; a private mount namespace keeps it off this machine.
if [ "$(id -u)" -eq 0 ] && unshare --mount true 2>/dev/null; then
  unshare --mount tests/package/install-in-overlay.sh "$deb" "$tmp/overlay" || fail "dpkg -i in an overlay"
  ok "installed, reinstalled, removed and purged with dpkg in an overlay of /"
else
  echo "skip - not root or no mount namespaces: postinst, prerm and postrm are not run"
fi

echo "deb.test.sh: $checks checks passed"
