//! Attaching reports told less precisely to the one event told precisely that they can be.
//!
//! The clustering (`merge`) joins reports that give one place and one day. Many reports give
//! less: a region with no town in it (في منطقة عسير), no place finer than the country, or no
//! date in the text (a condemnation, a visit to the wounded, an opinion piece days later: the
//! publication date stands in). ACLED codes such a report as a report of the event told more
//! precisely when it can only be that one: one event, at the finer place and on the day the
//! others give. So after the clustering, every event of violence or protest (the families
//! whose types outlets may confuse: battles, remote violence, violence against civilians,
//! protests, riots; not strategic developments, which come in series, nor verbal events) that
//! lacks a town or a day read from the text (a *vague* event) joins the one *anchored* event
//! (a member at a town or a part of one, and a member with a day from the text) that it can
//! be, and stays apart when it can be none or several:
//!
//! * the same sub-event type: each of the vague event's types is one of the anchored event's;
//! * different documents and compatible perpetrators, report by report ([`attachable`]);
//! * days that agree with the anchored event's days from the text: the day rule for a report
//!   with a date; for a report without one, the event's day at most [`LATE_REPORT_DAYS`]
//!   before its publication (or a day after, as the day rule allows) for a single incident
//!   that later reports refer back to ([`told_later`]: a bombing, an attack, a town changing
//!   hands), within the day rule for fighting, shelling and strikes, which recur;
//! * a place that holds the anchored event's: the same town (a report with no date); a region
//!   of the gazetteer that the event's town of the gazetteer lies in (the gazetteer's
//!   first-level division of it, `admin1`; a place the gazetteer does not know does not say
//!   which division it is in); no place finer than the country (a country, an area the
//!   gazetteer does not know) only when the tolls agree too: both give a figure of one kind,
//!   and every figure the vague event gives lies within the range the anchored event's reports
//!   give. A district of the gazetteer is attached to nothing: the gazetteer does not say which
//!   towns lie in it.
//!
//! Tolls are not compared otherwise: the reports of one event give the counts of their day
//! (10 dead and 9 injured on the evening, 15 and 33 two days later), and the reconciled
//! figures show them all.
//!
//! Decisions are taken from the clusters alone, all at once: vague events join anchored ones,
//! never each other, so the result does not depend on the order they are taken in. Two vague
//! events that a reviewer keeps apart do not join one anchored event: neither joins it.

use std::collections::{BTreeSet, HashMap};

use crate::rule::{attachable, same_place, told_later, types_can_conflict, Prepared, Scope};
use crate::{kept_apart, LATE_REPORT_DAYS, MAX_DAYS_APART};

