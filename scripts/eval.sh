#!/usr/bin/env bash
# Scores the extractor on the seed case and the development set with the project's scorer.
#   scripts/eval.sh            # figures for both
#   scripts/eval.sh --verbose  # per-document pairing on stderr
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
cargo build --release --quiet --example extract_jsonl -p rasd-extract
bin=${CARGO_TARGET_DIR:-target}/release/examples/extract_jsonl
out=${TMPDIR:-/tmp}/rasd-eval
mkdir -p "$out"
"$bin" < "$shared/seed/aleppo.jsonl" > "$out/seed.jsonl"
"$bin" < "$shared/eval/dev/docs.jsonl" > "$out/dev.jsonl"
echo "== seed"
python3 "$shared/eval/score.py" "$shared/seed/aleppo.gold.jsonl" "$out/seed.jsonl" "$@"
echo "== dev"
python3 "$shared/eval/score.py" "$shared/eval/dev/gold.jsonl" "$out/dev.jsonl" "$@"
