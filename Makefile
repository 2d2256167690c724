# CarerSpace: the README's two commands.
#   make run    build and serve the portal at http://127.0.0.1:3000 (SQLite, no set-up)
#   make test   run every test: unit, storage (SQLite and PostgreSQL), whole-server, browser, page weight

SHELL := /bin/bash
# Builds are kept outside the work tree so fresh clones build incrementally.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/carerspace/target
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test tools manager bench

tools:
	@.ci/tools

# --precompress leaves brotli and gzip copies beside each built file, made
# once at build time at the highest setting; the server sends them as they are.
run: tools
	cargo leptos build --release --precompress
	LEPTOS_SITE_ROOT=target/site "$(CARGO_TARGET_DIR)/release/server"

test:
	@.ci/tools --browser
	@.ci/test-all

# make manager NAME="Morag Manager" EMAIL=morag@centre.example
manager: tools
	cargo leptos build --release --precompress
	"$(CARGO_TARGET_DIR)/release/server" create-manager --name "$(NAME)" --email "$(EMAIL)"

# Prints one table of figures (SSR against a bare handler, autosave under
# load, a database of many carers, a first visit on a slow phone) and writes
# it to target/bench/results.md; see server/examples/bench.rs. BENCH_CARERS
# sets how many carers the scale figures seed (default 20,000 on PostgreSQL,
# a fifth of that on SQLite). Built with the settings cargo-leptos gives
# `make run`'s build, so neither undoes the other's.
LEPTOS_ENV := LEPTOS_OUTPUT_NAME=carerspace LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
	LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=app LEPTOS_BIN_DIR=server \
	LEPTOS_JS_MINIFY=true LEPTOS_HASH_FILES=true LEPTOS_HASH_FILE_NAME=hash.txt
bench:
	@.ci/tools --browser
	cargo leptos build --release --precompress
	$(LEPTOS_ENV) cargo build --release --package server --example bench
	"$(CARGO_TARGET_DIR)/release/examples/bench"
