#!/bin/bash
# Diagnostic (not part of `make test`): typing alone, into an empty Tauri window's text field
# (REDOCK_EMPTY_INPUT=1), with the app process's own memory every 3,000 keys. Needs Xvfb and xdotool.
set -u
d=$(for n in $(seq 150 199); do [ -e /tmp/.X$n-lock ] || { echo $n; break; }; done)
Xvfb ":$d" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & X=$!
sleep 1
export DISPLAY=":$d" WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 REDOCK_EMPTY_INPUT=1
"${CARGO_TARGET_DIR:-$(dirname "$0")/../../target}/debug/examples/empty_window" >/dev/null 2>&1 & A=$!
sleep 4
xdotool search --sync --onlyvisible --name 'Redock' windowfocus --sync
anon() { grep RssAnon /proc/$A/status | awk '{print $2}'; }
echo "start app anon $(anon) kB"
for r in 1 2 3 4; do
  for i in $(seq 1 100); do xdotool type --delay 2 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123'; xdotool key ctrl+a BackSpace; done
  sleep 2; echo "after $((r*3000)) keys: app anon $(anon) kB"
done
kill $A; kill $X
