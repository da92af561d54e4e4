#!/usr/bin/env bash
# Load test of `rasd serve`: 200 concurrent connections on loopback listing filtered events
# (country, type, family, dates, min_killed, text search, sort orders, second and third pages
# by cursor) for 30 s with wrk; prints requests/s, p50 and p99 latency and the error count.
# The issue's target is p99 under 100 ms with the whole SaudiNewsNet corpus ingested.
#
#   DB=/path/to/rasd.db scripts/bench-serve.sh     # an existing database (ingesting takes minutes)
#   scripts/bench-serve.sh                         # ingests SaudiNewsNet into a temporary one first
#
# Environment: CONNECTIONS (200), DURATION (30s), THREADS (wrk threads, 2), READERS (server's
# reader connections, its default when unset), CACHE (the server's --cache; CACHE=0 measures
# every request against the database). Needs wrk (apt-get install wrk).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
connections=${CONNECTIONS:-200}
duration=${DURATION:-30s}
threads=${THREADS:-2}
target=${CARGO_TARGET_DIR:-$repo/target}

command -v wrk >/dev/null || { echo "bench-serve: needs wrk (apt-get install wrk)" >&2; exit 1; }
cargo build --release --locked -p rasd --manifest-path "$repo/Cargo.toml" >&2
rasd=$target/release/rasd

work=$(mktemp -d)
server=""
cleanup() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

db=${DB:-}
if [[ -z "$db" ]]; then
  db=$work/rasd.db
  echo "bench-serve: ingesting SaudiNewsNet into $db (minutes)" >&2
  # Exit 2: SaudiNewsNet has articles with no text, which are skipped.
  "$rasd" ingest --db "$db" "$repo"/../shared/data/saudinewsnet/*.zip || [[ $? -eq 2 ]]
fi

readers=()
[[ -n "${READERS:-}" ]] && readers=(--readers "$READERS")
[[ -n "${CACHE:-}" ]] && readers+=(--cache "$CACHE")
"$rasd" serve --db "$db" --addr 127.0.0.1:0 "${readers[@]}" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$work/serve.out")
  [[ -n "$url" ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$url" ]] || { echo "bench-serve: rasd serve did not start" >&2; exit 1; }

# The request mix: filtered first pages, and later pages reached by the cursors the server
# gives (fetched here once, so every URL of the mix is one the page itself would ask for).
python3 - "$url" "$work/requests.lua" <<'PY'
import json, sys, urllib.parse, urllib.request
base, out = sys.argv[1], sys.argv[2]
def get(path):
    with urllib.request.urlopen(base + path) as r:
        return json.load(r)
health = get("/api/health")
print(f"bench-serve: {health['documents']} documents, {health['events']} events", file=sys.stderr)
stats = get("/api/stats")
days = [d["date"] for d in stats["by_day"]]
types = [t["type"] for t in stats["by_type"][:8]]
countries = [c["country"] for c in stats["by_country"][:6] if c["country"]]
mid = days[len(days) // 2] if days else "2015-08-01"
first = [
    {}, {"sort": "-killed"}, {"sort": "date"}, {"limit": "100"}, {"limit": "20", "sort": "killed"},
    {"min_killed": "1"}, {"min_killed": "5", "sort": "-killed"}, {"min_killed": "20"},
    {"family": "remote"}, {"family": "battle"}, {"family": "civilians", "sort": "-killed"},
    {"bbox": "35.5,32.3,42.5,37.4"}, {"bbox": "42,12,54,19"},
    {"q": "غارة"}, {"q": "قتل"}, {"q": "الحوثيين"}, {"q": "صنعاء"}, {"q": "داعش", "sort": "-killed"},
    {"q": "ادلب"}, {"q": "الرياض", "country": "SA"},
]
if days:
    first += [{"from": days[0], "to": mid}, {"from": mid}, {"to": mid, "sort": "date"},
              {"from": mid, "to": mid}]
first += [{"country": c} for c in countries] + [{"type": t} for t in types]
first += [{"country": c, "type": t} for c in countries[:2] for t in types[:3]]
first += [{"country": c, "from": mid} for c in countries[:3]]
paths = []
for params in first:
    path = "/api/events?" + urllib.parse.urlencode(params)
    paths.append(path)
    cursor = get(path)["next_cursor"]
    for _ in range(2):
        if not cursor:
            break
        nxt = path + "&cursor=" + cursor
        paths.append(nxt)
        cursor = get(nxt)["next_cursor"]
print(f"bench-serve: {len(paths)} distinct requests", file=sys.stderr)
with open(out, "w") as f:
    f.write("local paths = {\n")
    for p in paths:
        f.write(f"  {json.dumps(p)},\n")
    f.write("}\n")
    f.write("""
local counter = 0
setup = function(thread) counter = counter + 1; thread:set("seed", counter) end
init = function(args) math.randomseed(seed * 7919) end
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f errors=%d\\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors))
end
""")
PY

echo "bench-serve: $connections connections for $duration against $url" >&2
wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s --latency -s "$work/requests.lua" "$url" \
  | tee "$work/wrk.out"
result=$(grep '^RESULT' "$work/wrk.out")
p99=$(sed 's/.*p99_ms=\([0-9.]*\).*/\1/' <<<"$result")
echo "bench-serve: ${result#RESULT }"
if python3 -c "import sys; sys.exit(0 if float('$p99') < 100 else 1)"; then
  echo "bench-serve: p99 ${p99} ms, under the 100 ms target"
else
  echo "bench-serve: p99 ${p99} ms, over the 100 ms target"
fi
