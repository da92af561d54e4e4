#!/usr/bin/env python3
"""Prints pool articles for an annotator: id, date, outlet, title and text.

    python3 tools/annotate/show.py snn-pool-0007 [snn-pool-0008 ...]
    python3 tools/annotate/show.py --range 0001 0080
"""
import json
import os
import sys

POOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/eval/pool/docs.jsonl")


def main():
    args = sys.argv[1:]
    docs = {}
    with open(POOL, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs[d["id"]] = d
    if args[:1] == ["--range"]:
        lo, hi = int(args[1]), int(args[2])
        ids = [f"snn-pool-{n:04d}" for n in range(lo, hi + 1)]
    else:
        ids = [a if a.startswith("snn-") else f"snn-pool-{int(a):04d}" for a in args]
    for i in ids:
        d = docs[i]
        print(f"===== {d['id']}  date {d.get('date')}  outlet {d.get('source')}")
        print(f"TITLE: {d.get('title') or ''}")
        print(d.get("text") or "")
        print()


if __name__ == "__main__":
    main()
