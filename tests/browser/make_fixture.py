#!/usr/bin/env python3
"""Turn the extractor's format-1 records into the review API's shapes, for the mock server.

The mock server (mock_server.py) answers the review page from this file so the page and its
browser test can be built before the real store and `rasd serve` exist. The fixture is made
from the extractor's real output for the seed, so offsets, Arabic text and field shapes are
those the page will meet:

    rasd extract --format jsonl --date 2016-12-12 examples/aleppo.txt > /tmp/aleppo.jsonl
    python3 tests/browser/make_fixture.py /tmp/aleppo.jsonl examples/aleppo.txt \
        > tests/browser/fixture.json

Each extracted event becomes one merged event with one report (the mock does no merging).
The reconciliation below is a stand-in for the store's, simple enough to check by eye:
  - killed/injured: over the report's claims of that kind with a number, low = the largest
    low, high = the largest high (null when a claim is open-ended "at least n"), best = the
    exact/approximate figure when there is one, else low for "at least", high for "at most",
    and the rounded geometric mean of a range or vague bound;
  - a claim's source is the attribution nearest before the claim inside the same evidence
    sentence (else the nearest after it there), else none;
  - conflicting is true when two numbered claims of one kind give ranges that do not overlap.
Python stdlib only.
"""

import hashlib
import json
import math
import pathlib
import sys

# type -> family, from /work/shared/spec/taxonomy.tsv (the `family` column); copied so the
# fixture can be remade without the shared folder.
FAMILY = {
    "armed_clash": "battle", "government_regains_territory": "battle",
    "non_state_overtakes_territory": "battle", "chemical_weapon": "remote",
    "air_strike": "remote", "suicide_bomb": "remote", "shelling": "remote",
    "remote_explosive": "remote", "grenade": "remote", "sexual_violence": "civilians",
    "attack": "civilians", "abduction": "civilians", "peaceful_protest": "protest",
    "protest_with_intervention": "protest", "excessive_force_against_protesters": "protest",
    "violent_demonstration": "riot", "mob_violence": "riot", "agreement": "strategic",
    "arrests": "strategic", "change_to_group_activity": "strategic",
    "disrupted_weapons_use": "strategic", "base_established": "strategic",
    "looting_property_destruction": "strategic", "nonviolent_territory_transfer": "strategic",
    "other_strategic": "strategic", "appeal": "verbal", "accuse": "verbal",
    "condemn": "verbal", "demand": "verbal", "threaten": "verbal",
}


def event_id(report_id):
    # Stable across runs: derived from the report id only.
    return "e-" + hashlib.sha1(report_id.encode("utf-8")).hexdigest()[:12]


def best_of(claim):
    low, high, q = claim["low"], claim["high"], claim["qualifier"]
    if q in ("exact", "approx") and low is not None:
        return low
    if low is not None and high is None:
        return low
    if high is not None and low is None:
        return high
    if low is not None and high is not None:
        return round(math.sqrt(low * high))
    return None


def reconcile(claims, kind):
    numbered = [c for c in claims if c["kind"] == kind and (c["low"] is not None or c["high"] is not None)]
    if not numbered:
        return None, False
    lows = [c["low"] for c in numbered if c["low"] is not None]
    highs = [c["high"] for c in numbered]
    low = max(lows) if lows else None
    high = None if any(h is None for h in highs) else max(highs)
    exact = [c for c in numbered if c["qualifier"] in ("exact", "approx")]
    best = max(best_of(c) for c in exact) if exact else max(b for b in map(best_of, numbered) if b is not None)
    conflicting = False
    for a in numbered:
        for b in numbered:
            a_hi = a["high"] if a["high"] is not None else math.inf
            b_lo = b["low"] if b["low"] is not None else 0
            if a_hi < b_lo:
                conflicting = True
    return {"low": low, "best": best, "high": high}, conflicting


def source_of(claim, evidence, attribution):
    s, e = claim["span"]
    sentence = next((ev for ev in evidence if ev[0] <= s and e <= ev[1]), None)
    if sentence is None:
        return None
    inside = [a for a in attribution if a.get("span") and sentence[0] <= a["span"][0] and a["span"][1] <= sentence[1]]
    before = [a for a in inside if a["span"][1] <= e]
    after = [a for a in inside if a["span"][0] >= s]
    pick = max(before, key=lambda a: a["span"][0]) if before else (
        min(after, key=lambda a: a["span"][0]) if after else None)
    if pick is None:
        return None
    return {"kind": pick["kind"], "text": pick["text"], "via": pick.get("via")}


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: make_fixture.py RECORDS.jsonl TEXT_FILE... > fixture.json")
    texts = {pathlib.Path(p).stem: pathlib.Path(p).read_text(encoding="utf-8") for p in sys.argv[2:]}
    documents, events = [], []
    for line in open(sys.argv[1], encoding="utf-8"):
        record = json.loads(line)
        doc = record["doc"]
        text = texts[doc["id"]]
        if len(text) != doc["chars"]:
            sys.exit(f"{doc['id']}: text has {len(text)} code points, the record says {doc['chars']}")
        document = {"id": doc["id"], "title": doc.get("title"), "source": doc.get("source"),
                    "url": doc.get("url"), "date": doc.get("date")}
        documents.append({**document, "text": text, "events": [e["id"] for e in record["events"]]})
        for ev in record["events"]:
            claims = [{"report_id": ev["id"], "kind": c["kind"], "low": c["low"], "high": c["high"],
                       "qualifier": c["qualifier"], "group": c["group"], "text": c["text"],
                       "span": c["span"], "source": source_of(c, ev["evidence"], ev["attribution"])}
                      for c in ev["casualties"]]
            killed, k_conf = reconcile(claims, "killed")
            injured, i_conf = reconcile(claims, "injured")
            loc = ev["location"]
            events.append({
                "id": event_id(ev["id"]), "type": ev["type"], "family": FAMILY.get(ev["type"], "unknown"),
                "acled": ev["acled"], "cameo": ev["cameo"],
                "date": ev["date"]["value"], "date_precision": ev["date"]["precision"],
                "location": None if loc is None else {k: loc.get(k) for k in (
                    "name", "name_en", "country", "admin1", "lat", "lon", "precision")},
                "actors": [{k: a.get(k) for k in ("role", "text", "name", "code")} for a in ev["actors"]],
                "killed": killed, "injured": injured,
                "report_count": 1, "conflicting": k_conf or i_conf, "modality": ev["modality"],
                "review": {"status": "unreviewed"},
                "reports": [{"report_id": ev["id"], "document": document, "text": text,
                             "evidence": ev["evidence"], "modality": ev["modality"],
                             "attribution": [{k: a.get(k) for k in ("kind", "text", "code", "via")}
                                             for a in ev["attribution"]]}],
                "claims": claims, "reviews": [],
            })
    # Text is stored once per document; reports refer to it by document id to keep the file small.
    for e in events:
        for r in e["reports"]:
            del r["text"]
    json.dump({"made_by": "tests/browser/make_fixture.py from `rasd extract --format jsonl "
               "--date 2016-12-12 examples/aleppo.txt`", "documents": documents, "events": events},
              sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
