#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the store's tests, installing Debian's package first
# when it is missing. Prints the database URL on stdout; `tools/postgres.sh stop` stops the server.
#   export DIPLOGRAPH_TEST_PG="$(tools/postgres.sh)"
set -euo pipefail
PORT="${DIPLOGRAPH_PG_PORT:-55432}"
DATA="${DIPLOGRAPH_PG_DATA:-/tmp/diplograph-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"

if [ "${1:-}" = "stop" ]; then
    [ -n "$BIN" ] && [ -d "$DATA" ] && su postgres -c "$BIN/pg_ctl -D $DATA -m fast stop" >/dev/null 2>&1 || true
    exit 0
fi

if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q postgresql >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q postgresql >/dev/null; }
    BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi

# the server refuses to run as root: it runs as the package's postgres user, in its own data folder
RUN=(su postgres -c)
if [ "$(id -u)" != "0" ]; then RUN=(bash -c); fi
if ! "${RUN[@]}" "$BIN/pg_ctl -D $DATA status" >/dev/null 2>&1; then
    rm -rf "$DATA"
    mkdir -p "$DATA"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$DATA"
    "${RUN[@]}" "$BIN/initdb -D $DATA -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
    "${RUN[@]}" "$BIN/pg_ctl -D $DATA -l $DATA/server.log -o '-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off' -w start" >/dev/null
fi
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='diplograph_test'" | grep -q 1 \
    || "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres diplograph_test
echo "postgresql://postgres@127.0.0.1:$PORT/diplograph_test"
