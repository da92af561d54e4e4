#!/usr/bin/env python3
"""Lists pool articles whose text repeats a development article, by the share of 8-word
shingles they have in common (of the shorter text's): those must not be trained on.

    python3 tools/annotate/dev_overlap.py [--min 0.3]
"""
import json
import os
import re
import sys

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/eval")


def shingles(text, k=8):
    words = re.sub(r"[^\w\s]", "", text or "").split()
    return {" ".join(words[i:i + k]) for i in range(max(0, len(words) - k + 1))}


def main():
    least = float(sys.argv[sys.argv.index("--min") + 1]) if "--min" in sys.argv else 0.3
    dev = [json.loads(l) for l in open(os.path.join(SHARED, "dev/docs.jsonl"), encoding="utf-8")]
    dev = [(d["id"], shingles(d["text"])) for d in dev]
    for line in open(os.path.join(SHARED, "pool/docs.jsonl"), encoding="utf-8"):
        p = json.loads(line)
        ps = shingles(p["text"])
        for did, ds in dev:
            if ps and ds:
                share = len(ps & ds) / min(len(ps), len(ds))
                if share >= least:
                    print(f"{p['id']}\t{did}\t{share:.2f}")


if __name__ == "__main__":
    main()
