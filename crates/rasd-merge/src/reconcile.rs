//! Reconciled casualty figures, `{low, best, high}` in the manner of UCDP GED.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use rasd_extract::record::{CasualtyKind, Group, Qualifier};

use crate::report::Claim;

/// Reconciled figures of one kind (`killed` or `injured`) for one merged event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// The lowest figure a report supports.
    pub low: u64,
    /// The most common report figure, else the (lower) median of the reports.
    pub best: u64,
    /// The highest figure a report supports.
    pub high: u64,
}

/// The outcome of [`reconcile`]: figures when any report gives a number, and whether the
/// reports disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reconciled {
    /// `None` when no report gives a number of this kind.
    pub figures: Option<Figures>,
    /// Two reports give ranges of this kind that do not overlap.
    pub conflicting: bool,
}

/// Which disjoint population a claim's group belongs to: children, women, medics, journalists
/// and aid workers are civilians too, so their claims count inside the civilian figure.
/// `None` for a claim of no stated group: a total.
fn population(group: Group) -> Option<Group> {
    match group {
        g if g.is_civilian() => Some(Group::Civilians),
        Group::Unknown => None,
        g => Some(g),
    }
}

/// One report's `(low, high)` figure of `kind`, or `None` when none of its claims of that kind
/// has a number (`vague` claims such as "dozens" never give one).
///
/// Within a report: claims of one population (civilians with children, women, ...) describe
/// the same people, so the largest counts; claims of disjoint populations (civilians,
/// soldiers, police, militants) add up; a claim of no stated group is a total, so the figure is
/// the larger of that total and the sum of the groups. Bounds: a missing low takes the high and
/// the other way round (`at least 10` gives 10..10: the text supports no higher number).
pub fn report_figure(claims: &[Claim], kind: CasualtyKind) -> Option<(u64, u64)> {
    let mut by_population: BTreeMap<Option<Group>, (u64, u64)> = BTreeMap::new();
    for claim in claims {
        if claim.kind != kind || claim.qualifier == Qualifier::Vague {
            continue;
        }
        let (low, high) = match (claim.low, claim.high) {
            (Some(l), Some(h)) => (l.min(h), l.max(h)),
            (Some(n), None) | (None, Some(n)) => (n, n),
            (None, None) => continue,
        };
        let entry = by_population
            .entry(population(claim.group))
            .or_insert((0, 0));
        entry.0 = entry.0.max(low);
        entry.1 = entry.1.max(high);
    }
    if by_population.is_empty() {
        return None;
    }
    let total = by_population.get(&None).copied().unwrap_or((0, 0));
    let sum = by_population
        .iter()
        .filter(|(p, _)| p.is_some())
        .fold((0u64, 0u64), |acc, (_, f)| {
            (acc.0.saturating_add(f.0), acc.1.saturating_add(f.1))
        });
    Some((total.0.max(sum.0), total.1.max(sum.1)))
}

/// Reconciles the claims of `kind` over the reports of one event: `per_report[i]` holds the
/// claims of report `i` (the order does not matter).
///
/// UCDP GED style: `low` is the lowest figure a report supports, `high` the highest, and `best`
/// the figure most reports give (a report's figure is the middle of its range, rounded down);
/// when no figure is more common than the others, `best` is the lower median. Reports with no
/// number of this kind take no part. `conflicting` when two reports' ranges do not overlap.
pub fn reconcile(per_report: &[&[Claim]], kind: CasualtyKind) -> Reconciled {
    let figures: Vec<(u64, u64)> = per_report
        .iter()
        .filter_map(|claims| report_figure(claims, kind))
        .collect();
    if figures.is_empty() {
        return Reconciled::default();
    }
    let low = figures.iter().map(|f| f.0).min().unwrap_or(0);
    let high = figures.iter().map(|f| f.1).max().unwrap_or(0);
    let largest_low = figures.iter().map(|f| f.0).max().unwrap_or(0);
    let smallest_high = figures.iter().map(|f| f.1).min().unwrap_or(0);
    let mut bests: Vec<u64> = figures.iter().map(|f| f.0 + (f.1 - f.0) / 2).collect();
    bests.sort_unstable();
    let mut counts: BTreeMap<u64, usize> = BTreeMap::new();
    for b in &bests {
        *counts.entry(*b).or_default() += 1;
    }
    let top = counts.values().copied().max().unwrap_or(0);
    let modes: Vec<u64> = counts
        .iter()
        .filter(|(_, c)| **c == top)
        .map(|(b, _)| *b)
        .collect();
    let best = if modes.len() == 1 && top > 1 {
        modes[0]
    } else {
        bests[(bests.len() - 1) / 2]
    };
    Reconciled {
        figures: Some(Figures { low, best, high }),
        conflicting: largest_low > smallest_high,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(kind: &str, low: Option<u64>, high: Option<u64>, q: &str, group: &str) -> Claim {
        Claim {
            kind: kind.parse().unwrap(),
            low,
            high,
            qualifier: q.parse().unwrap(),
            group: group.parse().unwrap(),
        }
    }

    #[test]
    fn one_report_sums_disjoint_groups_and_keeps_the_largest_of_one_group() {
        let claims = [
            claim("killed", Some(5), Some(5), "exact", "civilians"),
            claim("killed", Some(2), Some(2), "exact", "children"),
            claim("killed", Some(3), Some(3), "exact", "military"),
            claim("injured", Some(9), Some(9), "exact", "unknown"),
        ];
        assert_eq!(report_figure(&claims, CasualtyKind::Killed), Some((8, 8)));
        assert_eq!(report_figure(&claims, CasualtyKind::Injured), Some((9, 9)));
        // A stated total larger than the sum of the groups wins.
        let with_total = [
            claim("killed", Some(5), Some(5), "exact", "civilians"),
            claim("killed", Some(12), Some(12), "exact", "unknown"),
        ];
        assert_eq!(
            report_figure(&with_total, CasualtyKind::Killed),
            Some((12, 12))
        );
    }

    #[test]
    fn vague_claims_give_no_number() {
        let claims = [claim("killed", None, None, "vague", "civilians")];
        assert_eq!(report_figure(&claims, CasualtyKind::Killed), None);
        assert_eq!(
            reconcile(&[&claims], CasualtyKind::Killed),
            Reconciled::default()
        );
    }

    #[test]
    fn low_best_high_across_reports() {
        let a = [claim("killed", Some(10), Some(10), "exact", "unknown")];
        let b = [claim("killed", Some(12), Some(12), "exact", "unknown")];
        let c = [claim("killed", Some(12), Some(12), "exact", "unknown")];
        let d = [claim("killed", Some(10), Some(15), "range", "unknown")];
        let r = reconcile(&[&a, &b, &c, &d], CasualtyKind::Killed);
        assert_eq!(
            r.figures,
            Some(Figures {
                low: 10,
                best: 12,
                high: 15
            })
        );
        assert!(r.conflicting, "10 exactly and 12 exactly disagree");
        // No mode: the lower median.
        let r = reconcile(&[&a, &b, &d], CasualtyKind::Killed);
        assert_eq!(r.figures.map(|f| f.best), Some(12));
        let r = reconcile(&[&a, &d], CasualtyKind::Killed);
        assert_eq!(r.figures.map(|f| f.best), Some(10));
        // Overlapping ranges agree.
        assert!(!reconcile(&[&a, &d], CasualtyKind::Killed).conflicting);
        // "at least 10" is 10..10.
        let e = [claim("killed", Some(10), None, "at_least", "unknown")];
        assert_eq!(report_figure(&e, CasualtyKind::Killed), Some((10, 10)));
    }
}
