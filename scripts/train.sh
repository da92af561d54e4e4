#!/usr/bin/env bash
# Trains the shipped model from the annotated corpus: data/model/rasd.model, embedded in the
# binary by rasd-extract. The same corpus gives the same file, bit for bit (a test checks it).
#   scripts/train.sh             # retrain after changing data/annotations or the features
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p rasd
"${CARGO_TARGET_DIR:-target}"/release/rasd train data/annotations \
  --docs ../shared/eval/pool/docs.jsonl \
  --exclude data/annotations/held-out.txt \
  --out data/model/rasd.model
