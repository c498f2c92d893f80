# Redock — the two commands are `make run` and `make test`; the rest are their parts.
# CARGO_TARGET_DIR is honoured (keep one warm between runs); by default it is ./target.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TERM_COLOR ?= never
TARGET := $(CARGO_TARGET_DIR)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages: webkit for the window, Xvfb + WebKitWebDriver for the end-to-end test; CUPS
# with cups-pdf for the printing tests (each starts its own private cupsd); poppler and zbar to
# read rendered labels back; setxkbmap (x11-xkb-utils) and xdotool to press a scanner's keys under
# other X keyboard layouts; PostgreSQL for the hub (its tests start a throwaway server each run).
APT_PACKAGES := build-essential pkg-config curl file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev \
  librsvg2-dev xvfb xauth webkit2gtk-driver socat cups printer-driver-cups-pdf poppler-utils zbar-tools \
  dmtx-utils python3-pip x11-xkb-utils xdotool postgresql
NODE_MIN := 20

.PHONY: hub pg-deps run test check quick deps test-deps apt-deps node-deps tauri-driver ui app cli bindings fuzz bench-labels \
  cargo-test clippy fmt-check vitest e2e soak soak-sync bench bench-rules clean

## The station on its embedded default (SQLite in the user's data dir, demo data).
run: deps app
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "Starting the Redock station window (data in $${REDOCK_DATA_DIR:-~/.local/share/org.redock.station})"; \
	  exec "$(TARGET)/debug/redock-app"; \
	else \
	  echo "No display found (DISPLAY is not set): running the station's main flow headless instead."; \
	  "$(TARGET)/debug/redock" demo; \
	fi

## Everything: Rust tests, lints, UI tests, the end-to-end test in the real window.
test: deps test-deps check app-test e2e
	@echo "make test: all green"

## The quick loop: no window, no webkit build.
check: fmt-check clippy cargo-test vitest

quick: cargo-test vitest

deps: apt-deps node-deps tauri-driver

apt-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@if ! command -v node >/dev/null || [ "$$(node -p 'process.versions.node.split(".")[0]')" -lt $(NODE_MIN) ]; then \
	  echo "Installing Node.js from Debian"; DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; \
	  [ "$$(node -p 'process.versions.node.split(".")[0]')" -ge $(NODE_MIN) ] || { echo "Node.js $(NODE_MIN)+ is needed for Vite; Debian's is older"; exit 1; }; \
	fi
	@command -v cargo >/dev/null || { echo "Rust (cargo) is needed: https://rustup.rs"; exit 1; }

node-deps: ui/node_modules/.package-lock.json

## What only the tests need: zxing-cpp reads GS1 DataMatrix back from labels; Zebrash (npm,
## offline) renders ZPL to an image for the same readers; standardwebhooks (the reference
## implementation) checks the hub's webhook signatures in tests/webhooks/receiver.py;
## openapi-spec-validator checks the hub's OpenAPI document.
test-deps: tests/zpl/node_modules/.package-lock.json
	@python3 -c 'import zxingcpp, PIL' 2>/dev/null || pip install -q --break-system-packages zxing-cpp pillow
	@python3 -c 'import standardwebhooks' 2>/dev/null || pip install -q --break-system-packages standardwebhooks
	@python3 -c 'import openapi_spec_validator' 2>/dev/null || pip install -q --break-system-packages openapi-spec-validator

tests/zpl/node_modules/.package-lock.json: tests/zpl/package.json tests/zpl/package-lock.json
	npm ci --prefix tests/zpl --no-audit --no-fund
	@touch $@

ui/node_modules/.package-lock.json: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

tauri-driver:
	@command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked

ui: node-deps
	cd ui && npm run build

## The desktop app (embeds ui/dist) and the CLI.
app: ui
	cargo build -p redock-app -p redock-cli

cli:
	cargo build -p redock-cli

bindings:
	UPDATE_BINDINGS=1 cargo test -p redock-app --test bindings

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy --workspace --exclude redock-app --all-targets -- -D warnings

## The hub's tests need a PostgreSQL: tests/pg/with-pg.sh starts a throwaway one for the run.
cargo-test: pg-deps
	tests/pg/with-pg.sh cargo test --workspace --exclude redock-app

pg-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "Installing PostgreSQL (Debian)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; }

## A local hub to try the station against (PostgreSQL in target/hub; Ctrl-C stops the hub).
hub: pg-deps cli
	scripts/hub.sh

vitest: node-deps
	cd ui && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings
	cd ui && npx vitest run

## The shell's own tests and lints (need webkit and a built ui/dist).
app-test: app
	cargo clippy -p redock-app --all-targets -- -D warnings
	cargo test -p redock-app

e2e: app tauri-driver
	tests/e2e/run.sh

## Memory over a shift (not part of `make test`; about 20 minutes): SOAK_SCANS wedge scans in the
## real window, the app's and WebKit's memory every SOAK_EVERY scans against an empty Tauri window.
soak: app tauri-driver
	cargo build -p redock-app --example empty_window
	tests/e2e/run.sh soak.mjs

## The sync soak (crates/redock-cli/tests/soak.rs): three stations and a hub, `redock sync` and the
## hub killed and the network cut or stalled at random, then a checker (the hub holds exactly the
## stations' logs, its projections equal a rebuild, each station's pulled view is the feed's). A
## 60 s run is part of `make test` (cargo-test); this one runs SOAK_SECS (default 600) and prints
## its counts. SOAK_SEED=<n> replays a run's random choices.
soak-sync: pg-deps
	SOAK_SECS=$${SOAK_SECS:-600} tests/pg/with-pg.sh cargo test -p redock-cli --test soak -- --nocapture

## Benchmarks, release build: prints ours against the reference measured in the same run.
bench:
	cargo build --release -p redock-cli
	"$(TARGET)/release/redock" bench commit --n 3000
	"$(TARGET)/release/redock" bench crash --kills 1000

## Our rule engine against GoRules' zen-engine on the same tables (not part of `make test`). A cargo
## project of its own (benches/rules) with its own target dir: its first build compiles zen-engine
## and QuickJS and takes minutes.
BENCH_RULES_N ?= 200000
BENCH_RULES_TARGET ?= $(CURDIR)/benches/rules/target
bench-labels:
	@for p in glabels zint; do dpkg -s $$p >/dev/null 2>&1 || { $(SUDO) apt-get install -y --no-install-recommends glabels zint && break; }; done
	cargo build --release -p redock-cli
	"$(TARGET)/release/redock" bench labels --n 500

bench-rules:
	CARGO_TARGET_DIR="$(BENCH_RULES_TARGET)" cargo run --release --manifest-path benches/rules/Cargo.toml -- --n $(BENCH_RULES_N)

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules target/e2e

## Fuzz every parser of scanner input for FUZZ_SECONDS each (needs cargo-fuzz; not part of `make test`).
FUZZ_SECONDS ?= 600
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	for t in classify gs1_raw gs1_bracketed digital_link tracking lpn symbology push_batch; do fuzz/run.sh $$t $(FUZZ_SECONDS); done
