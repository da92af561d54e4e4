"""rasd.reports and rasd.merge: the rasd-merge crate's rule, called from Python."""

from __future__ import annotations

import random

import pytest

import rasd

ARTICLE = "قتل 3 مدنيين وأصيب 5 آخرون في قصف جوي على مدينة حلب أمس."
OTHER = "أفاد ناشطون بمقتل 5 مدنيين في غارة جوية على مدينة حلب يوم الأحد."


def test_reports_are_one_per_event():
    record = rasd.extract(ARTICLE, date="2016-12-12", doc_id="a")
    reports = rasd.reports(record)
    assert [r["id"] for r in reports] == [e["id"] for e in record["events"]]
    assert all(r["document"] == "a" for r in reports)
    assert {"family", "country", "perpetrators", "claims"} <= set(reports[0])


def test_two_articles_on_one_strike_merge_with_reconciled_figures():
    pipeline = rasd.Pipeline()
    a = pipeline.extract(ARTICLE, date="2016-12-12", doc_id="a")
    b = pipeline.extract(OTHER, date="2016-12-12", doc_id="b")
    merged = rasd.merge([a, b])
    joint = [m for m in merged if len(m["members"]) == 2]
    assert len(joint) == 1, merged
    killed = joint[0]["killed"]
    assert (killed["low"], killed["high"]) == (3, 5)
    assert isinstance(joint[0]["conflicting"], bool)
    # Records and reports mix; the result is the same.
    assert rasd.merge([a] + rasd.reports(b)) == merged


def test_one_article_never_merges_with_itself():
    a = rasd.extract(ARTICLE + "\n" + ARTICLE, date="2016-12-12", doc_id="a")
    assert all(len(m["members"]) == 1 for m in rasd.merge([a]))


def test_reviewer_constraints_are_passed_to_the_rule():
    a = rasd.extract(ARTICLE, date="2016-12-12", doc_id="a")
    b = rasd.extract(OTHER, date="2016-12-12", doc_id="b")
    joint = [m for m in rasd.merge([a, b]) if len(m["members"]) == 2][0]
    first, second = joint["members"]
    split = rasd.merge([a, b], cannot_link=[(first, second)])
    assert all(len(m["members"]) == 1 for m in split)


def test_every_report_once_and_order_does_not_matter(sample):
    records = rasd.Pipeline().extract_many(sample, threads=2)
    reports = [r for record in records for r in rasd.reports(record)]
    merged = rasd.merge(reports)
    members = sorted(m for event in merged for m in event["members"])
    assert members == sorted(r["id"] for r in reports)
    shuffled = list(reports)
    random.Random(7).shuffle(shuffled)
    assert rasd.merge(shuffled) == merged
    assert [m["id"] for m in merged] == sorted(m["id"] for m in merged)


def test_what_is_neither_a_record_nor_a_report_is_an_error():
    with pytest.raises(rasd.RasdError, match="item 2: not a report"):
        rasd.merge([rasd.extract(ARTICLE), {"id": 3}])
