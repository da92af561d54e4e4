//! Document-level merging: one event per type, place and day (ACLED's unit of analysis).
//!
//! - Body candidates with the same type, the same resolved place as their sentences tell it
//!   (`Candidate::told_at`: gazetteer id, else the name as written) and the same day become
//!   one event.
//! - A definite event noun (الانفجار، الهجوم) refers back: it joins the latest event of its
//!   type (else family) and brings its figures, not a new place or day.
//! - A headline restates the lead: its candidates join the first body event of the same type
//!   (else of the same family) and only stand alone when the body has none.
//! - A figure repeated in several sentences ("137 قتيلا" in the lead and again later) is one
//!   claim: within an event, claims with the same kind and bounds are kept once; the
//!   headline's figures are dropped when the body gives the same ones.

use crate::analysis::Analysis;
use crate::candidate::{ActorRef, Candidate, Modality, Role};
use crate::casualty::CasualtyClaim;
use std::collections::{HashMap, HashSet};

fn place_key(analysis: &Analysis, c: &Candidate) -> String {
    match c.told_at {
        None => String::new(),
        Some(p) => {
            let r = &analysis.resolved[p];
            r.gazetteer_id
                .clone()
                .unwrap_or_else(|| rasd_text::normalize(&r.name))
        }
    }
}

fn date_key(c: &Candidate) -> Option<chrono::NaiveDate> {
    c.date.as_ref().and_then(|d| d.value)
}

fn same_claim(a: &CasualtyClaim, b: &CasualtyClaim) -> bool {
    a.kind == b.kind && a.low == b.low && a.high == b.high && a.qualifier == b.qualifier
}

/// Folds `from` into `into`.
fn absorb(into: &mut Candidate, from: Candidate) {
    // A day read from the text beats one inherited from the document date.
    let explicit = |c: &Candidate| c.date.as_ref().is_some_and(|d| d.span.is_some());
    if !explicit(into) && explicit(&from) {
        into.date = from.date.clone();
    }
    for a in from.actors {
        if !into
            .actors
            .iter()
            .any(|b| b.role == a.role && (b.code == a.code || b.span.overlaps(a.span)))
        {
            into.actors.push(a);
        }
    }
    // One mention may guess an unidentified attacker where another names the perpetrator:
    // the named one stands.
    let unidentified =
        |a: &ActorRef| a.role == Role::Perpetrator && a.code.as_deref() == Some("UAF");
    if into
        .actors
        .iter()
        .any(|a| a.role == Role::Perpetrator && !unidentified(a))
    {
        into.actors.retain(|a| !unidentified(a));
    }
    for k in from.casualties {
        if !into.casualties.iter().any(|c| same_claim(c, &k)) {
            into.casualties.push(k);
        }
    }
    for a in from.attribution {
        if !into.attribution.iter().any(|b| b.span == a.span) {
            into.attribution.push(a);
        }
    }
    for e in from.evidence {
        if !into.evidence.contains(&e) {
            into.evidence.push(e);
        }
    }
    if into.detail.is_none() {
        into.detail = from.detail.clone();
    }
    // The more guarded reading wins: reported over asserted, denied over both.
    into.modality = into.modality.min(from.modality);
    if !into.attribution.is_empty() && into.modality == Modality::Asserted {
        into.modality = Modality::Reported;
    }
    into.confidence = into.confidence.max(from.confidence);
    into.anchor = into.anchor.min(from.anchor);
}

