#!/usr/bin/env python3
"""The merge gold: pairs of gold events from different articles, labelled by a person as one
event or two, and the score of rasd's merge rule on them (data/merge-gold/README.md).

    scripts/merge-gold.py propose [--quota STRATUM=N ...]   # unlabelled pairs to read, with text
    scripts/merge-gold.py score [--verbose] [--set N] [--context corpus|pairs]

Events are the gold events of the annotated corpus (data/annotations/batch-*.jsonl) and of the
development gold (../shared/eval/dev/gold.jsonl), each named `<article id>#<k>`, k its place in
the article's gold line from 1. Candidate pairs are two events of different articles with the
same country and type family whose days (the event's, else the article's) are at most six days
apart. They fall into strata by day (same day or a day apart / further apart), distance (under
1 km / under 50 km / further, by the gold points) and type (same / other); `propose` picks,
per stratum, the unlabelled pairs first in the order of a hash of their names, so the picks do
not depend on the rule and stay put as the corpus grows.

`score` runs the merge rule (crate rasd-merge, through its example `merge_reports`) over every
gold event of the corpus (`--context pairs`: of the labelled pairs' articles only), each turned into a format-1 record as the extractor
would write it (its place: the gazetteer entry whose name its place phrase contains, else
`Gazetteer.place`), and
compares, pair by pair, "merged into one event" with the label: pairwise precision and recall,
and B-cubed precision and recall over the clusters the labels imply (the connected components
of the pairs labelled one) against the rule's clusters, restricted to the labelled events.
"""

import argparse
import datetime
import glob
import hashlib
import json
import math
import os
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
GOLD_DIR = os.path.join(ROOT, "data", "merge-gold")
PAIRS = os.path.join(GOLD_DIR, "pairs.jsonl")
MAX_DAYS = 6

# Pairs to read per stratum (day, distance, type), the hard ones first: one event told twice,
# neighbouring towns on one day, one town on two days, one event typed two ways.
QUOTA = {
    "sameday-near": 90,
    "sameday-near-othertype": 25,
    "sameday-50km": 30,
    "sameday-50km-othertype": 10,
    "otherday-near": 30,
    "otherday-near-othertype": 5,
    "otherday-50km": 5,
    "sameday-far": 10,
    "otherday-far": 5,
}


