#!/usr/bin/env bash
# End-to-end test of the review page (web/) in headless Chromium: installs what is missing
# (Debian's chromium, the pinned playwright-core), then runs tests/browser/review.test.mjs.
# Against the mock server by default; RASD_BASE_URL=http://127.0.0.1:PORT tests a running
# `rasd serve` instead (RASD_TOKEN: its review token, if it has one).
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1 || { echo "browser-test: $1 is required but not installed" >&2; exit 1; }; }
need node
need npm
need python3

# playwright-core drives the system browser; it never downloads one of its own.
if [[ ! -x /usr/bin/chromium ]]; then
  echo "browser-test: installing Debian's chromium" >&2
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium >/dev/null
fi

# The pinned playwright-core (and the boundary conversion's packages) from the lockfile.
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

cd tests/browser
node --test review.test.mjs
