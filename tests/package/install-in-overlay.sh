#!/usr/bin/env bash
# Part of tests/package/deb.test.sh: really installs, reinstalls, removes and
# purges the .deb with dpkg, maintainer scripts included, in a throwaway copy
# of this machine. Run as root inside `unshare --mount`: / is overlaid with an
# empty upper directory and chrooted into, so every file dpkg, adduser and the
# scripts write lands in the upper directory and is gone with the namespace.
# There is no systemd as PID 1 in the chroot, which is what postinst must
# handle for containers and image builds: enable the unit, start nothing.
#   install-in-overlay.sh PACKAGE.deb SCRATCH_DIR
set -euo pipefail
deb=$1
work=$2

fail() {
  echo "FAIL (dpkg -i in an overlay): $*" >&2
  exit 1
}

mkdir -p "$work/upper" "$work/overlay-work" "$work/merged"
mount --make-rprivate /
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/overlay-work" "$work/merged"
mount -t proc proc "$work/merged/proc"
# postinst reads /dev/urandom; adduser and the server want /dev/null.
mount --bind /dev "$work/merged/dev"
cp "$deb" "$work/merged/tmp/brigade-under-test.deb"
in_root() { chroot "$work/merged" "$@"; }

# ---- first install -----------------------------------------------------------
in_root dpkg -i /tmp/brigade-under-test.deb >"$work/dpkg.log" 2>&1 || fail "dpkg -i: $(cat "$work/dpkg.log")"
passwd_entry=$(in_root getent passwd brigade) || fail "postinst made no brigade user"
IFS=: read -r _ _ uid _ _ home shell <<<"$passwd_entry"
[ "$uid" -lt 1000 ] || fail "brigade is not a system user (uid $uid)"
[ "$home" = /var/lib/brigade ] || fail "brigade's home is $home, not /var/lib/brigade"
[[ $shell == */nologin || $shell == /bin/false ]] || fail "brigade has a login shell: $shell"
[ "$(in_root stat -c '%U:%G %a' /var/lib/brigade)" = "brigade:brigade 750" ] ||
  fail "/var/lib/brigade is $(in_root stat -c '%U:%G %a' /var/lib/brigade), expected brigade:brigade 750"
echo "ok - postinst: system user brigade, home /var/lib/brigade (brigade:brigade 750)"

env_file=/etc/brigade/brigade.env
[ "$(in_root stat -c '%U:%G %a' "$env_file")" = "root:brigade 640" ] ||
  fail "$env_file is $(in_root stat -c '%U:%G %a' "$env_file" 2>&1), expected root:brigade 640"
secret=$(in_root sed -n 's/^BRIGADE_JWT_SECRET=//p' "$env_file")
[[ $secret =~ ^[A-Za-z0-9]{64}$ ]] || fail "$env_file holds no 64-character BRIGADE_JWT_SECRET"
echo "ok - postinst: $env_file root:brigade 640 with a 64-character secret"

# deb-systemd-helper enables without systemd running: the wants symlink.
wants=/etc/systemd/system/multi-user.target.wants/brigade.service
[ "$(in_root readlink "$wants")" = /lib/systemd/system/brigade.service ] ||
  fail "postinst did not enable brigade.service ($wants)"
echo "ok - postinst: brigade.service enabled (multi-user.target.wants)"
timer_wants=/etc/systemd/system/timers.target.wants/brigade-backup.timer
[ "$(in_root readlink "$timer_wants")" = /lib/systemd/system/brigade-backup.timer ] ||
  fail "postinst did not enable brigade-backup.timer ($timer_wants)"
[ "$(in_root stat -c '%U:%G %a' /var/backups/brigade)" = "brigade:brigade 750" ] ||
  fail "/var/backups/brigade is $(in_root stat -c '%U:%G %a' /var/backups/brigade 2>&1), expected brigade:brigade 750"
echo "ok - postinst: brigade-backup.timer enabled (timers.target.wants), /var/backups/brigade brigade:brigade 750"

