//! The figures of `../shared/eval/score.py`, computed the same way: events paired one to one
//! inside each document, greedily by a compatibility score, then shares and P/R/F1 over the
//! pairs. `tests/reference.rs` checks this port against the Python scorer on real files.

use crate::taxonomy::family;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// One document of a gold or prediction file: its id and its events (format-1 JSON objects).
#[derive(Clone, Debug)]
pub struct ScoredDoc {
    /// The document id (`id`, or `doc.id` in the extractor's output).
    pub id: String,
    /// The events, as written.
    pub events: Vec<Value>,
}

/// Precision, recall and F1 of a count of hits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Hits over predicted.
    pub precision: f64,
    /// Hits over gold.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
    /// Hits.
    pub tp: usize,
    /// Predicted items.
    pub pred: usize,
    /// Gold items.
    pub gold: usize,
}

impl Prf {
    /// The figures of `tp` hits among `pred` predicted and `gold` true items, as score.py
    /// defines them for empty sides (nothing predicted of nothing is perfect precision).
    pub fn new(tp: usize, pred: usize, gold: usize) -> Prf {
        let p = if pred > 0 {
            tp as f64 / pred as f64
        } else if gold == 0 {
            1.0
        } else {
            0.0
        };
        let r = if gold > 0 {
            tp as f64 / gold as f64
        } else {
            1.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            precision: round4(p),
            recall: round4(r),
            f1: round4(f),
            tp,
            pred,
            gold,
        }
    }
}

/// A share of hits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Share {
    /// Hits over the total; `None` when there is nothing to count.
    pub accuracy: Option<f64>,
    /// Hits.
    pub hits: usize,
    /// Total.
    pub of: usize,
}

impl Share {
    fn new(hits: usize, of: usize) -> Share {
        Share {
            accuracy: (of > 0).then(|| round4(hits as f64 / of as f64)),
            hits,
            of,
        }
    }
}

/// Every figure score.py reports, under the same names when serialized.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Gold documents.
    pub documents: usize,
    /// Gold documents with no line in the predictions.
    pub missing_documents: usize,
    /// Paired events.
    pub events: Prf,
    /// Pairs right in full.
    pub strict: Prf,
    /// Pairs with the exact type.
    #[serde(rename = "type")]
    pub event_type: Share,
    /// Pairs with gold coordinates whose predicted point is within 25 km.
    #[serde(rename = "location@25km")]
    pub location_25km: Share,
    /// Pairs with a gold country whose country is right.
    pub country: Share,
    /// Pairs with a gold day whose day is right.
    pub date: Share,
    /// Pairs where either side names a perpetrator whose perpetrator codes are exactly gold's.
    pub perpetrator: Share,
    /// Perpetrator codes over pairs.
    pub perpetrator_codes: Prf,
    /// Pairs whose set of attribution kinds is gold's.
    pub attribution: Share,
    /// Attribution kinds over pairs.
    pub attribution_kinds: Prf,
    /// Casualty claims (kind, low, high) per document.
    pub casualties: Prf,
    /// The same with the group.
    #[serde(rename = "casualties+group")]
    pub casualties_group: Prf,
    /// Gold-empty documents where anything was extracted.
    pub false_alarm: Share,
}

/// Python's `round(x, 4)` for the figures (halves are too rare in ratios to matter).
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn scored(ev: &Value) -> bool {
    ev.get("type")
        .and_then(Value::as_str)
        .and_then(family)
        .is_some_and(|f| f != "verbal")
}

fn type_of(ev: &Value) -> Option<&str> {
    ev.get("type").and_then(Value::as_str)
}

fn point(ev: &Value) -> Option<(f64, f64)> {
    let loc = ev.get("location")?;
    Some((number(loc.get("lat")?)?, number(loc.get("lon")?)?))
}

/// A JSON number, or a string holding one (Python's `float()` reads both).
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn country(ev: &Value) -> Option<String> {
    ev.get("location")?
        .get("country")?
        .as_str()
        .filter(|c| !c.is_empty())
        .map(str::to_uppercase)
}

fn day(ev: &Value) -> Option<&str> {
    ev.get("date")?
        .get("value")?
        .as_str()
        .filter(|d| !d.is_empty())
}

/// Days from 0001-01-01 of the first ten characters of an ISO date, `None` when it is not one.
fn ordinal(s: &str) -> Option<i64> {
    let s = s.get(..10)?;
    let b = s.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s[..4].parse().ok()?;
    let m: i64 = s[5..7].parse().ok()?;
    let d: i64 = s[8..10].parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] || y < 1 {
        return None;
    }
    // Days before the year, the month, plus the day (proleptic Gregorian, as Python's date).
    let y1 = y - 1;
    let before_year = y1 * 365 + y1 / 4 - y1 / 100 + y1 / 400;
    let before_month: i64 = month_days[..(m - 1) as usize].iter().sum();
    Some(before_year + before_month + d)
}

