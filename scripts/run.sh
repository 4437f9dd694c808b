#!/usr/bin/env bash
# Sets everything up, then runs Brigade on port 8000 with its SQLite database
# brigade.db, created with the demo restaurant on first start. Extra arguments
# go to `brigade serve`; see `build/apps/brigade/brigade serve --help`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# --mode dev: a throwaway JWT secret unless BRIGADE_JWT_SECRET is set (tokens then
# survive restarts), and browser pages on localhost may call in.
exec build/apps/brigade/brigade serve --port 8000 --db brigade.db --demo --mode dev "$@"
