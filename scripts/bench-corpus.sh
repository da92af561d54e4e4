#!/usr/bin/env bash
# Throughput of `rasd extract` over a corpus (default: SaudiNewsNet, 31,030 articles in one zip a
# day), on one thread unless THREADS says otherwise.
#
#   scripts/bench-corpus.sh [CORPUS_DIR]      THREADS=4 scripts/bench-corpus.sh
#
# Builds the release binary, runs `rasd extract --threads $THREADS --format jsonl --stats
# CORPUS/*.zip > /dev/null` (CORPUS itself when it has no zips) under /usr/bin/time, and reports documents, wall seconds, documents/s, MB/s of
# input text (title + body bytes, UTF-8, of the documents processed, as counted by --stats) and
# peak memory (max RSS). SaudiNewsNet has 57 articles with neither content nor title: rasd
# skips them ("no text") and exits 2, which is expected here.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$repo/../shared/data/saudinewsnet}
threads=${THREADS:-1}
target=${CARGO_TARGET_DIR:-$repo/target}

if [ ! -d "$corpus" ]; then
    echo "bench-corpus: no corpus directory at $corpus" >&2
    exit 1
fi
if [ ! -x /usr/bin/time ]; then
    echo "bench-corpus: needs /usr/bin/time (apt-get install time)" >&2
    exit 1
fi

# The zips only when there are zips: a directory is read whole, and SaudiNewsNet's
# README.upstream.md would count as one more (plain-text) document.
inputs=()
for zip in "$corpus"/*.zip; do
    [ -e "$zip" ] && inputs+=("$zip")
done
[ ${#inputs[@]} -gt 0 ] || inputs=("$corpus")

(cd "$repo" && cargo build --release --quiet -p rasd)
rasd="$target/release/rasd"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
/usr/bin/time -f 'time: %e s wall, %U s user, %S s sys, %M KB max RSS' \
    "$rasd" extract --threads "$threads" --format jsonl --stats "${inputs[@]}" > /dev/null 2> "$log"
status=$?
set -e
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
    cat "$log" >&2
    echo "bench-corpus: rasd exited $status" >&2
    exit 1
fi

python3 - "$log" "$corpus" "$threads" "$status" <<'PY'
import os, re, sys

log, corpus, threads, status = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
text = open(log, encoding="utf-8", errors="replace").read()
stats = re.search(
    r"rasd: (\d+) documents read, (\d+) processed, (\d+) skipped, (\d+) events written, "
    r"([\d.]+) MB of text, ([\d.]+) s", text)
timing = re.search(r"time: ([\d.]+) s wall, ([\d.]+) s user, ([\d.]+) s sys, (\d+) KB max RSS", text)
if not stats or not timing:
    sys.exit("bench-corpus: could not read rasd's --stats line or /usr/bin/time's:\n" + text)
read, processed, skipped, events = (int(stats.group(i)) for i in range(1, 5))
megabytes = float(stats.group(5))
wall, rss_kb = float(timing.group(1)), int(timing.group(4))
cpu = float(timing.group(2)) + float(timing.group(3))
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(corpus) for f in fs)
print(f"corpus      {corpus} ({size / 1e6:.1f} MB on disk)")
print(f"threads     {threads}")
print(f"documents   {read} read, {processed} processed, {skipped} skipped (exit {status})")
print(f"events      {events}")
print(f"text        {megabytes:.1f} MB (title + body, UTF-8)")
print(f"wall        {wall:.2f} s (process, including pipeline load)")
print(f"docs/s      {processed / wall:.0f}")
print(f"MB/s        {megabytes / wall:.2f}")
# CPU time is what a core spent; on a machine busy with other work it is the steadier figure.
print(f"cpu         {cpu:.2f} s: {processed / cpu:.0f} docs per CPU-second, {megabytes / cpu:.2f} MB per CPU-second")
print(f"peak RSS    {rss_kb / 1024:.0f} MiB")
PY
