"""The Spark job in local[2] on 200 SaudiNewsNet articles, checked against `rasd extract` on the
same articles, and its Parquet read back with Arabic text intact.

Skipped with the reason when pyspark or Java is missing; CI (.ci/run) installs both.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "bindings" / "python" / "tests"))

from conftest import cli, run_cli, saudinewsnet_sample, SAUDINEWSNET  # noqa: E402,F401

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install pyspark)")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Java is not installed (Spark needs a JRE 17)", allow_module_level=True)

import rasd  # noqa: E402

import extract_events  # noqa: E402


@pytest.fixture(scope="module")
def env():
    """The environment Spark needs here: workers run this Python (which has rasd), and Spark
    binds to the loopback address only."""
    saved = dict(os.environ)
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    yield dict(os.environ)
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    if not SAUDINEWSNET.is_dir():
        pytest.skip(f"SaudiNewsNet not found at {SAUDINEWSNET}")
    docs = saudinewsnet_sample(200)
    # Two without ids, to check that ids fall back to <stem>:<line> as in the CLI.
    for doc in docs[5:7]:
        del doc["id"]
    path = tmp_path_factory.mktemp("input") / "sample.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")
    return path, docs


@pytest.fixture(scope="module")
def job(env, articles, tmp_path_factory):
    """Runs the job as a user would, in a subprocess, on local[2]."""
    path, _ = articles
    out = tmp_path_factory.mktemp("spark") / "out"
    result = subprocess.run(
        [sys.executable, str(HERE / "extract_events.py"), "--master", "local[2]",
         "--out", str(out), str(path)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-4000:]
    assert b"extract_events:" in result.stderr
    return out


@pytest.fixture(scope="module")
def spark(env):
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]").appName("rasd tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    # Workers import the job's functions by module name, as spark-submit --py-files ships it.
    session.sparkContext.addPyFile(str(HERE / "extract_events.py"))
    yield session
    session.stop()


@pytest.fixture(scope="module")
def cli_tables(cli, articles, tmp_path_factory):
    path, _ = articles
    out = tmp_path_factory.mktemp("cli")
    subprocess.run([cli, "extract", "--format", "parquet", "--out", str(out), str(path)], check=True)
    return out


def rows(df, key):
    return sorted((row.asDict() for row in df.collect()), key=lambda r: [r[k] for k in key])


def test_events_and_claims_equal_the_clis(spark, job, cli_tables):
    got = spark.read.parquet(str(job / "events"))
    want = spark.read.parquet(str(cli_tables / "events.parquet"))
    assert got.columns == want.columns == [n for n, _, _ in rasd.event_columns()]
    got_rows, want_rows = rows(got, ["event_id_cnty"]), rows(want, ["event_id_cnty"])
    assert len(want_rows) > 20, "the sample has events"
    assert got_rows == want_rows
    got = rows(spark.read.parquet(str(job / "claims")), ["event_id_cnty", "claim_index"])
    want = rows(spark.read.parquet(str(cli_tables / "claims.parquet")), ["event_id_cnty", "claim_index"])
    assert got == want


def test_arabic_text_reads_back_intact(spark, job, cli, articles):
    path, _ = articles
    records = run_cli(cli, [str(path)])
    places = {e["id"]: e["location"]["name"] for r in records for e in r["events"] if e["location"]}
    assert places
    got = {r.event_id_cnty: r.location_name
           for r in spark.read.parquet(str(job / "events")).collect() if r.location_name}
    assert got == places
    assert any("\u0600" <= ch <= "\u06ff" for name in got.values() for ch in name)
    claims = {c["text"] for r in records for e in r["events"] for c in e["casualties"]}
    assert {r.text for r in spark.read.parquet(str(job / "claims")).collect()} == claims
    # Ids of articles without one: <file stem>:<line>, as the CLI gives them.
    ids = {r.doc_id for r in spark.read.parquet(str(job / "events")).collect()}
    assert ids <= {r["doc"]["id"] for r in records}


def test_merged_events_equal_one_merge_of_all_reports(spark, job, cli, articles):
    path, _ = articles
    records = run_cli(cli, [str(path)])
    want = rasd.merge(records)
    got = rows(spark.read.parquet(str(job / "merged")), ["merged_id"])
    assert [r["merged_id"] for r in got] == [m["id"] for m in want]
    for row, event in zip(got, want):
        assert row["members"] == event["members"]
        assert row["representative"] == event["representative"]
        killed = event["killed"] or {"low": None, "best": None, "high": None}
        assert (row["killed_low"], row["killed_best"], row["killed_high"]) == (
            killed["low"], killed["best"], killed["high"])
    assert sum(r["reports"] for r in got) == sum(len(r["events"]) for r in records)


def test_parquet_input_gives_the_same_events(spark, env, articles, job, tmp_path):
    _, docs = articles
    source = tmp_path / "articles.parquet"
    with_ids = [d for d in docs if "id" in d]
    spark.createDataFrame(with_ids).write.parquet(str(source))
    args = extract_events.parse_args(["--out", str(tmp_path / "out"), "--no-merge", str(source)])
    counts = extract_events.run(spark, args)
    assert counts["skipped"] == 0
    got = rows(spark.read.parquet(str(tmp_path / "out" / "events")), ["event_id_cnty"])
    ids = {d["id"] for d in with_ids}
    want = [r for r in rows(spark.read.parquet(str(job / "events")), ["event_id_cnty"])
            if r["doc_id"] in ids]
    assert got == want


def test_reports_across_a_week_edge_merge():
    """A Sunday and the next Monday report of one strike merge, though they fall in two weeks,
    and a report with no country merges with nothing."""
    base = {"event_type": "airstrike", "family": "remote", "date_precision": "day",
            "country": "SY", "place": "حلب", "place_precision": "town",
            "gazetteer_id": "geonames:170063", "lat": 36.2, "lon": 37.16, "perpetrators": [],
            "modality": "reported", "confidence": 0.5, "claims": []}
    sunday = {**base, "id": "a#1", "document": "a", "date": "2016-12-11"}
    monday = {**base, "id": "b#1", "document": "b", "date": "2016-12-12"}
    nowhere = {**base, "id": "c#1", "document": "c", "date": "2016-12-12", "country": None}
    assert extract_events.country_key(sunday) == extract_events.country_key(monday)
    assert extract_events.country_key(nowhere) != extract_events.country_key(monday)
    (merged,) = list(extract_events.merge_country(("SY", [sunday, monday])))
    assert merged[0]["members"] == ["a#1", "b#1"]
    assert merged[0] == rasd.merge([sunday, monday])[0]