def taxonomy():
    out = {}
    with open(os.path.join(ROOT, "data", "taxonomy.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("type\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            out[cols[0]] = {"family": cols[1], "acled": cols[2], "sub": cols[3], "cameo": cols[4]}
    return out


def gold_files():
    files = sorted(glob.glob(os.path.join(ROOT, "data", "annotations", "batch-*.jsonl")))
    return files + [os.path.join(SHARED, "eval", "dev", "gold.jsonl")]


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_articles():
    """Gold lines by article id."""
    articles = {}
    for path in gold_files():
        for line in read_jsonl(path):
            articles[line["id"]] = line
    return articles


def load_docs(ids):
    docs = {}
    for path in (os.path.join(SHARED, "eval", "pool", "docs.jsonl"),
                 os.path.join(SHARED, "eval", "dev", "docs.jsonl")):
        for doc in read_jsonl(path):
            if doc["id"] in ids:
                docs[doc["id"]] = doc
    return docs


def events(articles, tax):
    out = {}
    for art in articles.values():
        for k, e in enumerate(art["events"], 1):
            loc = e.get("location") or {}
            day = (e.get("date") or {}).get("value") or art.get("date")
            if not loc.get("country") or not day:
                continue
            out[f"{art['id']}#{k}"] = {
                "doc": art["id"], "event": e, "loc": loc,
                "day": datetime.date.fromisoformat(day),
                "family": tax.get(e["type"], {}).get("family", ""),
            }
    return out


def km(a, b):
    if a.get("lat") is None or b.get("lat") is None:
        return None
    p1, p2 = math.radians(a["lat"]), math.radians(b["lat"])
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b["lon"] - a["lon"]) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def stratum(a, b):
    days = abs((a["day"] - b["day"]).days)
    d = km(a["loc"], b["loc"])
    name = "sameday" if days <= 1 else "otherday"
    name += "-near" if d is not None and d < 1 else "-50km" if d is not None and d < 50 else "-far"
    if a["event"]["type"] != b["event"]["type"]:
        name += "-othertype"
    return name


def candidates(evs):
    """Every candidate pair (a < b), with its stratum."""
    ids = sorted(evs, key=lambda i: (evs[i]["loc"]["country"], evs[i]["family"], evs[i]["day"], i))
    out = []
    for n, x in enumerate(ids):
        a = evs[x]
        for y in ids[n + 1:]:
            b = evs[y]
            if (b["loc"]["country"], b["family"]) != (a["loc"]["country"], a["family"]):
                break
            if (b["day"] - a["day"]).days > MAX_DAYS:
                break
            if a["doc"] != b["doc"]:
                out.append((min(x, y), max(x, y), stratum(a, b)))
    return out


def pair_hash(a, b):
    return hashlib.sha1(f"{a}|{b}".encode()).hexdigest()


def labelled():
    if not os.path.exists(PAIRS):
        return []
    return read_jsonl(PAIRS)


def describe(eid, ev, docs):
    e, doc = ev["event"], docs.get(ev["doc"], {})
    loc = ev["loc"]
    killed = [(c["kind"], c.get("low"), c.get("high"), c.get("group")) for c in e.get("casualties", [])]
    actors = [(a["role"], a.get("code")) for a in e.get("actors", [])]
    return (f"  {eid} [{doc.get('source')}, published {doc.get('date')}] {doc.get('title')}\n"
            f"    {e['type']} on {(e.get('date') or {}).get('value')} at {loc.get('name')} "
            f"({loc.get('lat')}, {loc.get('lon')}, {loc.get('precision')}) {killed} {actors}\n"
            f"    « {e.get('quote', '')} »")


def propose(args):
    tax = taxonomy()
    articles = load_articles()
    evs = events(articles, tax)
    pairs = candidates(evs)
    done = {(p["a"], p["b"]) for p in labelled()}
    quota = dict(QUOTA)
    for q in args.quota or []:
        name, n = q.split("=")
        quota[name] = int(n)
    have = defaultdict(int)
    for p in labelled():
        have[p.get("stratum", "")] += 1
    by_stratum = defaultdict(list)
    for a, b, s in pairs:
        by_stratum[s].append((pair_hash(a, b), a, b))
    picked = []
    for s, n in quota.items():
        todo = sorted(x for x in by_stratum[s] if (x[1], x[2]) not in done)
        picked += [(s, a, b) for _, a, b in todo[: max(0, n - have[s])]]
    counts = {s: len(v) for s, v in sorted(by_stratum.items())}
    print(f"# {len(evs)} events, {len(pairs)} candidate pairs {counts}", file=sys.stderr)
    print(f"# {len(done)} labelled; proposing {len(picked)}", file=sys.stderr)
    docs = load_docs({evs[x]["doc"] for _, a, b in picked for x in (a, b)})
    for s, a, b in picked:
        if args.json:
            print(json.dumps({"a": a, "b": b, "stratum": s}, ensure_ascii=False))
        else:
            print(f"{a} {b} {s}\n{describe(a, evs[a], docs)}\n{describe(b, evs[b], docs)}\n")


HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")
FOLDS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ک", "ك"), ("ی", "ي"))
PROCLITICS = re.compile("^(?:[وف])?(?:[بلك])?(?:ال)?")


def fold(text):
    """A rough fold of Arabic for finding a name in a phrase (harakat, tatweel, hamza and
    alef forms, alef maqsura, ta marbuta, Persian kaf and yeh): its words."""
    text = HARAKAT.sub("", unicodedata.normalize("NFKC", text or ""))
    for a, b in FOLDS:
        text = text.replace(a, b)
    return re.findall(r"\w+", text)


class Gazetteer:
    """data/gazetteer.tsv, to place a gold event as the extractor would: by a gazetteer name
    written in its place phrase."""

    PRECISION = {"neighbourhood": "neighbourhood", "city": "town", "admin2": "district",
                 "admin1": "region"}

    def __init__(self):
        self.by_name = defaultdict(list)
        self.towns = defaultdict(list)
        self.admin1 = {}
        self.name_en = {}
        with open(os.path.join(ROOT, "data", "gazetteer.tsv"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or line.startswith("id\t"):
                    continue
                c = line.rstrip("\n").split("\t")
                if c[1] not in self.PRECISION:
                    continue
                point = (float(c[4]), float(c[5])) if c[4] and c[5] else None
                for name in c[8].split("|"):
                    words = tuple(fold(name))
                    if words and len("".join(words)) >= 3:
                        self.by_name[(c[2], words)].append((c[0], c[1], point))
                self.admin1[c[0]] = c[3] or None
                self.name_en[c[0]] = c[7] or None
                if c[1] == "city" and point:
                    self.towns[c[2]].append((c[0], point))
        # The extractor names a place the gazetteer does not know only after a cue word
        # (data/place_cues.tsv: حي، شارع، مخيم، قرية ...).
        self.cues = set()
        with open(os.path.join(ROOT, "data", "place_cues.tsv"), encoding="utf-8") as f:
            for line in f:
                c = line.rstrip("\n").split("\t")
                if not line.startswith("#") and len(c) > 1 and c[1] == "cue":
                    self.cues.update(fold(c[0]))

    def place(self, loc):
        """`(gazetteer id, precision, point)` of a gold location. A gazetteer name in its
        phrase (one to three words, the first with its proclitics و ف ب ل ك ال taken off)
        places it at that entry: the kind the annotator read, then the finest, then the one
        nearest the gold point. Else it is a place the gazetteer does not know (no id). Near a
        town's point (within 2 km), a phrase with a cue word of data/place_cues.tsv (حي الضباب،
        جبل صبر) is a part of the town, which the extractor places at the town's point with
        neighbourhood precision (ARCHITECTURE.md, "null means unknown"); a description without
        one («مسجد مقر القوة») is the town itself: the extractor names an unknown place only
        after a cue word, and otherwise places the event at the town the text ties it to."""
        words = fold(loc.get("name"))
        country = loc.get("country")
        found = []
        for i in range(len(words)):
            for n in (1, 2, 3):
                gram = words[i:i + n]
                if len(gram) < n:
                    break
                first = PROCLITICS.sub("", gram[0]) or gram[0]
                for key in {tuple(gram), (first, *gram[1:]), (gram[0][1:], *gram[1:])}:
                    found += self.by_name.get((country, key), [])
        if found:
            def rank(entry):
                # The kind the annotator read (a cue word: محافظة، مديرية), then the finest.
                gid, kind, point = entry
                far = km(loc, {"lat": point[0], "lon": point[1]}) if point and loc.get("lat") is not None else 1e9
                return (self.PRECISION[kind] != loc.get("precision"),
                        list(self.PRECISION).index(kind), far or 0.0, gid)
            gid, kind, point = min(found, key=rank)
            return gid, self.PRECISION[kind], point
        point = (loc["lat"], loc["lon"]) if loc.get("lat") is not None else None
        if point and loc.get("precision") in ("town", "neighbourhood"):
            for town_id, town in self.towns.get(country, []):
                if km(loc, {"lat": town[0], "lon": town[1]}) <= 2.0:
                    if any(w in self.cues or w[1:] in self.cues for w in words):
                        return None, "neighbourhood", town
                    # A description the extractor cannot name (مسجد مقر القوة): it places the
                    # event at the town the text ties it to.
                    return town_id, "town", town
        return None, loc.get("precision"), point


def record_event(eid, ev, tax, gazetteer):
    """A gold event as the format-1 event the extractor would write for it."""
    e, loc = ev["event"], dict(ev["loc"])
    info = tax.get(e["type"], {})
    gazetteer_id, precision, point = gazetteer.place(loc)
    lat, lon = point if point else (None, None)
    # The extractor writes the English name and the first-level division of a gazetteer place
    # (its name_en and admin1 columns).
    admin1 = gazetteer.admin1.get(gazetteer_id) if gazetteer_id else None
    name_en = gazetteer.name_en.get(gazetteer_id) if gazetteer_id else None
    value = (e.get("date") or {}).get("value")
    return {
        "id": eid, "type": e["type"],
        "acled": {"event_type": info.get("acled", ""), "sub_event_type": info.get("sub", "")},
        "cameo": info.get("cameo", ""), "detail": e.get("detail"),
        "date": {"value": value or ev["day"].isoformat(), "precision": "day",
                 # A dated gold event was read from date words; an undated one takes the
                 # publication day, as the extractor does.
                 "text": "?" if value else None, "span": None},
        "location": {"name": loc.get("name") or "", "name_en": name_en, "country": loc.get("country"),
                     "admin1": admin1, "lat": lat, "lon": lon,
                     "precision": precision, "gazetteer_id": gazetteer_id, "span": None},
        "actors": [{"role": a["role"], "text": a.get("text", ""), "name": None,
                    "code": a.get("code"), "span": None} for a in e.get("actors", [])],
        "casualties": [{"kind": c["kind"], "low": c.get("low"), "high": c.get("high"),
                        "qualifier": c.get("qualifier") or "exact", "group": c.get("group") or "unknown",
                        "text": c.get("text", ""), "span": None} for c in e.get("casualties", [])],
        "attribution": [], "modality": e.get("modality") or "asserted",
        "evidence": [], "confidence": 1.0,
    }


def merge(records):
    """Runs rasd-merge over format-1 records; the merged events."""
    cmd = ["cargo", "run", "--quiet", "--release", "-p", "rasd-merge", "--example", "merge_reports"]
    stdin = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    out = subprocess.run(cmd, input=stdin, capture_output=True, text=True, cwd=ROOT, check=True)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def bcubed(truth, predicted, items):
    """B-cubed precision and recall of `predicted` clusters against `truth`, over `items`."""
    p = r = 0.0
    for i in items:
        t, q = truth[i] & items, predicted[i] & items
        p += len(t & q) / len(q)
        r += len(t & q) / len(t)
    return p / len(items), r / len(items)


def components(items, links):
    parent = {i: i for i in items}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in links:
        parent[find(a)] = find(b)
    groups = defaultdict(set)
    for i in items:
        groups[find(i)].add(i)
    return {i: groups[find(i)] for i in items}


def score(args):
    tax = taxonomy()
    articles = load_articles()
    evs = events(articles, tax)
    pairs = labelled()
    missing = [p for p in pairs if p["a"] not in evs or p["b"] not in evs]
    for p in missing:
        print(f"stale pair (event gone from the corpus): {p['a']} {p['b']}", file=sys.stderr)
    pairs = [p for p in pairs if p not in missing]
    # The rule runs over every gold event of the corpus, as `rasd ingest` runs it over a store:
    # other reports of the same days and places are what complete linkage and "the one event
    # it can be" are tested against. `--context pairs` runs it over the labelled pairs'
    # articles only (how the first figures were measured: fewer neighbours, more merges). A set
    # (`--set`) only chooses the pairs counted.
    if args.context == "corpus":
        docs = sorted({e["doc"] for e in evs.values()})
    else:
        docs = sorted({evs[x]["doc"] for p in pairs for x in (p["a"], p["b"])})
    if args.set is not None:
        pairs = [p for p in pairs if p.get("set", 1) == args.set]
    gazetteer = Gazetteer()
    records = []
    for doc in docs:
        art = articles[doc]
        records.append({
            "format": 1, "doc": {"id": doc, "date": art.get("date"), "source": None, "url": None, "chars": 0},
            "events": [record_event(eid, evs[eid], tax, gazetteer)
                       for eid in (f"{doc}#{k}" for k in range(1, len(art["events"]) + 1)) if eid in evs],
        })
    cluster = {}
    for event in merge(records):
        for m in event["members"]:
            cluster[m] = event["id"]
    converted = {r_["id"]: r_ for rec in records for r_ in rec["events"]}
    missed = defaultdict(int)
    counts = defaultdict(lambda: [0, 0, 0, 0])  # tp, fp, fn, tn by group
    for p in pairs:
        same = cluster.get(p["a"]) is not None and cluster.get(p["a"]) == cluster.get(p["b"])
        one = p["label"] == "one"
        cell = 0 if same and one else 1 if same else 2 if one else 3
        dated = all((evs[x]["event"].get("date") or {}).get("value") for x in (p["a"], p["b"]))
        for group in ("all", f"stratum {p.get('stratum')}", "both dated" if dated else "an undated event"):
            counts[group][cell] += 1
        if one and not same:
            missed[why_apart(converted[p["a"]], converted[p["b"]])] += 1
        if args.verbose and same != one:
            kind = "merged, labelled two" if same else "apart, labelled one"
            print(f"{kind}: {p['a']} {p['b']} [{p.get('stratum')}] {p.get('reason')}")
    tp, fp, fn, tn = counts["all"]
    items = {x for p in pairs for x in (p["a"], p["b"])}
    truth = components(items, [(p["a"], p["b"]) for p in pairs if p["label"] == "one"])
    by_event = defaultdict(set)
    for i in items:
        by_event[cluster.get(i, i)].add(i)
    predicted = {i: by_event[cluster.get(i, i)] for i in items}
    bp, br = bcubed(truth, predicted, items)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"pairs\t{len(pairs)}\t(one {tp + fn}, two {fp + tn})")
    print(f"pairwise\tprecision {precision:.3f}\trecall {recall:.3f}\t(tp {tp}, fp {fp}, fn {fn}, tn {tn})")
    print(f"b-cubed\tprecision {bp:.3f}\trecall {br:.3f}\t(over {len(items)} events)")
    for group, (tp, fp, fn, tn) in sorted(counts.items()):
        if group != "all":
            p_ = f"{tp / (tp + fp):.3f}" if tp + fp else "-"
            r_ = f"{tp / (tp + fn):.3f}" if tp + fn else "-"
            print(f"  {group}\tprecision {p_}\trecall {r_}\t(tp {tp}, fp {fp}, fn {fn}, tn {tn})")
    print("pairs labelled one that the rule keeps apart, by what tells them apart:")
    for why, n in sorted(missed.items(), key=lambda x: (-x[1], x[0])):
        print(f"  {n}\t{why}")


def why_apart(a, b):
    """What tells two converted events apart under the merge rule's unit (docs/merging.md), read
    from the records alone: the first of days, places, types that differs; else the rule's
    finer conditions (a part of a town, perpetrators, complete linkage with a third report)."""
    days = abs((datetime.date.fromisoformat(a["date"]["value"])
                - datetime.date.fromisoformat(b["date"]["value"])).days)
    if days > 1:
        return "days more than one apart"
    la, lb = a["location"], b["location"]
    ga, gb = la["gazetteer_id"], lb["gazetteer_id"]
    kinds = "/".join(sorted([la["precision"] or "-", lb["precision"] or "-"]))
    if ga and gb and ga != gb:
        return f"two gazetteer entries ({kinds})"
    if "region" in (la["precision"], lb["precision"]) and not (ga and gb):
        return f"a region and another place, one unknown to the gazetteer ({kinds})"
    if not ga and not gb and la["name"] != lb["name"]:
        return "two names unknown to the gazetteer"
    if a["type"] != b["type"]:
        return "two types"
    return "other (part of a town, perpetrators, complete linkage)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("propose", help="unlabelled candidate pairs to read")
    p.add_argument("--quota", action="append", help="STRATUM=N, pairs wanted in a stratum")
    p.add_argument("--json", action="store_true", help="one JSON object per pair")
    p.set_defaults(run=propose)
    s = sub.add_parser("score", help="the merge rule on the labelled pairs")
    s.add_argument("--verbose", action="store_true", help="list the pairs it gets wrong")
    s.add_argument("--set", type=int, help="count only the pairs of one labelling round (1, 2)")
    s.add_argument("--context", choices=("corpus", "pairs"), default="corpus",
                   help="merge every gold event of the corpus (default) or only the pairs' articles")
    s.set_defaults(run=score)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
