"""rasd.extract, rasd.Pipeline: records equal to the CLI's JSON, errors as exceptions."""

from __future__ import annotations

import datetime
import json
import threading

import pytest

import rasd
from conftest import SEED, run_cli

ARTICLE = "قتل 3 مدنيين وأصيب 5 آخرون في قصف جوي على مدينة حلب أمس."


def test_seed_equals_the_cli(cli):
    text = SEED.read_text(encoding="utf-8")
    record = rasd.extract(text, date="2016-12-12", doc_id="aleppo")
    (want,) = run_cli(cli, ["--date", "2016-12-12", str(SEED)])
    assert record == want
    assert len(record["events"]) >= 2
    # The acceptance command passes no id: events equal but for the id prefix.
    bare = rasd.extract(text, date="2016-12-12")
    assert bare["doc"]["id"] == "1"
    strip = lambda events: [{**e, "id": e["id"].split("#")[1]} for e in events]  # noqa: E731
    assert strip(bare["events"]) == strip(want["events"])


def test_record_shape_and_arabic_text():
    record = rasd.extract(ARTICLE, date=datetime.date(2016, 12, 12), doc_id="d1")
    assert record["format"] == 1
    assert record["doc"] == {
        "id": "d1", "date": "2016-12-12", "source": None, "url": None, "chars": len(ARTICLE),
    }
    (event,) = [e for e in record["events"] if e["location"]]
    assert "حلب" in event["location"]["name"] and event["location"]["name_en"] == "Aleppo"
    assert event["date"]["value"] == "2016-12-11"
    start, end = event["casualties"][0]["span"]
    assert ARTICLE[start:end] == event["casualties"][0]["text"], "spans are code points"


def test_title_is_part_of_the_text():
    record = rasd.extract(ARTICLE, title="عاجل", date="2016-12-12")
    assert record["doc"]["chars"] == len("عاجل\n\n" + ARTICLE)


def test_extract_many_equals_the_cli_on_saudinewsnet(cli, sample, tmp_path):
    path = tmp_path / "sample.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in sample), "utf-8")
    want = run_cli(cli, [str(path)])
    pipeline = rasd.Pipeline()
    for threads in (1, 2, None):
        got = pipeline.extract_many(sample, threads=threads)
        assert got == want, f"threads={threads}"
    assert sum(len(r["events"]) for r in want) > 0


def test_extract_many_keeps_order_and_numbers_ids_like_the_cli(cli):
    docs = [ARTICLE, {"text": "لا شيء"}, {"id": 7, "content": ARTICLE, "date_extracted": "2016-12-12 10:00:00"}]
    got = rasd.Pipeline().extract_many(docs * 700, threads=2, date="2016-12-12")
    assert [r["doc"]["id"] for r in got[:4]] == ["1", "2", "7", "4"]
    assert len(got) == 2100 and got[2099]["doc"]["id"] == "7"
    lines = "".join(json.dumps(d if isinstance(d, dict) else {"text": d}, ensure_ascii=False) + "\n" for d in docs)
    assert got[:3] == run_cli(cli, ["--date", "2016-12-12"], stdin=lines.encode("utf-8"))


def test_extract_many_accepts_any_iterable_and_empty():
    pipeline = rasd.Pipeline()
    assert pipeline.extract_many([]) == []
    assert len(pipeline.extract_many(iter([ARTICLE, ARTICLE]))) == 2


def test_tables_rows_match_records():
    tables = rasd.Pipeline().extract_tables([ARTICLE, ARTICLE], date="2016-12-12")
    assert len(tables.records) == 2
    events = [e for r in tables.records for e in r["events"]]
    assert [row["event_id_cnty"] for row in tables.events] == [e["id"] for e in events]
    names = [name for name, _, _ in rasd.event_columns()]
    assert all(list(row) == names for row in tables.events)
    assert tables.events[0]["event_date"] == datetime.date(2016, 12, 11)
    assert "حلب" in tables.events[0]["location_name"]
    claims = [c for e in events for c in e["casualties"]]
    assert [row["text"] for row in tables.claims] == [c["text"] for c in claims]
    assert [name for name, _, _ in rasd.claim_columns()] == list(tables.claims[0])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: rasd.extract("   "), "no text"),
        (lambda: rasd.extract(ARTICLE, date="12/12/2016"), 'bad date "12/12/2016"'),
        (lambda: rasd.Pipeline().extract_many([ARTICLE, {"text": "x", "date": "soon"}]), "item 2: bad date"),
        (lambda: rasd.Pipeline().extract_many([{"title": ""}]), "item 1: no text"),
        (lambda: rasd.Pipeline().extract_many([ARTICLE], date="yesterday"), "bad date"),
    ],
)
def test_errors_are_rasd_errors_with_rusts_message(call, message):
    with pytest.raises(rasd.RasdError, match=message):
        call()
    assert issubclass(rasd.RasdError, ValueError)


def test_wrong_types_are_type_errors():
    with pytest.raises(TypeError):
        rasd.extract(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rasd.Pipeline().extract_many([3])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        rasd.Pipeline().extract_many([ARTICLE], threads=0)


def test_gil_is_released_while_extracting():
    """Another Python thread runs while the Rust call works: held, the GIL would stop it."""
    pipeline = rasd.Pipeline()
    docs = [json.dumps({"text": ARTICLE * 20}, ensure_ascii=False)] * 400
    done = threading.Event()
    ticks = []

    def count():
        while not done.is_set():
            ticks.append(1)

    counter = threading.Thread(target=count)
    counter.start()
    try:
        while not ticks:
            pass
        before = len(ticks)
        pipeline._inner.run(docs, threads=1)  # all Rust: no Python bytecode runs in here
        during = len(ticks) - before
    finally:
        done.set()
        counter.join()
    assert during > 1000


def test_pipelines_are_shared_between_threads():
    pipeline = rasd.Pipeline()
    results = [None] * 4

    def work(i):
        results[i] = pipeline.extract_many([ARTICLE] * 50, threads=2, date="2016-12-12")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == results[0] for r in results)


def test_docstrings_and_version():
    assert rasd.__version__
    for obj in (rasd, rasd.extract, rasd.Pipeline, rasd.Pipeline.extract_many, rasd.RasdError):
        assert obj.__doc__
