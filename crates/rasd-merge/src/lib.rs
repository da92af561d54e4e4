//! rasd's cross-document merge rule: reports of the same event from different articles become
//! one event that links every report.
//!
//! This crate is the one implementation of the rule: the store (`rasd-store`) runs it after
//! every ingest batch, and the Python bindings expose it for a Spark job that partitions
//! reports by country and week. It does no I/O.
//!
//! # The rule
//!
//! Two reports are [`compatible`] when all of these hold:
//!
//! 1. they come from different documents;
//! 2. both have a type whose `family` (column of `taxonomy.tsv`) is the same and known;
//! 3. both have a day-precision date, and the dates are at most one day apart;
//! 4. neither is `negated`, `future` or `hypothetical` (those are not reports of something
//!    that happened);
//! 5. both are placed in the same country, and either both points are of neighbourhood, town or
//!    district precision and lie within 25 km of each other, or both places are neighbourhoods
//!    or towns with the same gazetteer id or the same normalized name. Places of region or
//!    country precision never merge: "an air strike in Yemen" on two days is not evidence of one
//!    event;
//! 6. their perpetrators are compatible: when both name perpetrators, at least one of them
//!    matches (the same code, one code a prefix of the other as in `SYR` / `SYRMIL`, or the same
//!    normalized name). A report that names none is compatible with any.
//!
//! [`merge`] clusters reports with complete linkage: every two members of a merged event are
//! compatible (or joined by a reviewer), so a chain of daily reports from one town does not
//! become one event a month long. Clustering is deterministic and independent of input order:
//! reports are sorted by id, candidate pairs are taken in a canonical order (nearest in days,
//! then in metres, then by the two ids) and two clusters join when every cross pair is
//! compatible and no reviewer keeps them apart (Kruskal's procedure with a complete-linkage
//! test). Reviewer constraints ([`Constraints`]) come first: must-link pairs are joined before
//! any other (transitively: a reviewer who joins two events links each member to one of them),
//! cannot-link pairs are never in one cluster (a cannot-link wins over a must-link).
//!
//! Each merged event gets an id derived from its smallest member report id ([`event_id`]), the
//! most common type and date of its members, and reconciled casualty figures ([`reconcile`]).
//!
//! ```
//! use rasd_extract::record::{DatePrecision, Modality, PlacePrecision};
//! use rasd_merge::{merge, Constraints, Report};
//! let report = |id: &str, doc: &str, date: &str| Report {
//!     id: id.into(), document: doc.into(), event_type: "air_strike".into(),
//!     family: "remote".into(), date: Some(date.into()), date_precision: Some(DatePrecision::Day),
//!     country: Some("SY".into()), place: Some("حلب".into()),
//!     place_precision: Some(PlacePrecision::Town), gazetteer_id: None, lat: Some(36.2),
//!     lon: Some(37.16), perpetrators: vec![], modality: Modality::Reported, confidence: 0.8,
//!     claims: vec![],
//! };
//! let events = merge(
//!     &[report("a#1", "a", "2016-12-12"), report("b#1", "b", "2016-12-13"),
//!       report("c#1", "c", "2016-12-20")],
//!     &Constraints::default(),
//! );
//! assert_eq!(events.len(), 2);
//! assert_eq!(events.iter().map(|e| e.members.len()).max(), Some(2));
//! ```
#![deny(missing_docs)]

mod reconcile;
mod report;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rasd_extract::record::{CasualtyKind, PlacePrecision};
use serde::{Deserialize, Serialize};

pub use reconcile::{reconcile, report_figure, Figures, Reconciled};
pub use report::{families, Claim, Report};

/// Places of reports of one event lie at most this far apart.
pub const MAX_DISTANCE_KM: f64 = 25.0;
/// Dates of reports of one event lie at most this many days apart.
pub const MAX_DAYS_APART: i64 = 1;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The embedded taxonomy cannot be read.
    #[error("taxonomy: {0}")]
    Taxonomy(String),
}

