#!/usr/bin/env bash
# `rasd ingest` over a corpus (default: SaudiNewsNet, 31,030 articles in one zip a day) into a
# fresh SQLite database: wall time, peak memory, database size, documents, reports (events
# before merging), merged events, events merged from several reports, and merged events whose
# reports give conflicting casualty figures. Then a second run over the same corpus (which must
# change nothing) and its time.
#
#   scripts/bench-ingest.sh [CORPUS_DIR]        THREADS=2 DB=/tmp/x.db scripts/bench-ingest.sh
#
# SaudiNewsNet has 57 articles with neither content nor title: rasd skips them ("no text") and
# exits 2, which is expected here.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$repo/../shared/data/saudinewsnet}
threads=${THREADS:-$(nproc)}
target=${CARGO_TARGET_DIR:-$repo/target}
db=${DB:-$(mktemp -d)/rasd.db}

if [ ! -d "$corpus" ]; then
    echo "bench-ingest: no corpus directory at $corpus" >&2
    exit 1
fi
if [ ! -x /usr/bin/time ]; then
    echo "bench-ingest: needs /usr/bin/time (apt-get install time)" >&2
    exit 1
fi
inputs=()
for zip in "$corpus"/*.zip; do [ -e "$zip" ] && inputs+=("$zip"); done
[ ${#inputs[@]} -gt 0 ] || inputs=("$corpus")

cargo build --release --locked -p rasd --manifest-path "$repo/Cargo.toml" >&2
rasd=$target/release/rasd
rm -f "$db" "$db-wal" "$db-shm"

run() {
    local log; log=$(mktemp)
    local status=0
    /usr/bin/time -f '%e %M' -o "$log.time" "$rasd" ingest -j "$threads" --db "$db" "${inputs[@]}" \
        2> "$log" || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
        cat "$log" >&2
        exit "$status"
    fi
    grep '^rasd: [0-9]* documents read' "$log"
    read -r seconds kb < <(tail -n 1 "$log.time")
    echo "wall ${seconds} s, max RSS $((kb / 1024)) MB"
    rm -f "$log" "$log.time"
}

echo "== first ingest ($threads threads) into $db"
run
# Checkpoint the WAL so the size is the database's own.
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()" "$db"
echo "database size: $(du -m "$db" | cut -f1) MB"
python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
q = lambda s: c.execute(s).fetchone()[0]
print(f"documents {q('SELECT COUNT(*) FROM documents')}, "
      f"reports (events before merging) {q('SELECT COUNT(*) FROM reports')}, "
      f"merged events {q('SELECT COUNT(*) FROM events')}, "
      f"of several reports {q('SELECT COUNT(*) FROM events WHERE report_count > 1')}, "
      f"with conflicting casualty claims {q('SELECT COUNT(*) FROM events WHERE conflicting = 1')}")
PY
echo "== second ingest of the same corpus (nothing must change)"
run
