//! rasd's cross-document merge rule: reports of the same event from different articles become
//! one event that links every report.
//!
//! This crate is the one implementation of the rule: the store (`rasd-store`) runs it after
//! every ingest batch, and the Python bindings expose it for a Spark job that partitions
//! reports by country and week. It does no I/O.
//!
//! # The rule
//!
//! ACLED's unit is the event: one sub-event type, at one place, on one day
//! (`shared/spec/EVENTS.md`, "One event or two"); UCDP's low, best and high figures are only
//! meaningful over reports of one such event. Two reports are [`compatible`] when they can be
//! one event:
//!
//! 1. they come from different documents (one article's repetitions were merged by the
//!    extractor already);
//! 2. neither is `negated`, `future` or `hypothetical` (those are not reports of something
//!    that happened);
//! 3. **the same sub-event type** (rasd's types are ACLED's sub-event types one to one). Two
//!    outlets may type one event differently, an air strike told as shelling: reports of two
//!    types of one family of violence (battle, remote, civilians, protest, riot; not strategic
//!    developments or verbal events) join when two of them, one of each type, are at the very
//!    same place, within the day rule, and give the same toll (their killed, or injured,
//!    figures overlap); the other reports of the two events then need only be at that place (or
//!    a part of the town) within the day rule, whatever their tolls. The merged event lists the
//!    types as conflicting ([`MergedEvent::conflicting_types`]), as it flags conflicting tolls;
//! 4. **the same place**, in the same country: the same gazetteer entry; or, for a place the
//!    gazetteer does not know, the same name; or a part of a town the gazetteer does not know
//!    (placed at the town's point, [`PART_OF_TOWN_KM`]) named by one report where the other
//!    names only the town.
//!    Never two different named places, whatever the distance: two villages 2 km apart are two
//!    places, and two towns of one name 146 km apart are two places. A district or region of the
//!    gazetteer is the same place only as itself; a country never merges ("an air strike in
//!    Yemen" on one day is not evidence of one event);
//! 5. **the same day**, with a day-precision date. One day apart only where at least one report
//!    dates the event relative to its publication (اليوم، أمس، الاثنين: an article written at
//!    night or published the next morning shifts the day) or not at all (the publication date
//!    stands in); two dates written out (12 ديسمبر) must agree ([`DateBasis`]);
//! 6. **compatible perpetrators**: when both name perpetrators, at least one of them matches (the
//!    same code, one code a prefix of the other as in `SYR` / `SYRMIL`, or the same normalized
//!    name). A report that names none, or only an unidentified one (`UAF`), is compatible with
//!    any.
//!
//! [`merge`] clusters reports with complete linkage: every two members of a merged event are
//! compatible (or typed two ways at one place as item 3 allows, or joined by a reviewer), so
//! a chain of daily reports from one town does not become one event a month long.
//!
//! Then reports told less precisely join the one event told precisely that they can be (the
//! module `attach`): an event with no member at a town, or none with a day read from the text
//! (a region such as في منطقة عسير, no place finer than the country, a reaction piece with no
//! date), joins the one event with both, of its type, its perpetrators and its days, inside
//! that region (the gazetteer's first-level division of the town) or at that town (a report
//! with no date: up to [`LATE_REPORT_DAYS`] before its publication for single incidents such
//! as a bombing), or anywhere in the country when its tolls agree; when it could be two
//! events or none, it stays apart. ACLED codes such a report at the finer place and day.
//!
//! Clustering is deterministic and independent of input order: reports are sorted by id,
//! candidate pairs are taken in a canonical order (reports of one type before reports typed
//! differently, then nearest in days, then in metres, then by the two ids) and two clusters
//! join when every cross pair can be one event and no reviewer keeps them apart (Kruskal's
//! procedure with a complete-linkage test); attaching decides every vague event from those
//! clusters at once, and never against a reviewer's split. Reviewer constraints
//! ([`Constraints`]) come first: must-link pairs are joined before any other (transitively: a
//! reviewer who joins two events links each member to one of them), cannot-link pairs are never
//! in one cluster (a cannot-link wins over a must-link).
//!
//! Each merged event gets an id derived from its smallest member report id ([`event_id`]), the
//! most common type and date of its members, and reconciled casualty figures ([`reconcile`]).
//!
//! ```
//! use rasd_extract::record::{DatePrecision, Modality, PlacePrecision};
//! use rasd_merge::{merge, Constraints, DateBasis, Report};
//! let report = |id: &str, doc: &str, date: &str| Report {
//!     id: id.into(), document: doc.into(), event_type: "air_strike".into(),
//!     family: "remote".into(), date: Some(date.into()), date_precision: Some(DatePrecision::Day),
//!     date_basis: DateBasis::Relative, country: Some("SY".into()), place: Some("حلب".into()),
//!     place_precision: Some(PlacePrecision::Town), gazetteer_id: None, admin1: None,
//!     lat: Some(36.2), lon: Some(37.16), perpetrators: vec![], modality: Modality::Reported,
//!     confidence: 0.8, claims: vec![],
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

