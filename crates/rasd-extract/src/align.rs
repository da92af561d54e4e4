//! Alignment of gold annotations with proposals: which proposal tells which gold event, and
//! so what each decision should have said. Gold records carry no offsets (GOLD.md does not
//! ask for spans), so an event is found through its `quote`, located in the document by its
//! word trigrams, and its actors, sources and figures through their codes, texts and bounds.

use crate::analysis::Analysis;
use crate::propose::{ActorOption, Proposal, Proposals, SourceOption};
use rasd_text::normalize;
use serde_json::Value;
use std::collections::HashMap;
use std::ops::Range;

/// A gold event as alignment reads it.
#[derive(Clone, Debug)]
pub(crate) struct GoldEvent {
    pub event_type: String,
    pub family: String,
    pub point: Option<(f64, f64)>,
    /// The place's name, normalized.
    pub place: String,
    pub actors: Vec<GoldActor>,
    pub attribution: Vec<GoldSource>,
    pub casualties: Vec<GoldClaim>,
    /// Where its quote lies in the normalized text.
    pub quote: Option<Range<usize>>,
}

/// A gold actor: role, code and normalized text.
#[derive(Clone, Debug)]
pub(crate) struct GoldActor {
    pub role: String,
    pub code: Option<String>,
    pub text: String,
}

/// A gold source: kind and normalized text.
#[derive(Clone, Debug)]
pub(crate) struct GoldSource {
    pub kind: String,
    pub text: String,
}

/// A gold casualty claim.
#[derive(Clone, Debug)]
pub(crate) struct GoldClaim {
    pub kind: String,
    pub low: Option<u64>,
    pub high: Option<u64>,
    pub vague: bool,
    pub group: String,
}

impl GoldClaim {
    /// Whether an extracted claim is this one: the same kind and bounds, or both vague.
    fn is(&self, c: &crate::casualty::CasualtyClaim) -> bool {
        self.kind == c.kind.as_str()
            && if self.vague {
                c.qualifier.as_str() == "vague"
            } else {
                (self.low, self.high) == (c.low, c.high)
            }
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .map(normalize)
        .unwrap_or_default()
}

fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn list<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Reads the gold events of a document (format-1 shape) and locates their quotes.
pub(crate) fn gold_events(analysis: &Analysis, events: &[Value]) -> Vec<GoldEvent> {
    let index = TrigramIndex::new(analysis.norm());
    events
        .iter()
        .filter_map(|e| {
            let event_type = string(e, "type")?;
            let family = analysis
                .pipeline
                .lexicons
                .taxonomy
                .get(&event_type)?
                .family
                .clone();
            let loc = e.get("location").filter(|l| l.is_object());
            let point = loc.and_then(|l| Some((l.get("lat")?.as_f64()?, l.get("lon")?.as_f64()?)));
            Some(GoldEvent {
                family,
                point,
                place: loc.map(|l| text(l, "name")).unwrap_or_default(),
                actors: list(e, "actors")
                    .iter()
                    .map(|a| GoldActor {
                        role: string(a, "role").unwrap_or_default(),
                        code: string(a, "code"),
                        text: text(a, "text"),
                    })
                    .collect(),
                attribution: list(e, "attribution")
                    .iter()
                    .map(|a| GoldSource {
                        kind: string(a, "kind").unwrap_or_default(),
                        text: text(a, "text"),
                    })
                    .collect(),
                casualties: list(e, "casualties")
                    .iter()
                    .map(|c| GoldClaim {
                        kind: string(c, "kind").unwrap_or_default(),
                        low: c.get("low").and_then(Value::as_u64),
                        high: c.get("high").and_then(Value::as_u64),
                        vague: c.get("qualifier").and_then(Value::as_str) == Some("vague"),
                        group: string(c, "group").unwrap_or_else(|| "unknown".into()),
                    })
                    .collect(),
                quote: index.locate(&text(e, "quote")),
                event_type,
            })
        })
        .collect()
}

/// Word trigrams of the normalized text, to find a quote that the annotator copied with
/// small differences (spacing, punctuation, a word dropped).
struct TrigramIndex<'t> {
    words: Vec<(Range<usize>, &'t str)>,
    positions: HashMap<(&'t str, &'t str, &'t str), Vec<usize>>,
}

fn words(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (rasd_text::is_alphanumeric(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s..i, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s..text.len(), &text[s..]));
    }
    out
}

impl<'t> TrigramIndex<'t> {
    fn new(text: &'t str) -> Self {
        let words = words(text);
        let mut positions: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
        for i in 0..words.len().saturating_sub(2) {
            positions
                .entry((words[i].1, words[i + 1].1, words[i + 2].1))
                .or_default()
                .push(i);
        }
        TrigramIndex { words, positions }
    }

