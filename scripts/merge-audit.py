#!/usr/bin/env python3
"""Audits the merged events of a rasd SQLite store against ACLED's unit of one event: one
sub-event type, at one place, on one day (shared/spec/EVENTS.md, "One event or two").

    python3 scripts/merge-audit.py rasd.db            # the figures, one per line
    python3 scripts/merge-audit.py rasd.db --show 5   # and 5 examples of each kind of fault

For every event merged from several reports it reads the member records (reports.record, the
extractor's format-1 JSON) and counts:

* events, reports, events merged from several reports, events whose casualty figures conflict
  (`events.conflicting`) and events whose members type the event differently and say so
  (`conflicting_types` of the merged event, written by rasd-merge from this version on);
* mixed types: merged events whose members give more than one ACLED sub-event type, and of
  those the ones NOT marked as conflicting types;
* different places: merged events with two members at two different named places. A place is
  its gazetteer id, or its normalized name when it has none. Two places are the same place when
  they are equal, or when one is a neighbourhood inside the other, a town: the gazetteer's own
  `parent` column says so (OCHA's Aleppo neighbourhoods), or the neighbourhood is a quarter
  unknown to the gazetteer that took the town's point (ARCHITECTURE.md, "null means unknown");
* far apart: merged events with two members more than 1 km apart, and the largest distance.

It reads the database only; the checks do not call rasd-merge, so they hold the rule to
account rather than restate it.
"""

import argparse
import json
import math
import os
import re
import sqlite3
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def taxonomy():
    """type -> ACLED sub-event type (the verbal types have none: their type stands in)."""
    out = {}
    with open(os.path.join(ROOT, "data", "taxonomy.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("type\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 4:
                out[cols[0]] = cols[3] or cols[0]
    return out


def gazetteer_parents():
    """gazetteer id -> the id of the place containing it, where the gazetteer says so."""
    out = {}
    with open(os.path.join(ROOT, "data", "gazetteer.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("id\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 10 and cols[9]:
                out[cols[0]] = cols[9]
    return out


HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")


def fold(name):
    """A rough fold of an Arabic name (harakat, tatweel, hamza and alef forms, ta marbuta)."""
    s = unicodedata.normalize("NFKC", name or "")
    s = HARAKAT.sub("", s)
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"), ("ة", "ه")):
        s = s.replace(a, b)
    return " ".join(s.split())


def km(a, b):
    (lat1, lon1), (lat2, lon2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def point(loc):
    if loc and loc.get("lat") is not None and loc.get("lon") is not None:
        return (loc["lat"], loc["lon"])
    return None


def place_key(loc):
    if not loc:
        return None
    return loc.get("gazetteer_id") or "name:" + fold(loc.get("name"))


def contains(town, part, parents):
    """Whether `part` (a neighbourhood) lies inside `town`."""
    if not town or not part or part.get("precision") != "neighbourhood":
        return False
    if town.get("precision") != "town":
        return False
    if part.get("gazetteer_id"):
        return parents.get(part["gazetteer_id"]) == town.get("gazetteer_id")
    p, t = point(part), point(town)
    return p is not None and t is not None and km(p, t) < 0.01


def same_place(a, b, parents):
    if place_key(a) == place_key(b):
        return True
    return contains(a, b, parents) or contains(b, a, parents)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("--show", type=int, default=0, help="examples of each fault")
    args = parser.parse_args()
    subtype = taxonomy()
    parents = gazetteer_parents()
    con = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    count = lambda sql: con.execute(sql).fetchone()[0]
    figures = {
        "documents": count("SELECT COUNT(*) FROM documents"),
        "reports": count("SELECT COUNT(*) FROM reports"),
        "events": count("SELECT COUNT(*) FROM events"),
        "merged": count("SELECT COUNT(*) FROM events WHERE report_count > 1"),
        "conflicting_figures": count("SELECT COUNT(*) FROM events WHERE conflicting = 1"),
        "conflicting_types": 0,
        "mixed_types": 0,
        "mixed_types_unmarked": 0,
        "different_places": 0,
        "far_apart_1km": 0,
        "largest_km": 0.0,
    }
    examples = {"mixed_types_unmarked": [], "different_places": []}
    records = {}
    for rid, record in con.execute(
        "SELECT r.id, r.record FROM reports r JOIN event_reports er ON er.report_id = r.id "
        "JOIN events e ON e.id = er.event_id WHERE e.report_count > 1"
    ):
        records[rid] = json.loads(record)
    for eid, merged in con.execute("SELECT id, merged FROM events WHERE report_count > 1"):
        merged = json.loads(merged)
        members = [records[m] for m in merged["members"] if m in records]
        marked = bool(merged.get("conflicting_types"))
        figures["conflicting_types"] += marked
        types = {subtype.get(r["type"], r["type"]) for r in members}
        if len(types) > 1:
            figures["mixed_types"] += 1
            if not marked:
                figures["mixed_types_unmarked"] += 1
                examples["mixed_types_unmarked"].append((eid, sorted(types)))
        locations = [r.get("location") for r in members]
        different = [
            (place_key(a), place_key(b))
            for i, a in enumerate(locations)
            for b in locations[i + 1:]
            if a and b and not same_place(a, b, parents)
        ]
        if different:
            figures["different_places"] += 1
            examples["different_places"].append((eid, different[0]))
        points = [p for p in map(point, locations) if p]
        far = max((km(a, b) for i, a in enumerate(points) for b in points[i + 1:]), default=0.0)
        if far > 1.0:
            figures["far_apart_1km"] += 1
        figures["largest_km"] = max(figures["largest_km"], round(far, 1))
    for name, value in figures.items():
        print(f"{name}\t{value}")
    for name, found in examples.items():
        for eid, what in found[: args.show]:
            print(f"example {name}\t{eid}\t{what}", file=sys.stderr)


if __name__ == "__main__":
    main()
