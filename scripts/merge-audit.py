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
* told at two precisions, not counted as different places but apart: merged events with a
  member at a region of the gazetteer and one at a place inside it (the gazetteer's `admin1`
  column of that place names the region), and merged events with a member placed no finer
  than its country (a country, an area the gazetteer does not know, no place) beside one that
  is placed: the event is at the finer place, as ACLED codes it;
* far apart: merged events with two members more than 1 km apart, and the largest distance
  (between any two placed members; `far_apart_1km_towns` between neighbourhoods and towns
  only).

It reads the database only; the checks do not call rasd-merge, so they hold the rule to
account rather than restate it.

To audit another merge rule over the same reports (the figures "before" in the README),
`--records` writes every stored report as format-1 JSON Lines, a line per document, for that
rule's `merge_reports` example (crates/rasd-merge/examples), and `--merged FILE` audits the
merged events it wrote instead of the database's own:

    python3 scripts/merge-audit.py rasd.db --records | OLD/merge_reports > old.jsonl
    python3 scripts/merge-audit.py rasd.db --merged old.jsonl
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


def data_rows(name, first_column):
    """The rows of data/NAME with at least four columns, comments and header left out."""
    with open(os.path.join(ROOT, "data", name), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith(first_column + "\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 4:
                yield cols


def taxonomy():
    """type -> ACLED sub-event type (the verbal types have none: their type stands in)."""
    return {cols[0]: cols[3] or cols[0] for cols in data_rows("taxonomy.tsv", "type")}


def gazetteer_parents():
    """gazetteer id -> the id of the place containing it, where the gazetteer says so."""
    return {cols[0]: cols[9] for cols in data_rows("gazetteer.tsv", "id")
            if len(cols) >= 10 and cols[9]}


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


def gazetteer_divisions():
    """gazetteer id -> (kind, country, admin1 name), for every entry."""
    return {cols[0]: (cols[1], cols[2], cols[3]) for cols in data_rows("gazetteer.tsv", "id")}


FINE = ("town", "neighbourhood")


def unplaced(loc):
    """No place finer than the country: none, a country, or an area the gazetteer does not
    know (a district or region with no gazetteer id)."""
    if not loc or loc.get("precision") == "country":
        return True
    return loc.get("precision") not in FINE and not loc.get("gazetteer_id")


def inside_region(region, place, divisions):
    """Whether `region` is a first-level division of the gazetteer that `place`, an entry of
    the gazetteer, lies in by the gazetteer's own admin1 column."""
    r = divisions.get((region or {}).get("gazetteer_id") or "")
    p = divisions.get((place or {}).get("gazetteer_id") or "")
    return bool(r and p and r[0] == "admin1" and p[0] != "admin1"
                and r[1] == p[1] and r[2] and r[2] == p[2])


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


def write_records(con):
    """Every stored report, as format-1 records, a line per document."""
    docs = {row[0]: row[1:] for row in con.execute("SELECT id, date, source, url FROM documents")}
    current, events = None, []

    def flush():
        if current is not None:
            date, source, url = docs[current]
            doc = {"id": current, "date": date, "source": source, "url": url, "chars": 0}
            print(json.dumps({"format": 1, "doc": doc, "events": events}, ensure_ascii=False))

    for doc, record in con.execute(
        "SELECT document_id, record FROM reports ORDER BY document_id, seq"
    ):
        if doc != current:
            flush()
            current, events = doc, []
        events.append(json.loads(record))
    flush()


def stored_events(con):
    """`(id, merged JSON, report count, conflicting figures)` of every stored event."""
    return [
        (eid, json.loads(merged), n, bool(conflicting))
        for eid, merged, n, conflicting in con.execute(
            "SELECT id, merged, report_count, conflicting FROM events"
        )
    ]


def events_of(path):
    """The same, from the merged events a `merge_reports` run wrote."""
    with open(path, encoding="utf-8") as f:
        merged = [json.loads(line) for line in f if line.strip()]
    return [(m["id"], m, len(m["members"]), bool(m.get("conflicting"))) for m in merged]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("--show", type=int, default=0, help="examples of each fault")
    parser.add_argument("--records", action="store_true",
                        help="write the stored reports as format-1 JSON Lines and stop")
    parser.add_argument("--merged", help="audit these merged events (JSON Lines) instead")
    args = parser.parse_args()
    subtype = taxonomy()
    parents = gazetteer_parents()
    divisions = gazetteer_divisions()
    con = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    if args.records:
        write_records(con)
        return
    events = events_of(args.merged) if args.merged else stored_events(con)
    count = lambda sql: con.execute(sql).fetchone()[0]
    figures = {
        "documents": count("SELECT COUNT(*) FROM documents"),
        "reports": count("SELECT COUNT(*) FROM reports"),
        "events": len(events),
        "merged": sum(1 for e in events if e[2] > 1),
        "conflicting_figures": sum(1 for e in events if e[3]),
        "conflicting_types": 0,
        "mixed_types": 0,
        "mixed_types_unmarked": 0,
        "different_places": 0,
        "region_and_place_inside": 0,
        "with_unplaced_report": 0,
        "far_apart_1km": 0,
        "far_apart_1km_towns": 0,
        "largest_km": 0.0,
    }
    examples = {"mixed_types_unmarked": [], "different_places": []}
    wanted = {m for _, merged, n, _ in events if n > 1 for m in merged["members"]}
    records = {}
    for rid, record in con.execute("SELECT id, record FROM reports"):
        if rid in wanted:
            records[rid] = json.loads(record)
    for eid, merged, n, _ in events:
        if n < 2:
            continue
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
        placed = [loc for loc in locations if not unplaced(loc)]
        # A part of a town the gazetteer does not know lies where its town does.
        towns = [loc for loc in placed if loc.get("precision") == "town" and loc.get("gazetteer_id")]
        entry = lambda loc: loc if loc.get("gazetteer_id") else next(
            (t for t in towns if contains(t, loc, parents)), loc)
        if len(placed) < len(locations) and placed:
            figures["with_unplaced_report"] += 1
        different, nested = [], False
        for i, a in enumerate(placed):
            for b in placed[i + 1:]:
                if same_place(a, b, parents):
                    continue
                if inside_region(entry(a), entry(b), divisions) or inside_region(
                        entry(b), entry(a), divisions):
                    nested = True
                else:
                    different.append((place_key(a), place_key(b)))
        figures["region_and_place_inside"] += nested
        if different:
            figures["different_places"] += 1
            examples["different_places"].append((eid, different[0]))
        points = [p for p in map(point, placed) if p]
        far = max((km(a, b) for i, a in enumerate(points) for b in points[i + 1:]), default=0.0)
        if far > 1.0:
            figures["far_apart_1km"] += 1
        fine = [p for p in (point(loc) for loc in placed if loc.get("precision") in FINE) if p]
        if max((km(a, b) for i, a in enumerate(fine) for b in fine[i + 1:]), default=0.0) > 1.0:
            figures["far_apart_1km_towns"] += 1
        figures["largest_km"] = max(figures["largest_km"], round(far, 1))
    for name, value in figures.items():
        print(f"{name}\t{value}")
    for name, found in examples.items():
        for eid, what in found[: args.show]:
            print(f"example {name}\t{eid}\t{what}", file=sys.stderr)


if __name__ == "__main__":
    main()
