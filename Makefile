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

run: tools
	cargo leptos build --release
	LEPTOS_SITE_ROOT=target/site "$(CARGO_TARGET_DIR)/release/server"

test:
	@.ci/tools --browser
	@.ci/test-all

# make manager NAME="Morag Manager" EMAIL=morag@centre.example
manager: tools
	cargo leptos build --release
	"$(CARGO_TARGET_DIR)/release/server" create-manager --name "$(NAME)" --email "$(EMAIL)"

# Prints the autosave round trip (median and p99 of 1,000 saves on loopback),
# and the worker's queue page with 10,000 handed-off plans against the
# carer's home page, on SQLite and PostgreSQL (QUEUE_PLANS changes the count).
# Built in a target dir of its own: cargo-leptos builds the server with other
# settings, and sharing one dir made each undo the other's build.
bench: tools
	CARGO_TARGET_DIR="$(CARGO_TARGET_DIR)-bench" cargo run --release --package server --example autosave_roundtrip
	CARGO_TARGET_DIR="$(CARGO_TARGET_DIR)-bench" cargo run --release --package server --example queue_page