fn days_apart(a: &str, b: &str) -> Option<i64> {
    Some((ordinal(a)? - ordinal(b)?).abs())
}

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1, lat2, lon2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    6371.0 * 2.0 * h.sqrt().min(1.0).asin()
}

fn strings_of<'v>(
    ev: &'v Value,
    list: &str,
    filter: impl Fn(&Value) -> bool,
    field: &str,
) -> BTreeSet<&'v str> {
    ev.get(list)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter(|a| filter(a))
                .filter_map(|a| a.get(field)?.as_str().filter(|s| !s.is_empty()))
                .collect()
        })
        .unwrap_or_default()
}

/// Perpetrator codes of an event.
pub fn perpetrators(ev: &Value) -> BTreeSet<&str> {
    strings_of(
        ev,
        "actors",
        |a| a.get("role").and_then(Value::as_str) == Some("perpetrator"),
        "code",
    )
}

/// Attribution kinds of an event.
pub fn attributions(ev: &Value) -> BTreeSet<&str> {
    strings_of(ev, "attribution", |_| true, "kind")
}

/// A bound of a claim as a comparable key: `None`, or the number's bits (12 and 12.0 are one).
type Bound = Option<u64>;

fn bound(v: Option<&Value>) -> Bound {
    v.and_then(number).map(|x| (x + 0.0).to_bits())
}

fn casualties(ev: &Value) -> &[Value] {
    ev.get("casualties")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn killed(ev: &Value) -> BTreeSet<(Bound, Bound)> {
    casualties(ev)
        .iter()
        .filter(|c| c.get("kind").and_then(Value::as_str) == Some("killed"))
        .map(|c| (bound(c.get("low")), bound(c.get("high"))))
        .collect()
}

fn compatible(g: &Value, p: &Value) -> Option<f64> {
    let (fg, fp) = (type_of(g).and_then(family), type_of(p).and_then(family));
    if fg != fp {
        return None;
    }
    let (dg, dp) = (day(g), day(p));
    if let (Some(a), Some(b)) = (dg, dp) {
        if days_apart(a, b)? > 1 {
            return None;
        }
    }
    if let (Some(a), Some(b)) = (country(g), country(p)) {
        if a != b {
            return None;
        }
    }
    let mut s = 1.0;
    if type_of(g) == type_of(p) {
        s += 2.0;
    }
    if let (Some(a), Some(b)) = (point(g), point(p)) {
        let d = km(a, b);
        s += if d <= 25.0 {
            2.0
        } else if d <= 100.0 {
            0.5
        } else {
            -1.0
        };
    }
    if !killed(g).is_disjoint(&killed(p)) {
        s += 1.0;
    }
    if !perpetrators(g).is_disjoint(&perpetrators(p)) {
        s += 0.5;
    }
    if let (Some(a), Some(b)) = (dg, dp) {
        if a.get(..10) == b.get(..10) {
            s += 0.5;
        }
    }
    Some(s)
}

/// Pairs gold and predicted events of one document as score.py does: every compatible pair
/// scored, then taken greedily from the best (ties in gold-then-prediction order).
pub fn pair<'v>(gold: &[&'v Value], pred: &[&'v Value]) -> Vec<(&'v Value, &'v Value)> {
    let mut candidates = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        for (j, p) in pred.iter().enumerate() {
            if let Some(s) = compatible(g, p) {
                candidates.push((s, i, j));
            }
        }
    }
    // A stable sort by score alone keeps the generation order among ties, as Python's does.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut used_g, mut used_p) = (vec![false; gold.len()], vec![false; pred.len()]);
    let mut pairs = Vec::new();
    for (_, i, j) in candidates {
        if used_g[i] || used_p[j] {
            continue;
        }
        used_g[i] = true;
        used_p[j] = true;
        pairs.push((gold[i], pred[j]));
    }
    pairs
}

fn full_match(g: &Value, p: &Value) -> bool {
    if type_of(g) != type_of(p) {
        return false;
    }
    if let Some(pg) = point(g) {
        if !point(p).is_some_and(|pp| km(pg, pp) <= 25.0) {
            return false;
        }
    }
    if let Some(dg) = day(g) {
        if day(p).is_none_or(|dp| dg.get(..10) != dp.get(..10)) {
            return false;
        }
    }
    if perpetrators(g) != perpetrators(p) {
        return false;
    }
    let kg = killed(g);
    kg.is_empty() || kg == killed(p)
}