/// Reviewer decisions that re-merging must respect: pairs of report ids.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraints {
    /// Reports that belong to one event whatever the rule says (a reviewer's merge).
    pub must_link: Vec<(String, String)>,
    /// Reports that never belong to one event (a reviewer's split).
    pub cannot_link: Vec<(String, String)>,
}

/// One merged event: a cluster of reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergedEvent {
    /// `e-` and 16 hex digits derived from the smallest member id ([`event_id`]).
    pub id: String,
    /// Member report ids, sorted.
    pub members: Vec<String>,
    /// The member whose place is finest (then the most confident, then the smallest id): the
    /// event's place, actors and modality are taken from it.
    pub representative: String,
    /// The most common type of the members (ties: the representative's).
    pub event_type: String,
    /// The family of that type.
    pub family: String,
    /// The most common date of the members (ties: the earliest).
    pub date: Option<String>,
    /// Reconciled killed figures.
    pub killed: Option<Figures>,
    /// Reconciled injured figures.
    pub injured: Option<Figures>,
    /// Reports disagree on killed or injured figures.
    pub conflicting: bool,
}

/// The id of a merged event whose smallest member report id is `smallest_member`: `e-` and the
/// FNV-1a 64-bit hash in hex. Stable across runs, platforms and versions (a URL path segment:
/// report ids carry `#`).
pub fn event_id(smallest_member: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in smallest_member.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("e-{hash:016x}")
}

/// A report with what the rule reads from it computed once: `merge` compares each report with
/// hundreds of neighbours, and parsing its date on every comparison dominated the time.
struct Prepared<'a> {
    report: &'a Report,
    /// Day number, when it can merge at all (rule items 2, 3, 4 and the place part of 5).
    day: Option<i64>,
    point: Option<(f64, f64)>,
    named: Option<&'a str>,
}

impl<'a> Prepared<'a> {
    fn new(r: &'a Report) -> Self {
        let point = point(r);
        let named = named_place(r);
        let mergeable = !r.family.is_empty()
            && !r.modality.unrealized()
            && r.country.is_some()
            && (point.is_some() || named.is_some());
        Prepared {
            report: r,
            day: if mergeable { r.day() } else { None },
            point,
            named,
        }
    }
}

/// The point of a report whose place is fine enough to compare by distance.
fn point(r: &Report) -> Option<(f64, f64)> {
    use PlacePrecision::{District, Neighbourhood, Town};
    match (r.place_precision, r.lat, r.lon) {
        (Some(Neighbourhood | Town | District), Some(lat), Some(lon))
            if lat.is_finite() && lon.is_finite() =>
        {
            Some((lat, lon))
        }
        _ => None,
    }
}

/// The name of a neighbourhood or town, for the same-place test.
fn named_place(r: &Report) -> Option<&str> {
    match r.place_precision {
        Some(PlacePrecision::Neighbourhood | PlacePrecision::Town) => {
            r.place.as_deref().filter(|p| !p.is_empty())
        }
        _ => None,
    }
}

/// Great-circle distance in kilometres.
fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// The distance of two compatible places in whole metres (0 for the same named place), used
/// to order candidate pairs; `None` when the places do not match.
fn place_distance_m(a: &Prepared<'_>, b: &Prepared<'_>) -> Option<u64> {
    let same_name = match (a.named, b.named) {
        (Some(x), Some(y)) => {
            x == y
                || matches!((&a.report.gazetteer_id, &b.report.gazetteer_id),
                            (Some(g), Some(h)) if g == h && !g.is_empty())
        }
        _ => false,
    };
    if same_name {
        return Some(0);
    }
    let km = haversine_km(a.point?, b.point?);
    // The cast is exact enough: 25 km is 25,000 m.
    (km <= MAX_DISTANCE_KM).then(|| (km * 1000.0).round() as u64)
}

fn actors_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let coded = |s: &str| !s.starts_with("name:") && s.len() >= 3;
    coded(a) && coded(b) && (a.starts_with(b) || b.starts_with(a))
}

