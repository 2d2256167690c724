# CarerSpace: the README's two commands.
#   make run    build and serve the portal at http://127.0.0.1:3000 (SQLite, no set-up)
#   make test   run every test: unit, storage (SQLite and PostgreSQL), whole-server, browser, page weight

SHELL := /bin/bash
# Builds are kept outside the work tree so fresh clones build incrementally.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/carerspace/target
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test tools build manager bench

tools:
	@.ci/tools

# --precompress leaves brotli and gzip copies beside each built file, made
# once at build time at the highest setting; the server sends them as they are.
# --split puts lazy islands (the idle warning, the form checks) in files of
# their own, fetched only by a page that has one; the autosave stays in the
# main file. `make test` (.ci/test-all) and `make bench` use this same build,
# so none of them undoes another's.
build: tools
	cargo leptos build --release --precompress --split

run: build
	LEPTOS_SITE_ROOT=target/site "$(CARGO_TARGET_DIR)/release/server"

test:
	@.ci/tools --browser
	@.ci/test-all

# make manager NAME="Morag Manager" EMAIL=morag@centre.example
manager: build
	"$(CARGO_TARGET_DIR)/release/server" create-manager --name "$(NAME)" --email "$(EMAIL)"

# Prints one table of figures (SSR against a bare handler, autosave under
# load, a database of many carers, memory, a first visit on a slow phone) and
# writes it to target/bench/results.md; see server/bench/src/main.rs.
# BENCH_CARERS sets how many carers the scale figures seed (default 20,000
# on PostgreSQL, a fifth of that on SQLite). The bench drives the very
# server `make run` builds, and builds none of the product's crates itself.
bench:
	@.ci/tools --browser
	@$(MAKE) --no-print-directory build
	cargo run --release --package bench
