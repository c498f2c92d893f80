#!/usr/bin/env bash
# `make hub`: a local hub to try the station against. PostgreSQL (Debian's) in target/hub/pg on a
# free port, the hub's schema, the demo site, a one-time enrolment code, and the command that
# enrols the demo station; then the hub serves on loopback until Ctrl-C (the database stays, and
# is started again next time).
set -euo pipefail
# The binary `make cli` built (a CARGO_TARGET_DIR kept warm outside the checkout counts).
REDOCK=${REDOCK:-${CARGO_TARGET_DIR:-target}/debug/redock}
ROOT=${HUB_DIR:-$(pwd)/target/hub}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
mkdir -p "$ROOT"
AS=()
USER_NAME=$(id -un)
if [ "$(id -u)" = 0 ]; then chown postgres "$ROOT"; AS=(runuser -u postgres --); USER_NAME=postgres; fi
if [ ! -f "$ROOT/pg/PG_VERSION" ]; then
  "${AS[@]}" "$BIN/initdb" -D "$ROOT/pg" -U "$USER_NAME" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' >"$ROOT/pg.port"
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' >"$ROOT/hub.port"
fi
PG_PORT=$(cat "$ROOT/pg.port"); HUB_PORT=$(cat "$ROOT/hub.port")
if ! "${AS[@]}" "$BIN/pg_ctl" -D "$ROOT/pg" status >/dev/null 2>&1; then
  "${AS[@]}" "$BIN/pg_ctl" -D "$ROOT/pg" -l "$ROOT/pg.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $ROOT" start >/dev/null
fi
"${AS[@]}" "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$USER_NAME" -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = 'redock_hub'" | grep -q 1 \
  || "${AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$USER_NAME" redock_hub
export REDOCK_HUB_DATABASE_URL="postgres://$USER_NAME@127.0.0.1:$PG_PORT/redock_hub"
export REDOCK_HUB_LISTEN="127.0.0.1:$HUB_PORT"
"$REDOCK" hub migrate
"$REDOCK" hub admin site --org "Demo Returns" --id site-wro-1 --name "Wrocław Returns Centre"
CODE=$("$REDOCK" hub admin enrol-code --site site-wro-1)
echo
echo "PostgreSQL on 127.0.0.1:$PG_PORT (data in $ROOT/pg; stop it with: ${AS[*]} $BIN/pg_ctl -D $ROOT/pg stop)"
echo "To enrol the demo station (an admin's badge and PIN), in another terminal:"
echo
echo "  $REDOCK enrol --badge BADGE-0004 --pin 4567 --hub http://127.0.0.1:$HUB_PORT --code $CODE"
echo "  $REDOCK sync"
echo
exec "$REDOCK" hub serve
