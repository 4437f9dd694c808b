#!/bin/sh
# One checked backup of Brigade's database into DIRECTORY, then only the
# newest KEEP backups kept there. Run by brigade-backup.service (its timer:
# nightly); anything after KEEP goes to `brigade backup` (--config or --db).
#   backup-nightly.sh DIRECTORY KEEP [brigade backup options...]
#   backup-nightly.sh /var/backups/brigade 7 --config /etc/brigade/brigade.toml
# Backups are named brigade-YYYYMMDDTHHMMSSZ.db (UTC), so their names sort
# by age; only files named so are ever deleted, and only after a new backup
# was written and checked.
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 DIRECTORY KEEP [brigade backup options...]" >&2
  exit 2
fi
directory=$1
keep=$2
shift 2
case $keep in
  '' | *[!0-9]* | 0)
    echo "$0: KEEP must be a whole number of backups, at least 1: '$keep'" >&2
    exit 2
    ;;
esac

brigade=${BRIGADE:-/usr/bin/brigade}
"$brigade" backup "$@" --to "$directory/brigade-$(date -u +%Y%m%dT%H%M%SZ).db"

# Newest first; everything after the first KEEP goes.
find "$directory" -maxdepth 1 -type f -name 'brigade-*.db' |
  grep -E '/brigade-[0-9]{8}T[0-9]{6}Z\.db$' |
  sort -r |
  tail -n "+$((keep + 1))" |
  while IFS= read -r old; do
    rm -f -- "$old"
    echo "removed $old (keeping the newest $keep)"
  done
