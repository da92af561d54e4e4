#!/usr/bin/env python3
"""Applies the corpus rulings that need no re-reading (data/annotations/README.md, "Rulings")
to every annotation file, in place, and prints each change.

    python3 tools/annotate/apply_rulings.py [--dry-run]

R2  Events that happened more than a year before the article are history, not news: dropped
    (the event's date more than 365 days before the article's).
R5  A bombing's type follows the article's own words: a suicide_bomb in an article that never
    says a bomber blew himself up (انتحاري، حزام ناسف، فجر نفسه ...) is remote_explosive, and an
    unnamed attacker (UAF) it was given as "the bomber" goes with the bomber.
R1  A suicide bombing whose bomber no group claims has the unnamed attacker as perpetrator:
    UAF where no perpetrator is given.
R7  One code per actor: ISR_SETTLERS is written ISRSET.
R8  "A repelled B's attack": the attacker B is the perpetrator and A the target, as dev-009
    codes it. The events that had it the other way round, found by their repel verbs (صد،
    تصدى، أحبط) and read again, are listed in SWAPPED and their two roles exchanged.
"""
import datetime
import glob
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
POOL = os.path.join(ROOT, "..", "shared", "eval", "pool", "docs.jsonl")
SUICIDE = re.compile("انتحار|انتحاري|حزام|أحزمة|احزمة|فجر نفسه|فجرت نفسها|فجّر نفسه|فجروا أنفسهم|فجرن أنفسهن|فجرتا أنفسهما|منتحر|نفسه بحزام|الانغماسي")
CODES = {"ISR_SETTLERS": "ISRSET"}
# (document, words of the event's quote, the attacker's codes): events told as "A repelled
# B's attack" that had A as perpetrator (R8).
SWAPPED = [
    ("snn-pool-0247", "صد هجوم لبوكو حرام", {"BKH"}),
    ("snn-pool-0267", "أحبطت فصائل المعارضة محاولة تقدم", {"SYRMIL"}),
    ("snn-pool-0300", "صدّ التنظيم تقدما للجيش", {"IRQMIL", "PGM"}),
    ("snn-pool-0653", "صد هجوم شنته قوات حوثية", {"HOU"}),
    ("snn-pool-0657", "صدت المقاومة في الضالع سلسلة هجمات", {"HOU"}),
]


def perpetrators(ev):
    return [a for a in ev.get("actors") or [] if a.get("role") == "perpetrator"]


def bomber_word(quote, text):
    """The word of the article that names the bomber (the quote's, else the article's)."""
    for source in (quote, text):
        m = SUICIDE.search(source)
        if m:
            start = m.start()
            while start > 0 and source[start - 1].isalpha():
                start -= 1
            end = m.end()
            while end < len(source) and source[end].isalpha():
                end += 1
            return source[start:end]
    return ""


def apply(doc, text, log):
    day = datetime.date.fromisoformat(doc["date"][:10])
    kept = []
    for ev in doc["events"]:
        value = (ev.get("date") or {}).get("value")
        if value and (day - datetime.date.fromisoformat(value[:10])).days > 365:
            log(f"R2 drop {ev['type']} of {value}")
            continue
        if ev["type"] == "suicide_bomb" and not SUICIDE.search(text):
            log("R5 suicide_bomb -> remote_explosive")
            ev["type"] = "remote_explosive"
            before = len(ev.get("actors") or [])
            ev["actors"] = [a for a in ev.get("actors") or []
                            if not (a.get("role") == "perpetrator" and a.get("code") == "UAF")]
            if len(ev["actors"]) != before:
                log("R5 drop UAF with the bomber")
        if ev["type"] == "suicide_bomb" and not perpetrators(ev):
            log("R1 add UAF")
            ev.setdefault("actors", []).insert(0, {"role": "perpetrator", "code": "UAF",
                                                   "text": bomber_word(ev.get("quote") or "", text)})
        for d, words, attackers in SWAPPED:
            if doc["id"] != d or words not in (ev.get("quote") or ""):
                continue
            for a in ev.get("actors") or []:
                role = "perpetrator" if a.get("code") in attackers else "target"
                if a.get("role") in ("perpetrator", "target") and a["role"] != role:
                    log(f"R8 {a.get('code')} {a['role']} -> {role}")
                    a["role"] = role
        for a in ev.get("actors") or []:
            if a.get("code") in CODES:
                log(f"R7 {a['code']} -> {CODES[a['code']]}")
                a["code"] = CODES[a["code"]]
        kept.append(ev)
    doc["events"] = kept


def main():
    dry = "--dry-run" in sys.argv
    texts = {}
    with open(POOL, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            texts[d["id"]] = (d.get("title") or "") + "\n\n" + (d.get("text") or "")
    files = sorted(glob.glob(os.path.join(ROOT, "data/annotations/batch-*.jsonl")))
    files += sorted(glob.glob(os.path.join(ROOT, "data/annotations/agreement/*.jsonl")))
    for path in files:
        out = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                apply(doc, texts[doc["id"]], lambda m: print(f"{os.path.basename(path)} {doc['id']} {m}"))
                out.append(json.dumps(doc, ensure_ascii=False))
        if not dry:
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
