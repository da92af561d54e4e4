#!/usr/bin/env python3
"""Extract conflict events from Arabic news articles with Spark, and merge reports of one event
across articles.

    spark-submit examples/spark/extract_events.py --out OUT articles.jsonl [more.parquet ...]
    python examples/spark/extract_events.py --master 'local[2]' --out OUT articles.jsonl

Inputs are JSON Lines files (one article a line, the field names of rasd's spec:
``id``, ``text``/``content``/``body``, ``title``, ``date``/``date_extracted``/``published``,
``source``/``outlet``, ``url``) or Parquet files or directories with those columns. An article
without ``id`` gets ``<file stem>:<line>`` (``<stem>:<row>`` for Parquet), as ``rasd extract``
gives it.

The job:

1. reads the articles, spreads them over the cluster, and in each partition loads one
   ``rasd.Pipeline`` and extracts the articles in batches (``mapPartitions``);
2. writes ``OUT/events`` (a row per event) and ``OUT/claims`` (a row per casualty claim) as
   Parquet, with the columns of ``rasd extract --format parquet`` (``docs/parquet.md``);
3. merges the reports of one event from different articles with the store's merge rule (the
   Rust crate rasd-merge, through ``rasd.merge``), shuffled by country, and writes
   ``OUT/merged``.

Reports merge only within one country, so one ``rasd.merge`` per country, as ``rasd ingest``
runs it, gives exactly the result of one merge over all reports, whatever the partitioning or
order. A finer key (a country and a week) would split what the rule joins: reports a day apart
across the week's edge, and a report told less precisely (no date of its own, only a region)
that the rule attaches to an event up to a week before (``docs/merging.md``, "Reports told
less precisely"). A country's reports meet in one task: for SaudiNewsNet the largest country
holds a few thousand reports, which ``rasd.merge`` takes in well under a second.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

#: Articles extracted together in a task: enough to keep rasd's threads busy, few enough
#: that a partition of any size streams through.
BATCH = 512

#: Merged-event columns: (name, Spark type name, nullable).
MERGED_COLUMNS: List[Tuple[str, str, bool]] = [
    ("merged_id", "string", False),
    ("event_type", "string", False),
    ("family", "string", False),
    ("event_date", "date", True),
    ("country", "string", True),
    ("location_name", "string", True),
    ("latitude", "double", True),
    ("longitude", "double", True),
    ("representative", "string", False),
    ("reports", "integer", False),
    ("documents", "integer", False),
    ("members", "array<string>", False),
    ("killed_low", "long", True),
    ("killed_best", "long", True),
    ("killed_high", "long", True),
    ("injured_low", "long", True),
    ("injured_best", "long", True),
    ("injured_high", "long", True),
    ("conflicting", "boolean", False),
    ("conflicting_types", "array<string>", False),
]


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Extract events from Arabic news articles with Spark and rasd.",
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="JSON Lines files (.jsonl, .ndjson, .json with one object a line) or Parquet "
             "files or directories (.parquet, or a directory)",
    )
    parser.add_argument("--out", required=True, help="output directory (events/, claims/, merged/)")
    parser.add_argument("--date", help="publication date YYYY-MM-DD for articles that give none")
    parser.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    parser.add_argument(
        "--partitions", type=int, default=None,
        help="partitions to spread the articles over (default: Spark's default parallelism)",
    )
    parser.add_argument(
        "--threads", type=int, default=1,
        help="rasd threads per task (default 1: Spark already runs a task per core)",
    )
    parser.add_argument("--no-merge", action="store_true", help="skip the merge step")
    args = parser.parse_args(argv)
    if args.date is not None:
        try:
            datetime.date.fromisoformat(args.date)
        except ValueError:
            parser.error(f"--date: expected YYYY-MM-DD, got {args.date!r}")
    return args


def spark_type(name: str):
    """A Spark type from its simple name (rasd.event_columns() gives those)."""
    from pyspark.sql import types as T

    if name.startswith("array<") and name.endswith(">"):
        return T.ArrayType(spark_type(name[6:-1]), containsNull=False)
    return {
        "string": T.StringType(),
        "long": T.LongType(),
        "integer": T.IntegerType(),
        "double": T.DoubleType(),
        "date": T.DateType(),
        "boolean": T.BooleanType(),
    }[name]


def schema(columns: Iterable[Tuple[str, str, bool]]):
    from pyspark.sql import types as T

    return T.StructType([T.StructField(n, spark_type(k), nullable) for n, k, nullable in columns])


def is_parquet(path: str) -> bool:
    return path.endswith(".parquet") or os.path.isdir(path)


def read_articles(spark, paths: List[str], partitions: Optional[int]):
    """An RDD of (fallback id, article dict or JSON line) for every input, in no order."""
    sc = spark.sparkContext
    parts = []
    for path in paths:
        stem = Path(path.rstrip("/")).stem
        if is_parquet(path):
            rows = spark.read.parquet(path).rdd.map(lambda row: row.asDict())
        else:
            rows = sc.textFile(path, minPartitions=partitions or sc.defaultParallelism)
        # zipWithIndex numbers rows in file order: ids as `rasd extract` gives them.
        parts.append(rows.zipWithIndex().map(lambda pair, stem=stem: (f"{stem}:{pair[1] + 1}", pair[0])))
    rdd = parts[0] if len(parts) == 1 else sc.union(parts)
    if partitions:
        rdd = rdd.repartition(partitions)
    return rdd


def extract_partition(
    items: Iterator[Tuple[str, Any]], date: Optional[str], threads: int, skipped, reports: bool
) -> Iterator[Tuple[str, Any]]:
    """One rasd.Pipeline for the partition; yields ("e", event row), ("c", claim row) and,
    with `reports`, ("r", report) for every article."""
    import rasd

    event_names = [name for name, _, _ in rasd.event_columns()]
    claim_names = [name for name, _, _ in rasd.claim_columns()]
    pipeline = rasd.Pipeline()

    def documents(batch):
        for fallback, item in batch:
            if isinstance(item, str):
                if not item.strip():
                    continue  # a blank line, as the CLI skips it
                try:
                    item = json.loads(item)
                except ValueError:
                    skipped.add(1)
                    continue
            if isinstance(item, dict):
                item = dict(item)
                if item.get("id") in (None, ""):
                    item["id"] = fallback
            yield item

    def extract(docs):
        try:
            return pipeline.extract_tables(docs, threads=threads, date=date)
        except (rasd.RasdError, TypeError):
            # One bad article must not sink the batch: redo it one by one, skipping the bad.
            tables = rasd.Tables([], [], [])
            for doc in docs:
                try:
                    one = pipeline.extract_tables([doc], threads=1, date=date)
                except (rasd.RasdError, TypeError):
                    skipped.add(1)
                    continue
                for mine, theirs in zip(tables, one):
                    mine.extend(theirs)
            return tables

    def flush(batch):
        tables = extract(list(documents(batch)))
        for row in tables.events:
            yield "e", tuple(row[n] for n in event_names)
        for row in tables.claims:
            yield "c", tuple(row[n] for n in claim_names)
        if reports:
            for record in tables.records:
                for report in rasd.reports(record):
                    yield "r", report

    batch: List[Tuple[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield from flush(batch)
            batch = []
    if batch:
        yield from flush(batch)


def country_key(report: Dict[str, Any]) -> str:
    """The country, which holds every report a report can merge with; its own id for a report
    with no country, which merges with nothing."""
    return report.get("country") or "-" + report["id"]


def merge_country(group: Tuple[str, Iterable[Dict[str, Any]]]):
    """Merges one country's reports; yields (merged event, its reports)."""
    import rasd

    _, reports = group
    by_id = {r["id"]: r for r in reports}
    for event in rasd.merge(by_id.values()):
        yield event, [by_id[i] for i in event["members"]]


