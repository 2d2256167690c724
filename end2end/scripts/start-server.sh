#!/usr/bin/env bash
# Starts the release server for the browser tests on a fresh, empty SQLite
# database. Playwright's `webServer` runs this; so do run-all.sh and
# page-weight.sh. Never builds: the server binary and the site files must
# already exist (`cargo leptos build --release`).
#
#   CARERSPACE_SERVER_BIN  the server binary (default: the release build
#                          under $HOME/.cache/carerspace/target)
#   E2E_PORT               port to listen on (default 3100)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
end2end="$(cd "$here/.." && pwd)"
site_root="$(cd "$here/../../target/site" 2>/dev/null && pwd)" || {
  echo "start-server.sh: no site files at $here/../../target/site; run 'cargo leptos build --release' first." >&2
  exit 1
}
server_bin="${CARERSPACE_SERVER_BIN:-$HOME/.cache/carerspace/target/release/server}"
if [ ! -x "$server_bin" ]; then
  echo "start-server.sh: no server binary at $server_bin; run 'cargo leptos build --release' first." >&2
  exit 1
fi
port="${E2E_PORT:-3100}"

# A fresh database for every run, so earlier runs never leak into this one.
mkdir -p "$end2end/.tmp"
run_dir="$end2end/.tmp/run-$$"
rm -rf "$run_dir"
mkdir -p "$run_dir"
# Remove older runs' directories whose servers are gone.
for old in "$end2end"/.tmp/run-*; do
  [ -d "$old" ] || continue
  [ "$old" = "$run_dir" ] && continue
  pid="${old##*/run-}"
  if ! kill -0 "$pid" 2>/dev/null; then rm -rf "$old"; fi
done

database_url="sqlite://$run_dir/e2e.db?mode=rwc"
# Tests read this to create the first manager with the same database.
printf '%s\n' "$database_url" > "$end2end/.tmp/database-url"

export DATABASE_URL="$database_url"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT="$site_root"
export RUST_LOG="${RUST_LOG:-warn}"
# Every test registers its own carers from this one address, far more than
# the 20 an hour a real client may make.
export CARERSPACE_REGISTRATIONS_PER_HOUR=100000
exec "$server_bin"