    /// The range of the document that the quote's trigrams cover most densely.
    fn locate(&self, quote: &str) -> Option<Range<usize>> {
        let q = words(quote);
        if q.len() < 3 {
            return None;
        }
        // For each trigram of the quote, the document positions where it starts, shifted to
        // where the quote would start: the most voted start is the quote's place.
        let mut votes: HashMap<isize, usize> = HashMap::new();
        for k in 0..q.len() - 2 {
            if let Some(ps) = self.positions.get(&(q[k].1, q[k + 1].1, q[k + 2].1)) {
                for &p in ps {
                    *votes.entry(p as isize - k as isize).or_default() += 1;
                }
            }
        }
        let (&start, &count) = votes.iter().max_by_key(|(s, c)| (**c, -**s))?;
        let trigrams = q.len() - 2;
        if count * 3 < trigrams.min(12) {
            return None;
        }
        let first = start.max(0) as usize;
        let last = (start + q.len() as isize - 1).clamp(0, self.words.len() as isize - 1) as usize;
        if first >= self.words.len() {
            return None;
        }
        Some(self.words[first].0.start..self.words[last].0.end)
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
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

/// Whether a place option is the gold event's place: its point within 25 km of the gold point
/// (the scorer's test). `None` when the gold event has no point.
pub(crate) fn gold_place(
    analysis: &Analysis,
    o: &crate::propose::PlaceOption,
    g: &GoldEvent,
) -> Option<bool> {
    let gp = g.point?;
    let r = &analysis.resolved[o.mention];
    Some(matches!((r.lat, r.lon), (Some(lat), Some(lon)) if km((lat, lon), gp) <= 25.0))
}

/// Whether a proposal's place can be the gold event's.
fn place_matches(analysis: &Analysis, p: &Proposal, g: &GoldEvent) -> bool {
    let Some((i, _)) = p.place else {
        return false;
    };
    let r = &analysis.resolved[i];
    if let (Some(lat), Some(lon), Some(gp)) = (r.lat, r.lon, g.point) {
        if km((lat, lon), gp) <= 25.0 {
            return true;
        }
    }
    let name = normalize(&r.name);
    !name.is_empty() && !g.place.is_empty() && (g.place.contains(&name) || name.contains(&g.place))
}

fn claims_match(p: &Proposal, g: &GoldEvent) -> bool {
    p.casualties
        .iter()
        .any(|c| g.casualties.iter().any(|k| k.is(c)))
}

/// How well a proposal fits a gold event (higher is better).
fn fit(analysis: &Analysis, p: &Proposal, g: &GoldEvent) -> i32 {
    let mut s = 0;
    if p.event_type == g.event_type {
        s += 4;
    }
    if p.family == g.family {
        s += 2;
    }
    if place_matches(analysis, p, g) {
        s += 3;
    }
    if claims_match(p, g) {
        s += 2;
    }
    s
}

/// The gold event each proposal tells, if any.
///
/// A proposal in a sentence of a gold event's quote tells it when it fits it best (same type,
/// family, place, figures); of several proposals of one sentence that fit one event, the best
/// tells it and the others only if they have its type (the merge joins them). A proposal
/// outside every quote (a headline, a restatement) tells an event of its type at its place.
pub(crate) fn align(
    analysis: &Analysis,
    proposals: &Proposals,
    gold: &[GoldEvent],
) -> Vec<Option<usize>> {
    let mut out = vec![None; proposals.events.len()];
    let mut best_for: HashMap<(usize, usize), (i32, usize)> = HashMap::new();
    for (k, p) in proposals.events.iter().enumerate() {
        let sentence = &analysis.sentences[p.sentence].range;
        let covering: Vec<usize> = gold
            .iter()
            .enumerate()
            .filter(|(_, g)| g.quote.as_ref().is_some_and(|q| overlaps(q, sentence)))
            .map(|(i, _)| i)
            .collect();
        if covering.is_empty() {
            out[k] = gold
                .iter()
                .position(|g| g.event_type == p.event_type && place_matches(analysis, p, g));
            continue;
        }
        let verbal = p.is_verbal();
        let choice = covering
            .into_iter()
            .filter(|&i| (gold[i].family == "verbal") == verbal)
            .map(|i| (fit(analysis, p, &gold[i]), i))
            .max_by_key(|&(s, i)| (s, std::cmp::Reverse(i)));
        let Some((score, i)) = choice else { continue };
        out[k] = Some(i);
        let key = (p.sentence, i);
        match best_for.get(&key) {
            Some(&(s, _)) if s >= score => {}
            _ => {
                best_for.insert(key, (score, k));
            }
        }
    }
    // Of one sentence's proposals for one event, keep the best and those of its type.
    for (k, p) in proposals.events.iter().enumerate() {
        if let Some(i) = out[k] {
            if let Some(&(_, best)) = best_for.get(&(p.sentence, i)) {
                if best != k && p.event_type != gold[i].event_type {
                    out[k] = None;
                }
            }
        }
    }
    out
}

/// The gold role of an actor option in a gold event: by code (and text among several of one
/// code), else by text; `None` when the event does not have it.
pub(crate) fn gold_role(analysis: &Analysis, a: &ActorOption, g: &GoldEvent) -> Option<String> {
    let surface = analysis.norm().get(a.normalized.clone()).unwrap_or("");
    let text_fits = |t: &str| {
        !t.is_empty() && !surface.is_empty() && (t.contains(surface) || surface.contains(t))
    };
    let by_code: Vec<&GoldActor> = g
        .actors
        .iter()
        .filter(|x| x.code.is_some() && x.code == a.code)
        .collect();
    if let Some(one) = by_code
        .iter()
        .find(|x| text_fits(&x.text))
        .or(by_code.first())
    {
        return Some(one.role.clone());
    }
    g.actors
        .iter()
        .find(|x| text_fits(&x.text))
        .map(|x| x.role.clone())
}

/// The gold kind of a source option in a gold event, by text.
pub(crate) fn gold_source(analysis: &Analysis, s: &SourceOption, g: &GoldEvent) -> Option<String> {
    let surface = analysis.norm().get(s.normalized.clone()).unwrap_or("");
    if surface.is_empty() {
        return None;
    }
    g.attribution
        .iter()
        .find(|x| !x.text.is_empty() && (x.text.contains(surface) || surface.contains(&x.text)))
        .map(|x| x.kind.clone())
}

/// The gold group of a claim in a gold event, by kind and bounds.
pub(crate) fn gold_group(c: &crate::casualty::CasualtyClaim, g: &GoldEvent) -> Option<String> {
    g.casualties
        .iter()
        .find(|k| k.is(c))
        .map(|k| k.group.clone())
}
