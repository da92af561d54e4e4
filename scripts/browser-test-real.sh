#!/usr/bin/env bash
# The review page's browser test against the real server: builds rasd (unless RASD_BIN names
# one), ingests the seed
# (examples/aleppo.txt, 12 December 2016) into a temporary database, starts `rasd serve` on a
# free loopback port with a review token, runs tests/browser/review.test.mjs against it
# (scripts/browser-test.sh, which installs chromium and playwright-core when missing) and
# stops the server.
#
# Screenshots go to RASD_SCREENSHOT_DIR (default tests/browser/out/);
# `RASD_SCREENSHOT_DIR=docs scripts/browser-test-real.sh` refreshes docs/review-map.png.
set -euo pipefail
cd "$(dirname "$0")/.."

# RASD_BIN names a rasd binary to use (.ci/run passes the one `cargo test --workspace` built,
# so CI compiles nothing again); without it, the debug build is made here.
if [[ -n "${RASD_BIN:-}" ]]; then
  rasd=$RASD_BIN
else
  echo "browser-test-real: cargo build -p rasd" >&2
  cargo build --locked -q -p rasd
  target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
  rasd="$target_dir/debug/rasd"
fi

work=$(mktemp -d)
server=""
cleanup() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$rasd" ingest --db "$work/rasd.db" --date 2016-12-12 examples/aleppo.txt

token="browser-test-$RANDOM$RANDOM"
# Made before the server starts: on a loaded machine the loop below could otherwise read it
# before the background shell has opened it (and `set -e` ends the script).
: >"$work/serve.out"
"$rasd" serve --db "$work/rasd.db" --addr 127.0.0.1:0 --token "$token" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$work/serve.out")
  [[ -n "$url" ]] && break
  if ! kill -0 "$server" 2>/dev/null; then
    cat "$work/serve.err" >&2
    echo "browser-test-real: rasd serve exited" >&2
    exit 1
  fi
  sleep 0.1
done
[[ -n "$url" ]] || { echo "browser-test-real: rasd serve did not start" >&2; exit 1; }
echo "browser-test-real: rasd serve at $url" >&2

RASD_BASE_URL="$url" RASD_TOKEN="$token" bash scripts/browser-test.sh