/// For every vague cluster that can be exactly one anchored cluster, `(vague, anchored)` as
/// indices into `clusters` (each a list of report indices, sorted). `cannot` holds reviewers'
/// cannot-link pairs of report indices, `(smaller, larger)`.
pub(crate) fn attachments(
    prepared: &[Prepared<'_>],
    clusters: &[Vec<usize>],
    cannot: &BTreeSet<(usize, usize)>,
) -> Vec<(usize, usize)> {
    let anchored: Vec<bool> = clusters
        .iter()
        .map(|c| c.iter().any(|&i| prepared[i].fine()) && c.iter().any(|&i| prepared[i].dated()))
        .collect();
    // Anchored clusters by country and type, at each day read from the text.
    let mut index: HashMap<(&str, &str), Vec<(i64, usize)>> = HashMap::new();
    for (k, cluster) in clusters.iter().enumerate() {
        if !anchored[k] {
            continue;
        }
        let keys: BTreeSet<(&str, &str)> = cluster
            .iter()
            .filter_map(|&i| {
                let r = prepared[i].report;
                Some((r.country.as_deref()?, r.event_type.as_str()))
            })
            .collect();
        let days: BTreeSet<i64> = cluster
            .iter()
            .filter(|&&i| prepared[i].dated())
            .filter_map(|&i| prepared[i].event_day)
            .collect();
        for key in keys {
            let entry = index.entry(key).or_default();
            entry.extend(days.iter().map(|&d| (d, k)));
        }
    }
    for hosts in index.values_mut() {
        hosts.sort_unstable();
    }
    let mut out = Vec::new();
    for (k, cluster) in clusters.iter().enumerate() {
        if anchored[k] {
            continue;
        }
        let (Some((from, to)), Some(scope)) = (window(prepared, cluster), scope(prepared, cluster))
        else {
            continue;
        };
        let first = prepared[cluster[0]].report;
        if !types_can_conflict(&first.family) {
            continue;
        }
        let Some(hosts) = first
            .country
            .as_deref()
            .and_then(|country| index.get(&(country, first.event_type.as_str())))
        else {
            continue;
        };
        let start = hosts.partition_point(|&(day, _)| day < from);
        let mut tried = BTreeSet::new();
        let mut found = Vec::new();
        for &(day, h) in &hosts[start..] {
            if day > to || found.len() > 1 {
                break;
            }
            if tried.insert(h) && fits(prepared, cluster, &clusters[h], scope, cannot) {
                found.push(h);
            }
        }
        if let [h] = found[..] {
            out.push((k, h));
        }
    }
    // Two vague events a reviewer keeps apart do not both join one event: neither does.
    let split: BTreeSet<usize> = if cannot.is_empty() {
        BTreeSet::new()
    } else {
        out.iter()
            .flat_map(|&(x, h)| {
                out.iter()
                    .filter(move |&&(y, g)| {
                        g == h && y != x && kept_apart(cannot, &clusters[x], &clusters[y])
                    })
                    .map(move |_| x)
            })
            .collect()
    };
    out.retain(|(x, _)| !split.contains(x));
    out
}

/// The days an anchored event's days from the text can lie in for every member of `cluster`,
/// or `None` when a member has no day or the members' days leave none.
fn window(prepared: &[Prepared<'_>], cluster: &[usize]) -> Option<(i64, i64)> {
    let (mut from, mut to) = (i64::MIN, i64::MAX);
    for &i in cluster {
        let day = prepared[i].event_day?;
        let before = if prepared[i].dated() || !told_later(&prepared[i].report.event_type) {
            MAX_DAYS_APART
        } else {
            LATE_REPORT_DAYS
        };
        from = from.max(day - before);
        to = to.min(day + MAX_DAYS_APART);
    }
    (from <= to).then_some((from, to))
}

/// Where a vague cluster places its event: at a town (a cluster without a date from the text),
/// at one region of the gazetteer, or nowhere finer than the country. `None` for a district
/// or a region whose division is unknown (nothing is known to lie inside), or a mix.
fn scope<'a>(prepared: &[Prepared<'a>], cluster: &[usize]) -> Option<Scope<'a>> {
    let scopes: Vec<Scope<'a>> = cluster.iter().map(|&i| prepared[i].scope()).collect();
    if cluster.iter().any(|&i| prepared[i].fine()) {
        return Some(Scope::Fine);
    }
    let first = *scopes.first()?;
    match first {
        Scope::Region(_) | Scope::Unknown if scopes.iter().all(|s| *s == first) => Some(first),
        _ => None,
    }
}

/// Whether the vague cluster `vague` can be a report of the anchored cluster `host`.
fn fits(
    prepared: &[Prepared<'_>],
    vague: &[usize],
    host: &[usize],
    scope: Scope<'_>,
    cannot: &BTreeSet<(usize, usize)>,
) -> bool {
    let types: BTreeSet<&str> = host
        .iter()
        .map(|&h| prepared[h].report.event_type.as_str())
        .collect();
    let pairs = || {
        vague
            .iter()
            .flat_map(|&v| host.iter().map(move |&h| (v, h)))
    };
    if !vague
        .iter()
        .all(|&v| types.contains(prepared[v].report.event_type.as_str()))
        || !pairs()
            .all(|(v, h)| !kept_apart(cannot, &[v], &[h]) && attachable(&prepared[v], &prepared[h]))
    {
        return false;
    }
    match scope {
        Scope::Fine => pairs()
            .filter(|&(v, h)| prepared[v].fine() && prepared[h].fine())
            .all(|(v, h)| same_place(&prepared[v], &prepared[h])),
        Scope::Region(region) => {
            let admin1 = |h: usize| prepared[h].report.admin1.as_deref();
            // A town of the gazetteer, whose division the gazetteer states: a place it does not
            // know takes the division of whatever the extractor tied it to.
            host.iter().any(|&h| {
                prepared[h].fine()
                    && prepared[h].report.gazetteer_id.is_some()
                    && admin1(h) == Some(region)
            }) && host.iter().all(|&h| admin1(h).is_none_or(|a| a == region))
        }
        Scope::Unknown => tolls_agree(prepared, vague, host),
        Scope::Area => false,
    }
}

/// Whether the vague cluster's tolls agree with the anchored event's: they give a figure of
/// one kind (killed, injured) both, and every figure of a kind both give lies within the range
/// the anchored event's reports give for it.
fn tolls_agree(prepared: &[Prepared<'_>], vague: &[usize], host: &[usize]) -> bool {
    let mut shared = false;
    for kind in 0..2 {
        let hull = host
            .iter()
            .filter_map(|&h| prepared[h].figures()[kind])
            .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)));
        let Some((low, high)) = hull else {
            continue;
        };
        for (a, b) in vague.iter().filter_map(|&v| prepared[v].figures()[kind]) {
            if a > high || b < low {
                return false;
            }
            shared = true;
        }
    }
    shared
}