fn perpetrators_compatible(a: &Report, b: &Report) -> bool {
    a.perpetrators.is_empty()
        || b.perpetrators.is_empty()
        || a.perpetrators
            .iter()
            .any(|x| b.perpetrators.iter().any(|y| actors_match(x, y)))
}

/// Whether two reports may be reports of one event (the rule in the crate docs). Symmetric.
pub fn compatible(a: &Report, b: &Report) -> bool {
    pair_key(&Prepared::new(a), &Prepared::new(b)).is_some()
}

/// `(days apart, metres apart)` of a compatible pair, the order in which pairs are tried.
fn pair_key(a: &Prepared<'_>, b: &Prepared<'_>) -> Option<(i64, u64)> {
    let days = (a.day? - b.day?).abs();
    let (x, y) = (a.report, b.report);
    if days > MAX_DAYS_APART
        || x.document == y.document
        || x.family != y.family
        || x.country != y.country
        || !perpetrators_compatible(x, y)
    {
        return None;
    }
    Some((days, place_distance_m(a, b)?))
}

/// Union-find over report indices with the member list of each root.
struct Clusters {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Clusters {
    fn new(n: usize) -> Self {
        Clusters {
            parent: (0..n).collect(),
            members: (0..n).map(|i| vec![i]).collect(),
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Joins two clusters; the smaller root index stays root so the structure does not depend
    /// on which side came first.
    fn join(&mut self, a: usize, b: usize) {
        let (keep, gone) = (a.min(b), a.max(b));
        self.parent[gone] = keep;
        let moved = std::mem::take(&mut self.members[gone]);
        self.members[keep].extend(moved);
    }
}

/// Clusters reports into merged events (see the crate docs for the rule).
///
/// The output is sorted by event id and depends only on the set of reports and constraints,
/// never on their order. Reports with a duplicate id are taken once (the first in id order
/// and then field order wins, which is again order-independent only when duplicates are
/// identical, as they are for one record). Constraints naming unknown reports are ignored.
pub fn merge(reports: &[Report], constraints: &Constraints) -> Vec<MergedEvent> {
    let mut sorted: Vec<&Report> = reports.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    sorted.dedup_by(|a, b| a.id == b.id);
    let prepared: Vec<Prepared<'_>> = sorted.iter().map(|r| Prepared::new(r)).collect();
    let index: HashMap<&str, usize> = sorted
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let pair = |x: &str, y: &str| -> Option<(usize, usize)> {
        let (i, j) = (*index.get(x)?, *index.get(y)?);
        (i != j).then(|| (i.min(j), i.max(j)))
    };
    let cannot: BTreeSet<(usize, usize)> = constraints
        .cannot_link
        .iter()
        .filter_map(|(x, y)| pair(x, y))
        .collect();
    let must: BTreeSet<(usize, usize)> = constraints
        .must_link
        .iter()
        .filter_map(|(x, y)| pair(x, y))
        .collect();
    let kept_apart = |clusters: &Clusters, a: usize, b: usize| {
        !cannot.is_empty()
            && clusters.members[a].iter().any(|&x| {
                clusters.members[b]
                    .iter()
                    .any(|&y| cannot.contains(&(x.min(y), x.max(y))))
            })
    };

    let mut clusters = Clusters::new(sorted.len());
    for &(i, j) in &must {
        let (a, b) = (clusters.root(i), clusters.root(j));
        if a != b && !kept_apart(&clusters, a, b) {
            clusters.join(a, b);
        }
    }

    // Candidate pairs: within one (country, family) block, dates at most a day apart.
    let mut blocks: BTreeMap<(&str, &str), Vec<(i64, usize)>> = BTreeMap::new();
    for (i, p) in prepared.iter().enumerate() {
        if let (Some(country), Some(day)) = (p.report.country.as_deref(), p.day) {
            let r = p.report;
            blocks
                .entry((country, r.family.as_str()))
                .or_default()
                .push((day, i));
        }
    }
    let mut candidates: Vec<(i64, u64, usize, usize)> = Vec::new();
    for block in blocks.values_mut() {
        block.sort_unstable();
        for (k, &(day, i)) in block.iter().enumerate() {
            for &(other_day, j) in &block[k + 1..] {
                if other_day - day > MAX_DAYS_APART {
                    break;
                }
                if let Some((days, metres)) = pair_key(&prepared[i], &prepared[j]) {
                    candidates.push((days, metres, i.min(j), i.max(j)));
                }
            }
        }
    }
    candidates.sort_unstable();

    // Must-links are transitive: what a reviewer joined counts as linked in the complete-
    // linkage test below, pair by pair.
    let joined: Vec<usize> = (0..sorted.len()).map(|i| clusters.root(i)).collect();
    let linkable = |x: usize, y: usize| {
        joined[x] == joined[y] || pair_key(&prepared[x], &prepared[y]).is_some()
    };
    for (_, _, i, j) in candidates {
        let (a, b) = (clusters.root(i), clusters.root(j));
        if a == b || kept_apart(&clusters, a, b) {
            continue;
        }
        let complete = clusters.members[a]
            .iter()
            .all(|&x| clusters.members[b].iter().all(|&y| linkable(x, y)));
        if complete {
            clusters.join(a, b);
        }
    }

    let mut events: Vec<MergedEvent> = (0..sorted.len())
        .filter(|&i| clusters.parent[i] == i)
        .filter_map(|root| {
            let members: Vec<&Report> = clusters.members[root].iter().map(|&i| sorted[i]).collect();
            MergedEvent::from_members(&members)
        })
        .collect();
    events.sort_by(|a, b| a.id.cmp(&b.id));
    events
}

impl MergedEvent {
    /// The merged event of `members`, one cluster of the rule (or a single report: `rasd
    /// extract` writes each record as the event of its one report, so that a record and the
    /// store's event of that report read the same). `None` when `members` is empty.
    pub fn from_members(members: &[&Report]) -> Option<MergedEvent> {
        let mut members = members.to_vec();
        members.sort_by(|a, b| a.id.cmp(&b.id));
        members.dedup_by(|a, b| a.id == b.id);
        let first = *members.first()?;
        Some(summarize(&members, first))
    }
}

/// The merged event of one cluster; `members` sorted by id, `first` the first of them.
fn summarize(members: &[&Report], first: &Report) -> MergedEvent {
    let representative = members
        .iter()
        .min_by(|a, b| {
            a.precision_rank()
                .cmp(&b.precision_rank())
                .then_with(|| b.confidence.total_cmp(&a.confidence))
                .then_with(|| a.id.cmp(&b.id))
        })
        .copied()
        .unwrap_or(first);
    let event_type = most_common(members.iter().map(|r| r.event_type.as_str()))
        .filter(|(_, tied)| !tied)
        .map_or(representative.event_type.as_str(), |(t, _)| t);
    let family = members
        .iter()
        .find(|r| r.event_type == event_type)
        .map_or(representative.family.clone(), |r| r.family.clone());
    // Ties between dates go to the earliest: `most_common` scans in sorted order.
    let date = most_common(members.iter().filter_map(|r| r.date.as_deref())).map(|(d, _)| d);
    let claims: Vec<&[Claim]> = members.iter().map(|r| r.claims.as_slice()).collect();
    let killed = reconcile(&claims, CasualtyKind::Killed);
    let injured = reconcile(&claims, CasualtyKind::Injured);
    MergedEvent {
        id: event_id(&first.id),
        members: members.iter().map(|r| r.id.clone()).collect(),
        representative: representative.id.clone(),
        event_type: event_type.to_owned(),
        family,
        date: date.map(str::to_owned),
        killed: killed.figures,
        injured: injured.figures,
        conflicting: killed.conflicting || injured.conflicting,
    }
}

/// The most common value (the smallest among equals) and whether another value is as common.
fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<(&'a str, bool)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let top = counts.values().copied().max()?;
    let mut best = counts.iter().filter(|(_, c)| **c == top).map(|(v, _)| *v);
    let first = best.next()?;
    Some((first, best.next().is_some()))
}

#[cfg(test)]
mod tests;