mod attach;
mod candidates;
mod reconcile;
mod report;
mod rule;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rasd_extract::record::CasualtyKind;
use serde::{Deserialize, Serialize};

pub use reconcile::{reconcile, report_figure, Figures, Reconciled};
pub use report::{families, Claim, DateBasis, Report};
pub use rule::{compatible, LATE_REPORT_DAYS, MAX_DAYS_APART, PART_OF_TOWN_KM, SAME_NAME_KM};

use rule::{linkable, Prepared};

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
    /// Reports type the event differently (rule item 3): every type they give, sorted; empty
    /// when they agree.
    #[serde(default)]
    pub conflicting_types: Vec<String>,
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

/// Whether a reviewer keeps a report of `xs` apart from one of `ys` (`cannot` holds the
/// cannot-link pairs of report indices, `(smaller, larger)`).
pub(crate) fn kept_apart(cannot: &BTreeSet<(usize, usize)>, xs: &[usize], ys: &[usize]) -> bool {
    !cannot.is_empty()
        && xs
            .iter()
            .any(|&x| ys.iter().any(|&y| cannot.contains(&(x.min(y), x.max(y)))))
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
    let apart = |clusters: &Clusters, a: usize, b: usize| {
        kept_apart(&cannot, &clusters.members[a], &clusters.members[b])
    };

    let mut clusters = Clusters::new(sorted.len());
    for &(i, j) in &must {
        let (a, b) = (clusters.root(i), clusters.root(j));
        if a != b && !apart(&clusters, a, b) {
            clusters.join(a, b);
        }
    }

    // Candidate pairs: compatible, sorted by (typed differently, days, place), then ids.
    let candidates = candidates::candidate_pairs(&prepared);

    // Must-links are transitive: what a reviewer joined counts as linked in the complete-
    // linkage test below, pair by pair.
    let joined: Vec<usize> = (0..sorted.len()).map(|i| clusters.root(i)).collect();
    let may_link =
        |x: usize, y: usize| joined[x] == joined[y] || linkable(&prepared[x], &prepared[y]);
    for (_, i, j) in candidates {
        let (a, b) = (clusters.root(i), clusters.root(j));
        if a == b || apart(&clusters, a, b) {
            continue;
        }
        let complete = clusters.members[a]
            .iter()
            .all(|&x| clusters.members[b].iter().all(|&y| may_link(x, y)));
        if complete {
            clusters.join(a, b);
        }
    }

    // Events told less precisely join the one event told precisely that they can be.
    let roots: Vec<usize> = (0..sorted.len())
        .filter(|&i| clusters.parent[i] == i)
        .collect();
    let groups: Vec<Vec<usize>> = roots
        .iter()
        .map(|&root| {
            let mut members = clusters.members[root].clone();
            members.sort_unstable();
            members
        })
        .collect();
    for (vague, host) in attach::attachments(&prepared, &groups, &cannot) {
        let (a, b) = (clusters.root(roots[vague]), clusters.root(roots[host]));
        if a != b {
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
    let types: BTreeSet<&str> = members.iter().map(|r| r.event_type.as_str()).collect();
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
        conflicting_types: if types.len() > 1 {
            types.into_iter().map(str::to_owned).collect()
        } else {
            Vec::new()
        },
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
