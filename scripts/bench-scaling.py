#!/usr/bin/env python3
"""Scaling figures: documents/s and peak memory of rasd on 1 and 2 threads, in the CLI, in
Python's `Pipeline.extract_many`, and in the Spark job (`local[1]`, `local[2]`).

    .venv-ci/bin/python scripts/bench-scaling.py [--sample N] [--corpus DIR] [--skip spark]

Run with a Python that has `rasd`, `pyspark` and `psutil` (`.ci/run`'s venv plus
`pip install psutil`). Builds the release CLI. The corpus (default: SaudiNewsNet, every article
with text: 30,973 of 31,030) is written once to one JSON Lines file, with ids, which every run
reads, so all runs see the same documents.

What each figure covers (wall time of the whole run, so start-up counts against every one):
- CLI: the `rasd extract --threads N --format jsonl FILE > /dev/null` process: pipeline load,
  JSON parsing, extraction, JSON output.
- Python: a fresh interpreter that reads the file into dicts (not timed), then `Pipeline()`
  and `extract_many(docs, threads=N)` (timed): JSON in and out across the binding included.
- Spark: `extract_events.py --master local[N] --no-merge` (timed from the command's start to
  its end): JVM and Python worker start-up, reading, extraction, writing both Parquet tables.
  With the merge as well, a second line.

Peak memory is the largest sum of the resident set sizes of the process and all its children
(the JVM and the Python workers, for Spark), sampled every 50 ms with psutil.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]


def corpus_jsonl(corpus: Path, sample: int | None, path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for archive in sorted(corpus.glob("*.zip")):
            with zipfile.ZipFile(archive) as z:
                for member in sorted(z.namelist()):
                    if not member.endswith(".json"):
                        continue
                    for n, article in enumerate(json.loads(z.read(member)), start=1):
                        if not (article.get("content") or "").strip() and not (article.get("title") or "").strip():
                            continue  # no text: the CLI skips it, extract_many would raise
                        article["id"] = f"{archive.stem}:{n}"
                        out.write(json.dumps(article, ensure_ascii=False) + "\n")
                        count += 1
                        if sample and count == sample:
                            return count
    return count


def measure(command: list[str], env: dict | None = None, stdout=subprocess.DEVNULL):
    """(wall seconds, peak tree RSS bytes, stderr) of running `command`."""
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=stdout, stderr=subprocess.PIPE, env=env)
    peak = 0
    done = threading.Event()
    stderr_chunks = []

    def drain():
        stderr_chunks.append(process.stderr.read())
        done.set()

    threading.Thread(target=drain, daemon=True).start()
    while process.poll() is None:
        total = 0
        try:
            procs = [process] + process.children(recursive=True)
        except psutil.Error:
            procs = [process]
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        peak = max(peak, total)
        time.sleep(0.05)
    wall = time.perf_counter() - started
    done.wait()
    if process.returncode not in (0, 2):
        sys.exit(f"bench-scaling: {command[:3]}... exited {process.returncode}:\n"
                 + stderr_chunks[0].decode("utf-8", "replace")[-3000:])
    return wall, peak, stderr_chunks[0].decode("utf-8", "replace")


PYTHON_RUN = r"""
import json, sys, time, rasd
docs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
started = time.perf_counter()
records = rasd.Pipeline().extract_many(docs, threads=int(sys.argv[2]))
elapsed = time.perf_counter() - started
print(f"timed {elapsed:.3f} {len(records)}", file=sys.stderr)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "data" / "saudinewsnet")
    parser.add_argument("--sample", type=int, help="only the first N articles")
    parser.add_argument("--skip", action="append", default=[], choices=["cli", "python", "spark"])
    parser.add_argument("--merge", action="store_true", help="also time the Spark job with the merge")
    args = parser.parse_args()

    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "rasd"], cwd=REPO, check=True)
    cli = str(target / "release" / "rasd")

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = tmp / "corpus.jsonl"
        docs = corpus_jsonl(args.corpus, args.sample, data)
        size = data.stat().st_size
        print(f"corpus: {docs} documents, {size / 1e6:.1f} MB of JSON Lines "
              f"({args.corpus.name}{f', first {args.sample}' if args.sample else ''})", flush=True)

        def add(name, threads, seconds, peak, note=""):
            rows.append((name, threads, docs / seconds, seconds, peak / 2**20, note))
            print(f"  {name:<28} {threads}  {docs / seconds:8.0f} docs/s  {seconds:7.2f} s  "
                  f"{peak / 2**20:7.0f} MiB  {note}", flush=True)

        for threads in (1, 2):
            if "cli" not in args.skip:
                wall, peak, _ = measure([cli, "extract", "--threads", str(threads), "--format", "jsonl", str(data)])
                add("CLI rasd extract", threads, wall, peak)
            if "python" not in args.skip:
                wall, peak, err = measure([sys.executable, "-c", PYTHON_RUN, str(data), str(threads)])
                timed = float(err.split("timed ")[1].split()[0])
                add("Python extract_many", threads, timed, peak, f"(process {wall:.1f} s with reading)")
            if "spark" not in args.skip:
                env = dict(os.environ, PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
                job = [sys.executable, str(REPO / "examples" / "spark" / "extract_events.py"),
                       "--master", f"local[{threads}]", "--out", str(tmp / f"spark{threads}")]
                wall, peak, _ = measure(job + ["--no-merge", str(data)], env=env)
                add(f"Spark local[{threads}]", threads, wall, peak)
                if args.merge:
                    wall, peak, _ = measure(job + [str(data)], env=env)
                    add(f"Spark local[{threads}] + merge", threads, wall, peak)

    print()
    print("| run | threads | documents/s | seconds | peak memory |")
    print("|---|---|---|---|---|")
    for name, threads, rate, seconds, mib, note in rows:
        print(f"| {name} {note} | {threads} | {rate:,.0f} | {seconds:.1f} | {mib:,.0f} MiB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
