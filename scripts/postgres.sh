#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the tests: `scripts/postgres.sh start|stop`.
# `start` prints the connection string to use as KINERJA_TEST_POSTGRES.
set -euo pipefail
port=${KINERJA_PG_PORT:-55432}
root=${KINERJA_PG_DIR:-/tmp/kinerja-pg-$port}

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ]; then
    echo "PostgreSQL not found; installing the Debian package" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "${1:-}" in
  start)
    bin=$(find_bin)
    if [ ! -s "$root/data/PG_VERSION" ]; then
      mkdir -p "$root"
      [ "$(id -u)" = 0 ] && chown postgres "$root"
      as_postgres "'$bin/initdb' -D '$root/data' -A trust -U postgres -E UTF8 >/dev/null"
    fi
    as_postgres "'$bin/pg_ctl' -D '$root/data' -l '$root/log' -w -o \"-p $port -k '$root' -c listen_addresses=127.0.0.1 -c fsync=on\" start >/dev/null"
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    bin=$(find_bin)
    as_postgres "'$bin/pg_ctl' -D '$root/data' -m fast stop >/dev/null" || true
    rm -rf "$root"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
