#!/usr/bin/env bash
# Serves the site with a Celery worker and beat (honcho, Procfile.dev). Ctrl-C stops them,
# then the project-local PostgreSQL and Redis.
set -uo pipefail
cd "$(dirname "$0")/.."
trap 'DATABASE_URL="${ORIG_DATABASE_URL:-}" REDIS_URL="${ORIG_REDIS_URL:-}" scripts/services.sh stop' EXIT
.venv/bin/honcho start -f Procfile.dev
