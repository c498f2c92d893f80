#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL (Debian's): initdb in a temp dir, a free port on
# loopback, pg_ctl; REDOCK_TEST_PG is set to a superuser URL for the command (tests make their
# own databases in it). The server is stopped and its folder removed afterwards, whatever the
# command's result. As root, the server runs as the `postgres` user (PostgreSQL refuses root).
set -euo pipefail
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "PostgreSQL is not installed (Debian package postgresql)"; exit 1; }
DIR=$(mktemp -d "${TMPDIR:-/tmp}/redock-pg.XXXXXX")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
AS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$DIR"
  AS=(runuser -u postgres --)
fi
USER_NAME=$([ "$(id -u)" = 0 ] && echo postgres || id -un)
cleanup() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U "$USER_NAME" --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log"; exit 1; }
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=on -c max_connections=200" start >/dev/null \
  || { cat "$DIR/server.log"; exit 1; }
export REDOCK_TEST_PG="postgres://$USER_NAME@127.0.0.1:$PORT/postgres"
echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (throwaway, $DIR)"
"$@"
