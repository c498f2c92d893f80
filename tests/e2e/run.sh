#!/usr/bin/env bash
# The end-to-end test in the real window: Xvfb on a free display, tauri-driver (which starts
# WebKitWebDriver, which starts the app) on free ports, a throwaway data dir; everything stopped
# afterwards. Screenshots and the station database are kept under target/e2e/. The script to run
# is the first argument (station.e2e.mjs; soak.mjs for `make soak`).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
out=$root/target/e2e
mkdir -p "$out"
rm -f "$out"/*.png
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  cp "$work"/data/station.sqlite* "$out"/ 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

disp=
for d in $(seq 90 140); do
  if [ ! -e "/tmp/.X11-unix/X$d" ] && [ ! -e "/tmp/.X$d-lock" ]; then disp=$d; break; fi
done
[ -n "$disp" ] || { echo "no free X display"; exit 1; }
Xvfb ":$disp" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
native=$(free_port)
export DISPLAY=":$disp"
export REDOCK_DATA_DIR="$work/data"
# No GPU here: software rendering, no DMA-BUF.
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1
tauri-driver --port "$port" --native-port "$native" >"$work/tauri-driver.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/status" >/dev/null 2>&1 && break
  sleep 0.1
done

status=0
REDOCK_APP="$target/debug/redock-app" REDOCK_CLI="$target/debug/redock" WEBDRIVER_URL="http://127.0.0.1:$port" \
  REDOCK_EMPTY_WINDOW="$target/debug/examples/empty_window" \
  E2E_OUT="$out" node "$root/tests/e2e/${1:-station.e2e.mjs}" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- tauri-driver log"; tail -n 40 "$work/tauri-driver.log" || true
  echo "--- station log"; tail -n 40 "$work"/data/logs/* 2>/dev/null || true
fi
exit "$status"
