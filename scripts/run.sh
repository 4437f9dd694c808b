#!/usr/bin/env bash
# Sets everything up, then runs Brigade on port 8000 with its SQLite database
# brigade.db, created with the demo restaurant on first start. Extra arguments
# go to `brigade serve`; see `build/apps/brigade/brigade serve --help`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# --mode dev: browser pages on localhost may call in. The JWT secret is kept in
# .brigade-dev-secret (made once, readable by its owner only) unless
# BRIGADE_JWT_SECRET is set, so paired screens and logins survive a restart.
if [ -z "${BRIGADE_JWT_SECRET:-}" ]; then
  [ -s .brigade-dev-secret ] || (umask 077 && openssl rand -base64 48 >.brigade-dev-secret)
  BRIGADE_JWT_SECRET=$(cat .brigade-dev-secret)
  export BRIGADE_JWT_SECRET
fi
exec build/apps/brigade/brigade serve --port 8000 --db brigade.db --demo --mode dev --web-root web/dist "$@"