/// Merges a document's candidates into its events, ordered by first evidence.
pub(crate) fn merge(analysis: &Analysis, candidates: Vec<Candidate>) -> Vec<Candidate> {
    let (title, body): (Vec<Candidate>, Vec<Candidate>) =
        candidates.into_iter().partition(|c| c.in_title);
    let mut events: Vec<Candidate> = Vec::new();
    // Index of the event of each (type, place, day), so merging stays linear.
    let mut by_key: HashMap<(String, String, Option<chrono::NaiveDate>), usize> = HashMap::new();
    for c in body {
        if c.anaphoric {
            // "الانفجار" refers to the explosion just told: the latest event of its type,
            // else of its family.
            // A noun that names no kind of violence (الهجوم، الحادث) may refer to any.
            let target = events
                .iter()
                .rposition(|e| e.event_type == c.event_type)
                .or_else(|| events.iter().rposition(|e| e.family == c.family))
                .or_else(|| events.iter().rposition(|e| !e.is_verbal()));
            if let Some(i) = target {
                absorb_reference(&mut events[i], c);
                continue;
            }
        }
        // A later sentence that repeats an event's figure at its place ("داعش يفجر حمام سباحة
        // ويقتل 12 شخصاً" closing a report on a suicide attack) restates it, under another
        // word of the same family: it brings its actors to that event.
        let restated = events.iter().rposition(|e| {
            e.family == c.family
                && e.event_type != c.event_type
                && !c.is_verbal()
                && (c.told_at.is_none() || place_key(analysis, e) == place_key(analysis, &c))
                && repeats_a_figure(e, &c)
        });
        if let Some(i) = restated {
            absorb_reference(&mut events[i], c);
            continue;
        }
        let key = (c.event_type.clone(), place_key(analysis, &c), date_key(&c));
        match by_key.get(&key) {
            Some(&i) => absorb(&mut events[i], c),
            None => {
                by_key.insert(key, events.len());
                events.push(c);
            }
        }
    }
    let body_claims: Vec<CasualtyClaim> = events
        .iter()
        .flat_map(|e| e.casualties.iter().cloned())
        .collect();
    for mut c in title {
        // The event whose figure the headline gives, else the first of its type or family.
        let target = events
            .iter()
            .position(|e| e.family == c.family && repeats_a_figure(e, &c))
            .or_else(|| events.iter().position(|e| e.event_type == c.event_type))
            .or_else(|| events.iter().position(|e| e.family == c.family));
        c.casualties
            .retain(|k| !body_claims.iter().any(|b| same_claim(b, k)));
        match target {
            Some(i) => {
                // The headline adds figures and actors but not a place or day of its own.
                let e = &mut events[i];
                let anchor = e.anchor;
                absorb(e, c);
                e.anchor = anchor;
            }
            None => events.push(c),
        }
    }
    events.sort_by_key(|e| e.anchor);
    drop_repeated_figures(&mut events);
    events
}

/// Absorbs a later mention that refers back to `into` (an anaphoric noun, a restatement): its
/// actors, figures and sources join, but the event keeps its own day and place (`absorb` never
/// changes the place) and its first evidence.
fn absorb_reference(into: &mut Candidate, from: Candidate) {
    let (date, anchor) = (into.date.clone(), into.anchor);
    absorb(into, from);
    into.date = date;
    into.anchor = anchor;
}

/// Whether `later` gives a figure of three or more that `earlier` already gives, of the same
/// kind, whatever its qualifier ("12 على الأقل" and "12"); small figures recur across real
/// events.
fn repeats_a_figure(earlier: &Candidate, later: &Candidate) -> bool {
    later.casualties.iter().any(|k| {
        k.low.or(k.high).is_some_and(|n| n >= 3)
            && earlier
                .casualties
                .iter()
                .any(|e| e.kind == k.kind && e.low.or(e.high) == k.low.or(k.high))
    })
}

/// A figure of three or more that a later event of the same family repeats (a closing line
/// restating the headline: "داعش يفجر حمام سباحة ويقتل 12 شخصاً") is the same claim; small
/// figures (1, 2) recur across real events and are kept.
fn drop_repeated_figures(events: &mut [Candidate]) {
    let mut seen: HashSet<(String, crate::casualty::CasualtyKind, u64)> = HashSet::new();
    for e in events.iter_mut() {
        e.casualties.retain(|k| match k.low.or(k.high) {
            Some(n) if n >= 3 => seen.insert((e.family.clone(), k.kind, n)),
            _ => true,
        });
    }
}
