#!/usr/bin/env bash
# Load test of `rasd serve`: 200 concurrent connections on loopback listing filtered events for
# 30 s with wrk, each connection sending its next request as soon as the last is answered; prints
# requests/s, p50/p90/p99 latency and the error count. The issue's target is p99 under 100 ms
# with the whole SaudiNewsNet corpus ingested.
#
# Two request mixes, run one after the other (MIX picks one):
#
# * fixed: the 138 listings the review page itself asks for most (filtered first pages by
#   country, type, family, dates, min_killed, text, sort order, and their second and third pages
#   by cursor). Nearly every request is answered from the server's cache.
# * varied: every request made up at random as a user of the page would: a map view (a bbox of
#   random centre and size), a timeline window (random from/to), a country with a type or
#   family, a word of text (alone or with a country), an actor, a toll threshold; a random sort
#   order and page size. Nearly every request is one the server has not seen, so this measures
#   the database queries, not the cache.
#
#   DB=/path/to/rasd.db scripts/bench-serve.sh     # an existing database (ingesting takes a minute)
#   scripts/bench-serve.sh                         # ingests SaudiNewsNet into a temporary one first
#
# Environment: MIX ("fixed varied"), CONNECTIONS (200), DURATION (30s), THREADS (wrk threads,
# 2), READERS (server's reader connections, its default when unset), CACHE (the server's --cache;
# CACHE=0 answers every request from the database). Needs wrk (apt-get install wrk).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
connections=${CONNECTIONS:-200}
duration=${DURATION:-30s}
threads=${THREADS:-2}
mixes=${MIX:-fixed varied}
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
python3 - "$url" "$work" <<'PY'
import json, sys, urllib.parse, urllib.request
base, work = sys.argv[1], sys.argv[2]
def get(path):
    with urllib.request.urlopen(base + path) as r:
        return json.load(r)
def lua_list(name, items):
    return f"local {name} = {{\n" + "".join(f"  {json.dumps(i, ensure_ascii=False)},\n" for i in items) + "}\n"
health = get("/api/health")
print(f"bench-serve: {health['documents']} documents, {health['events']} events", file=sys.stderr)
stats = get("/api/stats")
days = [d["date"] for d in stats["by_day"]]
all_types = [t["type"] for t in stats["by_type"]]
types = all_types[:8]
all_countries = [c["country"] for c in stats["by_country"] if c["country"]]
countries = all_countries[:6]
mid = days[len(days) // 2] if days else "2015-08-01"

# The fixed mix.
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
print(f"bench-serve: fixed mix of {len(paths)} distinct requests", file=sys.stderr)

common = """
local counter = 0
setup = function(thread) counter = counter + 1; thread:set("seed", counter) end
init = function(args) math.randomseed(seed * 7919) end
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f errors=%d\\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors))
end
"""
with open(f"{work}/fixed.lua", "w") as f:
    f.write(lua_list("paths", paths))
    f.write(common)
    f.write('request = function() return wrk.format("GET", paths[math.random(#paths)]) end\n')

# The varied mix: words and actors of general news vocabulary, not picked from the corpus.
words = ["قتل", "غارة", "انفجار", "هجوم", "اشتباكات", "قصف", "جرحى", "مقتل", "الحوثيين", "داعش",
         "صنعاء", "عدن", "تعز", "حلب", "ادلب", "دمشق", "بغداد", "الموصل", "الرياض", "جازان",
         "نجران", "القاهرة", "سيناء", "طرابلس", "بنغازي", "التحالف", "الجيش", "المعارضة",
         "الشرطة", "مظاهرة", "اعتقال", "اختطاف", "صاروخ", "طائرة", "مدنيين", "اطفال"]
actors = ["YEMMIL", "YEMREB", "HOU", "COA", "SYRMIL", "SYRREB", "IRQMIL", "ISIL", "SAUMIL",
          "SAUCOP", "EGYCOP", "UAF", "داعش", "الحوثي", "التحالف", "الجيش", "الشرطة"]
families = ["battle", "remote", "civilians", "protest", "riot", "strategic", "verbal"]
with open(f"{work}/varied.lua", "w") as f:
    f.write(lua_list("days", days or ["2015-08-01"]))
    f.write(lua_list("countries", all_countries[:20] or ["SA"]))
    f.write(lua_list("types", all_types or ["attack"]))
    f.write(lua_list("families", families))
    f.write(lua_list("words", words))
    f.write(lua_list("actors", actors))
    f.write(common)
    f.write("""
local sorts = {"-date", "-date", "date", "-killed", "killed"}
local limits = {20, 50, 50, 100}
local function pick(list) return list[math.random(#list)] end
local function enc(s)
  return (s:gsub("[^%w%-%.%_]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
request = function()
  local p = {}
  local kind = math.random(10)
  if kind <= 2 then
    local lon, lat, w = 30 + math.random() * 30, 12 + math.random() * 25, 0.3 + math.random() * 8
    p[#p + 1] = string.format("bbox=%.3f,%.3f,%.3f,%.3f", lon - w, lat - w * 0.7, lon + w, lat + w * 0.7)
  elseif kind <= 4 then
    local i = math.random(#days)
    local j = math.min(#days, i + math.random(0, 90))
    p[#p + 1] = "from=" .. days[i]
    p[#p + 1] = "to=" .. days[j]
  elseif kind <= 6 then
    p[#p + 1] = "country=" .. pick(countries)
    if math.random(2) == 1 then p[#p + 1] = "type=" .. pick(types)
    else p[#p + 1] = "family=" .. pick(families) end
  elseif kind <= 8 then
    p[#p + 1] = "q=" .. enc(pick(words))
    if math.random(3) == 1 then p[#p + 1] = "country=" .. pick(countries) end
  elseif kind == 9 then
    p[#p + 1] = "actor=" .. enc(pick(actors))
  else
    p[#p + 1] = "min_killed=" .. math.random(1, 30)
    if math.random(2) == 1 then p[#p + 1] = "family=" .. pick(families) end
  end
  if kind > 4 and math.random(4) == 1 then
    p[#p + 1] = "from=" .. pick(days)
  end
  p[#p + 1] = "sort=" .. pick(sorts)
  p[#p + 1] = "limit=" .. pick(limits)
  return wrk.format("GET", "/api/events?" .. table.concat(p, "&"))
end
""")
PY

status=0
for mix in $mixes; do
  [[ -f "$work/$mix.lua" ]] || { echo "bench-serve: no mix $mix (fixed, varied)" >&2; exit 1; }
  echo "bench-serve: $mix mix, $connections connections for $duration against $url" >&2
  wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s --latency -s "$work/$mix.lua" "$url" \
    | tee "$work/wrk.out"
  result=$(grep '^RESULT' "$work/wrk.out")
  p99=$(sed 's/.*p99_ms=\([0-9.]*\).*/\1/' <<<"$result")
  echo "bench-serve: $mix: ${result#RESULT }"
  if python3 -c "import sys; sys.exit(0 if float('$p99') < 100 else 1)"; then
    echo "bench-serve: $mix: p99 ${p99} ms, under the 100 ms target"
  else
    echo "bench-serve: $mix: p99 ${p99} ms, over the 100 ms target"
    status=1
  fi
done
exit $status
