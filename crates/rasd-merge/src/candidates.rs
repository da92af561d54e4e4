//! Candidate pairs for the clustering: every compatible pair of reports, found without
//! comparing every two reports of a day. Reports are grouped by country, family and place
//! anchor (`rule::Anchor`); within a group, and between neighbouring grid cells, the pairs at
//! most [`MAX_DAYS_APART`] apart are tested with the rule.

use std::collections::HashMap;

use crate::rule::{pair_key, Anchor, PairKey, Prepared};
use crate::MAX_DAYS_APART;

/// Reports of one group, as `(day, index)` sorted.
type Group = Vec<(i64, usize)>;

/// Every pair `(key, i, j)`, `i < j`, that the rule allows, sorted by key and indices.
pub(crate) fn candidate_pairs(prepared: &[Prepared<'_>]) -> Vec<(PairKey, usize, usize)> {
    let mut groups: HashMap<(&str, &str, Anchor<'_>), Group> = HashMap::new();
    for (i, p) in prepared.iter().enumerate() {
        let (Some(country), Some(day)) = (p.report.country.as_deref(), p.day) else {
            continue;
        };
        for anchor in p.anchors() {
            groups
                .entry((country, p.report.family.as_str(), anchor))
                .or_default()
                .push((day, i));
        }
    }
    for group in groups.values_mut() {
        group.sort_unstable();
    }
    let mut pairs = Vec::new();
    let mut test = |i: usize, j: usize| {
        if i != j {
            if let Some(key) = pair_key(&prepared[i], &prepared[j]) {
                pairs.push((key, i.min(j), i.max(j)));
            }
        }
    };
    for ((country, family, anchor), group) in &groups {
        window(group, group, true, &mut test);
        // A cell also meets the cells east, north-east, north and north-west of it, so that
        // each pair of neighbouring cells is joined once.
        if let Anchor::Cell(y, x) = anchor {
            for (dy, dx) in [(0, 1), (1, 1), (1, 0), (1, -1)] {
                let key = (*country, *family, Anchor::Cell(y + dy, x + dx));
                if let Some(other) = groups.get(&key) {
                    window(group, other, false, &mut test);
                }
            }
        }
    }
    // A pair sharing two anchors (a name and a cell) is found twice.
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Calls `test` on the pairs of `a` × `b` at most [`MAX_DAYS_APART`] apart (each pair once
/// when `a` and `b` are the same group).
fn window(a: &Group, b: &Group, same: bool, test: &mut impl FnMut(usize, usize)) {
    let mut start = 0;
    for (k, &(day, i)) in a.iter().enumerate() {
        while start < b.len() && b[start].0 < day - MAX_DAYS_APART {
            start += 1;
        }
        let from = if same { (k + 1).max(start) } else { start };
        for &(other_day, j) in &b[from.min(b.len())..] {
            if other_day > day + MAX_DAYS_APART {
                break;
            }
            test(i, j);
        }
    }
}