/// A casualty claim as score.py compares them: kind, then "vague" or the bounds, then the
/// group when asked.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ClaimKey {
    kind: Option<String>,
    bounds: Option<(Bound, Bound)>,
    group: Option<Option<String>>,
}

fn claims(events: &[&Value], with_group: bool) -> Vec<ClaimKey> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    events
        .iter()
        .flat_map(|ev| casualties(ev).iter())
        .map(|c| ClaimKey {
            kind: text(c.get("kind")),
            bounds: (c.get("qualifier").and_then(Value::as_str) != Some("vague"))
                .then(|| (bound(c.get("low")), bound(c.get("high")))),
            group: with_group.then(|| text(c.get("group"))),
        })
        .collect()
}

fn multiset_overlap(a: &[ClaimKey], b: &[ClaimKey]) -> usize {
    let mut counts: HashMap<&ClaimKey, (usize, usize)> = HashMap::new();
    for k in a {
        counts.entry(k).or_default().0 += 1;
    }
    for k in b {
        counts.entry(k).or_default().1 += 1;
    }
    counts.values().map(|(x, y)| (*x).min(*y)).sum()
}

/// Counters summed over documents, turned into [`Figures`] at the end.
#[derive(Default)]
struct Tally {
    gold: usize,
    pred: usize,
    paired: usize,
    strict: usize,
    type_ok: usize,
    loc: (usize, usize),
    country: (usize, usize),
    date: (usize, usize),
    perp: (usize, usize),
    perp_codes: (usize, usize, usize),
    attr_ok: usize,
    attr_kinds: (usize, usize, usize),
    claims: (usize, usize, usize),
    claims_group: usize,
    empty_docs: usize,
    false_alarms: usize,
    missing: usize,
}

impl Tally {
    fn pair(&mut self, g: &Value, p: &Value) {
        self.type_ok += usize::from(type_of(g) == type_of(p));
        self.strict += usize::from(full_match(g, p));
        if let Some(pg) = point(g) {
            self.loc.1 += 1;
            self.loc.0 += usize::from(point(p).is_some_and(|pp| km(pg, pp) <= 25.0));
        }
        if let Some(cg) = country(g) {
            self.country.1 += 1;
            self.country.0 += usize::from(country(p).as_deref() == Some(cg.as_str()));
        }
        if let Some(dg) = day(g) {
            self.date.1 += 1;
            self.date.0 += usize::from(day(p).is_some_and(|dp| dg.get(..10) == dp.get(..10)));
        }
        let (pg, pp) = (perpetrators(g), perpetrators(p));
        if !pg.is_empty() || !pp.is_empty() {
            self.perp.1 += 1;
            self.perp.0 += usize::from(pg == pp);
        }
        self.perp_codes.0 += pg.intersection(&pp).count();
        self.perp_codes.1 += pp.len();
        self.perp_codes.2 += pg.len();
        let (ag, ap) = (attributions(g), attributions(p));
        self.attr_ok += usize::from(ag == ap);
        self.attr_kinds.0 += ag.intersection(&ap).count();
        self.attr_kinds.1 += ap.len();
        self.attr_kinds.2 += ag.len();
    }

    fn figures(&self, documents: usize) -> Figures {
        Figures {
            documents,
            missing_documents: self.missing,
            events: Prf::new(self.paired, self.pred, self.gold),
            strict: Prf::new(self.strict, self.pred, self.gold),
            event_type: Share::new(self.type_ok, self.paired),
            location_25km: Share::new(self.loc.0, self.loc.1),
            country: Share::new(self.country.0, self.country.1),
            date: Share::new(self.date.0, self.date.1),
            perpetrator: Share::new(self.perp.0, self.perp.1),
            perpetrator_codes: Prf::new(self.perp_codes.0, self.perp_codes.1, self.perp_codes.2),
            attribution: Share::new(self.attr_ok, self.paired),
            attribution_kinds: Prf::new(self.attr_kinds.0, self.attr_kinds.1, self.attr_kinds.2),
            casualties: Prf::new(self.claims.0, self.claims.1, self.claims.2),
            casualties_group: Prf::new(self.claims_group, self.claims.1, self.claims.2),
            false_alarm: Share::new(self.false_alarms, self.empty_docs),
        }
    }
}