# The installed server starts as the unit would run it: as brigade, in
# production mode with the generated secret, in /var/lib/brigade.
# The unit's ExecStart, with --host/--port overriding the file's.
# setpriv and sh exec, so $! is the server itself and gets the SIGTERM.
chroot "$work/merged" setpriv --reuid=brigade --regid=brigade --init-groups -- env -i PATH=/usr/bin:/bin sh -c \
  "set -a; . $env_file; cd /var/lib/brigade && exec brigade serve --config /etc/brigade/brigade.toml \
   --host 127.0.0.1 --port 0" >"$work/serve.out" 2>"$work/serve.log" &
serve_pid=$!
for _ in $(seq 100); do
  grep -q '^brigade listening on http://127.0.0.1:' "$work/serve.out" && break
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.1
done
grep -q '^brigade listening on http://127.0.0.1:' "$work/serve.out" ||
  fail "the installed server did not start as brigade with the generated secret: $(cat "$work/serve.log")"
kill -TERM "$serve_pid"
wait "$serve_pid" || fail "the installed server exited with $? after SIGTERM: $(cat "$work/serve.log")"
[ "$(in_root stat -c %U /var/lib/brigade/brigade.db)" = brigade ] || fail "brigade.db is not the brigade user's"
echo "ok - installed server: production mode with the generated secret, as brigade, db in /var/lib/brigade"

# What brigade-backup.service runs, as it runs it: the brigade user, the
# server's config, the unit's UMask.
chroot "$work/merged" setpriv --reuid=brigade --regid=brigade --init-groups -- env -i PATH=/usr/bin:/bin sh -c \
  "umask 0077; exec /usr/share/brigade/backup-nightly.sh /var/backups/brigade 7 --config /etc/brigade/brigade.toml" \
  >"$work/backup.out" 2>&1 || fail "the installed backup-nightly.sh failed as brigade: $(cat "$work/backup.out")"
backup_file=$(in_root sh -c 'ls /var/backups/brigade/brigade-*.db')
[ "$(in_root stat -c '%U:%G %a' "$backup_file")" = "brigade:brigade 600" ] ||
  fail "$backup_file is $(in_root stat -c '%U:%G %a' "$backup_file"), expected brigade:brigade 600"
echo "ok - installed backup: $backup_file (brigade:brigade 600) from /etc/brigade/brigade.toml's database"

# ---- upgrade (same version again): nothing regenerated -----------------------
in_root dpkg -i /tmp/brigade-under-test.deb >"$work/dpkg.log" 2>&1 || fail "second dpkg -i: $(cat "$work/dpkg.log")"
[ "$(in_root sed -n 's/^BRIGADE_JWT_SECRET=//p' "$env_file")" = "$secret" ] ||
  fail "reinstalling replaced the JWT secret (every token would stop working)"
echo "ok - reinstall keeps the JWT secret"

# ---- remove keeps data, purge removes it -------------------------------------
in_root dpkg -r brigade >"$work/dpkg.log" 2>&1 || fail "dpkg -r: $(cat "$work/dpkg.log")"
for kept in /etc/brigade/brigade.toml "$env_file" /var/lib/brigade/brigade.db; do
  in_root test -e "$kept" || fail "dpkg -r deleted $kept"
done
in_root getent passwd brigade >/dev/null || fail "dpkg -r deleted the brigade user"
! in_root test -e /usr/bin/brigade || fail "dpkg -r left /usr/bin/brigade"
echo "ok - remove: binary gone; config, secret, database and user kept"

in_root dpkg -P brigade >"$work/dpkg.log" 2>&1 || fail "dpkg -P: $(cat "$work/dpkg.log")"
for gone in /etc/brigade /var/lib/brigade "$wants" "$timer_wants"; do
  ! in_root test -e "$gone" || fail "dpkg -P left $gone"
done
[ "$(in_root stat -c '%U:%G %a' "$backup_file")" = "root:root 600" ] ||
  fail "dpkg -P did not keep $backup_file for root: $(in_root stat -c '%U:%G %a' "$backup_file" 2>&1)"
! in_root getent passwd brigade >/dev/null || fail "dpkg -P left the brigade user"
! in_root getent group brigade >/dev/null || fail "dpkg -P left the brigade group"
echo "ok - purge: config, secret, state, enablement and user gone; the backups kept, root's"
