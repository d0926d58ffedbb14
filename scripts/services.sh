#!/usr/bin/env bash
# Project-local PostgreSQL and Redis under var/, for `make run` and `make test`.
#   scripts/services.sh start|stop|status|env
# When DATABASE_URL (resp. REDIS_URL) is set in the environment, that server is used
# and no local one is started.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VAR="$ROOT/var"
PG_PORT="${MAILLAGE_PG_PORT:-5544}"
REDIS_PORT="${MAILLAGE_REDIS_PORT:-6390}"
RUN="$VAR/run"
LOG="$VAR/log"
# The cluster lives in var/pg, unless the `postgres` user (used when we are root) cannot reach
# that folder (a checkout under /root, say): then in a per-checkout folder of its own home.
PGROOT="$VAR/pg"
if [ "$(id -u)" -eq 0 ] && [ -z "${DATABASE_URL:-}" ]; then
  mkdir -p "$PGROOT" && chown postgres:postgres "$PGROOT"
  if ! runuser -u postgres -- test -w "$PGROOT"; then
    PGROOT="$(getent passwd postgres | cut -d: -f6)/maillage-$(printf %s "$ROOT" | md5sum | cut -c1-10)"
  fi
fi
PGDATA="$PGROOT/data"
PGLOG="$PGROOT/postgresql.log"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
EXTENSIONS="unaccent pg_trgm cube earthdistance"

# PostgreSQL refuses to run as root: run it as the `postgres` system user then.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_running() { as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }
redis_running() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; }

start_pg() {
  [ -n "${DATABASE_URL:-}" ] && return 0
  mkdir -p "$PGROOT" "$RUN" "$LOG"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PGROOT"; fi
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    echo "==> initdb $PGDATA"
    as_pg "$PG_BIN/initdb" -D "$PGDATA" -U maillage --auth=trust -E UTF8 \
      --locale=C.UTF-8 >/dev/null
  fi
  if ! pg_running; then
    echo "==> starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 \
      -o "-p $PG_PORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=${MAILLAGE_PG_FSYNC:-on} -c max_connections=200 -c shared_buffers=${MAILLAGE_PG_SHARED_BUFFERS:-512MB}" \
      start >/dev/null
  fi
  local psql=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U maillage -v ON_ERROR_STOP=1 -q)
  # Extensions go into template1 too, so test databases are born with them.
  for db in template1 maillage; do
    if [ "$db" = maillage ] && ! "${psql[@]}" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname='maillage'" | grep -q 1; then
      "${psql[@]}" -d postgres -c "CREATE DATABASE maillage"
    fi
    for ext in $EXTENSIONS; do
      "${psql[@]}" -d "$db" -c "CREATE EXTENSION IF NOT EXISTS $ext" 2>/dev/null \
        || "${psql[@]}" -d "$db" -c "CREATE EXTENSION IF NOT EXISTS $ext CASCADE"
    done
  done
}

start_redis() {
  [ -n "${REDIS_URL:-}" ] && return 0
  mkdir -p "$VAR/redis" "$RUN" "$LOG"
  if ! redis_running; then
    echo "==> starting Redis on 127.0.0.1:$REDIS_PORT"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" \
      --dir "$VAR/redis" --pidfile "$RUN/redis.pid" --logfile "$LOG/redis.log" \
      --save "" --appendonly yes --databases 64 >/dev/null
    for _ in $(seq 50); do redis_running && break; sleep 0.1; done
    redis_running || { echo "Redis did not start, see $LOG/redis.log" >&2; exit 1; }
  fi
}

stop_all() {
  if [ -z "${DATABASE_URL:-}" ] && [ -s "$PGDATA/PG_VERSION" ] && pg_running; then
    echo "==> stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  if [ -z "${REDIS_URL:-}" ] && redis_running; then
    echo "==> stopping Redis"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  start) start_pg; start_redis ;;
  stop) stop_all ;;
  status)
    if pg_running; then echo "postgresql: running"; else echo "postgresql: stopped"; fi
    if redis_running; then echo "redis: running"; else echo "redis: stopped"; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
