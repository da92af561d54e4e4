#!/usr/bin/env python3
"""Shows, event by event, where predictions differ from gold (pairing as score.py pairs).

    python3 tools/eval/diff.py GOLD PRED [--field perpetrator|attribution|casualties|type|location|all] [--doc ID]

Uses ../shared/eval/score.py's own pairing, so what it lists is what the scorer counts.
"""
import argparse
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCORER = os.path.join(HERE, "../../../shared/eval/score.py")
spec = importlib.util.spec_from_file_location("score", SCORER)
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)


def short(ev):
    loc = ev.get("location") or {}
    perps = sorted(score.perpetrators(ev))
    att = sorted(score.attributions(ev))
    kil = sorted(score.killed(ev), key=str)
    cas = [(c.get("kind"), c.get("low"), c.get("high"), c.get("group")) for c in ev.get("casualties") or []]
    return (f"{ev.get('type')} | {(ev.get('date') or {}).get('value')} | {loc.get('name')} {loc.get('country')} "
            f"({loc.get('lat')},{loc.get('lon')}) | perp {perps} | attr {att} | cas {cas}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--field", default="all")
    ap.add_argument("--doc")
    a = ap.parse_args()
    gold = score.read_jsonl(a.gold)
    pred = score.read_jsonl(a.pred)
    for doc_id, gdoc in gold.items():
        if a.doc and doc_id != a.doc:
            continue
        g = [e for e in gdoc.get("events") or [] if score.scored(e)]
        p = [e for e in (pred.get(doc_id) or {}).get("events") or [] if score.scored(e)]
        pairs = score.pair(g, p)
        paired_g = {id(x) for x, _ in pairs}
        paired_p = {id(y) for _, y in pairs}
        lines = []
        for ge, pe in pairs:
            bad = []
            if ge.get("type") != pe.get("type"):
                bad.append("type")
            if score.perpetrators(ge) != score.perpetrators(pe):
                bad.append("perpetrator")
            if score.attributions(ge) != score.attributions(pe):
                bad.append("attribution")
            if score.point(ge) and not (score.point(pe) and score.km(score.point(ge), score.point(pe)) <= 25):
                bad.append("location")
            if score.killed(ge) and score.killed(ge) != score.killed(pe):
                bad.append("casualties")
            if a.field != "all" and a.field not in bad:
                continue
            if bad or a.field == "all":
                lines.append(f"  ~ {','.join(bad) or 'ok'}\n    G {short(ge)}\n    P {short(pe)}")
        if a.field in ("all", "missed"):
            for ge in g:
                if id(ge) not in paired_g:
                    lines.append(f"  - missed  G {short(ge)}\n      quote: {(ge.get('quote') or '')[:160]}")
        if a.field in ("all", "spurious"):
            for pe in p:
                if id(pe) not in paired_p:
                    lines.append(f"  + spurious P {short(pe)}")
        if lines:
            print(doc_id)
            print("\n".join(lines))


if __name__ == "__main__":
    main()
