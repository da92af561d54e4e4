//! Sparse features: names hashed to 64-bit ids (FNV-1a), with values.
//!
//! A feature is named by a few parts (`["word-1", "قوات"]`), hashed without building the joined
//! string: extraction computes thousands of features per document, and an allocation each
//! would cost more than the model. FNV-1a is fixed and platform-independent, so a model's ids
//! mean the same everywhere.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// Between the parts of a name, so ["ab", "c"] and ["a", "bc"] differ.
const SEPARATOR: u8 = 0x1f;

/// The id of a feature named by `parts`.
pub fn feature_id(parts: &[&str]) -> u64 {
    let mut h = FNV_OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= u64::from(SEPARATOR);
            h = h.wrapping_mul(FNV_PRIME);
        }
        for &b in part.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(FNV_PRIME);
        }
    }
    h
}

/// The features of one example: ids and values, in the order they were added.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Features {
    ids: Vec<u64>,
    values: Vec<f32>,
}

impl Features {
    /// No features.
    pub fn new() -> Features {
        Features::default()
    }

    /// Adds the binary feature named by `parts` (value 1).
    pub fn add(&mut self, parts: &[&str]) {
        self.add_value(parts, 1.0);
    }

    /// Adds the feature named by `parts` with a value (a count, a scaled distance).
    pub fn add_value(&mut self, parts: &[&str], value: f32) {
        if value != 0.0 && value.is_finite() {
            self.ids.push(feature_id(parts));
            self.values.push(value);
        }
    }

    /// Adds the binary feature named by `parts` when `on`.
    pub fn flag(&mut self, on: bool, parts: &[&str]) {
        if on {
            self.add(parts);
        }
    }

    /// Adds every feature of `other`, each name prefixed by `prefix` (a conjunction of one
    /// feature with all of another set: the same words before a trigger mean other things
    /// for a perpetrator than for a source).
    pub fn add_prefixed(&mut self, prefix: &str, other: &Features) {
        let p = feature_id(&[prefix]);
        for (&id, &v) in other.ids.iter().zip(&other.values) {
            self.ids.push(combine(p, id));
            self.values.push(v);
        }
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Removes every feature, keeping the allocation.
    pub fn clear(&mut self) {
        self.ids.clear();
        self.values.clear();
    }

    /// (id, value) pairs.
    pub fn iter(&self) -> impl Iterator<Item = (u64, f32)> + '_ {
        self.ids.iter().copied().zip(self.values.iter().copied())
    }
}

/// An id for the conjunction of two ids.
fn combine(a: u64, b: u64) -> u64 {
    let mut h = a ^ 0x9e37_79b9_7f4a_7c15;
    for byte in b.to_le_bytes() {
        h ^= u64::from(byte);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_fnv1a_and_parts_are_separated() {
        // FNV-1a 64 of "a" (published test vector).
        assert_eq!(feature_id(&["a"]), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(feature_id(&["ab", "c"]), feature_id(&["a", "bc"]));
        assert_eq!(feature_id(&["x", "y"]), feature_id(&["x", "y"]));
    }

    #[test]
    fn zero_and_non_finite_values_are_not_features() {
        let mut f = Features::new();
        f.add_value(&["a"], 0.0);
        f.add_value(&["b"], f32::NAN);
        f.flag(false, &["c"]);
        assert!(f.is_empty());
        f.add(&["d"]);
        let mut g = Features::new();
        g.add_prefixed("p", &f);
        assert_eq!(g.len(), 1);
        assert_ne!(g.iter().next().unwrap().0, f.iter().next().unwrap().0);
    }
}
