#!/usr/bin/env bash
# Starts the release server on a fresh database, waits until it answers,
# runs the page-weight budget against it, and stops it again.
# Exits with page-weight.mjs's status (1 if any page is over budget).
# Never builds. Called by .ci/test-all and scripts/run-all.sh.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
end2end="$(cd "$here/.." && pwd)"
port="${E2E_PORT:-3100}"
base_url="http://127.0.0.1:$port"

if curl -fsS -o /dev/null --max-time 2 "$base_url/health" 2>/dev/null; then
  echo "page-weight.sh: something is already answering at $base_url; stop it first." >&2
  exit 1
fi

mkdir -p "$end2end/.tmp"
log="$end2end/.tmp/page-weight-server.log"
E2E_PORT="$port" bash "$here/start-server.sh" >"$log" 2>&1 &
server_pid=$!
stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
}
trap stop_server EXIT INT TERM

for _ in $(seq 1 240); do
  if curl -fsS -o /dev/null --max-time 2 "$base_url/health" 2>/dev/null; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "page-weight.sh: the server stopped before it was ready:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.5
done
if ! curl -fsS -o /dev/null --max-time 2 "$base_url/health" 2>/dev/null; then
  echo "page-weight.sh: the server did not answer at $base_url/health within 120 s:" >&2
  cat "$log" >&2
  exit 1
fi

cd "$end2end" && BASE_URL="$base_url" node scripts/page-weight.mjs
