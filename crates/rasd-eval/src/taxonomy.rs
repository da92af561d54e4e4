//! Event types and their families, from the taxonomy of format 1 (`data/taxonomy.tsv`, a
//! copy of the spec's, kept identical by a test in rasd-lexicon).

use std::collections::HashMap;
use std::sync::OnceLock;

const TAXONOMY: &str = include_str!("../../../data/taxonomy.tsv");

fn families() -> &'static HashMap<&'static str, &'static str> {
    static FAMILIES: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    FAMILIES.get_or_init(|| {
        TAXONOMY
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1)
            .filter_map(|l| {
                let mut cols = l.split('\t');
                Some((cols.next()?, cols.next()?))
            })
            .collect()
    })
}

/// The family of an event type (`battle`, `remote`, ..., `verbal`), `None` when unknown.
pub fn family(event_type: &str) -> Option<&'static str> {
    families().get(event_type).copied()
}

#[cfg(test)]
mod tests {
    #[test]
    fn families_of_known_and_unknown_types() {
        assert_eq!(super::family("air_strike"), Some("remote"));
        assert_eq!(super::family("condemn"), Some("verbal"));
        assert_eq!(super::family("type"), None);
        assert_eq!(super::family("football"), None);
    }
}