def merged_row(event: Dict[str, Any], members: List[Dict[str, Any]]) -> Tuple[Any, ...]:
    representative = next(r for r in members if r["id"] == event["representative"])
    figures = lambda kind: (  # noqa: E731
        (None, None, None) if event.get(kind) is None
        else (event[kind]["low"], event[kind]["best"], event[kind]["high"])
    )
    date = event.get("date")
    return (
        event["id"],
        event["event_type"],
        event["family"],
        datetime.date.fromisoformat(date) if date else None,
        representative.get("country"),
        representative.get("place"),
        representative.get("lat"),
        representative.get("lon"),
        event["representative"],
        len(event["members"]),
        len({r["document"] for r in members}),
        list(event["members"]),
        *figures("killed"),
        *figures("injured"),
        bool(event["conflicting"]),
        list(event.get("conflicting_types", [])),
    )


def run(spark, args: argparse.Namespace) -> Dict[str, int]:
    """Runs the job on a Spark session; returns counts (articles skipped, events, claims,
    merged events)."""
    import rasd
    from pyspark import StorageLevel

    sc = spark.sparkContext
    skipped = sc.accumulator(0)
    date, threads, reports = args.date, args.threads, not args.no_merge
    articles = read_articles(spark, args.inputs, args.partitions)
    tagged = articles.mapPartitions(
        lambda items: extract_partition(items, date, threads, skipped, reports)
    )
    # Three outputs from one extraction: keep it rather than extracting three times.
    tagged.persist(StorageLevel.MEMORY_AND_DISK)
    out = args.out.rstrip("/")

    events = spark.createDataFrame(
        tagged.filter(lambda t: t[0] == "e").map(lambda t: t[1]), schema(rasd.event_columns())
    )
    events.write.mode("overwrite").parquet(f"{out}/events")
    claims = spark.createDataFrame(
        tagged.filter(lambda t: t[0] == "c").map(lambda t: t[1]), schema(rasd.claim_columns())
    )
    claims.write.mode("overwrite").parquet(f"{out}/claims")
    counts = {"skipped": skipped.value, "events": events.count(), "claims": claims.count()}

    if not args.no_merge:
        reports = tagged.filter(lambda t: t[0] == "r").map(lambda t: (country_key(t[1]), t[1]))
        merged = spark.createDataFrame(
            reports.groupByKey().flatMap(merge_country).map(lambda pair: merged_row(*pair)),
            schema(MERGED_COLUMNS),
        )
        merged.write.mode("overwrite").parquet(f"{out}/merged")
        counts["merged"] = spark.read.parquet(f"{out}/merged").count()
    tagged.unpersist()
    return counts


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("rasd extract_events")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        counts = run(spark, args)
    finally:
        spark.stop()
    merged = counts.get("merged", "no")
    print(
        f"extract_events: {counts['events']} events, {counts['claims']} claims, "
        f"{merged} merged events, {counts['skipped']} articles skipped",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
