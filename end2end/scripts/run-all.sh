#!/usr/bin/env bash
# Runs the browser tests (Playwright starts and stops its own server), then
# the page-weight budget (page-weight.sh starts and stops another).
# Never builds: run `cargo leptos build --release` first.
# Exits non-zero if either fails.
set -uo pipefail

cd "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

status=0

echo "==> Browser tests (Playwright, Chromium, axe-core)"
npx playwright test "$@" || status=1

echo
echo "==> Page-weight budget"
bash scripts/page-weight.sh || status=1

echo
if [ "$status" = 0 ]; then echo "run-all: browser tests and page weight passed"; else echo "run-all: FAILED (see above)"; fi
exit "$status"