/// Scores predictions against gold: every gold document counts, a document missing from the
/// predictions counts as predicting nothing; prediction documents absent from gold are ignored.
pub fn score(gold: &[ScoredDoc], pred: &[ScoredDoc]) -> Figures {
    // The last line of an id wins, as a Python dict built line by line keeps it, at the
    // position of its first line.
    let mut gold_docs: Vec<&ScoredDoc> = Vec::new();
    let mut gold_at: HashMap<&str, usize> = HashMap::new();
    for d in gold {
        match gold_at.get(d.id.as_str()) {
            Some(&i) => gold_docs[i] = d,
            None => {
                gold_at.insert(&d.id, gold_docs.len());
                gold_docs.push(d);
            }
        }
    }
    let pred_by_id: HashMap<&str, &ScoredDoc> = pred.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut t = Tally::default();
    for gdoc in &gold_docs {
        let pdoc = pred_by_id.get(gdoc.id.as_str());
        if pdoc.is_none() {
            t.missing += 1;
        }
        let g: Vec<&Value> = gdoc.events.iter().filter(|e| scored(e)).collect();
        let p: Vec<&Value> = pdoc
            .map(|d| d.events.iter().filter(|e| scored(e)).collect())
            .unwrap_or_default();
        t.gold += g.len();
        t.pred += p.len();
        if g.is_empty() {
            t.empty_docs += 1;
            t.false_alarms += usize::from(!p.is_empty());
        }
        let pairs = pair(&g, &p);
        t.paired += pairs.len();
        for (ge, pe) in pairs {
            t.pair(ge, pe);
        }
        let (gc, pc) = (claims(&g, false), claims(&p, false));
        t.claims.0 += multiset_overlap(&gc, &pc);
        t.claims.1 += pc.len();
        t.claims.2 += gc.len();
        t.claims_group += multiset_overlap(&claims(&g, true), &claims(&p, true));
    }
    t.figures(gold_docs.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(id: &str, events: Vec<Value>) -> ScoredDoc {
        ScoredDoc {
            id: id.to_owned(),
            events,
        }
    }

    #[test]
    fn ordinal_days_match_the_calendar() {
        assert_eq!(days_apart("2016-03-01", "2016-02-28"), Some(2));
        assert_eq!(days_apart("2015-03-01", "2015-02-28"), Some(1));
        assert_eq!(days_apart("2015-12-31T10:00", "2016-01-01"), Some(1));
        assert_eq!(days_apart("2015-02-30", "2015-02-28"), None);
        assert_eq!(days_apart("20150228", "2015-02-28"), None);
    }

    #[test]
    fn an_extra_perpetrator_is_an_error() {
        let g = json!({"type": "attack", "actors": [{"role": "perpetrator", "code": "SYRMIL"}]});
        let p = json!({"type": "attack", "actors": [{"role": "perpetrator", "code": "SYRMIL"},
                                                      {"role": "perpetrator", "code": "SYRREB"}]});
        let f = score(&[doc("a", vec![g])], &[doc("a", vec![p])]);
        assert_eq!(f.events.tp, 1);
        assert_eq!(f.perpetrator.hits, 0);
        assert_eq!(f.perpetrator_codes.tp, 1);
        assert_eq!(f.strict.tp, 0);
    }

    #[test]
    fn verbal_events_are_not_scored_and_empty_documents_measure_false_alarms() {
        let verbal = json!({"type": "condemn"});
        let strike = json!({"type": "air_strike"});
        let f = score(
            &[doc("a", vec![verbal.clone()]), doc("b", vec![])],
            &[doc("a", vec![verbal]), doc("b", vec![strike])],
        );
        assert_eq!((f.events.gold, f.events.pred), (0, 1));
        assert_eq!((f.false_alarm.hits, f.false_alarm.of), (2 - 1, 2));
    }

    #[test]
    fn events_of_other_families_or_days_do_not_pair() {
        let g = json!({"type": "air_strike", "date": {"value": "2015-08-01"}});
        let far = json!({"type": "shelling", "date": {"value": "2015-08-03"}});
        let other = json!({"type": "armed_clash", "date": {"value": "2015-08-01"}});
        let f = score(&[doc("a", vec![g])], &[doc("a", vec![far, other])]);
        assert_eq!(f.events.tp, 0);
    }

    #[test]
    fn vague_claims_pair_on_kind_alone() {
        let g = json!({"type": "attack", "casualties": [
            {"kind": "killed", "low": 20, "high": 99, "qualifier": "vague", "group": "civilians"}]});
        let p = json!({"type": "attack", "casualties": [
            {"kind": "killed", "low": 3, "high": 9, "qualifier": "vague", "group": "unknown"}]});
        let f = score(&[doc("a", vec![g])], &[doc("a", vec![p])]);
        assert_eq!(f.casualties.tp, 1);
        assert_eq!(f.casualties_group.tp, 0);
    }
}
